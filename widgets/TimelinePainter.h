#pragma once

// The timeline's drawing, without a widget: ruler, keyframes, picture types, packet sizes,
// bookmarks (marks), signal tracks, frame boundaries, playhead and the label gutter, painted
// from a TimelineView (what to draw and where) into any QPainter. The Timeline widget paints
// itself through it, and the report draws its timeline figure with it (widgets/ReportRenderer)
// on a QPdfWriter, without a QApplication.
//
// Coordinates: logical pixels of the view's own rectangle (0, 0, width, height); the report
// scales the painter to fit its figure. Frames are presentation indices (FrameIndex order).
// Thread-safety: any thread, one painter per thread, on a painter that thread owns (a QImage,
// a QPdfWriter, or a widget on the GUI thread). TimelineView borrows its index, tracks and marks;
// they must outlive the paint() call. A TimelinePainter caches the cells of the last view it
// drew, so one instance belongs to one view at a time.

#include "core/analysis/AnalysisResult.h"
#include "core/media/FrameIndex.h"
#include "widgets/Palette.h"

#include <QColor>
#include <QFont>
#include <QRect>
#include <QString>
#include <QVector>

#include <cmath>
#include <limits>
#include <optional>
#include <vector>

class QPainter;

namespace fp {

struct TimelineMark {
    qint64 firstFrame = 0; // inclusive, presentation index
    qint64 lastFrame = 0;  // inclusive
    QColor color;
    QString tooltip;
};

// A per-frame series: NaN where the signal has no value. Values map onto the colour scale
// from `low` (minimum colour) to `high` (maximum colour).
struct TimelineTrack {
    QString name;
    std::vector<float> values;
    float low = 0.0f;
    float high = 1.0f;
    QColor lowColor = palette::signalTrackRamp(false).low;
    QColor highColor = palette::signalTrackRamp(false).high;

    // The value at presentation frame `frame`; NaN outside the series.
    float valueAt(qint64 frame) const {
        if (frame < 0 || frame >= qint64(values.size()))
            return std::numeric_limits<float>::quiet_NaN();
        return values[size_t(frame)];
    }
};

// A signal as a timeline track, coloured from the clip's typical level (median) up to its 99th
// percentile (blinks: from the 60th percentile down to the lowest, closed eyes being the notable
// end); none when the signal has no value on any frame. The window and the report draw the
// same tracks.
std::optional<TimelineTrack> signalTrack(const SignalResult& signal);

struct TimelineInk {
    QColor background;
    QColor gutterBackground;
    QColor rulerBackground;
    QColor laneBackground;
    QColor separator;
    QColor text;
    QColor dimText;
    QColor tick;
    QColor keyMarker;
    QColor packetBar;
    QColor noValue;
    QColor noValueHatch;
    QColor gutterEdge;
};
// The workstation's dark look, or ink on white for the printed report.
const TimelineInk& timelineInk(bool print);

// The horizontal bands, top to bottom, in logical pixels.
enum class TimelineLane { Ruler, Keyframes, PictureTypes, PacketSizes, Bookmarks, Track };
namespace timeline {
constexpr int kRulerHeight = 22;
constexpr int kKeyHeight = 6;
constexpr int kTypesHeight = 14;
constexpr int kPacketHeight = 36;
constexpr int kMarksHeight = 14;
constexpr int kTrackHeight = 18;
constexpr int kKeyTop = kRulerHeight;
constexpr int kTypesTop = kKeyTop + kKeyHeight;
constexpr int kPacketTop = kTypesTop + kTypesHeight;
constexpr int kMarksTop = kPacketTop + kPacketHeight;
constexpr int kTracksTop = kMarksTop + kMarksHeight;
// frameAtX() floors a continuous position; this absorbs the rounding of xOfFrame() so that
// frameAtX(xOfFrame(f)) == f.
constexpr double kFrameEpsilon = 1e-6;

// Height of a timeline with `tracks` signal tracks.
inline int height(size_t tracks) {
    return kTracksTop + int(tracks) * kTrackHeight + 2;
}
// The labels' font: `base` at 85 % (at least 7 pt or 9 px).
QFont smallFont(const QFont& base);
// Width the label gutter needs for the built-in labels and these tracks, in `small`.
int naturalGutter(const QFont& small, const std::vector<TimelineTrack>& tracks);
// The largest packet of the clip, bytes (at least 1): the packet-size bars' full scale.
int maxPacketSize(const FrameIndex& index);
} // namespace timeline

// What one timeline shows and where: borrowed, cheap to copy.
struct TimelineView {
    const FrameIndex* index = nullptr;                  // null or empty: "No clip"
    const std::vector<TimelineTrack>* tracks = nullptr; // required
    const QVector<TimelineMark>* marks = nullptr;       // required
    const TimelineInk* ink = nullptr;                   // required
    QFont smallFont;  // the labels (timeline::smallFont of the widget's font)
    qint64 first = 0; // the visible frames [first, last]
    qint64 last = 0;
    qint64 playhead = 0;      // presentation frame
    bool showPlayhead = true; // off in print: a figure is an overview, not a position
    int width = 0;            // the whole timeline, logical pixels
    int height = 0;
    int gutter = 64;            // label column at the left
    int rightMargin = 0;        // empty pixels right of the frame area
    int maxPacketSize = 1;      // timeline::maxPacketSize()
    quint64 tracksRevision = 0; // changes whenever *tracks does (the cell cache's key)

    bool hasClip() const { return index && !index->empty(); }
    int frameAreaWidth() const { return std::max(1, width - gutter - rightMargin); }
    int frameAreaRight() const { return gutter + frameAreaWidth(); }
    double pixelsPerFrame() const { return double(frameAreaWidth()) / double(last - first + 1); }
    // x of a frame's left edge, and the frame under x (clamped to the clip; -1 without one).
    double xOfFrame(qint64 frame) const {
        return gutter + double(frame - first) * frameAreaWidth() / double(last - first + 1);
    }
    qint64 frameAtX(double x) const;
    // A band over the frame area; for TimelineLane::Track, `track` is the row. Empty for a
    // track row that does not exist.
    QRect laneRect(TimelineLane lane, int track = 0) const;
};

class TimelinePainter {
public:
    // Paints the part of `view` inside `dirty` (the whole view: QRect(0, 0, width, height)).
    void paint(QPainter& painter, const TimelineView& view, const QRect& dirty);

private:
    // One painted column of the visible range: a single frame when frames are at least a pixel
    // wide, otherwise one pixel column aggregating every frame whose left edge falls in it.
    struct Cell {
        double x0 = 0.0; // x, left and right edge
        double x1 = 0.0;
        qint64 firstFrame = 0;
        qint64 lastFrame = 0;
        char type = '?';   // 'I' if any keyframe or I frame, else the most common type
        bool key = false;  // any keyframe
        int maxPacket = 0; // bytes, the largest packet (max decimation)
    };
    struct CellCacheKey {
        const FrameIndex* index = nullptr;
        qint64 first = -1;
        qint64 last = -1;
        int left = 0;
        int width = 0;
        quint64 tracksRevision = 0;
        bool operator==(const CellCacheKey&) const = default;
    };

    void ensureCells();
    void paintRuler(QPainter& painter);
    void paintKeyframes(QPainter& painter, size_t firstCell, size_t endCell);
    void paintPictureTypes(QPainter& painter, size_t firstCell, size_t endCell);
    void paintPacketSizes(QPainter& painter, size_t firstCell, size_t endCell);
    void paintBookmarks(QPainter& painter);
    void paintTracks(QPainter& painter, size_t firstCell, size_t endCell);
    void paintFrameBoundaries(QPainter& painter, size_t firstCell, size_t endCell);
    void paintPlayhead(QPainter& painter);
    void paintGutter(QPainter& painter);

    const TimelineView* m_v = nullptr; // the view being painted; valid inside paint() only
    CellCacheKey m_cellKey;
    std::vector<Cell> m_cells;
    std::vector<std::vector<float>> m_trackCells; // per track, per cell; NaN where no value
};

} // namespace fp
