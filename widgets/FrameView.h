#pragma once

// Shows one decoded frame, scaled to fit with its aspect ratio kept. The image is handed in
// already converted; the view never decodes.
// Thread-safety: GUI thread only.

#include <QImage>
#include <QWidget>

namespace fp {

class FrameView : public QWidget {
    Q_OBJECT
public:
    explicit FrameView(QWidget* parent = nullptr);

    void setImage(const QImage& image);
    const QImage& image() const { return m_image; }
    // A line of text drawn centred when there is no image (e.g. "Open a clip").
    void setPlaceholder(const QString& text);

    QSize sizeHint() const override { return {960, 540}; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QImage m_image;
    QString m_placeholder;
};

} // namespace fp
