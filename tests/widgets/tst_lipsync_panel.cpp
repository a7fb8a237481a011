// LipSyncPanel: the header states the offset with its sign, unit and direction (or the reason
// for abstaining); a click anywhere over the plots seeks to the frame under it; "Play window"
// asks to play the window under the playhead; the shift moves the drawn audio curve by the
// clip offset; confidence drives the windows' opacity; a 200k-frame result stays quick and is
// drawn with at most two points per pixel.
// Set FRAMEPROOF_SCREENSHOTS=DIR to write PNGs of the panel there.

#include "widgets/LipSyncPanel.h"

#include <QCheckBox>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace fp;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kFps = 25.0;
constexpr qint64 kAudioStart = 20; // no audio before this frame

// `frames` frames at 25 fps: 5 s windows every 1 s, offset +4 in the first half and +10 in the
// second, the first two windows not judged (little speech); audio from frame 20 on, a mouth
// that opens 4 frames before the sound.
LipSyncResult syntheticResult(qint64 frames) {
    LipSyncResult r;
    r.abstained = false;
    r.reason = QStringLiteral("offset +4 frames over 80 % of the speech");
    r.fps = kFps;
    r.maxLagFrames = 25;
    r.offsetFrames = 4;
    r.offsetMs = 160.0;
    r.confidence = 0.42;
    r.firstSpeechFrame = kAudioStart;
    const qint64 length = 125;
    const qint64 hop = 25;
    for (qint64 start = 0; start + length <= frames; start += hop) {
        LipSyncWindow w;
        w.startFrame = start;
        w.endFrame = start + length - 1;
        const bool firstHalf = start + length / 2 < frames / 2;
        w.offsetFrames = firstHalf ? 4 : 10;
        w.judged = start >= 2 * hop;
        w.confidence = w.judged ? 0.1 + 0.5 * double((start / hop) % 5) / 4.0 : 0.0;
        w.speechShare = w.judged ? 0.8 : 0.1;
        r.windows.push_back(w);
    }
    r.audioEnergy.resize(size_t(frames));
    r.mouthOpening.resize(size_t(frames));
    r.speech.resize(size_t(frames));
    r.frameConfidence.assign(size_t(frames), 0.4);
    for (qint64 f = 0; f < frames; ++f) {
        const double phase = 2.0 * M_PI * double(f) / 40.0;
        const double energy = -40.0 + 18.0 * std::sin(phase);
        r.audioEnergy[size_t(f)] = f < kAudioStart ? kNaN : energy;
        r.mouthOpening[size_t(f)] = 0.15 + 0.1 * std::sin(phase + 2.0 * M_PI * 4.0 / 40.0);
        r.speech[size_t(f)] = f >= kAudioStart && energy > -38.0;
    }
    return r;
}

double minimumX(const DecimatedSeries& series) {
    double x = std::numeric_limits<double>::infinity();
    for (const QList<QPointF>& segment : series.segments) {
        for (const QPointF& p : segment)
            x = std::min(x, p.x());
    }
    for (const QPointF& p : series.dots)
        x = std::min(x, p.x());
    return x;
}

void settle() {
    for (int i = 0; i < 3; ++i)
        QCoreApplication::processEvents();
}

void saveScreenshot(QWidget& widget, const QString& name) {
    const QString dir = QString::fromLocal8Bit(qgetenv("FRAMEPROOF_SCREENSHOTS"));
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(widget.grab().save(QDir(dir).filePath(name)));
}

} // namespace

class TestLipSyncPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void headerStatesOffsetAndDirection();
    void clickSeeksToFrameUnderCursor();
    void playWindowPlaysWindowUnderPlayhead();
    void shiftMovesAudioCurve();
    void confidenceDrivesOpacity();
    void abstainedShowsReason();
    void clearGoesBackToPlaceholder();
    void largeResultIsQuick();
};

void TestLipSyncPanel::headerStatesOffsetAndDirection() {
    LipSyncPanel panel;
    LipSyncResult r = syntheticResult(1000);
    panel.setResult(r);
    const QString header = panel.headerText();
    QVERIFY2(header.contains(QStringLiteral("+4 frames (+160 ms)")), qPrintable(header));
    QVERIFY2(header.contains(QStringLiteral("audio after video")), qPrintable(header));
    QVERIFY2(header.contains(QStringLiteral("confidence 0.42")), qPrintable(header));
    QVERIFY2(header.contains(QStringLiteral("34 of 36 windows judged")), qPrintable(header));
    // The windows disagree (+4 then +10): said, since a changing offset is the stronger sign.
    QVERIFY2(header.contains(QStringLiteral("from +4 to +10 frames")), qPrintable(header));
    QVERIFY(panel.shiftCheckBox()->isEnabled());

    r.offsetFrames = -3;
    r.offsetMs = -120.0;
    for (LipSyncWindow& w : r.windows)
        w.offsetFrames = -3;
    panel.setResult(r);
    QVERIFY2(panel.headerText().contains(QStringLiteral("-3 frames (-120 ms), audio before video")),
             qPrintable(panel.headerText()));
    QVERIFY(!panel.headerText().contains(QStringLiteral("vary")));

    r.offsetFrames = 0;
    r.offsetMs = 0.0;
    panel.setResult(r);
    QVERIFY2(panel.headerText().contains(QStringLiteral("0 frames (0 ms), in sync")),
             qPrintable(panel.headerText()));
    r.offsetFrames = 1;
    r.offsetMs = 40.0;
    panel.setResult(r);
    QVERIFY2(panel.headerText().contains(QStringLiteral("+1 frame (+40 ms)")),
             qPrintable(panel.headerText()));
}

void TestLipSyncPanel::clickSeeksToFrameUnderCursor() {
    LipSyncPanel panel;
    panel.resize(1000, 340);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setResult(syntheticResult(1000));
    settle();
    QCOMPARE(panel.frameCount(), qint64(1000));
    QSignalSpy seeks(&panel, &LipSyncPanel::seekRequested);
    QWidget* plots = panel.plotWidget();

    // In the curves plot, in the offsets plot, and at the far edges.
    const struct {
        qint64 frame;
        QRect lane;
    } clicks[] = {{300, panel.curvePlotRect()},
                  {700, panel.offsetPlotRect()},
                  {0, panel.curvePlotRect()},
                  {999, panel.offsetPlotRect()}};
    for (const auto& click : clicks) {
        seeks.clear();
        // The centre of the last frame may round onto the pixel past the plot's edge.
        const QPoint at(std::clamp(int(std::lround(panel.xOfFrame(click.frame))), click.lane.left(),
                                   click.lane.right()),
                        click.lane.center().y());
        QVERIFY(click.lane.contains(at));
        QTest::mouseClick(plots, Qt::LeftButton, Qt::NoModifier, at);
        QCOMPARE(seeks.size(), 1);
        const qint64 frame = seeks.front().front().toLongLong();
        QVERIFY2(std::abs(frame - click.frame) <= 1,
                 qPrintable(QStringLiteral("%1 for %2").arg(frame).arg(click.frame)));
    }
    // A drag keeps seeking, once per frame.
    seeks.clear();
    const int y = panel.curvePlotRect().center().y();
    QTest::mousePress(plots, Qt::LeftButton, Qt::NoModifier, QPoint(int(panel.xOfFrame(100)), y));
    QTest::mouseMove(plots, QPoint(int(panel.xOfFrame(200)), y));
    QTest::mouseRelease(plots, Qt::LeftButton, Qt::NoModifier, QPoint(int(panel.xOfFrame(200)), y));
    QVERIFY(seeks.size() >= 2);
    QVERIFY(std::abs(seeks.back().front().toLongLong() - 200) <= 1);

    // Zoomed, the mapping follows the visible range.
    panel.setVisibleRange(400, 499);
    settle();
    QCOMPARE(panel.visibleFirst(), qint64(400));
    QCOMPARE(panel.frameAtX(panel.xOfFrame(450)), qint64(450));
    seeks.clear();
    QTest::mouseClick(plots, Qt::LeftButton, Qt::NoModifier,
                      QPoint(int(std::lround(panel.xOfFrame(437))), y));
    QCOMPARE(seeks.size(), 1);
    QCOMPARE(seeks.front().front().toLongLong(), qint64(437));
    // The view follows a playhead that leaves it.
    panel.setPlayhead(800);
    QVERIFY(panel.visibleFirst() <= 800 && panel.visibleLast() >= 800);
    QCOMPARE(panel.visibleLast() - panel.visibleFirst(), qint64(99));
}

void TestLipSyncPanel::playWindowPlaysWindowUnderPlayhead() {
    LipSyncPanel panel;
    panel.resize(1000, 340);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setResult(syntheticResult(1000));
    QSignalSpy plays(&panel, &LipSyncPanel::playRangeRequested);

    // Windows [k*25, k*25+124]; of those holding frame 510, k = 18 is centred nearest (512).
    panel.setPlayhead(510);
    QCOMPARE(panel.currentWindow(), 18);
    QVERIFY(panel.playWindowButton()->isEnabled());
    QVERIFY(panel.playWindowButton()->toolTip().contains(QStringLiteral("450–574")));
    QTest::mouseClick(panel.playWindowButton(), Qt::LeftButton);
    QCOMPARE(plays.size(), 1);
    QCOMPARE(plays.front().at(0).toLongLong(), qint64(450));
    QCOMPARE(plays.front().at(1).toLongLong(), qint64(574));

    // A judged window wins over a nearer unjudged one: frame 40 lies in windows 0 and 1 (not
    // judged) only, frame 60 also in window 2 (judged).
    panel.setPlayhead(40);
    QCOMPARE(panel.currentWindow(), 0);
    panel.setPlayhead(60);
    QCOMPARE(panel.currentWindow(), 2);

    // The keyboard shortcut (W) does the same.
    panel.activateWindow();
    if (QTest::qWaitForWindowActive(&panel)) {
        plays.clear();
        QTest::keyClick(&panel, Qt::Key_W);
        QTRY_COMPARE(plays.size(), 1); // a button's shortcut animates a click first
        QCOMPARE(plays.front().at(0).toLongLong(), qint64(50));
        QCOMPARE(plays.front().at(1).toLongLong(), qint64(174));
    }

    // Past the last window there is nothing to play.
    panel.setPlayhead(999);
    QCOMPARE(panel.currentWindow(), 35); // [875, 999]
    LipSyncResult shortWindows = syntheticResult(1000);
    shortWindows.windows.resize(10); // up to frame 349
    panel.setResult(shortWindows);
    QCOMPARE(panel.currentWindow(), -1);
    QVERIFY(!panel.playWindowButton()->isEnabled());
}

void TestLipSyncPanel::shiftMovesAudioCurve() {
    LipSyncPanel panel;
    panel.resize(1000, 340);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setResult(syntheticResult(1000));
    settle();
    QCOMPARE(panel.audioShiftFrames(), 0);
    // At most two frames per pixel column here, so the first audio frame is always drawn.
    QCOMPARE(minimumX(panel.drawnAudio()), double(kAudioStart));
    const double mouthBefore = minimumX(panel.drawnMouth());
    const size_t mouthPoints = panel.drawnMouth().pointCount();

    QTest::mouseClick(panel.shiftCheckBox(), Qt::LeftButton);
    QVERIFY(panel.shiftAudio());
    QCOMPARE(panel.audioShiftFrames(), 4);
    // Audio lags by 4 frames: drawn 4 frames earlier, so the curves line up.
    QCOMPARE(minimumX(panel.drawnAudio()), double(kAudioStart - 4));
    QCOMPARE(minimumX(panel.drawnMouth()), mouthBefore);
    QCOMPARE(panel.drawnMouth().pointCount(), mouthPoints);
    // The audio's peak now sits on the mouth's peak (both sines, the mouth 4 frames ahead).
    const auto peakX = [](const DecimatedSeries& s, double from, double to) {
        double best = -std::numeric_limits<double>::infinity();
        double x = 0.0;
        for (const QList<QPointF>& segment : s.segments) {
            for (const QPointF& p : segment) {
                if (p.x() >= from && p.x() <= to && p.y() > best) {
                    best = p.y();
                    x = p.x();
                }
            }
        }
        return x;
    };
    QVERIFY(std::abs(peakX(panel.drawnAudio(), 400, 440) - peakX(panel.drawnMouth(), 400, 440)) <=
            1.0);
    saveScreenshot(panel, QStringLiteral("lipsync_panel_shifted.png"));

    panel.setShiftAudio(false);
    QCOMPARE(minimumX(panel.drawnAudio()), double(kAudioStart));
}

void TestLipSyncPanel::confidenceDrivesOpacity() {
    LipSyncPanel panel;
    panel.resize(1000, 340);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const LipSyncResult r = syntheticResult(1000);
    panel.setResult(r);
    panel.setPlayhead(0);
    settle();
    const QImage image = panel.plotWidget()->grab().toImage();
    const qreal dpr = image.devicePixelRatio();
    // Sample each window's bar at its centre, on the +10 row (the second half; the dashed clip
    // offset line runs along the +4 row).
    const auto greenAtWindow = [&](int k) {
        const LipSyncWindow& w = r.windows[size_t(k)];
        const qint64 centre = (w.startFrame + w.endFrame + 1) / 2;
        const QPointF at(panel.xOfFrame(centre), panel.yOfOffset(w.offsetFrames));
        return image.pixelColor(int(at.x() * dpr), int(at.y() * dpr)).green();
    };
    // Confidence cycles 0.1, 0.225, 0.35, 0.475, 0.6 with k % 5.
    QCOMPARE(r.windows[19].offsetFrames, 10);
    QVERIFY2(greenAtWindow(19) > greenAtWindow(20) + 60,
             qPrintable(QStringLiteral("%1 vs %2").arg(greenAtWindow(19)).arg(greenAtWindow(20))));
    QVERIFY(greenAtWindow(22) > greenAtWindow(21));
    QVERIFY(greenAtWindow(20) > 40); // the least confident window is still drawn
    saveScreenshot(panel, QStringLiteral("lipsync_panel.png"));
}

void TestLipSyncPanel::abstainedShowsReason() {
    LipSyncPanel panel;
    panel.resize(1000, 340);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    LipSyncResult r;
    r.abstained = true;
    r.reason = QStringLiteral("no speech");
    r.fps = kFps;
    r.audioEnergy.assign(500, -60.0);
    r.mouthOpening.assign(500, 0.1);
    r.speech.assign(500, false);
    panel.setResult(r);
    panel.setPlayhead(100);
    settle();
    QVERIFY2(panel.headerText().contains(QStringLiteral("not assessed: no speech")),
             qPrintable(panel.headerText()));
    QVERIFY(!panel.headerText().contains(QStringLiteral("frames")));
    QVERIFY(!panel.shiftCheckBox()->isEnabled());
    QVERIFY(!panel.playWindowButton()->isEnabled());
    QCOMPARE(panel.audioShiftFrames(), 0);
    // What there is still shows, on the clip's own axis.
    QCOMPARE(panel.frameCount(), qint64(500));
    QVERIFY(panel.drawnAudio().pointCount() > 0);
    saveScreenshot(panel, QStringLiteral("lipsync_panel_abstained.png"));

    r.reason = QStringLiteral("no face");
    r.mouthOpening.assign(500, kNaN);
    panel.setResult(r);
    QVERIFY(panel.headerText().contains(QStringLiteral("no face")));
    QCOMPARE(panel.drawnMouth().pointCount(), size_t(0));

    LipSyncResult noAudio;
    noAudio.reason = QStringLiteral("no audio");
    panel.setResult(noAudio);
    QVERIFY(panel.headerText().contains(QStringLiteral("no audio")));
    QCOMPARE(panel.frameCount(), qint64(0));
    QVERIFY(!panel.grab().isNull());
}

void TestLipSyncPanel::clearGoesBackToPlaceholder() {
    LipSyncPanel panel;
    panel.setPlaceholder(QStringLiteral("Run an analysis (Ctrl+R)"));
    panel.setResult(syntheticResult(1000));
    panel.setPlayhead(500);
    QVERIFY(panel.hasResult());
    QVERIFY(panel.playWindowButton()->isEnabled());
    panel.setShiftAudio(true);
    panel.clear();
    QVERIFY(!panel.hasResult());
    QCOMPARE(panel.headerText(), QStringLiteral("Run an analysis (Ctrl+R)"));
    QCOMPARE(panel.frameCount(), qint64(0));
    QCOMPARE(panel.currentWindow(), -1);
    QVERIFY(!panel.playWindowButton()->isEnabled());
    QVERIFY(!panel.shiftCheckBox()->isEnabled());
    QCOMPARE(panel.audioShiftFrames(), 0);
    QCOMPARE(panel.drawnAudio().pointCount(), size_t(0));
    QSignalSpy seeks(&panel, &LipSyncPanel::seekRequested);
    QTest::mouseClick(panel.plotWidget(), Qt::LeftButton, Qt::NoModifier, QPoint(200, 100));
    QCOMPARE(seeks.size(), 0);
}

void TestLipSyncPanel::largeResultIsQuick() {
    LipSyncPanel panel;
    panel.resize(1200, 340);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const LipSyncResult r = syntheticResult(200000);
    QElapsedTimer timer;
    timer.start();
    panel.setResult(r);
    panel.setPlayhead(120000);
    const QImage image = panel.grab().toImage();
    const qint64 elapsed = timer.elapsed();
    QVERIFY(!image.isNull());
    QVERIFY2(elapsed < 1500, qPrintable(QStringLiteral("%1 ms").arg(elapsed)));
    qInfo("200k-frame setResult + grab: %lld ms", elapsed);
    // Two points per pixel column at most (plus one column beyond each edge).
    const size_t budget = size_t(2 * panel.curvePlotRect().width() + 4);
    QVERIFY2(panel.drawnAudio().pointCount() <= budget,
             qPrintable(QString::number(panel.drawnAudio().pointCount())));
    QVERIFY(panel.drawnMouth().pointCount() <= budget);
    QVERIFY(panel.drawnAudio().pointCount() > 100);

    // Moving the playhead repaints strips and does not redo the decimation. The bound is loose
    // (a shared machine); it catches a paint that costs hundreds of ms, as stroking the dense
    // curve with a wide pen once did.
    const size_t points = panel.drawnAudio().pointCount();
    timer.restart();
    for (qint64 f = 120000; f < 120100; ++f) {
        panel.setPlayhead(f);
        QCoreApplication::processEvents();
    }
    const qint64 stepping = timer.elapsed();
    qInfo("100 playhead moves with their repaints: %lld ms", stepping);
    QVERIFY2(stepping < 5000, qPrintable(QStringLiteral("%1 ms").arg(stepping)));
    QCOMPARE(panel.drawnAudio().pointCount(), points);
    saveScreenshot(panel, QStringLiteral("lipsync_panel_200k.png"));
}

QTEST_MAIN(TestLipSyncPanel)
#include "tst_lipsync_panel.moc"
