// Widget benchmarks (the timings that used to be asserted in unit tests):
// - tst_signal_plot's: a 200,000-frame series with a bump, a NaN gap and two marker ranges,
//   timed from setSeries() until the SignalPlot widget (Qt Charts) has been grabbed, and the
//   same series drawn by SignalPlotPainter (the report's path) into a QImage (target 1500 ms);
// - tst_timeline's: a 200,000-frame index, setFrameIndex + zoomToAll + grab (target 1000 ms);
// - tst_player_view's: one repaint of a 1080p frame in a 960x540 view, fitted, at the largest
//   zoom, and at the largest zoom with the loupe (target 40 ms each).
// Prints p50/max over the runs against each target.
// Usage: bench_widgets [runs]   (QT_QPA_PLATFORM=offscreen is set for you)

#include "core/media/FrameIndex.h"
#include "widgets/PlayerView.h"
#include "widgets/SignalPlot.h"
#include "widgets/SignalPlotPainter.h"
#include "widgets/Timeline.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QMouseEvent>
#include <QPainter>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <vector>

namespace {

constexpr double kPlotTargetMs = 1500.0;
constexpr double kTimelineTargetMs = 1000.0;
constexpr double kPaintTargetMs = 40.0;

std::vector<double> noisySeries(qint64 frames) {
    std::mt19937 random(7);
    std::normal_distribution<double> noise(0.0, 0.08);
    std::vector<double> values(static_cast<size_t>(frames));
    for (qint64 i = 0; i < frames; ++i) {
        double v = 1.0 + noise(random);
        if (i >= 90000 && i <= 99999)
            v += 1.5 * std::sin(double(i - 90000) / 9999.0 * M_PI);
        values[size_t(i)] =
            i >= 150000 && i <= 150500 ? std::numeric_limits<double>::quiet_NaN() : v;
    }
    return values;
}

void report(const char* what, std::vector<double> ms, double targetMs) {
    std::sort(ms.begin(), ms.end());
    const double p50 = ms[ms.size() / 2];
    std::printf("  %-44s p50 %8.1f ms   max %8.1f ms   (target %.0f ms: %s)\n", what, p50,
                ms.back(), targetMs, ms.back() < targetMs ? "met" : "MISSED");
}

std::shared_ptr<fp::FrameIndex> syntheticIndex(int64_t frames) {
    auto index = std::make_shared<fp::FrameIndex>();
    index->timeBase = {1, 25};
    index->averageFrameRate = {25, 1};
    index->nominalFrameRate = {25, 1};
    index->entries.resize(size_t(frames));
    for (int64_t i = 0; i < frames; ++i) {
        fp::FrameIndexEntry& e = index->entries[size_t(i)];
        e.pts = e.dts = e.decodeOrder = i;
        e.key = i % 250 == 0;
        e.pictureType = e.key ? 'I' : (i % 3 == 0 ? 'P' : 'B');
        e.packetSize = e.key ? 300 : int32_t(100 + i % 50);
    }
    index->declaredFrameCount = frames;
    return index;
}

// setFrameIndex + zoomToAll + grab of a 200,000-frame clip with one track.
double timelineMs() {
    fp::TimelineTrack spike;
    spike.name = QStringLiteral("spike");
    spike.values.assign(200000, 0.0f);
    spike.values[123457] = 1.0f;
    fp::Timeline timeline;
    timeline.resize(1200, timeline.sizeHint().height() + 18);
    timeline.setTrack(spike);
    const auto index = syntheticIndex(200000);
    QElapsedTimer timer;
    timer.start();
    timeline.setFrameIndex(index);
    timeline.zoomToAll();
    const QImage image = timeline.grab().toImage();
    return image.isNull() ? -1.0 : double(timer.nsecsElapsed()) / 1e6;
}

// One repaint of `view`, averaged over 20.
double repaintMs(fp::PlayerView& view) {
    view.repaint();
    QElapsedTimer timer;
    timer.start();
    constexpr int kRuns = 20;
    for (int i = 0; i < kRuns; ++i)
        view.repaint();
    return double(timer.nsecsElapsed()) / 1e6 / kRuns;
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, QByteArray(argv[1]).toInt()) : 5;
    const std::vector<double> values = noisySeries(200000);
    const std::vector<std::pair<qint64, qint64>> marks{{90000, 99999}, {120000, 120001}};

    std::vector<double> widget;
    std::vector<double> painter;
    for (int run = 0; run < runs; ++run) {
        fp::SignalPlot plot;
        plot.resize(1200, 300);
        plot.show();
        if (!QTest::qWaitForWindowExposed(&plot))
            return 1;
        QElapsedTimer timer;
        timer.start();
        plot.setSeries(QStringLiteral("Jitter"), QStringLiteral("IOD"), values, Qt::cyan);
        plot.setMarkers(marks, QColor(230, 90, 70));
        const QImage grabbed = plot.grab().toImage();
        widget.push_back(double(timer.nsecsElapsed()) / 1e6);
        if (grabbed.isNull())
            return 1;

        timer.restart();
        fp::SignalPlotPainter figure(plot.font(), true);
        figure.addSeries({QStringLiteral("Jitter"), QStringLiteral("IOD"), &values, Qt::darkCyan});
        figure.addMarkers({QColor(230, 90, 70), marks});
        QImage image(1200, 300, QImage::Format_RGB32);
        QPainter p(&image);
        figure.paint(p, QSizeF(image.size()));
        p.end();
        painter.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::vector<double> timeline;
    for (int run = 0; run < runs; ++run)
        timeline.push_back(timelineMs());

    QImage frame(1920, 1080, QImage::Format_RGB32);
    for (int y = 0; y < frame.height(); ++y) {
        auto* line = reinterpret_cast<QRgb*>(frame.scanLine(y));
        for (int x = 0; x < frame.width(); ++x)
            line[x] = qRgb(x & 255, y & 255, (x ^ y) & 255);
    }
    fp::PlayerView view;
    view.setFrame(frame, 0);
    view.resize(960, 540);
    view.show();
    if (!QTest::qWaitForWindowExposed(&view))
        return 1;
    std::vector<double> fit;
    std::vector<double> zoomed;
    std::vector<double> loupe;
    for (int run = 0; run < runs; ++run) {
        view.zoomToFit();
        view.setLoupeEnabled(false);
        fit.push_back(repaintMs(view));
        view.setZoom(fp::PlayerView::kMaxZoom, QPointF(480, 270));
        zoomed.push_back(repaintMs(view));
        view.setLoupeEnabled(true);
        QMouseEvent move(QEvent::MouseMove, QPointF(400, 300), view.mapToGlobal(QPointF(400, 300)),
                         Qt::NoButton, Qt::NoButton, Qt::NoModifier);
        QCoreApplication::sendEvent(&view, &move);
        loupe.push_back(repaintMs(view));
    }

    std::printf("%d runs\n", runs);
    report("SignalPlot 200k: setSeries + setMarkers + grab", widget, kPlotTargetMs);
    report("SignalPlotPainter 200k into a 1200x300 QImage", painter, kPlotTargetMs);
    report("Timeline 200k: setFrameIndex + zoomToAll + grab", timeline, kTimelineTargetMs);
    report("PlayerView 1080p repaint, fitted", fit, kPaintTargetMs);
    report("PlayerView 1080p repaint, 1600 %", zoomed, kPaintTargetMs);
    report("PlayerView 1080p repaint, 1600 % with loupe", loupe, kPaintTargetMs);
    return 0;
}
