// Plot benchmark (the timing that used to be asserted in tst_signal_plot): a 200,000-frame
// series with a bump, a NaN gap and two marker ranges, timed from setSeries() until the
// SignalPlot widget (Qt Charts) has been grabbed; and the same series drawn by SignalPlotPainter
// (the report's path) into a QImage. Prints p50/max over the runs against the 1500 ms target.
// Usage: bench_widgets [runs]   (QT_QPA_PLATFORM=offscreen is set for you)

#include "widgets/SignalPlot.h"
#include "widgets/SignalPlotPainter.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <random>
#include <vector>

namespace {

constexpr double kTargetMs = 1500.0;

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

void report(const char* what, std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    const double p50 = ms[ms.size() / 2];
    std::printf("  %-44s p50 %8.1f ms   max %8.1f ms   (target %.0f ms: %s)\n", what, p50,
                ms.back(), kTargetMs, ms.back() < kTargetMs ? "met" : "MISSED");
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
    std::printf("200,000 frames, %d runs\n", runs);
    report("SignalPlot setSeries + setMarkers + grab", widget);
    report("SignalPlotPainter into a 1200x300 QImage", painter);
    return 0;
}
