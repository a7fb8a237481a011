// The examiner's window, driven as a user would (offscreen): keys move the frame and the
// picture on screen is exactly that frame's; go-to takes frames, timecodes and seconds;
// bookmarks survive reopening; a corrupt file gives one clear error and a usable window.

#include "app/MainWindow.h"
#include "app/Playback.h"
#include "core/analysis/HeatmapStill.h"
#include "core/case/Bookmarks.h"
#include "core/media/VideoDecoder.h"
#include "core/session/ClipSession.h"
#include "tests/TestSupport.h"
#include "widgets/EvidencePanel.h"
#include "widgets/FramePanel.h"
#include "widgets/PlayerView.h"
#include "widgets/SignalPlot.h"
#include "widgets/Timeline.h"

#include <QMessageBox>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace fp;
using fp::app::MainWindow;

namespace {

// The frame `index` of `path` as the media engine decodes and converts it, independently of
// the window.
QImage referenceImage(const QString& path, int64_t index) {
    auto frameIndex = buildFrameIndex(path);
    auto decoder =
        VideoDecoder::open(path, std::make_shared<const FrameIndex>(std::move(frameIndex).value()));
    return (*decoder)->decode(index).value()->toImage();
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_bookmarks;
    QString m_clip = test::fixture(QStringLiteral("gop250_h264.mp4"));
    QStringList m_golden;

    void openAndWait(MainWindow& window, const QString& path) {
        window.openClip(path);
        QTRY_VERIFY_WITH_TIMEOUT(window.session() && window.session()->shownFrame() == 0, 10000);
    }
    void press(MainWindow& window, int key, Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
        QTest::keyClick(window.playerView(), Qt::Key(key), modifiers);
    }
    void expectFrame(MainWindow& window, int64_t frame) {
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->shownFrame(), frame, 10000);
        QCOMPARE(window.playerView()->frameIndex(), frame);
        QCOMPARE(window.framePanel()->field(QStringLiteral("frame")),
                 QStringLiteral("%1 of 600").arg(frame));
        QCOMPARE(window.timeline()->playhead(), frame);
    }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        m_golden = test::goldenFrameMd5(QStringLiteral("gop250_h264.mp4"));
        QCOMPARE(m_golden.size(), 600);
    }

    void keysMoveToTheRightPixels() {
        MainWindow window(m_bookmarks.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        openAndWait(window, m_clip);
        QSignalSpy frames(window.session(), &ClipSession::frameShown);

        press(window, Qt::Key_Right);
        expectFrame(window, 1);
        press(window, Qt::Key_Period);
        expectFrame(window, 2);
        press(window, Qt::Key_Right, Qt::ShiftModifier);
        expectFrame(window, 12);
        press(window, Qt::Key_Down); // next keyframe
        expectFrame(window, 250);
        press(window, Qt::Key_Left); // into the previous GOP: frame N-1 exactly
        expectFrame(window, 249);
        press(window, Qt::Key_Comma);
        expectFrame(window, 248);
        press(window, Qt::Key_Up); // previous keyframe
        expectFrame(window, 0);
        press(window, Qt::Key_End);
        expectFrame(window, 599);
        press(window, Qt::Key_Left, Qt::ShiftModifier);
        expectFrame(window, 589);
        press(window, Qt::Key_Home);
        expectFrame(window, 0);

        // Every frame shown was the decoder's exact frame, and the picture is that frame.
        for (const QList<QVariant>& args : frames) {
            const auto frame = args.at(0).value<VideoFramePtr>();
            QCOMPARE(test::md5Hex(frame->packedPixels()), m_golden.at(int(frame->index())));
        }
        press(window, Qt::Key_Left, Qt::NoModifier); // stays at 0
        press(window, Qt::Key_Right);
        press(window, Qt::Key_Right);
        press(window, Qt::Key_Right);
        expectFrame(window, 3);
        QCOMPARE(window.playerView()->frame().convertToFormat(QImage::Format_RGB32),
                 referenceImage(m_clip, 3).convertToFormat(QImage::Format_RGB32));
    }

    void heldArrowKeysKeepUp() {
        MainWindow window(m_bookmarks.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        openAndWait(window, m_clip);
        // 120 presses without waiting, as auto-repeat does: the window ends on the right frame.
        for (int i = 0; i < 120; ++i)
            press(window, Qt::Key_Right);
        expectFrame(window, 120);
        for (int i = 0; i < 60; ++i)
            press(window, Qt::Key_Left);
        expectFrame(window, 60);
        QCOMPARE(window.playerView()->frame().convertToFormat(QImage::Format_RGB32),
                 referenceImage(m_clip, 60).convertToFormat(QImage::Format_RGB32));
    }

    void goToFrameTimecodeAndSeconds() {
        MainWindow window(m_bookmarks.path());
        window.show();
        openAndWait(window, m_clip);
        QVERIFY(window.goToText(QStringLiteral("321")));
        expectFrame(window, 321);
        QVERIFY(window.goToText(QStringLiteral("00:00:10:05"))); // 30 fps
        expectFrame(window, 305);
        QVERIFY(window.goToText(QStringLiteral("2.5s")));
        expectFrame(window, 75);
        QVERIFY(window.goToText(QStringLiteral("0:12.0")));
        expectFrame(window, 360);
        QVERIFY(!window.goToText(QStringLiteral("frame please")));
        expectFrame(window, 360);
    }

    void bookmarksRoundTrip() {
        {
            MainWindow window(m_bookmarks.path());
            window.show();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            openAndWait(window, m_clip);
            QVERIFY(window.goToText(QStringLiteral("42")));
            expectFrame(window, 42);
            press(window, Qt::Key_M);
            // A range: mark in at 100, out at 130.
            QVERIFY(window.goToText(QStringLiteral("100")));
            expectFrame(window, 100);
            press(window, Qt::Key_I);
            QVERIFY(window.goToText(QStringLiteral("130")));
            expectFrame(window, 130);
            press(window, Qt::Key_O);
            press(window, Qt::Key_M);
            BookmarkModel* model = window.session()->bookmarks();
            QCOMPARE(model->rowCount(), 2);
            QVERIFY(model->setData(model->index(1, BookmarkModel::NoteColumn),
                                   QStringLiteral("lips smear"), Qt::EditRole));
            QVERIFY(model->setData(model->index(1, BookmarkModel::StatusColumn),
                                   int(BookmarkStatus::Warning), Qt::EditRole));
            // Saved once the hash is known.
            QTRY_VERIFY_WITH_TIMEOUT(window.session()->hashes().has_value(), 10000);
        }
        MainWindow again(m_bookmarks.path());
        again.show();
        openAndWait(again, m_clip);
        QTRY_COMPARE_WITH_TIMEOUT(again.session()->bookmarks()->rowCount(), 2, 10000);
        const QVector<Bookmark>& restored = again.session()->bookmarks()->bookmarks();
        QCOMPARE(restored[0].firstFrame, qint64(42));
        QCOMPARE(restored[1].firstFrame, qint64(100));
        QCOMPARE(restored[1].lastFrame, qint64(130));
        QCOMPARE(restored[1].note, QStringLiteral("lips smear"));
        QCOMPARE(restored[1].status, BookmarkStatus::Warning);
    }

    void evidenceDockShowsHashes() {
        MainWindow window(m_bookmarks.path());
        window.show();
        openAndWait(window, m_clip);
        QTRY_COMPARE_WITH_TIMEOUT(
            window.evidencePanel()->valueOf(QStringLiteral("Hashes"), QStringLiteral("SHA-256")),
            test::goldenText(QStringLiteral("gop250_h264.mp4"), QStringLiteral(".sha256")), 10000);
        QCOMPARE(window.evidencePanel()->valueOf(QStringLiteral("Hashes"), QStringLiteral("MD5")),
                 test::goldenText(QStringLiteral("gop250_h264.mp4"), QStringLiteral(".md5")));
        QVERIFY(
            window.evidencePanel()->toJsonText().contains(QStringLiteral("\"frame_count\": 600")));
    }

    void corruptFileLeavesTheWindowUsable() {
        MainWindow window(m_bookmarks.path());
        window.show();
        window.openClip(test::fixture(QStringLiteral("text.mp4")));
        QTRY_VERIFY_WITH_TIMEOUT(window.errorBox() != nullptr, 10000);
        QVERIFY(window.errorBox()->text().contains(QStringLiteral("text.mp4")));
        QVERIFY(!window.errorBox()->isModal() ||
                window.errorBox()->windowModality() != Qt::ApplicationModal);
        QVERIFY(window.session() == nullptr);
        window.errorBox()->close();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        // Still usable: the next clip opens and steps.
        openAndWait(window, m_clip);
        press(window, Qt::Key_Right);
        expectFrame(window, 1);
    }

    void analysisFillsTracksAndOverlays() {
        MainWindow window(m_bookmarks.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        // A 1366x768 laptop screen less the window's title bar.
        window.resize(1366, 738);
        openAndWait(window, QStringLiteral(FRAMEPROOF_FACE_FIXTURES_DEFAULT "/talking_head.mp4"));
        QSignalSpy finished(window.session(), &ClipSession::analysisFinished);
        QSignalSpy progress(window.session(), &ClipSession::analysisProgress);
        QVERIFY(!window.exportReportAction()->isEnabled()); // no analysis yet
        QTest::keyClick(window.playerView(), Qt::Key_R, Qt::ControlModifier);
        QVERIFY(window.session()->analysing());
        QVERIFY(finished.wait(120000));
        QVERIFY(window.exportReportAction()->isEnabled());
        QVERIFY2(finished.first().at(1).toString().isEmpty(),
                 qPrintable(finished.first().at(1).toString()));
        QVERIFY(progress.count() > 10);
        // The analysis adds timeline tracks, plots and the lip-sync panel, yet the window keeps
        // fitting the laptop screen and the picture keeps room.
        QTest::qWait(200);
        QCOMPARE(window.height(), 738);
        QVERIFY2(window.minimumSizeHint().height() <= 738,
                 qPrintable(QString::number(window.minimumSizeHint().height())));
        QVERIFY2(window.playerView()->height() >= 200,
                 qPrintable(QString::number(window.playerView()->height())));
        QVERIFY(window.timeline()->trackNames().contains(QStringLiteral("Landmark jitter")));
        QVERIFY(window.timeline()->trackNames().contains(QStringLiteral("Blinks")));
        QCOMPARE(window.plots().size(), size_t(3));
        QCOMPARE(window.plots()[0]->seriesTitles(), QStringList{QStringLiteral("Landmark jitter")});
        QCOMPARE(window.plots()[2]->seriesTitles(), QStringList{QStringLiteral("Blinks")});
        // The face box and its 68 points are drawn on the frame on screen.
        QVERIFY(window.goToText(QStringLiteral("10")));
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->shownFrame(), qint64(10), 10000);
        const QImage shown = window.playerView()->grab().toImage();
        int green = 0;
        for (int y = 0; y < shown.height(); y += 2)
            for (int x = 0; x < shown.width(); x += 2) {
                const QColor c = shown.pixelColor(x, y);
                green += c.green() > 200 && c.red() < 120 && c.blue() < 160;
            }
        QVERIFY2(green > 50, qPrintable(QString::number(green)));
    }

    // The heatmap the window shows for a frame is the report's still of it: after an analysis,
    // at 1:1 and the default opacity, every visible pixel of the face regions matches
    // blendHeatmap() within 2 levels per channel. FRAMEPROOF_SCREENSHOTS=DIR writes both as PNGs.
    void heatmapOverlayIsTheReportStill() {
        MainWindow window(m_bookmarks.path());
        window.resize(1200, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        const QString clip = QStringLiteral(FRAMEPROOF_FACE_FIXTURES_DEFAULT "/blended_strong.mp4");
        openAndWait(window, clip);
        QTest::keyClick(window.playerView(), Qt::Key_R, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->analysis() && !window.session()->analysing(),
                                 120000);
        const auto output = window.session()->analysis();
        QVERIFY(output);
        const SignalResult* heat = output->result.signal(QStringLiteral("heatmap"));
        QVERIFY(heat && !heat->abstained);
        const int64_t frame = topHeatmapFrames(heat->perFrame, 1).at(0);
        QVERIFY(window.goToText(QString::number(frame)));
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->shownFrame(), qint64(frame), 10000);
        const auto regions = output->maps.at(frame);
        QVERIFY(!regions.empty());
        const QImage still = blendHeatmap(referenceImage(clip, frame), output->maps, frame);

        PlayerView* view = window.playerView();
        const QString shots = qEnvironmentVariable("FRAMEPROOF_SCREENSHOTS");
        if (!shots.isEmpty()) { // for a human to look at: the window's view and the report's still
            QVERIFY(view->grab().save(shots + QStringLiteral("/mw_heatmap_overlay.png")));
            QVERIFY(still.save(shots + QStringLiteral("/mw_heatmap_still.png")));
        }
        view->setOverlayBoxes({}); // boxes and points are drawn over the map: not compared
        view->setOverlayPoints({});
        view->zoomActualSize();
        const QImage shot = view->grab().toImage();
        const QRect legend(view->width() - 230, view->height() - 90, 230, 90);
        int compared = 0;
        int worst = 0;
        for (int y = 0; y < shot.height(); ++y)
            for (int x = 0; x < shot.width(); ++x) {
                const QPointF image = view->imagePointAt(QPointF(x + 0.5, y + 0.5));
                const QPoint pixel(int(std::floor(image.x())), int(std::floor(image.y())));
                const bool inFace =
                    std::any_of(regions.begin(), regions.end(),
                                [&](const FaceMapFrame& e) { return e.region.contains(pixel); });
                if (image.x() < 0 || !inFace || legend.contains(x, y))
                    continue;
                const QRgb a = shot.pixel(x, y);
                const QRgb b = still.pixel(pixel);
                worst = std::max({worst, std::abs(qRed(a) - qRed(b)),
                                  std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b))});
                ++compared;
            }
        qInfo("frame %lld: %d face-region pixels on screen, max channel difference %d",
              qlonglong(frame), compared, worst);
        QVERIFY2(compared > 10000, qPrintable(QString::number(compared)));
        QVERIFY2(worst <= 2, qPrintable(QString::number(worst)));
    }

    void playbackAdvancesAndPauses() {
        MainWindow window(m_bookmarks.path());
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        openAndWait(window, m_clip);
        press(window, Qt::Key_Space);
        QVERIFY(window.playback()->playing());
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->shownFrame() >= 15, 5000);
        press(window, Qt::Key_K);
        QVERIFY(!window.playback()->playing());
        const qint64 stopped = window.session()->requestedFrame();
        QTest::qWait(200);
        QCOMPARE(window.session()->requestedFrame(), stopped);
        // L twice: double speed forward; J: backward.
        press(window, Qt::Key_L);
        press(window, Qt::Key_L);
        QCOMPARE(window.playback()->speed(), 2.0);
        press(window, Qt::Key_J);
        QCOMPARE(window.playback()->speed(), -1.0);
        const qint64 before = window.session()->requestedFrame();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->requestedFrame() < before - 5, 5000);
        press(window, Qt::Key_K);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_main_window.moc"
