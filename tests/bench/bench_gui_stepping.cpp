// GUI stepping benchmark (issue: the examiner's window): with the window running offscreen,
// 300 consecutive Right presses and 300 Left presses on a clip, each timed from the key press
// until the new frame is in the PlayerView and painted. Prints p50/p95/max per step beside
// the media engine's own step latency (FrameServer::frame) on the same clip in the same run.
// Usage: bench_gui_stepping CLIP [start_frame]   (QT_QPA_PLATFORM=offscreen is set for you)

#include "app/MainWindow.h"
#include "core/media/FrameServer.h"
#include "core/session/ClipSession.h"
#include "widgets/PlayerView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

struct Stats {
    double p50 = 0, p95 = 0, max = 0;
};

Stats summarise(std::vector<double> ms) {
    std::sort(ms.begin(), ms.end());
    auto at = [&](double q) {
        return ms[std::min(ms.size() - 1, size_t(q * double(ms.size() - 1) + 0.5))];
    };
    return Stats{at(0.5), at(0.95), ms.back()};
}

void print(const char* what, const Stats& s) {
    std::printf("  %-34s p50 %7.2f ms   p95 %7.2f ms   max %7.2f ms\n", what, s.p50, s.p95, s.max);
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_gui_stepping CLIP [start_frame]\n");
        return 64;
    }
    const QString clip = QString::fromLocal8Bit(argv[1]);
    const qint64 start = argc > 2 ? QByteArray(argv[2]).toLongLong() : 1000;
    const int steps = 300;

    QTemporaryDir bookmarks;
    fp::app::MainWindow window(bookmarks.path());
    window.resize(1600, 1000);
    window.show();
    if (!QTest::qWaitForWindowActive(&window))
        return 1;
    window.openClip(clip);
    if (!QTest::qWaitFor([&] { return window.session() && window.session()->shownFrame() == 0; },
                         60000)) {
        std::fprintf(stderr, "clip did not open\n");
        return 2;
    }
    const qint64 count = window.session()->frameCount();
    const qint64 first = std::clamp<qint64>(start, 0, count - steps - 1);
    window.session()->goTo(first);
    if (!QTest::qWaitFor([&] { return window.session()->shownFrame() == first; }, 60000))
        return 2;
    QTest::qWait(500); // let prefetch settle, as a user pausing before stepping would

    auto run = [&](int key, int delta) {
        std::vector<double> ms;
        for (int i = 0; i < steps; ++i) {
            const qint64 expected = window.session()->shownFrame() + delta;
            QElapsedTimer timer;
            timer.start();
            QTest::keyClick(window.playerView(), Qt::Key(key));
            while (window.playerView()->frameIndex() != expected)
                QCoreApplication::processEvents(QEventLoop::AllEvents, 1);
            window.playerView()->repaint(); // the paint the user sees
            ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        return ms;
    };
    const std::vector<double> right = run(Qt::Key_Right, 1);
    const std::vector<double> left = run(Qt::Key_Left, -1);

    // The engine alone, same clip, same run: blocking FrameServer::frame() steps.
    auto index = window.session()->index();
    auto server = fp::FrameServer::open(clip, index);
    std::vector<double> engineForward, engineBackward;
    (void)server.value()->frame(first);
    QTest::qWait(500);
    for (qint64 f = first + 1; f <= first + steps; ++f) {
        QElapsedTimer t;
        t.start();
        (void)server.value()->frame(f);
        engineForward.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    for (qint64 f = first + steps - 1; f >= first; --f) {
        QElapsedTimer t;
        t.start();
        (void)server.value()->frame(f);
        engineBackward.push_back(double(t.nsecsElapsed()) / 1e6);
    }

    std::printf("GUI stepping on %s (%lld frames, %dx%d), from frame %lld, %d steps each way\n",
                qPrintable(clip), qlonglong(count), window.playerView()->frame().width(),
                window.playerView()->frame().height(), qlonglong(first), steps);
    print("window: Right (key to painted)", summarise(right));
    print("window: Left (key to painted)", summarise(left));
    print("engine: forward step", summarise(engineForward));
    print("engine: backward step", summarise(engineBackward));
    std::printf(
        "  steps are back-to-back (the next press waits for the previous frame): a held key\n"
        "  at 30 Hz auto-repeat has 33 ms per step.\n");
    return 0;
}
