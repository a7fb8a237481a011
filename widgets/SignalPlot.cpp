#include "widgets/SignalPlot.h"
#include "widgets/Palette.h"

#include "core/util/FrameWindow.h"
#include "widgets/PlotStyle.h"
#include "widgets/WheelGesture.h"

#include <QChart>
#include <QChartView>
#include <QFontMetricsF>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QPainter>
#include <QPolygonF>
#include <QScatterSeries>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace fp {

namespace {

using namespace signalplot;

constexpr double kZoomPerNotch = 1.25; // one wheel notch (120 units)
constexpr double kPanPerNotch = 0.1;   // of the visible span
using palette::kPlayhead;

QString decimalsFormat(double interval) {
    return QStringLiteral("%.") + QString::number(valueLabelDecimals(interval)) +
           QStringLiteral("f");
}

void styleAxis(QValueAxis* axis, const QFont& font) {
    const SignalPlotInk& ink = signalPlotInk(false);
    axis->setLabelsColor(ink.text);
    axis->setLabelsFont(font);
    axis->setTitleBrush(ink.text);
    axis->setTitleFont(font);
    axis->setGridLineColor(ink.grid);
    axis->setLinePenColor(ink.axisLine);
    axis->setMinorGridLineVisible(false);
    axis->setShadesVisible(false);
    axis->setRange(0.0, 1.0);
    axis->setTickAnchor(0.0);
    axis->setTickInterval(1.0);
    axis->setTickType(QValueAxis::TicksDynamic);
}

// Changes range and tick interval in the order that never makes a crowd of ticks in between:
// the axis lays out its tick items on every change.
void setRangeAndInterval(QValueAxis* axis, double low, double high, double interval) {
    if (interval >= axis->tickInterval()) {
        axis->setTickInterval(interval);
        axis->setRange(low, high);
    } else {
        axis->setRange(low, high);
        axis->setTickInterval(interval);
    }
}

} // namespace

// The QChartView underneath: paints the marker ranges under the series and the playhead over
// them, and hands mouse input to SignalPlot. Painting happens in scene coordinates.
class SignalChartView final : public QChartView {
public:
    SignalChartView(QChart* chart, SignalPlot* owner)
        : QChartView(chart, owner)
        , m_owner(owner) {}

protected:
    void drawBackground(QPainter* painter, const QRectF& rect) override {
        QChartView::drawBackground(painter, rect);
        m_owner->paintUnder(painter);
    }
    void drawForeground(QPainter* painter, const QRectF& rect) override {
        QChartView::drawForeground(painter, rect);
        m_owner->paintOver(painter);
    }
    void mousePressEvent(QMouseEvent* event) override {
        if (event->button() != Qt::LeftButton)
            return QChartView::mousePressEvent(event);
        m_owner->pressAt(event->position());
        event->accept();
    }
    void mouseMoveEvent(QMouseEvent* event) override {
        if (!(event->buttons() & Qt::LeftButton))
            return QChartView::mouseMoveEvent(event);
        m_owner->dragTo(event->position());
        event->accept();
    }
    void mouseReleaseEvent(QMouseEvent* event) override {
        if (event->button() != Qt::LeftButton)
            return QChartView::mouseReleaseEvent(event);
        m_owner->release();
        event->accept();
    }
    void wheelEvent(QWheelEvent* event) override {
        const WheelGesture wheel = wheelGesture(*event);
        if (wheel.kind == WheelGesture::Kind::Scroll) {
            // The plain wheel scrolls whatever the plot sits in (QAbstractScrollArea::event
            // passes an ignored wheel on to the parent).
            event->ignore();
            return;
        }
        m_owner->wheelAt(event->position(), wheel.delta, wheel.kind == WheelGesture::Kind::Pan);
        event->accept();
    }

private:
    SignalPlot* m_owner;
};

SignalPlot::SignalPlot(QWidget* parent)
    : QWidget(parent)
    , m_placeholder(tr("No signal")) {
    m_chart = new QChart;
    m_chart->setTheme(QChart::ChartThemeDark);
    m_chart->setAnimationOptions(QChart::NoAnimation);
    m_chart->setBackgroundVisible(false);
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->setBackgroundRoundness(0);
    m_chart->setMargins(QMargins(2, 2, 10, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);

    QFont small = font();
    if (small.pointSizeF() > 0)
        small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));

    QLegend* legend = m_chart->legend();
    legend->setAlignment(Qt::AlignTop);
    legend->setLabelColor(signalPlotInk(false).text);
    legend->setFont(small);
    legend->setBackgroundVisible(false);
    legend->setMarkerShape(QLegend::MarkerShapeFromSeries);
    legend->setContentsMargins(0, 0, 0, 0);
    legend->setVisible(false);

    m_axisX = new QValueAxis;
    m_axisY = new QValueAxis;
    m_chart->addAxis(m_axisX, Qt::AlignBottom);
    m_chart->addAxis(m_axisY, Qt::AlignLeft);
    styleAxis(m_axisX, small); // after addAxis: adding applies the theme
    styleAxis(m_axisY, small);
    m_axisX->setLabelFormat(QStringLiteral("%.0f"));
    m_axisX->setTitleText(tr("Frame"));

    m_view = new SignalChartView(m_chart, this);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setBackgroundBrush(signalPlotInk(false).background);
    m_view->setFrameShape(QFrame::NoFrame);
    m_view->setToolTip(tr("Click to go to a frame; Ctrl+wheel to zoom, Shift+wheel to pan"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);

    // The plot area moves when the widget resizes or the axis labels change width. A new width
    // needs a new decimation; a new height only new value ticks.
    connect(m_chart, &QChart::plotAreaChanged, this, [this](const QRectF& area) {
        // The layout that made this area used the margins as they are now (a layout runs after
        // the event loop turns, with the latest margins).
        m_laidOutMargins = m_chart->margins();
        if (m_decimating)
            return;
        updateCaption();
        applyMargins();
        if (area.width() >= 2.0 && int(std::ceil(area.width())) != m_decimatedColumns) {
            redecimate();
        } else {
            updateAxes();
            m_view->viewport()->update();
        }
    });
    updateAxisTitle();
    redecimate();
}

SignalPlot::~SignalPlot() {
    // The chart outlives this part of the object (QWidget deletes children later).
    disconnect(m_chart, nullptr, this, nullptr);
}

QChartView* SignalPlot::chartView() const {
    return m_view;
}

QSize SignalPlot::sizeHint() const {
    return {600, 200};
}

QSize SignalPlot::minimumSizeHint() const {
    return {200, 110};
}

void SignalPlot::setSeries(const QString& title, const QString& unit,
                           const std::vector<double>& perFrame, const QColor& colour) {
    auto it = std::find_if(m_series.begin(), m_series.end(),
                           [&](const Series& s) { return s.title == title; });
    if (it == m_series.end()) {
        m_series.push_back(Series{});
        it = std::prev(m_series.end());
        it->title = title;
        addSegment(*it);
        it->dots = new QScatterSeries;
        m_chart->addSeries(it->dots);
        it->dots->attachAxis(m_axisX);
        it->dots->attachAxis(m_axisY);
    }
    it->unit = unit;
    it->colour = colour;
    it->values = perFrame;
    styleSeries(*it);

    seriesChanged();
}

void SignalPlot::seriesChanged() {
    m_frameCount = 0;
    for (const Series& s : m_series)
        m_frameCount = std::max(m_frameCount, qint64(s.values.size()));
    updateAxisTitle();
    if (m_showingAll)
        applyRange(0, m_frameCount - 1);
    else
        applyRange(m_first, m_last);
}

void SignalPlot::removeSeries(const QString& title) {
    auto it = std::find_if(m_series.begin(), m_series.end(),
                           [&](const Series& s) { return s.title == title; });
    if (it == m_series.end())
        return;
    for (QLineSeries* segment : it->segments) {
        m_chart->removeSeries(segment);
        delete segment;
    }
    m_chart->removeSeries(it->dots);
    delete it->dots;
    m_series.erase(it);

    seriesChanged();
}

QStringList SignalPlot::seriesTitles() const {
    QStringList titles;
    for (const Series& s : m_series)
        titles << s.title;
    return titles;
}

void SignalPlot::clear() {
    while (!m_series.empty())
        removeSeries(m_series.front().title);
    m_markers.clear();
    m_showingAll = true;
    applyRange(0, -1);
}

void SignalPlot::setMarkers(const std::vector<std::pair<qint64, qint64>>& ranges,
                            const QColor& colour, const QString& group) {
    auto it = std::find_if(m_markers.begin(), m_markers.end(),
                           [&](const MarkerSet& m) { return m.group == group; });
    if (it == m_markers.end()) {
        m_markers.push_back(MarkerSet{{colour, {}}, group});
        it = std::prev(m_markers.end());
    }
    it->colour = colour;
    it->ranges.clear();
    it->ranges.reserve(ranges.size());
    for (auto [a, b] : ranges)
        it->ranges.emplace_back(std::min(a, b), std::max(a, b));
    std::sort(it->ranges.begin(), it->ranges.end());
    m_view->viewport()->update();
}

void SignalPlot::clearMarkers() {
    m_markers.clear();
    m_view->viewport()->update();
}

void SignalPlot::setPlayhead(qint64 frame) {
    if (frame == m_playhead)
        return;
    const QRect before = playheadRect(m_playhead);
    m_playhead = frame;
    QWidget* viewport = m_view->viewport();
    viewport->update(before);
    viewport->update(playheadRect(m_playhead));
}

void SignalPlot::setVisibleRange(qint64 first, qint64 last) {
    applyRange(first, last);
}

void SignalPlot::zoomToAll() {
    applyRange(0, m_frameCount - 1);
}

void SignalPlot::setPrintAppearance(bool print) {
    m_print = print;
    const SignalPlotInk& ink = signalPlotInk(print);
    for (QValueAxis* axis : {m_axisX, m_axisY}) {
        axis->setLabelsColor(ink.text);
        axis->setTitleBrush(ink.text);
        axis->setGridLineColor(ink.grid);
        axis->setLinePenColor(ink.axisLine);
    }
    m_chart->legend()->setLabelColor(ink.text);
    m_view->setBackgroundBrush(ink.background);
    m_view->viewport()->update();
}

void SignalPlot::setPlaceholder(const QString& text) {
    m_placeholder = text;
    m_view->viewport()->update();
}

qint64 SignalPlot::frameAtX(double x) const {
    if (m_frameCount <= 0)
        return -1;
    const QPointF inViewport = QPointF(x, 0.0) - QPointF(m_view->viewport()->mapTo(this, QPoint()));
    const QPointF scene = m_view->viewportTransform().inverted().map(inViewport);
    const double value = valueOfSceneX(scene.x());
    return std::clamp<qint64>(std::llround(value), 0, m_frameCount - 1);
}

double SignalPlot::xOfFrame(qint64 frame) const {
    const QPointF inViewport =
        m_view->viewportTransform().map(QPointF(sceneXOfValue(double(frame)), 0.0));
    return inViewport.x() + m_view->viewport()->mapTo(this, QPoint()).x();
}

void SignalPlot::applyRange(qint64 first, qint64 last) {
    const FrameWindow window = FrameWindow::clamped(first, last, m_frameCount);
    m_first = window.first;
    m_last = window.last;
    m_showingAll = m_first == 0 && m_last >= m_frameCount - 1;
    redecimate();
}

int SignalPlot::plotColumns() const {
    const double width = m_chart->plotArea().width();
    if (width >= 2.0)
        return int(std::ceil(width));
    return std::max(2, m_view->width()); // before the first layout; redone when it happens
}

void SignalPlot::redecimate() {
    if (m_decimating)
        return;
    m_decimating = true;
    const int columns = plotColumns();
    m_decimatedColumns = m_chart->plotArea().width() >= 2.0 ? columns : -1;
    for (Series& s : m_series)
        decimate(s, columns);
    updateAxes();
    updateLegend();
    m_view->viewport()->update();
    m_decimating = false;
    applyMargins(); // new labels may be wider: keep the plot area where setFrameArea() put it
}

void SignalPlot::decimate(Series& series, int columns) {
    DecimatedSeries decimated = decimateMinMax(series.values, m_first, m_last, columns);
    series.visibleMin = decimated.minY;
    series.visibleMax = decimated.maxY;
    while (series.segments.size() < decimated.segments.size())
        addSegment(series);
    // Keep the pool, but not a long tail left over from a much busier range.
    const size_t keep = std::max<size_t>(decimated.segments.size() * 2 + 16, 1);
    while (series.segments.size() > keep) {
        QLineSeries* spare = series.segments.back();
        series.segments.pop_back();
        m_chart->removeSeries(spare);
        delete spare;
    }
    for (size_t i = 0; i < series.segments.size(); ++i) {
        QLineSeries* segment = series.segments[i];
        if (i < decimated.segments.size())
            segment->replace(decimated.segments[i]);
        else if (segment->count() > 0)
            segment->clear();
    }
    series.dots->replace(decimated.dots);
}

QLineSeries* SignalPlot::addSegment(Series& series) {
    auto* segment = new QLineSeries;
    segment->setName(series.segments.empty() ? series.title : series.segments.front()->name());
    m_chart->addSeries(segment); // the chart owns it
    segment->attachAxis(m_axisX);
    segment->attachAxis(m_axisY);
    QPen pen(series.colour, kLineWidth);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    segment->setPen(pen); // after addSeries: adding applies the theme
    series.segments.push_back(segment);
    return segment;
}

void SignalPlot::styleSeries(Series& series) {
    QPen pen(series.colour, kLineWidth);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    for (QLineSeries* segment : series.segments)
        segment->setPen(pen);
    series.dots->setMarkerShape(QScatterSeries::MarkerShapeCircle);
    series.dots->setMarkerSize(kDotSize);
    series.dots->setColor(series.colour);
    series.dots->setBorderColor(series.colour);
}

void SignalPlot::updateAxes() {
    // x: frames, with labels on round frame numbers (SignalPlotPainter.h: frameAxisScale).
    const AxisScale x = frameAxisScale(m_first, m_last, m_frameCount, m_chart->plotArea().width());
    setRangeAndInterval(m_axisX, x.low, x.high, x.interval);
    // y: the visible values with a margin.
    double low = std::numeric_limits<double>::quiet_NaN();
    double high = low;
    for (const Series& s : m_series) {
        if (!std::isnan(s.visibleMin)) {
            low = std::isnan(low) ? s.visibleMin : std::min(low, s.visibleMin);
            high = std::isnan(high) ? s.visibleMax : std::max(high, s.visibleMax);
        }
    }
    const AxisScale y = valueAxisScale(low, high, m_chart->plotArea().height());
    setRangeAndInterval(m_axisY, y.low, y.high, y.interval);
    m_axisY->setLabelFormat(decimalsFormat(y.interval));
}

void SignalPlot::updateLegend() {
    QLegend* legend = m_chart->legend();
    legend->setVisible(m_series.size() > 1);
    if (m_series.size() <= 1)
        return;
    for (const Series& s : m_series) {
        for (size_t i = 0; i < s.segments.size(); ++i) {
            for (QLegendMarker* marker : legend->markers(s.segments[i]))
                marker->setVisible(i == 0);
        }
        for (QLegendMarker* marker : legend->markers(s.dots))
            marker->setVisible(false);
    }
}

// One series: "Title (unit)" on the y axis. Several with one shared unit: the unit on the axis,
// titles in the legend. Several with different units: each legend entry carries its own.
void SignalPlot::updateAxisTitle() {
    const auto withUnit = [this](const Series& s) {
        return s.unit.isEmpty() ? s.title : tr("%1 (%2)").arg(s.title, s.unit);
    };
    const bool shared = std::all_of(m_series.begin(), m_series.end(), [this](const Series& s) {
        return s.unit == m_series.front().unit;
    });
    QString axisTitle;
    if (m_series.size() == 1)
        axisTitle = withUnit(m_series.front());
    else if (!m_series.empty() && shared)
        axisTitle = m_series.front().unit;
    m_axisY->setTitleText(axisTitle);
    for (Series& s : m_series) {
        const QString name = m_series.size() > 1 && !shared ? withUnit(s) : s.title;
        for (QLineSeries* segment : s.segments)
            segment->setName(name);
        s.dots->setName(name);
    }
    // An empty plot shows its placeholder, not a meaningless 0..1 scale.
    m_axisX->setLabelsVisible(!m_series.empty());
    m_axisY->setLabelsVisible(!m_series.empty());
    m_axisX->setTitleVisible(!m_series.empty());
    updateCaption();
}

void SignalPlot::updateCaption() {
    const QString title = m_series.empty() ? QString() : m_axisY->titleText();
    const QFontMetricsF metrics(m_axisY->titleFont());
    const double room = m_chart->plotArea().height();
    const bool fits = title.isEmpty() || (room > 0.0 && metrics.horizontalAdvance(title) <= room);
    m_axisY->setTitleVisible(fits && !title.isEmpty());
    const QString caption = fits ? QString() : title;
    if (caption == m_caption)
        return;
    m_caption = caption;
    // Room for the caption above the plot area; the strip goes back when the title fits again
    // (the plot area only grows then, so the two states cannot flip back and forth).
    m_captionStrip = m_caption.isEmpty() ? 0 : int(std::ceil(metrics.height()));
    applyMargins();
    m_view->viewport()->update();
}

double SignalPlot::plotAreaLeft() const {
    const QPointF p = m_view->viewportTransform().map(scenePlotArea().topLeft());
    return p.x() + m_view->viewport()->mapTo(this, QPoint()).x();
}

double SignalPlot::plotAreaRight() const {
    const QPointF p = m_view->viewportTransform().map(scenePlotArea().topRight());
    return p.x() + m_view->viewport()->mapTo(this, QPoint()).x();
}

void SignalPlot::setFrameArea(int left, int right) {
    if (left < 0 || right <= left)
        left = right = -1;
    if (left == m_areaLeft && right == m_areaRight)
        return;
    m_areaLeft = left;
    m_areaRight = right;
    applyMargins();
}

// The chart lays its plot area out inside its margins, after the axis labels and titles. To
// put the plot area's edges at setFrameArea(), the margins take up what the labels leave.
void SignalPlot::applyMargins() {
    constexpr int kMinLeft = 2;
    constexpr int kMinRight = 10; // the x axis's last label reaches past the plot area
    const QMargins current = m_chart->margins();
    const QRectF area = m_chart->plotArea();
    QMargins wanted(kMinLeft, 2 + m_captionStrip, kMinRight, 2);
    if (area.width() >= 2.0 && m_laidOutMargins.left() >= 0) {
        // What the labels take beside the plot area, beyond the margins of the layout that
        // made it (margins set since have not been laid out yet).
        const double labelsLeft = area.left() - m_laidOutMargins.left();
        const double labelsRight =
            m_chart->size().width() - area.right() - m_laidOutMargins.right();
        const int roomLeft = int(std::ceil(labelsLeft)) + kMinLeft;
        const int roomRight = int(std::ceil(std::max(0.0, labelsRight))) + kMinRight;
        if (m_areaLeft >= 0) {
            const double chartLeft = plotAreaLeft() - area.left(); // chart x 0 in our pixels
            wanted.setLeft(std::max(0, int(std::lround(m_areaLeft - chartLeft - labelsLeft))));
            wanted.setRight(std::max(0, int(std::lround(chartLeft + m_chart->size().width() -
                                                        m_areaRight - labelsRight))));
        }
        if (roomLeft != m_roomLeft || roomRight != m_roomRight) {
            m_roomLeft = roomLeft;
            m_roomRight = roomRight;
            Q_EMIT labelRoomChanged();
        }
    }
    if (wanted != current)
        m_chart->setMargins(wanted);
}

QRectF SignalPlot::scenePlotArea() const {
    return m_chart->mapRectToScene(m_chart->plotArea());
}

double SignalPlot::sceneXOfValue(double frame) const {
    const QRectF area = scenePlotArea();
    const double span = m_axisX->max() - m_axisX->min();
    if (span <= 0.0)
        return area.left();
    return area.left() + (frame - m_axisX->min()) / span * area.width();
}

double SignalPlot::valueOfSceneX(double sceneX) const {
    const QRectF area = scenePlotArea();
    if (area.width() <= 0.0)
        return m_axisX->min();
    return m_axisX->min() +
           (sceneX - area.left()) / area.width() * (m_axisX->max() - m_axisX->min());
}

QRect SignalPlot::playheadRect(qint64 frame) const {
    const QPointF top = m_view->viewportTransform().map(QPointF(sceneXOfValue(double(frame)), 0.0));
    return QRect(int(std::floor(top.x())) - 6, 0, 13, m_view->viewport()->height());
}

void SignalPlot::paintUnder(QPainter* painter) {
    if (m_markers.empty() || m_frameCount <= 0)
        return;
    const QRectF area = scenePlotArea();
    painter->save();
    painter->setClipRect(area);
    painter->setPen(Qt::NoPen);
    paintMarkerBands(*painter, area, m_markers, m_first, m_last, signalPlotInk(m_print).background,
                     [this](double frame) { return sceneXOfValue(frame); });
    painter->restore();
}

void SignalPlot::paintOver(QPainter* painter) {
    const QRectF area = scenePlotArea();
    painter->save();
    if (!m_caption.isEmpty()) {
        // In the strip the margins keep free at the top of the chart (above any legend).
        const QFontMetricsF metrics(m_axisY->titleFont());
        const double top = m_chart->mapToScene(m_chart->rect().topLeft()).y() + 2.0;
        const QRectF strip(area.left(), top, area.width(), metrics.height());
        painter->setFont(m_axisY->titleFont());
        painter->setPen(signalPlotInk(m_print).text);
        painter->drawText(strip, Qt::AlignLeft | Qt::AlignVCenter,
                          metrics.elidedText(m_caption, Qt::ElideRight, strip.width()));
    }
    if (m_series.empty() || std::all_of(m_series.begin(), m_series.end(),
                                        [](const Series& s) { return std::isnan(s.visibleMin); })) {
        const QString text = m_series.empty()
                                 ? m_placeholder
                                 : tr("No values in frames %1-%2").arg(m_first).arg(m_last);
        painter->setPen(signalPlotInk(m_print).dimText);
        painter->drawText(area.isValid() ? area : QRectF(m_view->rect()), Qt::AlignCenter, text);
    }
    if (m_frameCount > 0 && m_playhead >= m_first && m_playhead <= m_last) {
        const double x = sceneXOfValue(double(m_playhead));
        painter->setRenderHint(QPainter::Antialiasing, false);
        painter->setPen(QPen(kPlayhead, 1.0));
        painter->drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setPen(Qt::NoPen);
        painter->setBrush(kPlayhead);
        painter->drawPolygon(QPolygonF(
            {QPointF(x - 5, area.top()), QPointF(x + 5, area.top()), QPointF(x, area.top() + 6)}));
    }
    painter->restore();
}

void SignalPlot::pressAt(const QPointF& viewportPos) {
    const QPointF scene = m_view->viewportTransform().inverted().map(viewportPos);
    if (m_frameCount <= 0 || !scenePlotArea().adjusted(-3, -3, 3, 3).contains(scene))
        return;
    m_dragging = true;
    m_lastEmitted = -1;
    dragTo(viewportPos);
}

void SignalPlot::dragTo(const QPointF& viewportPos) {
    if (!m_dragging || m_frameCount <= 0)
        return;
    const QPointF scene = m_view->viewportTransform().inverted().map(viewportPos);
    const qint64 frame =
        std::clamp<qint64>(std::llround(valueOfSceneX(scene.x())), 0, m_frameCount - 1);
    if (frame == m_lastEmitted)
        return;
    m_lastEmitted = frame;
    Q_EMIT seekRequested(frame);
}

void SignalPlot::release() {
    m_dragging = false;
    m_lastEmitted = -1;
}

void SignalPlot::wheelAt(const QPointF& viewportPos, int angleDelta, bool pan) {
    if (m_frameCount <= 0)
        return;
    m_wheelAccumulator += angleDelta / 120.0;
    const double notches = m_wheelAccumulator;
    if (std::abs(notches) < 1.0 && !pan)
        return;
    m_wheelAccumulator = 0.0;
    const double span = double(m_last - m_first + 1);
    qint64 first = m_first;
    qint64 last = m_last;
    if (pan) {
        const qint64 shift = std::llround(-notches * span * kPanPerNotch);
        if (shift == 0)
            return;
        const FrameWindow moved = FrameWindow::clamped(first + shift, last + shift, m_frameCount);
        first = moved.first;
        last = moved.last;
    } else {
        const QPointF scene = m_view->viewportTransform().inverted().map(viewportPos);
        const double anchor = std::clamp(valueOfSceneX(scene.x()), double(m_first), double(m_last));
        const double newSpan =
            std::clamp(span * std::pow(1.0 / kZoomPerNotch, notches),
                       double(std::min<qint64>(FrameWindow::kMinVisibleFrames, m_frameCount)),
                       double(m_frameCount));
        const double ratio = (anchor - double(m_first)) / span;
        first = std::llround(anchor - ratio * newSpan);
        last = first + std::llround(newSpan) - 1;
    }
    if (first == m_first && last == m_last)
        return;
    applyRange(first, last);
    Q_EMIT visibleRangeChanged(m_first, m_last);
}

} // namespace fp
