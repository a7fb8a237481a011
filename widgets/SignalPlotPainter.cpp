#include "widgets/SignalPlotPainter.h"

#include "widgets/Palette.h"
#include "widgets/PlotStyle.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QPolygonF>

#include <algorithm>
#include <cmath>
#include <limits>

namespace fp {

namespace {

using namespace signalplot;

constexpr double kXLabelSpacing = 90.0; // px between frame labels, at least
constexpr double kYLabelSpacing = 28.0; // px between value labels, at least
constexpr double kYMargin = 0.06;       // of the visible value span, above and below
constexpr double kTick = 5.0;           // px, the axes' tick marks
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

SignalPlotInk signalPlotInkOf(const palette::Surfaces& s) {
    return {s.background, s.text, s.dimText, s.grid, s.axisLine};
}
const SignalPlotInk kScreenInk = signalPlotInkOf(palette::kScreen);
const SignalPlotInk kPrintInk = signalPlotInkOf(palette::kPaper);

// The widget's translation context, so the texts keep their translations.
struct SignalPlotText {
    Q_DECLARE_TR_FUNCTIONS(fp::SignalPlot)
};

// Ticks of `scale`: multiples of its interval inside [low, high].
std::vector<double> ticksOf(const AxisScale& scale) {
    std::vector<double> ticks;
    const double start = std::ceil(scale.low / scale.interval - 1e-9) * scale.interval;
    for (double v = start; v <= scale.high + 1e-9 * scale.interval && ticks.size() < 200;
         v += scale.interval)
        ticks.push_back(std::abs(v) < scale.interval * 1e-9 ? 0.0 : v);
    return ticks;
}

} // namespace

const SignalPlotInk& signalPlotInk(bool print) {
    return print ? kPrintInk : kScreenInk;
}

QColor markerFill(const QColor& colour, const QColor& background) {
    // Opaque, as the translucent colour would look on the background (PDF/A has no alpha).
    return plot::over(colour, colour.alpha() == 255 ? kMarkerAlpha : colour.alpha(), background);
}

AxisScale frameAxisScale(qint64 first, qint64 last, qint64 frameCount, double plotWidth) {
    // Frame f spans [f - 0.5, f + 0.5): the same cells as the Timeline's.
    AxisScale s;
    if (frameCount > 0) {
        s.low = double(first) - 0.5;
        s.high = double(last) + 0.5;
    }
    s.interval = std::max(
        1.0, plot::niceStep((s.high - s.low) * kXLabelSpacing / std::max(50.0, plotWidth)));
    return s;
}

AxisScale valueAxisScale(double low, double high, double plotHeight) {
    if (!std::isfinite(low) || !std::isfinite(high)) {
        low = 0.0;
        high = 1.0;
    } else if (high - low <= std::abs(high) * 1e-12) {
        const double pad = high != 0.0 ? std::abs(high) * 0.1 : 1.0;
        low -= pad;
        high += pad;
    } else {
        const double pad = (high - low) * kYMargin;
        low -= pad;
        high += pad;
    }
    double interval = plot::niceStep((high - low) * kYLabelSpacing / std::max(40.0, plotHeight));
    // Ticks sit on multiples of the step: in a short plot the step can skip the whole range and
    // leave the axis without a single number. Then the next smaller nice step, until one fits.
    for (int i = 0; i < 8 && std::ceil(low / interval) * interval > high; ++i)
        interval = plot::niceStep(interval * 0.35); // 5 -> 2 -> 1 -> 0.5 (0.4 rounds back to 5)
    return {low, high, interval};
}

int valueLabelDecimals(double interval) {
    return std::clamp(int(-std::floor(std::log10(interval))), 0, 6);
}

size_t DecimatedSeries::pointCount() const {
    size_t count = size_t(dots.size());
    for (const QList<QPointF>& segment : segments)
        count += size_t(segment.size());
    return count;
}

DecimatedSeries decimateMinMax(const std::vector<double>& values, qint64 first, qint64 last,
                               int columns) {
    DecimatedSeries out;
    out.minY = kNaN;
    out.maxY = kNaN;
    const qint64 size = qint64(values.size());
    first = std::max<qint64>(first, 0);
    last = std::min(last, size - 1);
    if (size == 0 || last < first || columns <= 0)
        return out;
    const qint64 frames = last - first + 1;
    const qint64 count = std::min<qint64>(columns, frames);

    QList<QPointF> current;
    qint64 previousLastValue = -2; // last frame with a value in the previous column; -2 = none
    const auto closeSegment = [&] {
        if (current.size() >= 2)
            out.segments.push_back(std::move(current));
        else if (current.size() == 1)
            out.dots.push_back(current.front());
        current = {};
    };
    const auto addColumn = [&](qint64 begin, qint64 end, bool visible) {
        qint64 firstValue = -1;
        qint64 lastValue = -1;
        qint64 minFrame = -1;
        qint64 maxFrame = -1;
        double minimum = 0.0;
        double maximum = 0.0;
        for (qint64 frame = begin; frame < end; ++frame) {
            const double v = values[size_t(frame)];
            if (!std::isfinite(v))
                continue;
            if (firstValue < 0) {
                firstValue = frame;
                minimum = maximum = v;
                minFrame = maxFrame = frame;
            } else if (v < minimum) {
                minimum = v;
                minFrame = frame;
            } else if (v > maximum) {
                maximum = v;
                maxFrame = frame;
            }
            lastValue = frame;
        }
        if (firstValue < 0) {
            closeSegment();
            previousLastValue = -2;
            return;
        }
        // A line may only join values with no missing frame between them.
        if (firstValue != previousLastValue + 1)
            closeSegment();
        if (minFrame == maxFrame) {
            current.append(QPointF(double(minFrame), minimum));
        } else if (minFrame < maxFrame) {
            current.append(QPointF(double(minFrame), minimum));
            current.append(QPointF(double(maxFrame), maximum));
        } else {
            current.append(QPointF(double(maxFrame), maximum));
            current.append(QPointF(double(minFrame), minimum));
        }
        previousLastValue = lastValue;
        if (visible) {
            out.minY = std::isnan(out.minY) ? minimum : std::min(out.minY, minimum);
            out.maxY = std::isnan(out.maxY) ? maximum : std::max(out.maxY, maximum);
        }
    };

    if (first > 0)
        addColumn(first - 1, first, false);
    for (qint64 i = 0; i < count; ++i)
        addColumn(first + i * frames / count, first + (i + 1) * frames / count, true);
    if (last + 1 < size)
        addColumn(last + 1, last + 2, false);
    closeSegment();
    return out;
}

struct SignalPlotPainter::Layout {
    QSizeF size;
    QRectF area; // the plot area
    qint64 first = 0;
    qint64 last = 0;
    AxisScale x;
    AxisScale y;
    int yDecimals = 0;
    QString yTitle;  // beside the y axis, vertical (empty: none)
    QString caption; // the y title above the plot, when it is taller than the plot
    std::vector<std::pair<QString, QColor>> legend; // several series only
    double legendTop = 0.0;
    std::vector<DecimatedSeries> drawn; // per series
    bool anyValue = false;
};

SignalPlotPainter::SignalPlotPainter(const QFont& font, bool print)
    : m_font(font)
    , m_ink(&signalPlotInk(print))
    , m_placeholder(SignalPlotText::tr("No signal")) {}

void SignalPlotPainter::setVisibleRange(qint64 first, qint64 last) {
    m_first = first;
    m_last = last;
}

qint64 SignalPlotPainter::frameCount() const {
    qint64 frames = 0;
    for (const PlotSeries& s : m_series)
        frames = std::max(frames, qint64(s.values->size()));
    return frames;
}

// One series: "Title (unit)" on the y axis. Several with one shared unit: the unit on the axis,
// titles in the legend. Several with different units: each legend entry carries its own (as
// SignalPlot::updateAxisTitle()).
SignalPlotPainter::Layout SignalPlotPainter::layout(const QSizeF& size) const {
    const QFontMetricsF fm(m_font);
    Layout l;
    l.size = size;
    const qint64 frames = frameCount();
    l.first = m_last >= m_first ? std::max<qint64>(m_first, 0) : 0;
    l.last = m_last >= m_first ? std::min(m_last, frames - 1) : frames - 1;
    const auto withUnit = [](const PlotSeries& s) {
        return s.unit.isEmpty() ? s.title : SignalPlotText::tr("%1 (%2)").arg(s.title, s.unit);
    };
    const bool shared = std::all_of(m_series.begin(), m_series.end(), [this](const PlotSeries& s) {
        return s.unit == m_series.front().unit;
    });
    if (m_series.size() == 1)
        l.yTitle = withUnit(m_series.front());
    else if (!m_series.empty() && shared)
        l.yTitle = m_series.front().unit;
    if (m_series.size() > 1) {
        for (const PlotSeries& s : m_series)
            l.legend.emplace_back(shared ? s.title : withUnit(s), s.colour);
    }
    double low = kNaN;
    double high = kNaN;
    for (const PlotSeries& s : m_series) {
        DecimatedSeries d = decimateMinMax(*s.values, l.first, l.last, 1); // extremes only
        if (!std::isnan(d.minY)) {
            low = std::isnan(low) ? d.minY : std::min(low, d.minY);
            high = std::isnan(high) ? d.maxY : std::max(high, d.maxY);
        }
    }
    l.anyValue = !std::isnan(low);

    double top = 2.0;
    const double bottom = size.height() - 4.0 - 2.0 * fm.height() - kTick - 6.0;
    const double legendHeight = l.legend.empty() ? 0.0 : fm.height() + 4.0;
    if (!l.yTitle.isEmpty() && fm.horizontalAdvance(l.yTitle) > bottom - top - legendHeight) {
        l.caption = l.yTitle; // drawn in full, horizontally, in a strip above the plot
        l.yTitle.clear();
        top += fm.height();
    }
    l.legendTop = top;
    top += legendHeight;
    l.y = valueAxisScale(low, high, bottom - top);
    l.yDecimals = valueLabelDecimals(l.y.interval);
    double widest = 0.0;
    for (double v : ticksOf(l.y))
        widest = std::max(widest, fm.horizontalAdvance(QString::number(v, 'f', l.yDecimals)));
    const double left = 2.0 + (l.yTitle.isEmpty() ? 0.0 : fm.height() + 4.0) + widest + 4.0 + kTick;
    const double right = size.width() - 18.0; // the x axis's last label reaches past the area
    l.area = QRectF(left, top, std::max(2.0, right - left), std::max(2.0, bottom - top));
    l.x = frameAxisScale(l.first, l.last, frames, l.area.width());
    const int columns = int(std::ceil(l.area.width()));
    for (const PlotSeries& s : m_series)
        l.drawn.push_back(decimateMinMax(*s.values, l.first, l.last, columns));
    return l;
}

void SignalPlotPainter::paint(QPainter& p, const QSizeF& size) const {
    const Layout l = layout(size);
    p.save();
    p.fillRect(QRectF(QPointF(), size), m_ink->background);
    paintGridAndBands(p, l);
    paintSeries(p, l);
    if (!m_series.empty())
        paintAxes(p, l);
    paintTitles(p, l);
    p.restore();
}

void SignalPlotPainter::paintGridAndBands(QPainter& p, const Layout& l) const {
    const QRectF& a = l.area;
    const auto xOf = [&](double frame) {
        return a.left() + (frame - l.x.low) / (l.x.high - l.x.low) * a.width();
    };
    p.setPen(QPen(m_ink->grid, 1.0));
    if (!m_series.empty()) {
        for (double f : ticksOf(l.x))
            p.drawLine(QPointF(xOf(f), a.top()), QPointF(xOf(f), a.bottom()));
        for (double v : ticksOf(l.y)) {
            const double y = a.bottom() - (v - l.y.low) / (l.y.high - l.y.low) * a.height();
            p.drawLine(QPointF(a.left(), y), QPointF(a.right(), y));
        }
    }
    if (frameCount() <= 0)
        return;
    p.save();
    p.setClipRect(a);
    p.setPen(Qt::NoPen);
    paintMarkerBands(p, a, m_markers, l.first, l.last, m_ink->background, xOf);
    p.restore();
}

void SignalPlotPainter::paintSeries(QPainter& p, const Layout& l) const {
    const QRectF& a = l.area;
    const auto map = [&](const QPointF& v) {
        return QPointF(a.left() + (v.x() - l.x.low) / (l.x.high - l.x.low) * a.width(),
                       a.bottom() - (v.y() - l.y.low) / (l.y.high - l.y.low) * a.height());
    };
    p.save();
    p.setClipRect(a.adjusted(-kDotSize, -kDotSize, kDotSize, kDotSize));
    p.setRenderHint(QPainter::Antialiasing, true);
    for (size_t i = 0; i < m_series.size(); ++i) {
        QPen pen(m_series[i].colour, kLineWidth);
        pen.setCapStyle(Qt::RoundCap);
        pen.setJoinStyle(Qt::RoundJoin);
        p.setPen(pen);
        p.setBrush(Qt::NoBrush);
        for (const QList<QPointF>& segment : l.drawn[i].segments) {
            QPolygonF line;
            line.reserve(segment.size());
            for (const QPointF& point : segment)
                line << map(point);
            p.drawPolyline(line);
        }
        p.setPen(Qt::NoPen);
        p.setBrush(m_series[i].colour);
        for (const QPointF& dot : l.drawn[i].dots)
            p.drawEllipse(map(dot), kDotSize / 2.0, kDotSize / 2.0);
    }
    p.restore();
}

void SignalPlotPainter::paintAxes(QPainter& p, const Layout& l) const {
    const QRectF& a = l.area;
    const QFontMetricsF fm(m_font);
    p.setFont(m_font);
    p.setPen(QPen(m_ink->axisLine, 1.0));
    p.drawLine(a.bottomLeft(), a.bottomRight());
    p.drawLine(a.topLeft(), a.bottomLeft());
    for (double f : ticksOf(l.x)) {
        const double x = a.left() + (f - l.x.low) / (l.x.high - l.x.low) * a.width();
        p.setPen(QPen(m_ink->axisLine, 1.0));
        p.drawLine(QPointF(x, a.bottom()), QPointF(x, a.bottom() + kTick));
        const QString label = QString::number(f, 'f', 0);
        const double w = fm.horizontalAdvance(label);
        p.setPen(m_ink->text);
        p.drawText(QRectF(x - w / 2.0 - 1.0, a.bottom() + kTick + 2.0, w + 2.0, fm.height()),
                   Qt::AlignCenter, label);
    }
    for (double v : ticksOf(l.y)) {
        const double y = a.bottom() - (v - l.y.low) / (l.y.high - l.y.low) * a.height();
        p.setPen(QPen(m_ink->axisLine, 1.0));
        p.drawLine(QPointF(a.left() - kTick, y), QPointF(a.left(), y));
        p.setPen(m_ink->text);
        p.drawText(QRectF(0.0, y - fm.height() / 2.0, a.left() - kTick - 3.0, fm.height()),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(v, 'f', l.yDecimals));
    }
    // Axis titles: "Frame" under the frame labels, the y title beside the value labels.
    p.drawText(QRectF(a.left(), a.bottom() + kTick + 6.0 + fm.height(), a.width(), fm.height()),
               Qt::AlignCenter, SignalPlotText::tr("Frame"));
    if (!l.yTitle.isEmpty()) {
        p.save();
        p.translate(2.0, a.center().y());
        p.rotate(-90.0);
        p.drawText(QRectF(-a.height() / 2.0, 0.0, a.height(), fm.height()), Qt::AlignCenter,
                   l.yTitle);
        p.restore();
    }
}

void SignalPlotPainter::paintTitles(QPainter& p, const Layout& l) const {
    const QFontMetricsF fm(m_font);
    p.setFont(m_font);
    if (!l.caption.isEmpty()) {
        p.setPen(m_ink->text);
        const QRectF strip(l.area.left(), 2.0, l.area.width(), fm.height());
        p.drawText(strip, Qt::AlignLeft | Qt::AlignVCenter,
                   fm.elidedText(l.caption, Qt::ElideRight, strip.width()));
    }
    if (!l.legend.empty()) {
        constexpr double kSwatch = 12.0;
        constexpr double kGap = 12.0;
        double total = 0.0;
        for (const auto& [name, colour] : l.legend)
            total += kSwatch + 4.0 + fm.horizontalAdvance(name) + kGap;
        double x = l.area.center().x() - (total - kGap) / 2.0;
        const double cy = l.legendTop + fm.height() / 2.0;
        for (const auto& [name, colour] : l.legend) {
            p.setPen(QPen(colour, 2.0));
            p.drawLine(QPointF(x, cy), QPointF(x + kSwatch, cy));
            x += kSwatch + 4.0;
            p.setPen(m_ink->text);
            const double w = fm.horizontalAdvance(name);
            p.drawText(QRectF(x, l.legendTop, w + 2.0, fm.height()), Qt::AlignVCenter, name);
            x += w + kGap;
        }
    }
    if (m_series.empty() || !l.anyValue) {
        const QString text =
            m_series.empty()
                ? m_placeholder
                : SignalPlotText::tr("No values in frames %1-%2").arg(l.first).arg(l.last);
        p.setPen(m_ink->dimText);
        p.drawText(l.area, Qt::AlignCenter, text);
    }
}

} // namespace fp
