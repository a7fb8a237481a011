// FrameWindow (core/util/FrameWindow.h), the visible frame range of the signal and lip-sync
// plots: clamped into the clip, at least kMinVisibleFrames wide, slid back in at either end
// keeping its length, the whole clip when it asks for more.

#include "core/util/FrameWindow.h"

#include <QtTest>

using fp::FrameWindow;

class TestFrameWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void insideIsUnchanged() {
        QCOMPARE(FrameWindow::clamped(100, 199, 1000), (FrameWindow{100, 199}));
        QCOMPARE(FrameWindow::clamped(0, 999, 1000), (FrameWindow{0, 999}));
        QCOMPARE(FrameWindow::clamped(199, 100, 1000), (FrameWindow{100, 199})); // either order
        QCOMPARE(FrameWindow::clamped(100, 199, 1000).span(), int64_t(100));
    }
    void slidesBackInKeepingItsLength() {
        QCOMPARE(FrameWindow::clamped(-30, 69, 1000), (FrameWindow{0, 99}));
        QCOMPARE(FrameWindow::clamped(950, 1049, 1000), (FrameWindow{900, 999}));
    }
    void growsToTheMinimumAroundItsMiddle() {
        QCOMPARE(FrameWindow::kMinVisibleFrames, int64_t(10));
        QCOMPARE(FrameWindow::clamped(500, 500, 1000), (FrameWindow{495, 504}));
        QCOMPARE(FrameWindow::clamped(500, 503, 1000), (FrameWindow{496, 505}));
        QCOMPARE(FrameWindow::clamped(0, 2, 1000), (FrameWindow{0, 9})); // and stays inside
        QCOMPARE(FrameWindow::clamped(998, 999, 1000), (FrameWindow{990, 999}));
    }
    void neverExceedsTheClip() {
        QCOMPARE(FrameWindow::clamped(-5000, 5000, 1000), (FrameWindow{0, 999}));
        QCOMPARE(FrameWindow::clamped(200, 2000, 1000), (FrameWindow{0, 999}));
        // A clip shorter than the minimum: all of it.
        QCOMPARE(FrameWindow::clamped(2, 2, 4), (FrameWindow{0, 3}));
        QCOMPARE(FrameWindow::clamped(0, 0, 1), (FrameWindow{0, 0}));
    }
    void noFramesIsTheEmptyWindow() {
        QCOMPARE(FrameWindow::clamped(10, 20, 0), (FrameWindow{0, 0}));
        QCOMPARE(FrameWindow::clamped(-1, -5, -3), (FrameWindow{0, 0}));
    }
};

QTEST_GUILESS_MAIN(TestFrameWindow)
#include "tst_frame_window.moc"
