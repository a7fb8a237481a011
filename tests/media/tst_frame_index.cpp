// FrameIndex: counts equal `ffprobe -count_frames` on every container case; order, keyframes,
// picture types, time conversions and VFR detection are right.

#include "core/media/FrameIndex.h"
#include "tests/TestSupport.h"

#include <QtTest>

using namespace fp;

class TestFrameIndex : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countMatchesFfprobe_data() { test::addVideoFixtureRows(); }
    void countMatchesFfprobe() {
        QFETCH(QString, name);
        auto index = buildFrameIndex(test::fixture(name));
        QVERIFY2(index.ok(), qPrintable(index.ok() ? QString() : index.error().message));
        const int64_t expected = test::goldenCount(name);
        QVERIFY(expected > 0);
        QCOMPARE(index->size(), expected);
        QVERIFY(index->complete);
        QVERIFY(index->damaged.empty());
        // Presentation order: strictly increasing pts; a decoder can start at frame 0.
        for (int64_t i = 1; i < index->size(); ++i)
            QVERIFY2(index->at(i).pts > index->at(i - 1).pts, qPrintable(QString::number(i)));
        // Frame 0 is a keyframe, except where an edit list starts the clip part-way into a GOP.
        if (!name.contains(QStringLiteral("editlist")))
            QVERIFY(index->at(0).key);
        for (const FrameIndexEntry& e : index->entries)
            QVERIFY(e.packetSize > 0);
    }

    void pictureTypesFromParser() {
        auto index = buildFrameIndex(test::fixture(QStringLiteral("bframes_h264.mp4")));
        QVERIFY(index.ok());
        QMap<char, int> counts;
        for (const FrameIndexEntry& e : index->entries)
            counts[e.pictureType]++;
        QCOMPARE(counts.value('?'), 0);
        QVERIFY(counts.value('B') > 30); // three B-frames between references
        QCOMPARE(counts.value('I'), 2);  // GOP 50 over 100 frames
        QCOMPARE(index->keyframes(), (std::vector<int64_t>{0, 50}));
        // Decode order differs from presentation order when B-frames are present.
        bool reordered = false;
        for (int64_t i = 0; i < index->size(); ++i)
            reordered |= index->at(i).decodeOrder != i;
        QVERIFY(reordered);

        auto intra = buildFrameIndex(test::fixture(QStringLiteral("prores.mov")));
        QVERIFY(intra.ok());
        for (const FrameIndexEntry& e : intra->entries) {
            QCOMPARE(e.pictureType, 'I');
            QVERIFY(e.key);
        }
    }

    void longGop() {
        auto index = buildFrameIndex(test::fixture(QStringLiteral("gop250_h264.mp4")));
        QVERIFY(index.ok());
        QCOMPARE(index->keyframes(), (std::vector<int64_t>{0, 250, 500}));
        QCOMPARE(index->keyframeAtOrBefore(499), int64_t(250));
        QCOMPARE(index->keyframeAtOrBefore(500), int64_t(500));
        QCOMPARE(index->keyframeAfter(250), int64_t(500));
        QCOMPARE(index->keyframeAfter(500), int64_t(-1));
    }

    void variableFrameRate() {
        auto vfr = buildFrameIndex(test::fixture(QStringLiteral("vfr_h264.mp4")));
        QVERIFY(vfr.ok());
        QVERIFY(vfr->isVariableFrameRate());
        for (const char* cfr : {"cfr_h264.mp4", "tb1000.mp4", "ntsc.mkv", "gop250_h264.mp4"}) {
            auto index = buildFrameIndex(test::fixture(QString::fromLatin1(cfr)));
            QVERIFY(index.ok());
            QVERIFY2(!index->isVariableFrameRate(), cfr);
        }
    }

    void timestampGapsAreNotAVariableRate() {
        // 25 fps in 1/12800: a constant clip, then one that skips two frame slots before frame 40
        // (as AVI drop frames do), then one with a step of one and a half frames.
        FrameIndex index;
        index.timeBase = Rational{1, 12800};
        for (int64_t i = 0; i < 100; ++i)
            index.entries.push_back(FrameIndexEntry{.pts = 512 * i});
        QCOMPARE(index.spacing(), FrameIndex::Spacing::Constant);
        QVERIFY(index.timestampGaps().empty());
        QCOMPARE(describeSpacing(index), QStringLiteral("constant"));

        for (size_t i = 40; i < index.entries.size(); ++i)
            index.entries[i].pts += 2 * 512;
        QCOMPARE(index.spacing(), FrameIndex::Spacing::ConstantWithGaps);
        QVERIFY(!index.isVariableFrameRate());
        QCOMPARE(index.timestampGaps().size(), size_t(1));
        QCOMPARE(index.timestampGaps().front().beforeFrame, int64_t(40));
        QCOMPARE(index.timestampGaps().front().missingSlots, int64_t(2));
        QCOMPARE(describeSpacing(index),
                 QStringLiteral("constant, 2 frame slots missing before frame 40"));

        for (size_t i = 70; i < index.entries.size(); ++i)
            index.entries[i].pts += 256;
        QCOMPARE(index.spacing(), FrameIndex::Spacing::Variable);
        QVERIFY(index.isVariableFrameRate());
    }

    void timeBaseAndSeconds() {
        auto index = buildFrameIndex(test::fixture(QStringLiteral("tb1000.mp4")));
        QVERIFY(index.ok());
        QCOMPARE(index->timeBase, (Rational{1, 1000}));
        // 30000/1001 fps in milliseconds: frame 30 starts at 1.001 s.
        QCOMPARE(index->secondsAt(30), 1.001);
        QCOMPARE(index->indexAtSeconds(1.001), int64_t(30));
        QCOMPARE(index->indexAtSeconds(1.0), int64_t(29));
        QCOMPARE(index->indexAtSeconds(-5.0), int64_t(0));
        QCOMPARE(index->indexAtSeconds(1e6), index->size() - 1);
        QVERIFY(qAbs(index->durationSeconds() - 90 * 1.001 / 30) < 0.002);
    }

    void nonZeroStartTime() {
        auto index = buildFrameIndex(test::fixture(QStringLiteral("start_offset.ts")));
        QVERIFY(index.ok());
        // Seconds count from the first frame, whatever the stream's start time.
        QVERIFY(index->at(0).pts > 90000); // MPEG-TS 90 kHz clock, start > 1 s
        QCOMPARE(index->secondsAt(0), 0.0);
        QVERIFY(qAbs(index->secondsAt(25) - 1.0) < 1e-6);
    }

    void editListDiscardsLeadingFrames() {
        auto index = buildFrameIndex(test::fixture(QStringLiteral("editlist.mp4")));
        QVERIFY(index.ok());
        const QString facts =
            test::goldenText(QStringLiteral("editlist"), QStringLiteral(".facts"));
        QVERIFY(facts.contains(QStringLiteral("video_frames_discarded=8")));
        QCOMPARE(index->size(), int64_t(62));
        QCOMPARE(index->declaredFrameCount, int64_t(70));
        QVERIFY(index->complete);
    }

    void progressAndCancel() {
        std::atomic<bool> cancel{false};
        int calls = 0;
        FrameIndexOptions options;
        options.cancel = &cancel;
        options.progress = [&](const IndexProgress& p) {
            ++calls;
            QVERIFY(p.bytesRead <= p.bytesTotal);
            if (p.framesIndexed >= 128)
                cancel = true;
        };
        auto index = buildFrameIndex(test::fixture(QStringLiteral("gop250_h264.mp4")), options);
        QVERIFY(!index.ok());
        QCOMPARE(index.error().kind, Error::Kind::Cancelled);
        QVERIFY(calls >= 2);
    }
};

QTEST_GUILESS_MAIN(TestFrameIndex)
#include "tst_frame_index.moc"
