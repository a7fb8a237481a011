#pragma once

// A plot of per-frame signals drawn with a plain QPainter (no Qt Charts, no widget), and the
// pieces the SignalPlot widget (Qt Charts) shares with it, so the window and the printed report
// decimate, scale, colour and tick the same way:
//  - decimateMinMax(): min/max decimation with honest NaN gaps (used by both, and by the
//    lip-sync plots);
//  - frameAxisScale() / valueAxisScale(): the x range (frame f spans [f - 0.5, f + 0.5)) and the
//    y range with its margin, and their nice tick intervals; valueLabelDecimals();
//  - signalPlotInk(): the screen and print colours; the marker (findings, blinks) bands,
//    paintMarkerBands(), translucent colours flattened onto the background (PDF/A has no alpha).
// SignalPlotPainter itself lays out and draws a whole plot (axes, tick labels, axis titles or
// the caption strip, the legend for several series, bands, series, placeholder) into a
// rectangle: the report's signal figures (widgets/ReportRenderer) use it on a QPdfWriter.
//
// Coordinates: x in presentation frame indices, y in the signal's unit; pixel sizes are logical
// pixels of the target rectangle (the report scales the painter).
// Thread-safety: any thread, one painter per thread on a paint device it owns (a QImage, a
// QPdfWriter; the widget on the GUI thread). SignalPlotPainter copies nothing: the series and
// markers it is given are borrowed and must outlive paint().

#include <QColor>
#include <QFont>
#include <QList>
#include <QPainter>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <utility>
#include <vector>

namespace fp {

// Min/max decimation of frames [first, last] of `values` into `columns` columns; NaN (or any
// non-finite value) is no value. With N = last - first + 1 and C = min(columns, N), column i
// holds the frames [first + i*N/C, first + (i+1)*N/C) (integer division). Each column with
// values yields its minimum and maximum as points (frame, value), in frame order (one point
// when they are the same frame). The nearest frame on either side of [first, last] is added as
// a column of its own, so lines run to the edges of the plot. Consecutive columns are joined
// into one segment only when no frame between their values lacks a value; a run of a single
// point becomes a dot. Pure function.
struct DecimatedSeries {
    std::vector<QList<QPointF>> segments; // each at least two points, in frame order
    QList<QPointF> dots;                  // isolated values
    double minY = 0.0; // over the frames in [first, last] only; NaN when there are none
    double maxY = 0.0;
    size_t pointCount() const;
};
DecimatedSeries decimateMinMax(const std::vector<double>& values, qint64 first, qint64 last,
                               int columns);

// The plots' colours: the workstation's dark look, or ink on white for print.
struct SignalPlotInk {
    QColor background;
    QColor text;
    QColor dimText;
    QColor grid;
    QColor axisLine;
};
const SignalPlotInk& signalPlotInk(bool print);

namespace signalplot {
constexpr double kLineWidth = 1.5;
constexpr double kDotSize = 5.0;
constexpr int kMarkerAlpha = 64; // for opaque marker colours
constexpr int kMarkerStrip = 3;  // px of solid colour along the top of a marker range
} // namespace signalplot

// An axis range [low, high] with ticks on multiples of `interval`.
struct AxisScale {
    double low = 0.0;
    double high = 1.0;
    double interval = 1.0;
};
// x: frames [first, last] as [first - 0.5, last + 0.5] (0..1 without frames), labels at least
// 90 px apart over a plot `plotWidth` wide.
AxisScale frameAxisScale(qint64 first, qint64 last, qint64 frameCount, double plotWidth);
// y: the visible values [low, high] (NaN: none, 0..1) with a 6 % margin, labels at least 28 px
// apart over `plotHeight`; a short plot still gets at least one labelled tick.
AxisScale valueAxisScale(double low, double high, double plotHeight);
// Decimals that tell the ticks of `interval` apart (0..6).
int valueLabelDecimals(double interval);

// Shaded frame ranges [first, last] (inclusive), drawn as bands.
struct MarkerBands {
    QColor colour; // an opaque colour is drawn at kMarkerAlpha over the background
    std::vector<std::pair<qint64, qint64>> ranges;
};
// Bands over the plot area `area` for the visible frames [first, last]; `xOf` maps a frame
// coordinate (frame - 0.5 is a left edge) to x. A band narrower than a pixel still gets one.
// `sets`: any range of MarkerBands (or of types derived from it).
template <typename Sets, typename XOf>
void paintMarkerBands(QPainter& p, const QRectF& area, const Sets& sets, qint64 first, qint64 last,
                      const QColor& background, XOf&& xOf);
QColor markerFill(const QColor& colour, const QColor& background);

// One series of a SignalPlotPainter: one value per frame, NaN where there is none.
struct PlotSeries {
    QString title;
    QString unit;
    const std::vector<double>* values = nullptr; // borrowed
    QColor colour;
};

class SignalPlotPainter {
public:
    // `font`: the labels' font (the widget's font at 85 %); `print`: ink on white.
    SignalPlotPainter(const QFont& font, bool print);

    void addSeries(const PlotSeries& series) { m_series.push_back(series); }
    void addMarkers(const MarkerBands& bands) { m_markers.push_back(bands); }
    // Default: the whole of the longest series.
    void setVisibleRange(qint64 first, qint64 last);
    void setPlaceholder(const QString& text) { m_placeholder = text; }

    // Lays the plot out in (0, 0, size) and draws it.
    void paint(QPainter& p, const QSizeF& size) const;

private:
    struct Layout;
    Layout layout(const QSizeF& size) const;
    void paintGridAndBands(QPainter& p, const Layout& l) const;
    void paintSeries(QPainter& p, const Layout& l) const;
    void paintAxes(QPainter& p, const Layout& l) const;
    void paintTitles(QPainter& p, const Layout& l) const;
    qint64 frameCount() const;

    QFont m_font;
    const SignalPlotInk* m_ink;
    std::vector<PlotSeries> m_series;
    std::vector<MarkerBands> m_markers;
    QString m_placeholder;
    qint64 m_first = 0;
    qint64 m_last = -1; // < m_first: the whole clip
};

template <typename Sets, typename XOf>
void paintMarkerBands(QPainter& p, const QRectF& area, const Sets& sets, qint64 first, qint64 last,
                      const QColor& background, XOf&& xOf) {
    for (const MarkerBands& set : sets) {
        const QColor fill = markerFill(set.colour, background);
        QColor strip = set.colour;
        strip.setAlpha(255);
        for (auto [a, b] : set.ranges) {
            if (b < first || a > last)
                continue;
            double x0 = xOf(double(a) - 0.5);
            double x1 = xOf(double(b) + 0.5);
            if (x1 - x0 < 1.0) { // still visible when narrower than a pixel
                const double centre = (x0 + x1) / 2.0;
                x0 = centre - 0.5;
                x1 = centre + 0.5;
            }
            p.fillRect(QRectF(x0, area.top(), x1 - x0, area.height()), fill);
            p.fillRect(QRectF(x0, area.top(), x1 - x0, signalplot::kMarkerStrip), strip);
        }
    }
}

} // namespace fp
