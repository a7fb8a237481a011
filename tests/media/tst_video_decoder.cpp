// VideoDecoder: every frame's pixels equal FFmpeg's framemd5 for that frame, decoded in order,
// at random, and stepping backward; seeks that land late back off.

#include "core/media/VideoDecoder.h"
#include "tests/TestSupport.h"

#include <QtTest>

#include <algorithm>
#include <random>

using namespace fp;

namespace {

std::shared_ptr<const FrameIndex> indexOf(const QString& name) {
    auto index = buildFrameIndex(test::fixture(name));
    if (!index)
        return nullptr;
    return std::make_shared<const FrameIndex>(std::move(index).value());
}

} // namespace

class TestVideoDecoder : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sequentialPixelsMatchFfmpeg_data() { test::addVideoFixtureRows(); }
    void sequentialPixelsMatchFfmpeg() {
        QFETCH(QString, name);
        const QStringList golden = test::goldenFrameMd5(name);
        QCOMPARE(golden.size(), test::goldenCount(name));
        auto index = indexOf(name);
        QVERIFY(index);
        auto decoder = VideoDecoder::open(test::fixture(name), index);
        QVERIFY2(decoder.ok(), qPrintable(decoder.ok() ? QString() : decoder.error().message));
        for (int64_t i = 0; i < index->size(); ++i) {
            auto frame = (*decoder)->decodeNext();
            QVERIFY2(frame.ok(), qPrintable(QStringLiteral("frame %1").arg(i)));
            QCOMPARE((*frame)->index(), i);
            QCOMPARE((*frame)->pts(), index->at(i).pts);
            QCOMPARE(test::md5Hex((*frame)->packedPixels()), golden.at(int(i)));
            QVERIFY(!(*frame)->damaged());
        }
        QVERIFY(!(*decoder)->decodeNext().ok()); // and nothing after the last frame
        QCOMPARE((*decoder)->stats().seeks, int64_t(0));

        // The index-free first frame (shown while the index is built) is the same frame 0.
        auto first = VideoDecoder::decodeFirstFrame(test::fixture(name));
        QVERIFY(first.ok());
        QCOMPARE(test::md5Hex((*first)->packedPixels()), golden.at(0));
    }

    void randomAccessPixelsMatchFfmpeg_data() { test::addVideoFixtureRows(); }
    void randomAccessPixelsMatchFfmpeg() {
        QFETCH(QString, name);
        const QStringList golden = test::goldenFrameMd5(name);
        auto index = indexOf(name);
        QVERIFY(index);
        auto decoder = VideoDecoder::open(test::fixture(name), index);
        QVERIFY(decoder.ok());
        std::vector<int64_t> order(size_t(index->size()));
        std::iota(order.begin(), order.end(), 0);
        std::mt19937 rng(20261126);
        std::shuffle(order.begin(), order.end(), rng);
        order.resize(std::min<size_t>(order.size(), 40));
        order.push_back(index->size() - 1);
        order.push_back(0);
        for (int64_t target : order) {
            auto frame = (*decoder)->decode(target);
            QVERIFY2(frame.ok(),
                     qPrintable(QStringLiteral("frame %1: %2")
                                    .arg(target)
                                    .arg(frame.ok() ? QString() : frame.error().message)));
            QCOMPARE((*frame)->index(), target);
            QCOMPARE(test::md5Hex((*frame)->packedPixels()), golden.at(int(target)));
        }
    }

    void backwardStepsAreExact_data() { test::addVideoFixtureRows(); }
    void backwardStepsAreExact() {
        QFETCH(QString, name);
        const QStringList golden = test::goldenFrameMd5(name);
        auto index = indexOf(name);
        QVERIFY(index);
        auto decoder = VideoDecoder::open(test::fixture(name), index);
        QVERIFY(decoder.ok());
        // Without a cache every backward step decodes from its keyframe; the pixels must still
        // be exactly frame N-1's.
        const int64_t first = std::max<int64_t>(0, index->size() - 40);
        for (int64_t i = index->size() - 1; i >= first; --i) {
            auto frame = (*decoder)->decode(i);
            QVERIFY(frame.ok());
            QCOMPARE(test::md5Hex((*frame)->packedPixels()), golden.at(int(i)));
        }
    }

    void sinkSeesTheWholeGop() {
        const QString name = QStringLiteral("gop250_h264.mp4");
        auto index = indexOf(name);
        auto decoder = VideoDecoder::open(test::fixture(name), index);
        QVERIFY(decoder.ok());
        std::vector<int64_t> seen;
        auto frame =
            (*decoder)->decode(260, [&](const VideoFramePtr& f) { seen.push_back(f->index()); });
        QVERIFY(frame.ok());
        QCOMPARE((*decoder)->stats().seeks, int64_t(1));
        // The seek lands on keyframe 250; frames 250..260 pass through the sink in order.
        std::vector<int64_t> expected(11);
        std::iota(expected.begin(), expected.end(), 250);
        QCOMPARE(seen, expected);
        // Going on within the GOP needs no further seek.
        QVERIFY((*decoder)->decode(270).ok());
        QCOMPARE((*decoder)->stats().seeks, int64_t(1));
        // Jumping over a keyframe seeks.
        QVERIFY((*decoder)->decode(520).ok());
        QCOMPARE((*decoder)->stats().seeks, int64_t(2));
    }

    void abortStopsADecode() {
        const QString name = QStringLiteral("gop250_h264.mp4");
        auto index = indexOf(name);
        auto decoder = VideoDecoder::open(test::fixture(name), index);
        QVERIFY(decoder.ok());
        int frames = 0;
        auto frame = (*decoder)->decode(
            240, [&](const VideoFramePtr&) { ++frames; }, [&] { return frames >= 10; });
        QVERIFY(!frame.ok());
        QCOMPARE(frame.error().kind, Error::Kind::Cancelled);
        QCOMPARE(frames, 10);
        // The decoder is still usable afterwards.
        auto again = (*decoder)->decode(240);
        QVERIFY(again.ok());
        QCOMPARE((*again)->index(), int64_t(240));
    }

    void imageConversion() {
        auto index = indexOf(QStringLiteral("av_sync.mp4"));
        auto decoder = VideoDecoder::open(test::fixture(QStringLiteral("av_sync.mp4")), index);
        QVERIFY(decoder.ok());
        // Frame 25 is full white, frame 24 black (see av_sync.truth).
        auto white = (*decoder)->decode(25);
        QVERIFY(white.ok());
        const QImage image = (*white)->toImage();
        QCOMPARE(image.size(), QSize(320, 240));
        QVERIFY(qGray(image.pixel(160, 120)) > 240);
        auto black = (*decoder)->decode(24);
        QVERIFY(black.ok());
        QVERIFY(qGray((*black)->toImage().pixel(160, 120)) < 16);
    }
};

QTEST_GUILESS_MAIN(TestVideoDecoder)
#include "tst_video_decoder.moc"
