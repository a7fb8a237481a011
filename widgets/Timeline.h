#pragma once

// The frame-exact timeline: a playhead, frame ticks that adapt to zoom, keyframe ticks,
// picture-type colouring, a packet-size (bit-rate) track, bookmarks, and signal tracks that
// later analyses add (a per-frame series with a colour scale). Click to seek, drag to scrub,
// Ctrl+wheel to zoom around the cursor, Shift+wheel (or a horizontal wheel) to pan. The plain
// wheel is left to the parent, so a timeline inside a scroll area scrolls it.
// The frame area sits between a label column on the left (at least as wide as the labels, or
// setLabelColumnMinimum()) and an optional right margin, so plots under the timeline can put
// every frame at the same x (FrameAxisGroup.h). It paints through TimelinePainter.h, as the
// report's timeline figure does.
// Thread-safety: GUI thread only. The frame index is shared, immutable.

#include "core/media/FrameIndex.h"
#include "widgets/TimelinePainter.h"

#include <QColor>
#include <QString>
#include <QVector>
#include <QWidget>

#include <cmath>
#include <memory>
#include <optional>
#include <vector>

class QPainter;

namespace fp {

class Timeline : public QWidget {
    Q_OBJECT
public:
    explicit Timeline(QWidget* parent = nullptr);

    void setFrameIndex(std::shared_ptr<const FrameIndex> index); // null clears
    void setPlayhead(qint64 frame);
    qint64 playhead() const { return m_playhead; }
    void setBookmarks(const QVector<TimelineMark>& marks);

    // Adds or replaces (by name) a signal track drawn under the built-in ones.
    void setTrack(const TimelineTrack& track);
    void removeTrack(const QString& name);
    QStringList trackNames() const;

    // The visible frame range [first, last]; zooming keeps at least 10 frames visible.
    void setVisibleRange(qint64 first, qint64 last);
    qint64 visibleFirst() const { return m_first; }
    qint64 visibleLast() const { return m_last; }
    void zoomToAll();

    // The frame area's horizontal extent in widget pixels: [frameAreaLeft(), frameAreaRight()).
    int frameAreaLeft() const { return m_gutter; }
    int frameAreaRight() const { return m_gutter + frameAreaWidth(); }
    // Width the labels need (without any minimum), logical pixels.
    int naturalLabelColumnWidth() const { return m_naturalGutter; }
    // The label column is at least `pixels` wide (0: as wide as its labels need).
    void setLabelColumnMinimum(int pixels);
    // Empty pixels right of the frame area (0 by default).
    void setRightMargin(int pixels);
    int rightMargin() const { return m_rightMargin; }

    // Frame under widget x (clamped to the clip; -1 without a clip), and the x of a frame's
    // left edge. Both in logical widget pixels; frames are presentation indices.
    qint64 frameAtX(double x) const;
    double xOfFrame(qint64 frame) const;

    // The horizontal bands, top to bottom. laneRect() is a band's rectangle in widget
    // coordinates over the frame area (right of the label gutter); for Lane::Track, `track` is
    // the row in trackNames() order. An empty QRect for a track row that does not exist.
    using Lane = TimelineLane;
    QRect laneRect(Lane lane, int track = 0) const;

    // The text event() shows for QEvent::ToolTip at widget position `pos`: the frame's pts,
    // time, type and size, a bookmark's tooltip, or a track's value. Empty where there is none.
    QString toolTipAt(const QPoint& pos) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // Dark ink on white (for the printed report) instead of the workstation's dark look; the
    // print appearance draws no playhead (a figure shows the whole clip, not a position).
    void setPrintAppearance(bool print);

Q_SIGNALS:
    // A click or a drag asks to show `frame`; the owner moves the playhead.
    void seekRequested(qint64 frame);
    // The visible range changed, for any reason (zoom, pan, the playhead paging, a new clip).
    void visibleRangeChanged(qint64 first, qint64 last);
    // naturalLabelColumnWidth() changed (a track with a longer name, a font change).
    void labelColumnChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    bool event(QEvent* event) override;       // tooltips
    void changeEvent(QEvent* event) override; // font changes resize the label gutter

private:
    bool hasClip() const { return m_index && !m_index->empty(); }
    int frameAreaWidth() const;
    double pixelsPerFrame() const;
    int totalHeight() const;
    void updateGutter();
    void ensureCells();
    void scrubTo(double x);
    void scrollToShow(qint64 frame);
    void updateAroundFrame(qint64 frame);
    void zoomAround(double x, qint64 frameCount);
    QString frameToolTip(qint64 frame) const;
    QFont smallFont() const;

    // What paintEvent() draws: this timeline as it is now.
    TimelineView view() const;

    std::shared_ptr<const FrameIndex> m_index;
    const TimelineInk* m_ink; // colours: screen or print
    qint64 m_playhead = 0;
    qint64 m_first = 0;
    qint64 m_last = 0;
    QVector<TimelineMark> m_marks;
    std::vector<TimelineTrack> m_tracks;
    int m_maxPacketSize = 1;
    bool m_scrubbing = false;

    int m_gutter = 64;            // width of the label area at the left, logical pixels
    int m_naturalGutter = 64;     // what the labels need
    int m_minGutter = 0;          // setLabelColumnMinimum()
    int m_rightMargin = 0;        // setRightMargin()
    qint64 m_lastEmitted = -1;    // de-duplicates seekRequested during one drag
    double m_zoomAccumulator = 0; // wheel angle not yet turned into a whole-frame zoom step
    double m_panAccumulator = 0;  // frames of panning not yet applied
    quint64 m_tracksRevision = 0;
    TimelinePainter m_painter; // caches the visible cells between paints
};

} // namespace fp
