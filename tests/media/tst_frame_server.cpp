// FrameServer and FrameCache: stepping both ways is exact; backward steps decode a GOP once
// and are then served from the cache (not a seek per step); the byte budget holds; async
// requests answer through frameReady.

#include "core/media/FrameServer.h"
#include "tests/TestSupport.h"

#include <QSignalSpy>
#include <QtTest>

using namespace fp;

namespace {

std::shared_ptr<const FrameIndex> indexOf(const QString& name) {
    auto index = buildFrameIndex(test::fixture(name));
    return index ? std::make_shared<const FrameIndex>(std::move(index).value()) : nullptr;
}

} // namespace

class TestFrameServer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void backwardStepsUseTheCache() {
        const QString name = QStringLiteral("gop250_h264.mp4");
        const QStringList golden = test::goldenFrameMd5(name);
        auto server = FrameServer::open(test::fixture(name), indexOf(name));
        QVERIFY(server.ok());
        // 599 down to 300 crosses one keyframe (500): about two GOP decodes, not 300 seeks.
        for (int64_t i = 599; i >= 300; --i) {
            auto frame = (*server)->frame(i);
            QVERIFY2(frame.ok(), qPrintable(QString::number(i)));
            QCOMPARE((*frame)->index(), i);
            QCOMPARE(test::md5Hex((*frame)->packedPixels()), golden.at(int(i)));
        }
        const DecoderStats stats = (*server)->stats();
        QVERIFY2(stats.seeks <= 4, qPrintable(QStringLiteral("%1 seeks").arg(stats.seeks)));
        QVERIFY2(stats.framesDecoded < 700, qPrintable(QString::number(stats.framesDecoded)));
    }

    void forwardStepsAreSequential() {
        const QString name = QStringLiteral("bframes_h264.mp4");
        const QStringList golden = test::goldenFrameMd5(name);
        auto server = FrameServer::open(test::fixture(name), indexOf(name));
        QVERIFY(server.ok());
        for (int64_t i = 0; i < (*server)->index().size(); ++i) {
            auto frame = (*server)->frame(i);
            QVERIFY(frame.ok());
            QCOMPARE(test::md5Hex((*frame)->packedPixels()), golden.at(int(i)));
        }
        QVERIFY((*server)->stats().seeks <= 1);
    }

    void randomSeeksAreExact() {
        const QString name = QStringLiteral("ntsc.mkv");
        const QStringList golden = test::goldenFrameMd5(name);
        auto server = FrameServer::open(test::fixture(name), indexOf(name));
        QVERIFY(server.ok());
        for (int64_t i : {80, 3, 45, 89, 0, 46, 44, 60, 12}) {
            auto frame = (*server)->frame(i);
            QVERIFY(frame.ok());
            QCOMPARE(test::md5Hex((*frame)->packedPixels()), golden.at(int(i)));
        }
    }

    void cacheStaysWithinBudget() {
        const QString name = QStringLiteral("gop250_h264.mp4");
        auto index = indexOf(name);
        FrameServerOptions options;
        // 320x180 yuv420p is about 86 KB a frame: a 2 MB budget holds a couple of dozen.
        options.cacheBudgetBytes = 2 << 20;
        auto server = FrameServer::open(test::fixture(name), index, options);
        QVERIFY(server.ok());
        for (int64_t i = 0; i < 200; i += 3) {
            QVERIFY((*server)->frame(i).ok());
            QVERIFY((*server)->cache().bytes() <= options.cacheBudgetBytes);
        }
        QVERIFY((*server)->cache().frameCount() > 5);
        // Frames near the playhead survive eviction.
        QVERIFY((*server)->cached(198));
        QVERIFY(!(*server)->cached(0));
    }

    void cacheEvictsFarthestFirst() {
        auto index = indexOf(QStringLiteral("cfr_h264.mp4"));
        auto decoder = VideoDecoder::open(test::fixture(QStringLiteral("cfr_h264.mp4")), index);
        QVERIFY(decoder.ok());
        std::vector<VideoFramePtr> frames;
        for (int i = 0; i < 10; ++i)
            frames.push_back((*decoder)->decodeNext().value());
        const int64_t frameBytes = frames.front()->byteSize();
        FrameCache cache(frameBytes * 5);
        cache.setFocus(5, -1); // moving backward from 5
        for (const VideoFramePtr& f : frames)
            cache.insert(f);
        QVERIFY(cache.bytes() <= frameBytes * 5);
        // Ahead of a backward move (lower indices) is kept over behind it.
        QVERIFY(cache.contains(5));
        QVERIFY(cache.contains(4));
        QVERIFY(cache.contains(2));
        QVERIFY(!cache.contains(9));
    }

    void asyncRequestsAnswerWithTheFrame() {
        const QString name = QStringLiteral("cfr_h264.mp4");
        const QStringList golden = test::goldenFrameMd5(name);
        auto server = FrameServer::open(test::fixture(name), indexOf(name));
        QVERIFY(server.ok());
        QSignalSpy ready(server->get(), &FrameServer::frameReady);
        QSignalSpy failed(server->get(), &FrameServer::frameFailed);
        (*server)->request(60);
        QVERIFY(ready.wait(5000));
        auto frame = ready.first().first().value<VideoFramePtr>();
        QCOMPARE(frame->index(), int64_t(60));
        QCOMPARE(test::md5Hex(frame->packedPixels()), golden.at(60));
        QVERIFY(ready.first().at(1).value<QImage>().isNull());
        (*server)->request(1000);
        QVERIFY(failed.count() == 1 || failed.wait(2000));
    }

    void displayImagesAreMadeOnTheDecoderThread() {
        const QString name = QStringLiteral("av_sync.mp4");
        FrameServerOptions options;
        options.convertForDisplay = true;
        auto server = FrameServer::open(test::fixture(name), indexOf(name), options);
        QVERIFY(server.ok());
        QSignalSpy ready(server->get(), &FrameServer::frameReady);
        (*server)->request(25); // the white frame
        QVERIFY(ready.wait(5000));
        const QImage image = ready.first().at(1).value<QImage>();
        QCOMPARE(image.size(), QSize(320, 240));
        QVERIFY(qGray(image.pixel(10, 10)) > 240);
        // A cached frame is converted too.
        (*server)->request(25);
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 5000);
        QVERIFY(!ready.at(1).at(1).value<QImage>().isNull());
    }

    void steppingBackwardPrefetchesTheGopBefore() {
        const QString name = QStringLiteral("gop250_h264.mp4");
        auto server = FrameServer::open(test::fixture(name), indexOf(name));
        QVERIFY(server.ok());
        QVERIFY((*server)->frame(300).ok());
        QVERIFY((*server)->frame(299).ok()); // moving backward, 49 frames above keyframe 250
        // The GOP 0..249 is decoded in the background before the playhead reaches it.
        QTRY_VERIFY_WITH_TIMEOUT((*server)->cached(249) != nullptr, 10000);
        QVERIFY((*server)->cached(0) != nullptr);
        const int64_t seeks = (*server)->stats().seeks;
        for (int64_t i = 298; i >= 200; --i)
            QVERIFY((*server)->frame(i).ok());
        QCOMPARE((*server)->stats().seeks, seeks); // all served from the cache
    }

    void prefetchFillsAheadWhenSteppingForward() {
        const QString name = QStringLiteral("gop250_h264.mp4");
        FrameServerOptions options;
        options.prefetchAhead = 8;
        auto server = FrameServer::open(test::fixture(name), indexOf(name), options);
        QVERIFY(server.ok());
        QVERIFY((*server)->frame(100).ok());
        QVERIFY((*server)->frame(101).ok());
        QTRY_VERIFY_WITH_TIMEOUT((*server)->cached(109) != nullptr, 5000);
    }
};

QTEST_GUILESS_MAIN(TestFrameServer)
#include "tst_frame_server.moc"
