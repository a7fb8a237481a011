#pragma once

// The facts of the frame on screen: index, pts, dts, time, timecode, picture type, key flag,
// packet size and position, and the decoder's verdict on the frame.
// Thread-safety: GUI thread only.

#include "core/media/FrameIndex.h"
#include "core/media/VideoFrame.h"

#include <QWidget>

class QLabel;

namespace fp {

class FramePanel : public QWidget {
    Q_OBJECT
public:
    explicit FramePanel(QWidget* parent = nullptr);

    void setFrame(const FrameIndex& index, const VideoFrame& frame);
    void clear();
    // The text of one field, for tests: "frame", "pts", "time", "timecode", "type", "key",
    // "size", "status".
    QString field(const QString& key) const;

private:
    QLabel* addRow(const QString& key, const QString& title);
    QHash<QString, QLabel*> m_values;
};

} // namespace fp
