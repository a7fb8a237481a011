#pragma once

// The lip-sync plots' drawing and geometry, without a widget (the plots of LipSyncPanel.h):
// above, each analysis window's offset in frames (milliseconds on the right), shaded by
// confidence; below, the audio energy (dB) and the mouth opening with speech shaded; the frame
// and time axis at the bottom; the playhead. LipSyncPanel's plot widget paints through it, and
// the report draws its lip-sync figure with it (widgets/ReportRenderer) on a QPdfWriter,
// without a QApplication. lipSyncHeaderText() is the line above the plots, for both.
//
// Time domain: frames are presentation indices (0-based); seconds are the frame index's
// presentation times when setFrameIndex() was given one (exact for VFR), else frame / fps of
// the result. Coordinates are logical pixels of the plots' own rectangle (0, 0, size).
// Thread-safety: any thread, one instance per thread, painting on a painter that thread owns
// (a QImage, a QPdfWriter, or the widget on the GUI thread). The result passed to setResult()
// is borrowed and must outlive the painter's use of it; the frame index is shared, immutable.

#include "core/analysis/LipSync.h"
#include "core/media/FrameIndex.h"
#include "widgets/SignalPlotPainter.h"

#include <QColor>
#include <QFont>
#include <QRect>
#include <QSize>
#include <QString>

#include <limits>
#include <memory>
#include <utility>
#include <vector>

class QPainter;

namespace fp {

struct LipSyncInk;

// The line above the plots: plain text (what a screen reader says), rich text (the panel's
// label, and the report's figure), and the tooltip. `dim` colours the secondary parts.
struct LipSyncHeaderText {
    QString plain;
    QString html;
    QString tip;
};
LipSyncHeaderText lipSyncHeaderText(const LipSyncResult& result, const QColor& dim);
// "+4", "-3", "0": offsets are signed, and the sign is the point.
QString signedNumber(long long value);

class LipSyncPlotPainter {
public:
    // A confidence at or above this draws a window fully opaque (peak - median of the
    // normalised cross-correlation; see LipSync.h).
    static constexpr double kFullConfidence = 0.5;

    LipSyncPlotPainter();

    // Borrowed (null: the placeholder); the visible range goes back to the whole clip.
    void setResult(const LipSyncResult* result, qint64 frameCount);
    void setFrameIndex(std::shared_ptr<const FrameIndex> index) { m_index = std::move(index); }
    void setPlaceholder(const QString& text) { m_placeholder = text; }
    // The plots' size and font (labels are drawn at 90 % of it), logical pixels.
    void setSize(const QSize& size);
    void setFont(const QFont& font);
    void setPrintAppearance(bool print);
    // Moves the playhead; returns true when the view paged to keep it in sight.
    bool setPlayhead(qint64 frame);
    qint64 playhead() const { return m_playhead; }
    // The window outlined as the one under the playhead (-1: none).
    void setCurrentWindow(int window) { m_currentWindow = window; }
    int currentWindow() const { return m_currentWindow; }
    // Frames the audio curve is drawn to the left.
    void setShift(int frames) { m_shift = frames; }
    int shift() const { return m_shift; }
    // Clamped by FrameWindow (at least 10 frames, inside the clip).
    void setVisibleRange(qint64 first, qint64 last);
    qint64 first() const { return m_first; }
    qint64 last() const { return m_last; }
    qint64 frameCount() const { return m_frames; }
    // The plots' horizontal extent fixed to [left, right) (left < 0: from the labels' room).
    // Returns false when nothing changed.
    bool setFrameArea(int left, int right);
    int roomLeft() const;
    int roomRight() const;

    qint64 frameAtX(double x) const;
    // x of the left edge of frame unit `frame` (fractional frames allowed), and of a centre.
    double xOfEdge(double frame) const;
    double xOfFrame(qint64 frame) const { return xOfEdge(double(frame) + 0.5); }
    QRect offsetRect() const { return layoutRects().offsets; }
    QRect curveRect() const { return layoutRects().curves; }
    double yOfOffset(double offset) const { return offsetY(offset, layoutRects().offsets); }

    // The curves as drawn for the current range and width (x in frames, shifted for audio).
    const DecimatedSeries& audio();
    const DecimatedSeries& mouth();

    QString toolTipAt(const QPoint& pos) const;
    void paint(QPainter& p);

private:
    struct Layout {
        QRect offsetsTitle;
        QRect offsets;
        QRect curvesTitle;
        QRect curves;
        QRect frameAxis;
        QRect timeAxis;
        int left = 0;
        int right = 0;
    };
    struct Tile {
        double from = 0.0; // frame units, [from, to)
        double to = 0.0;
        int window = 0;
    };
    // A legend entry of a title row.
    struct LegendEntry {
        enum Kind { Filled, Hollow, Dashed, Line, Band } kind;
        QColor colour;
        QString text;
    };

    // Measured with the font, so cached: the x mapping asks for it for every point drawn.
    const Layout& layoutRects() const;
    Layout computeLayout() const;
    QRectF plotColumn() const;
    QFont smallFont() const;
    void ensureDecimated();
    double secondsAtFrame(double frame) const;
    double frameAtSeconds(double seconds) const;
    double offsetY(double offset, const QRect& lane) const {
        return lane.top() + (m_offsetLimit - offset) / (2.0 * m_offsetLimit) * lane.height();
    }
    double msOfFrames(double frames) const;
    int tileAt(double frame) const;
    QString windowText(int window) const;
    double frameStep() const;

    void paintPlaceholder(QPainter& p, const Layout& l);
    void paintTitles(QPainter& p, const Layout& l);
    void paintLegendRow(QPainter& p, const Layout& l, const QRect& title, const QString& heading,
                        const QString& note, const std::vector<LegendEntry>& entries);
    void paintOffsets(QPainter& p, const Layout& l);
    void paintOffsetGrid(QPainter& p, const QRect& lane);
    void paintWindows(QPainter& p, const QRect& lane, double barHeight);
    void paintCurves(QPainter& p, const Layout& l);
    void paintCurveAxis(QPainter& p, const QRect& lane, double low, double high, bool left,
                        const QColor& colour);
    void paintSpeech(QPainter& p, const QRect& lane);
    void paintFrameGrid(QPainter& p, const Layout& l);
    void paintAxis(QPainter& p, const Layout& l);
    void paintTimeAxis(QPainter& p, const Layout& l);
    void paintPlayhead(QPainter& p, const Layout& l);
    void drawSeries(QPainter& p, const DecimatedSeries& s, const QRect& lane, double low,
                    double high, const QColor& colour);

    static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

    const LipSyncInk* m_ink;
    const LipSyncResult* m_result = nullptr; // borrowed
    std::shared_ptr<const FrameIndex> m_index;
    QString m_placeholder;
    QSize m_size;
    QFont m_font;
    qint64 m_frames = 0;
    qint64 m_first = 0;
    qint64 m_last = 0;
    qint64 m_playhead = 0;
    int m_currentWindow = -1;
    int m_shift = 0;
    double m_offsetLimit = 5.0; // the offsets plot spans +-this many frames
    double m_audioLow = kNaN, m_audioHigh = kNaN;
    double m_mouthLow = kNaN, m_mouthHigh = kNaN;
    std::vector<std::pair<qint64, qint64>> m_speechRuns; // inclusive frames
    std::vector<Tile> m_tiles;                           // by frame
    // Decimation cache.
    quint64 m_revision = 0;
    struct Key {
        quint64 revision = ~0ull;
        qint64 first = -1, last = -1;
        int columns = 0, shift = 0;
        bool operator==(const Key&) const = default;
    } m_key;
    DecimatedSeries m_audioDrawn;
    DecimatedSeries m_mouthDrawn;
    mutable Layout m_layout;
    mutable QSize m_layoutSize; // invalid: not measured yet
    int m_areaLeft = -1;        // setFrameArea(); -1: automatic
    int m_areaRight = -1;
};

} // namespace fp
