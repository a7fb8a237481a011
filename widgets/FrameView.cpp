#include "widgets/FrameView.h"

#include <QPainter>

namespace fp {

FrameView::FrameView(QWidget* parent)
    : QWidget(parent)
{
    setAttribute(Qt::WA_OpaquePaintEvent);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 180);
}

void FrameView::setImage(const QImage& image)
{
    m_image = image;
    update();
}

void FrameView::setPlaceholder(const QString& text)
{
    m_placeholder = text;
    update();
}

void FrameView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(24, 24, 24));
    if (m_image.isNull()) {
        painter.setPen(QColor(200, 200, 200));
        painter.drawText(rect(), Qt::AlignCenter, m_placeholder);
        return;
    }
    QSizeF fitted = QSizeF(m_image.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
    QRectF target(QPointF(), fitted);
    target.moveCenter(QRectF(rect()).center());
    // Nearest-neighbour above 100 % so single pixels stay pixels.
    const bool magnified = fitted.width() > m_image.width();
    painter.setRenderHint(QPainter::SmoothPixmapTransform, !magnified);
    painter.drawImage(target, m_image);
}

} // namespace fp
