#pragma once

// A plot of per-frame signals (landmark jitter, head pose, eye aspect ratio, ...) against the
// frame index, with shaded frame ranges (findings, blinks) and the playhead. Click or drag in
// the plot to seek; Ctrl+wheel zooms around the cursor, Shift+wheel pans, and the plain wheel is
// left to the parent (a plot inside a scroll area scrolls it), as on the Timeline.
//
// Frame f occupies [f - 0.5, f + 0.5) on the x axis, so its centre is at the same place as on
// the Timeline when both frame areas have the same extent: setFrameArea() fixes the plot
// area's left and right edges (FrameAxisGroup.h lines them up with the timeline's).
//
// Decimation: a series never reaches Qt Charts whole. The visible frames are split into at most
// one column per horizontal pixel of the plot area, and each column contributes its minimum and
// its maximum, at their own frames and in frame order (decimateMinMax(), SignalPlotPainter.h,
// which also gives the axis scales, colours and marker bands the report's plots use). So at most
// two points per pixel column are drawn, and a single-frame spike or dip always survives. It is
// redone when the data, the visible range or the plot width change, never for the playhead.
//
// Missing values (NaN) are gaps, drawn honestly: a line joins two plotted values only when every
// frame between them has a value. Each connected run is its own QLineSeries (a "segment",
// pooled and reused), and a value with no plotted neighbour is drawn as a dot (one
// QScatterSeries per signal), so a lone value between gaps stays visible and nothing is ever
// interpolated across a gap.
//
// Coordinates: x is the presentation frame index; y is the signal's own unit. Pixel positions
// in this API are logical pixels in SignalPlot's own coordinates.
// Thread-safety: GUI thread only. setSeries() copies the values.

#include "widgets/SignalPlotPainter.h"

#include <QColor>
#include <QList>
#include <QMargins>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QWidget>

#include <utility>
#include <vector>

QT_BEGIN_NAMESPACE
class QChart;
class QChartView;
class QLineSeries;
class QPainter;
class QScatterSeries;
class QValueAxis;
QT_END_NAMESPACE

namespace fp {

class SignalChartView;

class SignalPlot : public QWidget {
    Q_OBJECT
public:
    explicit SignalPlot(QWidget* parent = nullptr);
    ~SignalPlot() override;

    // Adds, or replaces by title, a series: one value per frame (presentation index), NaN where
    // the signal has no value. `unit` labels the y axis. Series are drawn in the order added.
    void setSeries(const QString& title, const QString& unit, const std::vector<double>& perFrame,
                   const QColor& colour);
    void removeSeries(const QString& title);
    QStringList seriesTitles() const;
    // Removes every series and marker set; the playhead stays.
    void clear();

    // Shaded frame ranges [first, last] (inclusive presentation indices), replacing the set
    // with the same `group` (findings and blinks can be two groups). An opaque colour is drawn
    // translucent so the lines stay readable; a range narrower than a pixel still gets one.
    void setMarkers(const std::vector<std::pair<qint64, qint64>>& ranges, const QColor& colour,
                    const QString& group = {});
    void clearMarkers();

    // The playhead: a vertical line. Moving it repaints two thin strips; it never touches the
    // series.
    void setPlayhead(qint64 frame);
    qint64 playhead() const { return m_playhead; }

    // The visible frame range [first, last], clamped to the data; at least 10 frames (or all of
    // them when there are fewer). The y axis follows the values inside it.
    void setVisibleRange(qint64 first, qint64 last);
    void zoomToAll();
    qint64 visibleFirst() const { return m_first; }
    qint64 visibleLast() const { return m_last; }
    // Length of the longest series, in frames.
    qint64 frameCount() const { return m_frameCount; }

    // Text shown in an empty plot (no series). Default: "No signal".
    void setPlaceholder(const QString& text);

    // Dark ink on white (for the printed report) instead of the workstation's dark look.
    void setPrintAppearance(bool print);
    bool printAppearance() const { return m_print; }

    // Frame under SignalPlot x (rounded to the nearest frame, clamped to the data; -1 without
    // data), and the x of a frame's centre.
    qint64 frameAtX(double x) const;
    double xOfFrame(qint64 frame) const;

    // For tests and figure rendering: read them, do not add series or change the axes.
    QChart* chart() const { return m_chart; }
    QChartView* chartView() const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

    // Fixes the plot area's horizontal extent to [left, right) in SignalPlot pixels (the axes'
    // labels go in the room outside); left < 0 goes back to the automatic layout. Applied when
    // the chart lays out (after the event loop runs).
    void setFrameArea(int left, int right);
    // Room the y-axis labels and title need left of the plot area, and the x axis's last label
    // right of it, in pixels, as of the last layout.
    int labelRoomLeft() const { return m_roomLeft; }
    int labelRoomRight() const { return m_roomRight; }
    // The plot area's horizontal extent in SignalPlot pixels, as laid out now.
    double plotAreaLeft() const;
    double plotAreaRight() const;

Q_SIGNALS:
    // A click or a drag in the plot asks to show `frame`; the owner moves the playhead.
    void seekRequested(qint64 frame);
    // The user zoomed or panned (wheel); not emitted for setVisibleRange()/zoomToAll().
    void visibleRangeChanged(qint64 first, qint64 last);
    // labelRoomLeft() or labelRoomRight() changed.
    void labelRoomChanged();

private:
    friend class SignalChartView;

    struct Series {
        QString title;
        QString unit;
        QColor colour;
        std::vector<double> values;
        std::vector<QLineSeries*> segments; // a pool owned by the chart; unused ones are empty
        QScatterSeries* dots = nullptr;
        double visibleMin = 0.0; // of the last decimation; NaN when nothing is visible
        double visibleMax = 0.0;
    };
    struct MarkerSet : MarkerBands {
        QString group; // ranges sorted by first frame
    };

    void applyRange(qint64 first, qint64 last);
    // After a series was added, replaced or removed: frame count, axis title, range.
    void seriesChanged();
    void redecimate();
    void decimate(Series& series, int columns);
    void updateAxes();
    void updateLegend();
    void updateAxisTitle();
    // The y-axis title when it is taller than the plot (it would be cut to "Landmark..."):
    // then it is drawn in full, horizontally, in a strip above the plot area instead.
    void updateCaption();
    // Margins from the caption strip and setFrameArea(); measures the label room.
    void applyMargins();
    void styleSeries(Series& series);
    QLineSeries* addSegment(Series& series);
    int plotColumns() const;
    double sceneXOfValue(double frame) const;
    double valueOfSceneX(double sceneX) const;
    QRectF scenePlotArea() const;
    QRect playheadRect(qint64 frame) const; // in viewport coordinates

    // Called by SignalChartView.
    void paintUnder(QPainter* painter);
    void paintOver(QPainter* painter);
    void pressAt(const QPointF& viewportPos);
    void dragTo(const QPointF& viewportPos);
    void release();
    // Zoom (false: pan) by `angleDelta` wheel units around viewportPos.
    void wheelAt(const QPointF& viewportPos, int angleDelta, bool pan);

    SignalChartView* m_view = nullptr;
    QChart* m_chart = nullptr;
    QValueAxis* m_axisX = nullptr;
    QValueAxis* m_axisY = nullptr;
    std::vector<Series> m_series;
    std::vector<MarkerSet> m_markers;
    QString m_placeholder;
    bool m_print = false;
    QString m_caption; // the y-axis title shown above the plot; empty when the axis shows it
    qint64 m_frameCount = 0;
    qint64 m_first = 0;
    qint64 m_last = 0;
    bool m_showingAll = true; // follow the data length when series change
    qint64 m_playhead = 0;
    qint64 m_lastEmitted = -1;   // de-duplicates seekRequested during one drag
    bool m_dragging = false;     // a left press inside the plot area, until release
    bool m_decimating = false;   // re-entrancy guard: new axis labels can move the plot area
    int m_decimatedColumns = -1; // plot width of the last decimation
    double m_wheelAccumulator = 0.0;
    int m_areaLeft = -1; // setFrameArea(); -1: automatic
    int m_areaRight = -1;
    int m_captionStrip = 0;                    // px above the plot for the caption
    QMargins m_laidOutMargins{-1, -1, -1, -1}; // the chart's margins at its last layout
    int m_roomLeft = 0;
    int m_roomRight = 0;
};

} // namespace fp
