// SignalPlot: min/max decimation (point budget per pixel, every column's extremes kept, NaN
// gaps drawn as gaps), y auto-scaling, click-to-seek through the chart's own mapping, a playhead
// that moves without rebuilding the series, the legend, and a 200k-frame sanity bound.
// Ctrl+wheel zooms, the plain wheel scrolls the scroll area around the plot. FrameAxisGroup:
// frame N at the same x on the Timeline and on the plots under it, at every zoom.
// FindingsView: rows, click to seek, numeric and severity sorting, placeholders, the detail.
// Set FRAMEPROOF_SCREENSHOTS=DIR to write PNGs of both widgets there.

#include "core/analysis/AnalysisResult.h"
#include "core/media/FrameIndex.h"
#include "widgets/FindingsView.h"
#include "widgets/FrameAxisGroup.h"
#include "widgets/LipSyncPanel.h"
#include "widgets/SignalPlot.h"
#include "widgets/Timeline.h"

#include <QChart>
#include <QChartView>
#include <QDir>
#include <QHeaderView>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QScrollArea>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QValueAxis>
#include <QtTest/qtestspontaneevent.h>
#include <QtTest>

#include <cmath>
#include <limits>
#include <random>

using namespace fp;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Deterministic noise around 1.0, a bump in [bumpFirst, bumpLast], NaN in [gapFirst, gapLast].
std::vector<double> noisySeries(qint64 frames, qint64 bumpFirst, qint64 bumpLast, qint64 gapFirst,
                                qint64 gapLast, unsigned seed = 7) {
    std::mt19937 random(seed);
    std::normal_distribution<double> noise(0.0, 0.08);
    std::vector<double> values(static_cast<size_t>(frames));
    for (qint64 i = 0; i < frames; ++i) {
        double v = 1.0 + noise(random);
        if (i >= bumpFirst && i <= bumpLast) {
            const double t =
                double(i - bumpFirst) / double(std::max<qint64>(1, bumpLast - bumpFirst));
            v += 1.5 * std::sin(t * M_PI);
        }
        values[size_t(i)] = (i >= gapFirst && i <= gapLast) ? kNaN : v;
    }
    return values;
}

// Every point the chart holds, over all its series.
QList<QPointF> allPoints(QChart* chart) {
    QList<QPointF> points;
    for (QAbstractSeries* series : chart->series()) {
        if (auto* xy = qobject_cast<QXYSeries*>(series))
            points << xy->points();
    }
    return points;
}

QList<QLineSeries*> lineSeries(QChart* chart) {
    QList<QLineSeries*> lines;
    for (QAbstractSeries* series : chart->series()) {
        if (series->type() == QAbstractSeries::SeriesTypeLine)
            lines << static_cast<QLineSeries*>(series);
    }
    return lines;
}

// Viewport position of a value, through the chart's own mapping.
QPoint viewportPosOf(SignalPlot& plot, const QPointF& value) {
    const QPointF inChart = plot.chart()->mapToPosition(value);
    return plot.chartView()->mapFromScene(plot.chart()->mapToScene(inChart));
}

void settle() {
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents();
}

bool isPlayheadColour(const QColor& c) {
    return c.red() > 200 && c.green() > 120 && c.green() < 200 && c.blue() < 80;
}

// Whether the image column at widget x (any of x-1..x+1) shows the playhead colour inside the
// plot area.
bool playheadAt(const SignalPlot& plot, const QImage& image, double x) {
    const QRectF area = plot.chart()->plotArea();
    const qreal dpr = image.devicePixelRatio();
    int hits = 0;
    for (int dx = -1; dx <= 1; ++dx) {
        for (int y = int(area.top()) + 10; y < int(area.bottom()) - 2; ++y) {
            if (isPlayheadColour(image.pixelColor(int((x + dx) * dpr), int(y * dpr))))
                ++hits;
        }
    }
    return hits > area.height() / 2;
}

QString screenshotDir() {
    return QString::fromLocal8Bit(qgetenv("FRAMEPROOF_SCREENSHOTS"));
}

void saveScreenshot(QWidget& widget, const QString& name) {
    const QString dir = screenshotDir();
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
}

} // namespace

class TestSignalPlot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decimateKeepsEveryColumnsExtremes();
    void decimateBreaksAtGaps();
    void chartGetsAtMostTwoPointsPerPixel();
    void yAxisFollowsVisibleData();
    void clickSeeksToFrameUnderCursor();
    void playheadMovesWithoutRebuildingSeries();
    void wheelZoomsAroundCursor();
    void plainWheelScrollsTheParent();
    void framesLineUpWithTimeline();
    void legendOnlyForSeveralSeries();
    void largeSeriesIsQuick();
    void screenshotPlot();

    void findingsRowsMatch();
    void findingsClickSeeks();
    void findingsSortNumerically();
    void findingsPlaceholders();
    void screenshotFindings();
};

void TestSignalPlot::decimateKeepsEveryColumnsExtremes() {
    const qint64 frames = 200000;
    std::vector<double> values = noisySeries(frames, 5000, 5999, -1, -1);
    values[123457] = 50.0; // one-frame spike
    values[77777] = -40.0; // one-frame dip
    const qint64 first = 1000;
    const qint64 last = 190000;
    const int columns = 700;
    const DecimatedSeries decimated = decimateMinMax(values, first, last, columns);

    QVERIFY(decimated.pointCount() <= size_t(2 * columns + 2));
    QCOMPARE(decimated.minY, -40.0);
    QCOMPARE(decimated.maxY, 50.0);

    QList<QPointF> points = decimated.dots;
    for (const QList<QPointF>& segment : decimated.segments)
        points << segment;
    // Each column's minimum and maximum appear, at their own frames.
    const qint64 n = last - first + 1;
    for (qint64 i = 0; i < columns; ++i) {
        const qint64 begin = first + i * n / columns;
        const qint64 end = first + (i + 1) * n / columns;
        qint64 minFrame = begin;
        qint64 maxFrame = begin;
        for (qint64 f = begin; f < end; ++f) {
            if (values[size_t(f)] < values[size_t(minFrame)])
                minFrame = f;
            if (values[size_t(f)] > values[size_t(maxFrame)])
                maxFrame = f;
        }
        QVERIFY2(points.contains(QPointF(double(minFrame), values[size_t(minFrame)])),
                 qPrintable(QStringLiteral("column %1 lost its minimum").arg(i)));
        QVERIFY2(points.contains(QPointF(double(maxFrame), values[size_t(maxFrame)])),
                 qPrintable(QStringLiteral("column %1 lost its maximum").arg(i)));
    }
    QVERIFY(points.contains(QPointF(123457.0, 50.0)));
    QVERIFY(points.contains(QPointF(77777.0, -40.0)));
    // Points run in frame order, so the line never doubles back.
    for (const QList<QPointF>& segment : decimated.segments) {
        for (qsizetype i = 1; i < segment.size(); ++i)
            QVERIFY(segment[i].x() > segment[i - 1].x());
    }
    // Zoomed in past one frame per column, every frame is a point.
    const DecimatedSeries close = decimateMinMax(values, 100, 199, 700);
    QCOMPARE(close.segments.size(), size_t(1));
    QCOMPARE(close.segments.front().size(), qsizetype(102)); // 100 frames + one each side
    QCOMPARE(close.segments.front().front(), QPointF(99.0, values[99]));
}

void TestSignalPlot::decimateBreaksAtGaps() {
    std::vector<double> values(100, 1.0);
    for (int i = 0; i < 100; ++i)
        values[size_t(i)] = double(i % 7);
    for (int i = 20; i < 30; ++i) // a gap
        values[size_t(i)] = kNaN;
    values[50] = kNaN;                                    // a one-frame hole
    values[70] = kNaN;                                    // a lone value at 71
    values[72] = std::numeric_limits<double>::infinity(); // not a value either

    const DecimatedSeries d = decimateMinMax(values, 0, 99, 1000);
    QCOMPARE(d.segments.size(), size_t(4)); // 0-19, 30-49, 51-69, 73-99
    QCOMPARE(d.segments[0].front().x(), 0.0);
    QCOMPARE(d.segments[0].back().x(), 19.0);
    QCOMPARE(d.segments[1].front().x(), 30.0);
    QCOMPARE(d.segments[1].back().x(), 49.0);
    QCOMPARE(d.segments[2].front().x(), 51.0);
    QCOMPARE(d.segments[3].front().x(), 73.0);
    QCOMPARE(d.dots.size(), qsizetype(1));
    QCOMPARE(d.dots.front(), QPointF(71.0, values[71]));

    // Coarser than a frame per column: a column that straddles the hole at 50 still may not
    // be joined across the 10-frame gap.
    const DecimatedSeries coarse = decimateMinMax(values, 0, 99, 20);
    for (const QList<QPointF>& segment : coarse.segments) {
        QVERIFY(!(segment.front().x() < 20.0 && segment.back().x() >= 30.0));
        for (const QPointF& p : segment)
            QVERIFY(p.x() < 20.0 || p.x() >= 30.0);
    }
    // All missing: nothing at all, and no y range.
    const DecimatedSeries none = decimateMinMax(std::vector<double>(50, kNaN), 0, 49, 10);
    QCOMPARE(none.pointCount(), size_t(0));
    QVERIFY(std::isnan(none.minY));
}

void TestSignalPlot::chartGetsAtMostTwoPointsPerPixel() {
    SignalPlot plot;
    plot.resize(900, 260);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));

    const qint64 frames = 200000;
    std::vector<double> values = noisySeries(frames, 40000, 41000, 150000, 159999);
    values[123457] = 9.0; // one-frame spike
    plot.setSeries(QStringLiteral("Landmark jitter"), QStringLiteral("IOD"), values,
                   QColor(90, 180, 250));
    settle();

    const QRectF area = plot.chart()->plotArea();
    QVERIFY(area.width() > 500);
    const QList<QPointF> points = allPoints(plot.chart());
    QVERIFY2(
        points.size() <= 2 * int(std::ceil(area.width())) + 2,
        qPrintable(QStringLiteral("%1 points for %2 px").arg(points.size()).arg(area.width())));
    QVERIFY(points.size() > int(area.width())); // and it is not starved either
    QVERIFY(points.contains(QPointF(123457.0, 9.0)));
    // The global minimum survives too.
    qint64 minFrame = 0;
    for (qint64 i = 0; i < frames; ++i) {
        if (!std::isnan(values[size_t(i)]) && values[size_t(i)] < values[size_t(minFrame)])
            minFrame = i;
    }
    QVERIFY(points.contains(QPointF(double(minFrame), values[size_t(minFrame)])));
    // The NaN region yields no points, and no line crosses it.
    for (const QPointF& p : points)
        QVERIFY2(p.x() < 150000.0 || p.x() > 159999.0, qPrintable(QString::number(p.x())));
    for (QLineSeries* line : lineSeries(plot.chart())) {
        if (line->count() == 0)
            continue;
        QVERIFY(!(line->at(0).x() < 150000.0 && line->at(line->count() - 1).x() > 159999.0));
    }
    // Still within budget when the plot is narrower (decimation is redone on resize).
    plot.resize(500, 260);
    settle();
    const double narrow = plot.chart()->plotArea().width();
    QVERIFY(narrow < area.width());
    QVERIFY(allPoints(plot.chart()).size() <= 2 * int(std::ceil(narrow)) + 2);
    QVERIFY(allPoints(plot.chart()).contains(QPointF(123457.0, 9.0)));
}

void TestSignalPlot::yAxisFollowsVisibleData() {
    SignalPlot plot;
    plot.resize(800, 260);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    const std::vector<double> values = noisySeries(2000, 1000, 1099, 1500, 1599);
    plot.setSeries(QStringLiteral("EAR"), QString(), values, Qt::green);
    settle();
    auto* axisY = qobject_cast<QValueAxis*>(plot.chart()->axes(Qt::Vertical).value(0));
    auto* axisX = qobject_cast<QValueAxis*>(plot.chart()->axes(Qt::Horizontal).value(0));
    QVERIFY(axisY && axisX);
    const auto check = [&](qint64 first, qint64 last) {
        double low = 1e9;
        double high = -1e9;
        for (qint64 i = first; i <= last; ++i) {
            if (!std::isnan(values[size_t(i)])) {
                low = std::min(low, values[size_t(i)]);
                high = std::max(high, values[size_t(i)]);
            }
        }
        QVERIFY(axisY->min() < low && axisY->max() > high);
        QVERIFY((axisY->max() - axisY->min()) < 1.25 * (high - low)); // a little margin only
        // Frame f spans [f - 0.5, f + 0.5), as on the Timeline.
        QCOMPARE(axisX->min(), double(first) - 0.5);
        QCOMPARE(axisX->max(), double(last) + 0.5);
    };
    check(0, 1999);
    plot.setVisibleRange(200, 700); // noise only: the axis closes in
    QCOMPARE(plot.visibleFirst(), qint64(200));
    QCOMPARE(plot.visibleLast(), qint64(700));
    check(200, 700);
    QVERIFY(axisY->max() < 2.0);
    for (const QPointF& p : allPoints(plot.chart()))
        QVERIFY(p.x() >= 199.0 && p.x() <= 701.0); // the range plus one frame either side
    plot.zoomToAll();
    check(0, 1999);
    QVERIFY(axisY->max() > 2.3); // the bump is back in view
}

void TestSignalPlot::clickSeeksToFrameUnderCursor() {
    SignalPlot plot;
    plot.resize(800, 260);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setSeries(QStringLiteral("Jitter"), QStringLiteral("IOD"),
                   noisySeries(1000, 100, 149, 600, 650), Qt::cyan);
    settle();
    QSignalSpy spy(&plot, &SignalPlot::seekRequested);
    const double framesPerPixel = 1000.0 / plot.chart()->plotArea().width();
    const QPoint at = viewportPosOf(plot, QPointF(500.0, 1.0));
    QTest::mouseClick(plot.chartView()->viewport(), Qt::LeftButton, {}, at);
    QCOMPARE(spy.count(), 1);
    const qint64 frame = spy.takeFirst().at(0).toLongLong();
    QVERIFY2(std::abs(frame - 500) <= std::max(1.0, std::ceil(framesPerPixel)),
             qPrintable(QString::number(frame)));
    QCOMPARE(plot.frameAtX(plot.xOfFrame(500)), qint64(500));

    // Left of the plot area (over the axis labels) is not a seek; the far right clamps.
    QTest::mouseClick(plot.chartView()->viewport(), Qt::LeftButton, {}, QPoint(2, at.y()));
    QCOMPARE(spy.count(), 0);
    const QPoint end = viewportPosOf(plot, QPointF(999.4, 1.0));
    QTest::mouseClick(plot.chartView()->viewport(), Qt::LeftButton, {}, end);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.takeFirst().at(0).toLongLong(), qint64(999));

    // Zoomed in, a click lands on exactly the frame.
    plot.setVisibleRange(480, 520);
    settle();
    QTest::mouseClick(plot.chartView()->viewport(), Qt::LeftButton, {},
                      viewportPosOf(plot, QPointF(507.0, 1.0)));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.takeFirst().at(0).toLongLong(), qint64(507));
}

void TestSignalPlot::playheadMovesWithoutRebuildingSeries() {
    SignalPlot plot;
    plot.resize(800, 260);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setSeries(QStringLiteral("Jitter"), QStringLiteral("IOD"),
                   noisySeries(1000, 100, 149, 600, 650), Qt::cyan);
    settle();
    const QList<QAbstractSeries*> before = plot.chart()->series();
    const QList<QPointF> pointsBefore = allPoints(plot.chart());

    plot.setPlayhead(700);
    QCOMPARE(plot.playhead(), qint64(700));
    QImage image = plot.grab().toImage();
    QVERIFY(playheadAt(plot, image, plot.xOfFrame(700)));
    QVERIFY(!playheadAt(plot, image, plot.xOfFrame(200)));

    plot.setPlayhead(200);
    image = plot.grab().toImage();
    QVERIFY(playheadAt(plot, image, plot.xOfFrame(200)));
    QVERIFY(!playheadAt(plot, image, plot.xOfFrame(700)));

    QCOMPARE(plot.chart()->series(), before);        // the same objects
    QCOMPARE(allPoints(plot.chart()), pointsBefore); // with the same points
}

void TestSignalPlot::wheelZoomsAroundCursor() {
    SignalPlot plot;
    plot.resize(800, 260);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setSeries(QStringLiteral("Jitter"), QStringLiteral("IOD"),
                   noisySeries(10000, 100, 149, 600, 650), Qt::cyan);
    settle();
    QSignalSpy spy(&plot, &SignalPlot::visibleRangeChanged);
    QWidget* viewport = plot.chartView()->viewport();
    const QPoint at = viewportPosOf(plot, QPointF(2500.0, 1.0));
    const double xBefore = plot.xOfFrame(2500);
    for (int i = 0; i < 4; ++i) {
        QWheelEvent wheel(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::ControlModifier, Qt::NoScrollPhase, false);
        QCoreApplication::sendEvent(viewport, &wheel);
    }
    settle();
    QCOMPARE(spy.count(), 4);
    const qint64 span = plot.visibleLast() - plot.visibleFirst() + 1;
    QVERIFY(span < 10000 / 2 && span > 10000 / 4);          // 1.25^4 = 2.44
    QVERIFY(std::abs(plot.xOfFrame(2500) - xBefore) < 2.0); // the frame stayed under the cursor
    const QList<QVariant> last = spy.last();
    QCOMPARE(last.at(0).toLongLong(), plot.visibleFirst());
    QCOMPARE(last.at(1).toLongLong(), plot.visibleLast());
    // Shift+wheel pans by a tenth of the span, without zooming.
    const qint64 first = plot.visibleFirst();
    QWheelEvent pan(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                    Qt::ShiftModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(viewport, &pan);
    QCOMPARE(plot.visibleLast() - plot.visibleFirst() + 1, span);
    QVERIFY(std::abs(plot.visibleFirst() - (first + span / 10)) <= 1);
    // Decimation followed the range.
    for (const QPointF& p : allPoints(plot.chart()))
        QVERIFY(p.x() >= plot.visibleFirst() - 1 && p.x() <= plot.visibleLast() + 1);
}

// Without Ctrl the wheel is the scroll area's: a dock full of plots scrolls instead of a plot
// zooming under the pointer.
void TestSignalPlot::plainWheelScrollsTheParent() {
    QScrollArea area;
    auto* content = new QWidget;
    auto* layout = new QVBoxLayout(content);
    std::vector<SignalPlot*> plots;
    for (int i = 0; i < 3; ++i) {
        auto* plot = new SignalPlot(content);
        plot->setMinimumHeight(200);
        plot->setSeries(QStringLiteral("Jitter"), QStringLiteral("IOD"),
                        noisySeries(1000, 100, 149, 600, 650), Qt::cyan);
        layout->addWidget(plot);
        plots.push_back(plot);
    }
    area.setWidget(content);
    area.setWidgetResizable(true);
    area.resize(700, 250);
    area.show();
    QVERIFY(QTest::qWaitForWindowExposed(&area));
    settle();
    QSignalSpy zoomed(plots[0], &SignalPlot::visibleRangeChanged);
    QWidget* viewport = plots[0]->chartView()->viewport();
    const QPoint at = viewportPosOf(*plots[0], QPointF(500.0, 1.0));
    QCOMPARE(area.verticalScrollBar()->value(), 0);
    QWheelEvent down(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, -120), Qt::NoButton,
                     Qt::NoModifier, Qt::NoScrollPhase, false);
    // As from the window system: QApplication passes an ignored wheel on to the parent only
    // when it is spontaneous.
    QSpontaneKeyEvent::setSpontaneous(&down);
    QApplication::sendEvent(viewport, &down);
    QVERIFY(!down.isAccepted()); // left to the parents
    // The chart view hands it on (QAbstractScrollArea::event does not take wheels), the plot
    // ignores it, and the scroll area scrolls.
    QWheelEvent onArea(QPoint(10, 10), area.viewport()->mapToGlobal(QPoint(10, 10)), QPoint(),
                       QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QWheelEvent onPlot(QPoint(10, 10), plots[0]->mapToGlobal(QPoint(10, 10)), QPoint(),
                       QPoint(0, -120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(plots[0], &onPlot);
    QVERIFY(!onPlot.isAccepted());
    QApplication::sendEvent(area.viewport(), &onArea);
    QVERIFY(area.verticalScrollBar()->value() > 0);
    QCOMPARE(zoomed.count(), 0);
    QCOMPARE(plots[0]->visibleFirst(), qint64(0));
    QCOMPARE(plots[0]->visibleLast(), qint64(999));
    // Ctrl+wheel zooms the plot and leaves the scroll position.
    const int scrolled = area.verticalScrollBar()->value();
    settle();
    const QPoint at2 = viewportPosOf(*plots[0], QPointF(500.0, 1.0));
    QWheelEvent zoom(at2, viewport->mapToGlobal(at2), QPoint(), QPoint(0, 120), Qt::NoButton,
                     Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &zoom);
    QCOMPARE(zoomed.count(), 1);
    QVERIFY(plots[0]->visibleLast() - plots[0]->visibleFirst() + 1 < 1000);
    QCOMPARE(area.verticalScrollBar()->value(), scrolled);
}

namespace {

std::shared_ptr<const FrameIndex> indexOf(qint64 frames) {
    auto index = std::make_shared<FrameIndex>();
    index->timeBase = {1, 25};
    index->nominalFrameRate = {25, 1};
    for (qint64 i = 0; i < frames; ++i) {
        FrameIndexEntry e;
        e.pts = i;
        e.dts = i;
        e.pictureType = i % 25 == 0 ? 'I' : 'P';
        e.key = i % 25 == 0;
        e.packetSize = 1000 + int(i % 7) * 100;
        index->entries.push_back(e);
    }
    return index;
}

// Global x of the centre of a frame on the timeline.
double timelineCentre(const Timeline& timeline, qint64 frame) {
    return timeline.mapToGlobal(QPoint(0, 0)).x() +
           (timeline.xOfFrame(frame) + timeline.xOfFrame(frame + 1)) / 2.0;
}

} // namespace

// An examiner reads down from the timeline: frame N must be at the same x on the plots, with
// the timeline's long track labels and the plots' y-axis labels of different widths, a scroll
// bar in one of the two, and after zooming either.
void TestSignalPlot::framesLineUpWithTimeline() {
    constexpr qint64 kFrames = 300;
    QWidget window;
    auto* column = new QVBoxLayout(&window);
    auto* timeline = new Timeline;
    timeline->setFrameIndex(indexOf(kFrames));
    TimelineTrack track;
    track.name = QStringLiteral("Manipulation heatmap with a long name");
    track.values.assign(kFrames, 0.5f);
    timeline->setTrack(track);
    column->addWidget(timeline);
    auto* scroller = new QScrollArea; // the plots' dock scrolls, the timeline's does not
    scroller->setWidgetResizable(true);
    scroller->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOn);
    auto* plotsBox = new QWidget;
    auto* plotsLayout = new QVBoxLayout(plotsBox);
    plotsLayout->setContentsMargins(0, 0, 0, 0);
    std::vector<SignalPlot*> plots;
    const std::vector<double> scales = {1.0, 12345.0};
    for (double scale : scales) {
        auto* plot = new SignalPlot;
        std::vector<double> values = noisySeries(kFrames, 50, 80, 200, 210);
        for (double& v : values)
            v *= scale;
        plot->setSeries(QStringLiteral("Signal"), QStringLiteral("unit"), values, Qt::cyan);
        plot->setMinimumHeight(150);
        plotsLayout->addWidget(plot);
        plots.push_back(plot);
    }
    scroller->setWidget(plotsBox);
    column->addWidget(scroller);
    auto* lipSync = new LipSyncPanel;
    LipSyncResult result;
    result.fps = 25.0;
    result.audioEnergy.assign(kFrames, -30.0);
    result.mouthOpening.assign(kFrames, 0.2);
    result.speech.assign(kFrames, true);
    lipSync->setResult(result);
    lipSync->setMinimumHeight(200);
    column->addWidget(lipSync);
    FrameAxisGroup group(timeline);
    for (SignalPlot* plot : plots)
        group.addPlot(plot);
    group.addLipSync(lipSync);
    window.resize(1000, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    const auto check = [&](const char* when) {
        for (int i = 0; i < 6; ++i) { // the chart lays out after a posted event
            settle();
            group.align();
        }
        settle();
        for (qint64 frame :
             {timeline->visibleFirst(), (timeline->visibleFirst() + timeline->visibleLast()) / 2,
              timeline->visibleLast()}) {
            const double want = timelineCentre(*timeline, frame);
            for (SignalPlot* plot : plots) {
                const double got = plot->mapToGlobal(QPoint(0, 0)).x() + plot->xOfFrame(frame);
                if (std::abs(got - want) > 1.0)
                    QFAIL(qPrintable(QStringLiteral("%1: frame %2 at x %3 on a plot, %4 on the "
                                                    "timeline")
                                         .arg(QLatin1String(when))
                                         .arg(frame)
                                         .arg(got)
                                         .arg(want)));
            }
            const double lip =
                lipSync->plotWidget()->mapToGlobal(QPoint(0, 0)).x() + lipSync->xOfFrame(frame);
            QVERIFY2(std::abs(lip - want) <= 1.0, when);
        }
        QCOMPARE(plots[0]->visibleFirst(), timeline->visibleFirst());
        QCOMPARE(plots[1]->visibleLast(), timeline->visibleLast());
        QCOMPARE(lipSync->visibleFirst(), timeline->visibleFirst());
    };
    check("whole clip");
    // Ctrl+wheel on the timeline zooms it, and the plots follow.
    const QPoint on(timeline->frameAreaLeft() + 200, 50);
    QWheelEvent zoom(on, timeline->mapToGlobal(on), QPoint(), QPoint(0, 360), Qt::NoButton,
                     Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(timeline, &zoom);
    QVERIFY(timeline->visibleLast() - timeline->visibleFirst() + 1 < kFrames);
    check("zoomed on the timeline");
    // Zooming a plot moves the timeline and the other plot.
    QWidget* viewport = plots[1]->chartView()->viewport();
    const QPoint at = viewportPosOf(*plots[1], QPointF(double(timeline->visibleFirst() + 20), 1.0));
    QWheelEvent zoomPlot(at, viewport->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
                         Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(viewport, &zoomPlot);
    check("zoomed on a plot");
    window.resize(700, 900);
    check("narrower");
}

void TestSignalPlot::legendOnlyForSeveralSeries() {
    SignalPlot plot;
    plot.resize(800, 260);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    // Gaps make several segments per series; the legend must still list each series once.
    plot.setSeries(QStringLiteral("EAR"), QString(), noisySeries(3000, 100, 149, 500, 520),
                   Qt::green);
    settle();
    QVERIFY(!plot.chart()->legend()->isVisible());
    auto* axisY = qobject_cast<QValueAxis*>(plot.chart()->axes(Qt::Vertical).value(0));
    QCOMPARE(axisY->titleText(), QStringLiteral("EAR"));

    std::vector<double> blinks(3000, kNaN);
    for (int i = 1000; i < 1010; ++i)
        blinks[size_t(i)] = 0.2;
    plot.setSeries(QStringLiteral("Blink threshold"), QString(), blinks, Qt::yellow);
    settle();
    QVERIFY(plot.chart()->legend()->isVisible());
    QStringList shown;
    for (QLegendMarker* marker : plot.chart()->legend()->markers()) {
        if (marker->isVisible())
            shown << marker->label();
    }
    QCOMPARE(shown, QStringList({QStringLiteral("EAR"), QStringLiteral("Blink threshold")}));
    QCOMPARE(plot.seriesTitles(), shown);

    // Different units: each legend entry names its own, the axis none.
    plot.setSeries(QStringLiteral("Blink threshold"), QStringLiteral("EAR"), blinks, Qt::yellow);
    shown.clear();
    for (QLegendMarker* marker : plot.chart()->legend()->markers()) {
        if (marker->isVisible())
            shown << marker->label();
    }
    QCOMPARE(shown, QStringList({QStringLiteral("EAR"), QStringLiteral("Blink threshold (EAR)")}));
    QCOMPARE(axisY->titleText(), QString());

    // Replacing by title keeps one entry; removing goes back to no legend.
    plot.setSeries(QStringLiteral("EAR"), QString(), noisySeries(3000, 0, 0, 0, 0), Qt::green);
    QCOMPARE(plot.seriesTitles().size(), 2);
    plot.removeSeries(QStringLiteral("Blink threshold"));
    settle();
    QVERIFY(!plot.chart()->legend()->isVisible());
    plot.clear();
    QVERIFY(plot.chart()->series().isEmpty());
    QCOMPARE(plot.frameCount(), qint64(0));
}

void TestSignalPlot::largeSeriesIsQuick() {
    SignalPlot plot;
    plot.resize(1200, 300);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    // How long this takes is measured by tests/bench/bench_widgets (a benchmark, not a test).
    const std::vector<double> values = noisySeries(200000, 90000, 99999, 150000, 150500);
    plot.setSeries(QStringLiteral("Jitter"), QStringLiteral("IOD"), values, Qt::cyan);
    plot.setMarkers({{90000, 99999}, {120000, 120001}}, QColor(230, 90, 70));
    const QImage image = plot.grab().toImage();
    QVERIFY(!image.isNull());
    // Decimated: at most two points per pixel column of the plot area, and a few edge points.
    QVERIFY(allPoints(plot.chart()).size() <=
            2 * int(std::ceil(plot.chart()->plotArea().width())) + 4);
    plot.setPlayhead(120000);
    settle();
    saveScreenshot(plot, QStringLiteral("signal_plot_200k.png"));
}

void TestSignalPlot::screenshotPlot() {
    SignalPlot plot;
    plot.resize(900, 240);
    plot.show();
    QVERIFY(QTest::qWaitForWindowExposed(&plot));
    plot.setSeries(QStringLiteral("Landmark jitter"), QStringLiteral("IOD"),
                   noisySeries(400, 100, 149, 260, 299), QColor(90, 180, 250));
    plot.setMarkers({{100, 149}}, QColor(230, 90, 70), QStringLiteral("findings"));
    plot.setPlayhead(210);
    settle();
    const QImage image = plot.grab().toImage();
    // The marker shading is painted: no pixel of a column inside the finding shows the plain
    // background, most of a column outside it do.
    const QRectF area = plot.chart()->plotArea();
    const qreal dpr = image.devicePixelRatio();
    const auto backgroundPixels = [&](double x) {
        int count = 0;
        for (int y = int(area.top()) + 6; y < int(area.bottom()) - 1; ++y) {
            if (image.pixelColor(int(x * dpr), int(y * dpr)) == QColor(0x20, 0x20, 0x20))
                ++count;
        }
        return count;
    };
    QCOMPARE(backgroundPixels(plot.xOfFrame(103)), 0);
    QVERIFY(backgroundPixels(plot.xOfFrame(30)) > area.height() / 2);
    saveScreenshot(plot, QStringLiteral("signal_plot.png"));

    // Two series, blinks as markers, a wide zoom-out: the legend and the 1-px markers.
    plot.setSeries(QStringLiteral("Eye aspect ratio"), QString(),
                   noisySeries(400, 300, 310, 20, 24, 11), QColor(120, 220, 120));
    settle();
    saveScreenshot(plot, QStringLiteral("signal_plot_two.png"));

    plot.clear();
    settle();
    saveScreenshot(plot, QStringLiteral("signal_plot_empty.png"));
}

namespace {

std::vector<Finding> sampleFindings() {
    return {
        {QStringLiteral("landmark_jitter"), 1200, 1380, QStringLiteral("high"),
         QStringLiteral("Landmark jitter of the mouth is 3.4 times the clip median while the jaw "
                        "contour stays steady, typical of a blended face region")},
        {QStringLiteral("blink"), 9, 9, QStringLiteral("low"),
         QStringLiteral("No blink for 41 s (typical: every 2-10 s)")},
        {QStringLiteral("lipsync"), 100, 250, QStringLiteral("medium"),
         QStringLiteral("Audio leads the lips by 4 frames here but lags by 1 frame elsewhere")},
        {QStringLiteral("head_pose"), 100, 130, QStringLiteral("high"),
         QStringLiteral("Central face and whole face disagree by 9.5 degrees")},
    };
}

QMap<QString, QString> sampleTitles() {
    return {{QStringLiteral("landmark_jitter"), QStringLiteral("Landmark jitter")},
            {QStringLiteral("blink"), QStringLiteral("Blinks")},
            {QStringLiteral("lipsync"), QStringLiteral("Lip-sync")}};
}

QList<qint64> startFrames(QTreeWidget* tree) {
    QList<qint64> frames;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        frames << tree->topLevelItem(i)->data(0, FindingsView::StartFrameRole).toLongLong();
    return frames;
}

} // namespace

void TestSignalPlot::findingsRowsMatch() {
    FindingsView view;
    view.setFindings(sampleFindings(), sampleTitles());
    QCOMPARE(view.count(), 4);
    QTreeWidget* tree = view.tree();
    // Default order: by frames, numerically.
    QCOMPARE(tree->topLevelItem(0)->text(FindingsView::FramesColumn), QStringLiteral("9"));
    QTreeWidgetItem* lipsync = tree->topLevelItem(2);
    QCOMPARE(lipsync->text(FindingsView::FramesColumn), QStringLiteral("100-250"));
    QCOMPARE(lipsync->text(FindingsView::SignalColumn), QStringLiteral("Lip-sync"));
    QCOMPARE(lipsync->text(FindingsView::SeverityColumn), QStringLiteral("medium"));
    QVERIFY(lipsync->text(FindingsView::ReasonColumn).startsWith(QStringLiteral("Audio leads")));
    QVERIFY(
        lipsync->toolTip(FindingsView::ReasonColumn).contains(QStringLiteral("lags by 1 frame")));
    QVERIFY(lipsync->toolTip(FindingsView::ReasonColumn).contains(QStringLiteral("151 frames")));
    // A signal without a title shows its name; severity is coloured by rank.
    QCOMPARE(tree->topLevelItem(1)->text(FindingsView::SignalColumn), QStringLiteral("head_pose"));
    const QColor high = tree->topLevelItem(1)->foreground(FindingsView::SeverityColumn).color();
    const QColor low = tree->topLevelItem(0)->foreground(FindingsView::SeverityColumn).color();
    QVERIFY(high.red() > high.blue() + 40);
    QVERIFY(low.blue() > low.red() + 40);
    QVERIFY(view.placeholderShown().isEmpty());
}

void TestSignalPlot::findingsClickSeeks() {
    FindingsView view;
    view.resize(700, 220);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setFindings(sampleFindings(), sampleTitles());
    QSignalSpy spy(&view, &FindingsView::seekRequested);
    QTreeWidget* tree = view.tree();
    QTreeWidgetItem* item = tree->topLevelItem(3); // 1200-1380
    const QRect rect = tree->visualItemRect(item);
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, rect.center());
    QVERIFY(spy.count() >= 1); // clicked, and activated where a single click activates
    for (const QList<QVariant>& arguments : spy)
        QCOMPARE(arguments.at(0).toLongLong(), qint64(1200));
    spy.clear();
    // Keyboard: Enter activates the current row.
    tree->setFocus();
    tree->setCurrentItem(tree->topLevelItem(0));
    QTest::keyClick(tree, Qt::Key_Return);
    QVERIFY(spy.count() >= 1);
    QCOMPARE(spy.last().at(0).toLongLong(), qint64(9));
}

void TestSignalPlot::findingsSortNumerically() {
    FindingsView view;
    view.setFindings(sampleFindings(), sampleTitles());
    QTreeWidget* tree = view.tree();
    tree->sortByColumn(FindingsView::FramesColumn, Qt::AscendingOrder);
    QCOMPARE(startFrames(tree), QList<qint64>({9, 100, 100, 1200})); // not "100" < "1200" < "9"
    // Same start: the shorter range first.
    QCOMPARE(tree->topLevelItem(1)->text(FindingsView::FramesColumn), QStringLiteral("100-130"));
    tree->sortByColumn(FindingsView::FramesColumn, Qt::DescendingOrder);
    QCOMPARE(startFrames(tree), QList<qint64>({1200, 100, 100, 9}));
    tree->sortByColumn(FindingsView::SeverityColumn, Qt::DescendingOrder);
    QStringList severities;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        severities << tree->topLevelItem(i)->text(FindingsView::SeverityColumn);
    QCOMPARE(severities, QStringList({QStringLiteral("high"), QStringLiteral("high"),
                                      QStringLiteral("medium"), QStringLiteral("low")}));
    // The header shows the sort.
    QCOMPARE(tree->header()->sortIndicatorSection(), int(FindingsView::SeverityColumn));
}

void TestSignalPlot::findingsPlaceholders() {
    FindingsView view;
    QCOMPARE(view.placeholderShown(), QStringLiteral("No analysis yet"));
    view.setPlaceholder(QStringLiteral("Run an analysis (Ctrl+R)"));
    QCOMPARE(view.placeholderShown(), QStringLiteral("Run an analysis (Ctrl+R)"));
    view.setFindings({}, {});
    QCOMPARE(view.placeholderShown(), QStringLiteral("No findings"));
    view.setFindings(sampleFindings(), sampleTitles());
    QVERIFY(view.placeholderShown().isEmpty());
    view.clear();
    QCOMPARE(view.count(), 0);
    QCOMPARE(view.placeholderShown(), QStringLiteral("Run an analysis (Ctrl+R)"));
}

void TestSignalPlot::screenshotFindings() {
    if (screenshotDir().isEmpty())
        QSKIP("set FRAMEPROOF_SCREENSHOTS to write the PNGs");
    FindingsView view;
    view.resize(760, 200);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setFindings(sampleFindings(), sampleTitles());
    settle();
    saveScreenshot(view, QStringLiteral("findings_view.png"));
    view.setFindings({}, {});
    settle();
    saveScreenshot(view, QStringLiteral("findings_view_empty.png"));
}

QTEST_MAIN(TestSignalPlot)
#include "tst_signal_plot.moc"
