// Timeline: frame <-> x mapping over zoom levels, seeking by click and drag, Ctrl+wheel zoom around
// the cursor, playhead follow, what is painted in each lane (read back from grab()), per-column
// max decimation on a 200k-frame index, and tooltips.

#include "core/media/FrameIndex.h"
#include "core/util/TimeFormat.h"
#include "tests/TestSupport.h"
#include "widgets/Timeline.h"

#include <QImage>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace fp;

namespace {

// A synthetic clip: 25 fps, keyframe every `gop` frames, a P/B pattern between, small packets.
std::shared_ptr<FrameIndex> syntheticIndex(int64_t frames, int64_t gop = 250) {
    auto index = std::make_shared<FrameIndex>();
    index->streamIndex = 0;
    index->timeBase = {1, 25};
    index->averageFrameRate = {25, 1};
    index->nominalFrameRate = {25, 1};
    index->entries.resize(size_t(frames));
    for (int64_t i = 0; i < frames; ++i) {
        FrameIndexEntry& e = index->entries[size_t(i)];
        e.pts = i;
        e.dts = i;
        e.decodeOrder = i;
        e.key = i % gop == 0;
        e.pictureType = e.key ? 'I' : (i % 3 == 0 ? 'P' : 'B');
        e.packetSize = e.key ? 300 : int32_t(100 + i % 50);
    }
    index->declaredFrameCount = frames;
    return index;
}

QColor pixelAt(const QImage& image, double x, double y) {
    const qreal dpr = image.devicePixelRatio();
    return image.pixelColor(int(std::floor(x * dpr)), int(std::floor(y * dpr)));
}

bool similar(const QColor& a, const QColor& b, int tolerance = 10) {
    return std::abs(a.red() - b.red()) <= tolerance &&
           std::abs(a.green() - b.green()) <= tolerance &&
           std::abs(a.blue() - b.blue()) <= tolerance;
}

bool reddish(const QColor& c) {
    return c.red() > c.green() + 60 && c.red() > c.blue() + 60;
}
bool greenish(const QColor& c) {
    return c.green() > c.red() + 40 && c.green() > c.blue() + 40;
}

// Height in logical pixels of the packet bar in the pixel column at x: pixels that differ from
// the lane background just under the lane's top separator.
int barHeight(const Timeline& timeline, const QImage& image, double x) {
    const QRect lane = timeline.laneRect(Timeline::Lane::PacketSizes);
    const QColor background = pixelAt(image, x, lane.top() + 1);
    int height = 0;
    for (int y = lane.top() + 1; y <= lane.bottom(); ++y) {
        if (!similar(pixelAt(image, x, y), background, 4))
            ++height;
    }
    return height;
}

double frameCentre(const Timeline& timeline, qint64 frame) {
    return (timeline.xOfFrame(frame) + timeline.xOfFrame(frame + 1)) / 2.0;
}

void sendMouse(QWidget* widget, QEvent::Type type, double x, double y, Qt::MouseButton button,
               Qt::MouseButtons buttons) {
    const QPointF local(x, y);
    QMouseEvent event(type, local, widget->mapToGlobal(local), button, buttons, Qt::NoModifier);
    QApplication::sendEvent(widget, &event);
}

void sendWheel(QWidget* widget, double x, double y, QPoint angle,
               Qt::KeyboardModifiers modifiers = Qt::NoModifier) {
    const QPointF local(x, y);
    QWheelEvent event(local, widget->mapToGlobal(local), QPoint(), angle, Qt::NoButton, modifiers,
                      Qt::NoScrollPhase, false);
    QApplication::sendEvent(widget, &event);
}

} // namespace

class TestTimeline : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        auto index = buildFrameIndex(test::fixture(QStringLiteral("gop250_h264.mp4")));
        QVERIFY2(index.ok(), qPrintable(index.ok() ? QString() : index.error().message));
        QCOMPARE(index->size(), int64_t(600));
        m_gop250 = std::make_shared<const FrameIndex>(std::move(index).value());
    }

    void mappingRoundTripsOverZoom() {
        Timeline timeline;
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setFrameIndex(syntheticIndex(100000));
        QCOMPARE(timeline.visibleFirst(), qint64(0));
        QCOMPARE(timeline.visibleLast(), qint64(99999));

        const std::pair<qint64, qint64> ranges[] = {{0, 9},         {123, 160}, {5000, 5999},
                                                    {40000, 41236}, {0, 99999}, {99990, 99999}};
        for (const auto& [first, last] : ranges) {
            timeline.setVisibleRange(first, last);
            QCOMPARE(timeline.visibleFirst(), first);
            QCOMPARE(timeline.visibleLast(), last);
            const double perFrame = timeline.xOfFrame(first + 1) - timeline.xOfFrame(first);
            const qint64 stride = std::max<qint64>(1, (last - first) / 97);
            for (qint64 f = first; f <= last; f += stride) {
                QCOMPARE(timeline.frameAtX(timeline.xOfFrame(f)), f);
                QCOMPARE(timeline.frameAtX(timeline.xOfFrame(f) + perFrame / 2.0), f);
            }
            QCOMPARE(timeline.frameAtX(timeline.xOfFrame(last + 1) - perFrame / 4.0), last);
            // Left edge at the frame area's start, right edge at the widget's right edge.
            QCOMPARE(timeline.xOfFrame(first),
                     double(timeline.laneRect(Timeline::Lane::Ruler).left()));
            QCOMPARE(timeline.xOfFrame(last + 1), double(timeline.width()));
        }
        // Clamped to the clip.
        timeline.zoomToAll();
        QCOMPARE(timeline.frameAtX(-1e6), qint64(0));
        QCOMPARE(timeline.frameAtX(1e9), qint64(99999));
    }

    void rangeClamps() {
        Timeline timeline;
        timeline.resize(800, timeline.sizeHint().height());
        timeline.setFrameIndex(m_gop250);
        timeline.setVisibleRange(300, 302); // too few: grows to 10 around the middle
        QCOMPARE(timeline.visibleLast() - timeline.visibleFirst() + 1, qint64(10));
        QVERIFY(timeline.visibleFirst() <= 300 && timeline.visibleLast() >= 302);
        timeline.setVisibleRange(-50, 3);
        QCOMPARE(timeline.visibleFirst(), qint64(0));
        QVERIFY(timeline.visibleLast() >= 9);
        timeline.setVisibleRange(595, 700); // beyond the end: shifted inside the clip
        QCOMPARE(timeline.visibleLast(), qint64(599));
        QCOMPARE(timeline.visibleLast() - timeline.visibleFirst() + 1, qint64(106));
        timeline.setVisibleRange(-100, 5000); // more than the clip: the whole clip
        QCOMPARE(timeline.visibleFirst(), qint64(0));
        QCOMPARE(timeline.visibleLast(), qint64(599));
        timeline.setVisibleRange(100, 200);
        timeline.zoomToAll();
        QCOMPARE(timeline.visibleFirst(), qint64(0));
        QCOMPARE(timeline.visibleLast(), qint64(599));
    }

    void clickSeeks() {
        Timeline timeline;
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setFrameIndex(m_gop250);
        timeline.show();
        QVERIFY(QTest::qWaitForWindowExposed(&timeline));
        timeline.setVisibleRange(100, 199);
        QSignalSpy spy(&timeline, &Timeline::seekRequested);
        const QPoint at(int(frameCentre(timeline, 123)),
                        timeline.laneRect(Timeline::Lane::PictureTypes).center().y());
        QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier, at);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<qint64>(), qint64(123));
        // The ruler seeks too.
        spy.clear();
        const QPoint onRuler(int(frameCentre(timeline, 150)), 5);
        QTest::mouseClick(&timeline, Qt::LeftButton, Qt::NoModifier, onRuler);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<qint64>(), qint64(150));
    }

    void dragScrubsWithoutDuplicates() {
        Timeline timeline;
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setFrameIndex(m_gop250);
        timeline.setVisibleRange(0, 99);
        connect(&timeline, &Timeline::seekRequested, &timeline, &Timeline::setPlayhead);
        QSignalSpy spy(&timeline, &Timeline::seekRequested);
        const double y = timeline.laneRect(Timeline::Lane::PacketSizes).center().y();
        const double from = frameCentre(timeline, 10);
        const double to = frameCentre(timeline, 40);
        sendMouse(&timeline, QEvent::MouseButtonPress, from, y, Qt::LeftButton, Qt::LeftButton);
        for (double x = from; x <= to; x += 0.5)
            sendMouse(&timeline, QEvent::MouseMove, x, y, Qt::NoButton, Qt::LeftButton);
        sendMouse(&timeline, QEvent::MouseMove, to, y, Qt::NoButton, Qt::LeftButton);
        sendMouse(&timeline, QEvent::MouseButtonRelease, to, y, Qt::LeftButton, Qt::NoButton);
        QCOMPARE(spy.count(), 31);
        QCOMPARE(spy.first().at(0).value<qint64>(), qint64(10));
        QCOMPARE(spy.last().at(0).value<qint64>(), qint64(40));
        for (int i = 1; i < spy.count(); ++i)
            QVERIFY(spy.at(i).at(0).value<qint64>() > spy.at(i - 1).at(0).value<qint64>());
        QCOMPARE(timeline.playhead(), qint64(40));
        // After the release, moves do not scrub.
        sendMouse(&timeline, QEvent::MouseMove, frameCentre(timeline, 60), y, Qt::NoButton,
                  Qt::NoButton);
        QCOMPARE(spy.count(), 31);
        // Dragging past the right edge clamps to the last visible frame.
        spy.clear();
        sendMouse(&timeline, QEvent::MouseButtonPress, to, y, Qt::LeftButton, Qt::LeftButton);
        sendMouse(&timeline, QEvent::MouseMove, timeline.width() + 300, y, Qt::NoButton,
                  Qt::LeftButton);
        sendMouse(&timeline, QEvent::MouseButtonRelease, timeline.width() + 300, y, Qt::LeftButton,
                  Qt::NoButton);
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(0).value<qint64>(), qint64(99));
    }

    void wheelZoomsAroundCursor() {
        Timeline timeline;
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setFrameIndex(m_gop250);
        const QRect area = timeline.laneRect(Timeline::Lane::PacketSizes);
        const double x = area.left() + area.width() * 0.37 + 0.25;
        const double y = area.center().y();
        const qint64 anchor = timeline.frameAtX(x);
        qint64 span = timeline.visibleLast() - timeline.visibleFirst() + 1;
        QCOMPARE(span, qint64(600));
        // The plain wheel is not the timeline's (its scroll area scrolls): nothing changes.
        QWheelEvent plain(QPointF(x, y), timeline.mapToGlobal(QPointF(x, y)), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(&timeline, &plain);
        QVERIFY(!plain.isAccepted());
        QCOMPARE(timeline.visibleLast() - timeline.visibleFirst() + 1, span);
        for (int notch = 0; notch < 30; ++notch) {
            sendWheel(&timeline, x, y, QPoint(0, 120), Qt::ControlModifier);
            const qint64 now = timeline.visibleLast() - timeline.visibleFirst() + 1;
            QVERIFY(now <= span);
            QVERIFY(now >= 10);
            QCOMPARE(timeline.frameAtX(x), anchor);
            span = now;
        }
        QCOMPARE(span, qint64(10)); // zoom stops at 10 frames

        // Shift+wheel pans by a frame per notch at 10 frames, keeping the zoom.
        const qint64 before = timeline.visibleFirst();
        sendWheel(&timeline, x, y, QPoint(0, -120), Qt::ShiftModifier);
        QCOMPARE(timeline.visibleFirst(), before + 1);
        QCOMPARE(timeline.visibleLast() - timeline.visibleFirst() + 1, qint64(10));
        sendWheel(&timeline, x, y, QPoint(120, 0)); // horizontal wheel pans too
        QCOMPARE(timeline.visibleFirst(), before);

        for (int notch = 0; notch < 40; ++notch)
            sendWheel(&timeline, x, y, QPoint(0, -120), Qt::ControlModifier);
        QCOMPARE(timeline.visibleFirst(), qint64(0)); // zoom out stops at the whole clip
        QCOMPARE(timeline.visibleLast(), qint64(599));
    }

    void playheadScrollsIntoView() {
        Timeline timeline;
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setFrameIndex(m_gop250);
        timeline.setVisibleRange(0, 99);
        timeline.setPlayhead(50); // inside: the view stays
        QCOMPARE(timeline.visibleFirst(), qint64(0));
        timeline.setPlayhead(500); // a jump: shown, zoom kept
        QCOMPARE(timeline.playhead(), qint64(500));
        QVERIFY(timeline.visibleFirst() <= 500 && timeline.visibleLast() >= 500);
        QCOMPARE(timeline.visibleLast() - timeline.visibleFirst() + 1, qint64(100));
        // Frame-stepping through the clip keeps the playhead in view at every step.
        timeline.setVisibleRange(0, 99);
        for (qint64 f = 0; f < 600; ++f) {
            timeline.setPlayhead(f);
            QVERIFY2(timeline.visibleFirst() <= f && f <= timeline.visibleLast(),
                     qPrintable(QString::number(f)));
            QCOMPARE(timeline.visibleLast() - timeline.visibleFirst() + 1, qint64(100));
        }
        for (qint64 f = 599; f >= 0; --f) {
            timeline.setPlayhead(f);
            QVERIFY(timeline.visibleFirst() <= f && f <= timeline.visibleLast());
        }
        timeline.setPlayhead(100000); // clamped to the clip
        QCOMPARE(timeline.playhead(), qint64(599));
    }

    void paintsLanes() {
        Timeline timeline;
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setFrameIndex(m_gop250);
        TimelineTrack track;
        track.name = QStringLiteral("parity");
        track.values.resize(600);
        for (size_t i = 0; i < track.values.size(); ++i)
            track.values[i] = float(i % 2);
        track.values[255] = std::numeric_limits<float>::quiet_NaN();
        timeline.setTrack(track);
        QCOMPARE(timeline.trackNames(), QStringList{QStringLiteral("parity")});
        QVERIFY(timeline.sizeHint().height() >= 22 + 14 + 36 + 14 + 18);
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setVisibleRange(240, 260);

        const FrameIndex& index = *m_gop250;
        QVERIFY(index.at(250).key);
        qint64 bFrame = -1;
        for (qint64 f = 251; f < 260 && bFrame < 0; ++f) {
            if (index.at(f).pictureType == 'B')
                bFrame = f;
        }
        QVERIFY(bFrame > 0);

        const QImage image = timeline.grab().toImage();
        const double typesY = timeline.laneRect(Timeline::Lane::PictureTypes).center().y();
        const QColor keyColor = pixelAt(image, frameCentre(timeline, 250), typesY);
        const QColor bColor = pixelAt(image, frameCentre(timeline, bFrame), typesY);
        QVERIFY2(reddish(keyColor), qPrintable(keyColor.name()));
        QVERIFY2(greenish(bColor), qPrintable(bColor.name()));

        // A keyframe marker sits above the keyframe, none above the B frame.
        const double keyY = timeline.laneRect(Timeline::Lane::Keyframes).top() + 2;
        QVERIFY(pixelAt(image, frameCentre(timeline, 250), keyY).lightness() > 200);
        QVERIFY(pixelAt(image, frameCentre(timeline, bFrame), keyY).lightness() < 80);

        const int keyBar = barHeight(timeline, image, frameCentre(timeline, 250));
        const int bBar = barHeight(timeline, image, frameCentre(timeline, bFrame));
        QVERIFY2(keyBar > bBar, qPrintable(QStringLiteral("%1 vs %2").arg(keyBar).arg(bBar)));
        QVERIFY(keyBar >= 4);

        const double trackY = timeline.laneRect(Timeline::Lane::Track, 0).center().y();
        const QColor low = pixelAt(image, frameCentre(timeline, 250), trackY);
        const QColor high = pixelAt(image, frameCentre(timeline, 251), trackY);
        const QColor none = pixelAt(image, frameCentre(timeline, 255), trackY);
        QVERIFY2(similar(low, track.lowColor), qPrintable(low.name()));
        QVERIFY2(similar(high, track.highColor), qPrintable(high.name()));
        QVERIFY2(!similar(none, track.highColor, 60), qPrintable(none.name()));
        QVERIFY2(!similar(none, track.lowColor, 6), qPrintable(none.name()));

        timeline.removeTrack(QStringLiteral("parity"));
        QVERIFY(timeline.trackNames().isEmpty());
        QVERIFY(!timeline.laneRect(Timeline::Lane::Track, 0).isValid());
    }

    void paintsBookmarksAndPlayhead() {
        Timeline timeline;
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setFrameIndex(m_gop250);
        timeline.setVisibleRange(0, 99);
        timeline.setBookmarks(
            {TimelineMark{20, 30, QColor(40, 200, 220), QStringLiteral("Suspect")}});
        timeline.setPlayhead(60);
        const QImage image = timeline.grab().toImage();
        const double marksY = timeline.laneRect(Timeline::Lane::Bookmarks).center().y();
        const QColor inMark = pixelAt(image, frameCentre(timeline, 25), marksY);
        const QColor outside = pixelAt(image, frameCentre(timeline, 45), marksY);
        QVERIFY2(inMark.blue() > inMark.red() + 60, qPrintable(inMark.name()));
        QVERIFY(outside.blue() < 60);
        // The playhead line runs through every lane at the frame's centre.
        const double x = std::floor(frameCentre(timeline, 60)) + 0.5;
        for (int y : {15, timeline.laneRect(Timeline::Lane::PacketSizes).top() + 3,
                      timeline.laneRect(Timeline::Lane::Bookmarks).center().y()}) {
            const QColor c = pixelAt(image, x, y);
            QVERIFY2(c.red() > 200 && c.green() > 120 && c.blue() < 80, qPrintable(c.name()));
        }
    }

    void decimatesHugeClip() {
        auto index = syntheticIndex(200000);
        const qint64 planted = 123457;
        index->entries[size_t(planted)].packetSize = 1000000;
        TimelineTrack spike;
        spike.name = QStringLiteral("spike");
        spike.values.assign(200000, 0.0f);
        spike.values[size_t(planted)] = 1.0f;

        Timeline timeline;
        timeline.resize(1200, timeline.sizeHint().height() + 18);
        timeline.setTrack(spike);
        // Its time is measured by tests/bench/bench_widgets (target 1 s), not asserted here.
        timeline.setFrameIndex(index);
        timeline.zoomToAll();
        const QImage image = timeline.grab().toImage();

        QCOMPARE(timeline.visibleLast(), qint64(199999));
        const double column = std::floor(timeline.xOfFrame(planted)) + 0.5;
        const int lane = timeline.laneRect(Timeline::Lane::PacketSizes).height();
        QVERIFY2(barHeight(timeline, image, column) >= lane * 3 / 4,
                 qPrintable(QString::number(barHeight(timeline, image, column))));
        QVERIFY(barHeight(timeline, image, std::floor(timeline.xOfFrame(50000)) + 0.5) <= 2);
        // The one-frame spike survives max decimation in the track lane.
        const double trackY = timeline.laneRect(Timeline::Lane::Track, 0).center().y();
        QVERIFY(similar(pixelAt(image, column, trackY), spike.highColor));
        QVERIFY(similar(pixelAt(image, std::floor(timeline.xOfFrame(50000)) + 0.5, trackY),
                        spike.lowColor));
        // Every column with a keyframe is drawn as I in the picture-type strip.
        const double typesY = timeline.laneRect(Timeline::Lane::PictureTypes).center().y();
        QVERIFY(reddish(pixelAt(image, std::floor(timeline.xOfFrame(250 * 300)) + 0.5, typesY)));
    }

    void toolTips() {
        Timeline timeline;
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setFrameIndex(m_gop250);
        TimelineTrack track;
        track.name = QStringLiteral("motion");
        track.values.assign(600, 0.25f);
        track.values[252] = std::numeric_limits<float>::quiet_NaN();
        timeline.setTrack(track);
        timeline.resize(1000, timeline.sizeHint().height());
        timeline.setBookmarks(
            {TimelineMark{245, 246, QColor(Qt::yellow), QStringLiteral("Door opens")}});
        timeline.setVisibleRange(240, 260);

        const FrameIndexEntry& key = m_gop250->at(250);
        const int x = int(frameCentre(timeline, 250));
        const QString frameTip = timeline.toolTipAt(
            QPoint(x, timeline.laneRect(Timeline::Lane::PictureTypes).center().y()));
        QVERIFY2(frameTip.startsWith(QStringLiteral("Frame 250  pts %1  t=").arg(key.pts)),
                 qPrintable(frameTip));
        QVERIFY(frameTip.contains(QStringLiteral("t=") + formatSeconds(m_gop250->secondsAt(250))));
        QVERIFY(frameTip.contains(QStringLiteral("type I  key")));
        QVERIFY(frameTip.contains(QStringLiteral("size %1 bytes").arg(key.packetSize)));

        const int marksY = timeline.laneRect(Timeline::Lane::Bookmarks).center().y();
        QCOMPARE(timeline.toolTipAt(QPoint(int(frameCentre(timeline, 246)), marksY)),
                 QStringLiteral("Door opens"));
        QVERIFY(timeline.toolTipAt(QPoint(int(frameCentre(timeline, 255)), marksY))
                    .startsWith(QStringLiteral("Frame 255")));

        const int trackY = timeline.laneRect(Timeline::Lane::Track, 0).center().y();
        QCOMPARE(timeline.toolTipAt(QPoint(int(frameCentre(timeline, 251)), trackY)),
                 QStringLiteral("motion  frame 251  0.25"));
        QCOMPARE(timeline.toolTipAt(QPoint(int(frameCentre(timeline, 252)), trackY)),
                 QStringLiteral("motion  frame 252  no value"));
        QCOMPARE(timeline.toolTipAt(QPoint(5, trackY)), QStringLiteral("motion"));
    }

    void noClip() {
        Timeline timeline;
        timeline.resize(600, timeline.sizeHint().height());
        timeline.setFrameIndex(m_gop250);
        timeline.setFrameIndex(nullptr);
        QCOMPARE(timeline.frameAtX(300), qint64(-1));
        QVERIFY(timeline.toolTipAt(QPoint(300, 30)).isEmpty());
        QSignalSpy spy(&timeline, &Timeline::seekRequested);
        sendMouse(&timeline, QEvent::MouseButtonPress, 300, 30, Qt::LeftButton, Qt::LeftButton);
        QCOMPARE(spy.count(), 0);
        // "No clip" is written in the middle: some light text pixels there, none at the edges.
        const QImage image = timeline.grab().toImage();
        const QRect area = timeline.laneRect(Timeline::Lane::Ruler);
        int light = 0;
        for (int x = area.left(); x < timeline.width(); ++x) {
            for (int y = 0; y < timeline.height(); ++y) {
                if (pixelAt(image, x, y).lightness() > 120)
                    ++light;
            }
        }
        QVERIFY(light > 20);
    }

    // Writes PNGs for a visual check when FRAMEPROOF_TIMELINE_PNG_DIR is set.
    void screenshots() {
        const QString dir = qEnvironmentVariable("FRAMEPROOF_TIMELINE_PNG_DIR");
        if (dir.isEmpty())
            QSKIP("set FRAMEPROOF_TIMELINE_PNG_DIR to write screenshots");
        Timeline timeline;
        timeline.setFrameIndex(m_gop250);
        TimelineTrack track;
        track.name = QStringLiteral("motion energy");
        track.values.resize(600);
        for (size_t i = 0; i < 600; ++i)
            track.values[i] = (i >= 300 && i < 320) ? std::numeric_limits<float>::quiet_NaN()
                                                    : float(0.5 + 0.5 * std::sin(double(i) / 17.0));
        timeline.setTrack(track);
        TimelineTrack faces;
        faces.name = QStringLiteral("faces");
        faces.values.assign(600, std::numeric_limits<float>::quiet_NaN());
        for (size_t i = 100; i < 180; ++i)
            faces.values[i] = float(i - 100) / 80.0f;
        faces.highColor = QColor(80, 220, 255);
        timeline.setTrack(faces);
        timeline.setBookmarks(
            {TimelineMark{120, 160, QColor(60, 200, 230), QStringLiteral("Door")},
             TimelineMark{247, 247, QColor(240, 200, 80), QStringLiteral("Flash")},
             TimelineMark{252, 256, QColor(200, 120, 255), QStringLiteral("Hand")}});
        timeline.resize(1100, timeline.sizeHint().height());
        timeline.setPlayhead(251);
        timeline.zoomToAll();
        QVERIFY(timeline.grab().save(dir + QStringLiteral("/timeline_out.png")));
        timeline.setVisibleRange(238, 265);
        QVERIFY(timeline.grab().save(dir + QStringLiteral("/timeline_in.png")));
        timeline.setVisibleRange(200, 320);
        QVERIFY(timeline.grab().save(dir + QStringLiteral("/timeline_mid.png")));
        auto big = syntheticIndex(200000);
        big->entries[123457].packetSize = 5000;
        timeline.removeTrack(QStringLiteral("faces"));
        timeline.setFrameIndex(big);
        QVERIFY(timeline.grab().save(dir + QStringLiteral("/timeline_200k.png")));
        timeline.setFrameIndex(nullptr);
        QVERIFY(timeline.grab().save(dir + QStringLiteral("/timeline_empty.png")));
    }

private:
    std::shared_ptr<const FrameIndex> m_gop250;
};

QTEST_MAIN(TestTimeline)
#include "tst_timeline.moc"
