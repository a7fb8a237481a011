// Lip-sync analysis (core/analysis/LipSync): offsets and their sign on controlled signals (a
// mouth and a sound driven by one syllable envelope, the sound shifted by a known number of
// frames), a change of offset found where it happens, abstentions, and the real SyncNet clips
// of ../shared/media (skipped where absent) against their published delays.

#include "core/analysis/AnalysisJson.h"
#include "core/analysis/AnalysisPipeline.h"
#include "core/analysis/LipSync.h"
#include "tests/analysis/AnalysisTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

#include <cmath>
#include <random>

using namespace fp;

namespace {

constexpr double kFps = 25.0;
constexpr int kSampleRate = 16000;

// A syllable envelope per video frame in [0, 1]: bursts of arches with pauses, seeded.
std::vector<double> syllables(int frames, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> length(3, 8), pause(1, 6), longPause(0, 9);
    std::uniform_real_distribution<double> loud(0.4, 1.0);
    std::vector<double> env(size_t(frames), 0.0);
    int f = 12; // leading silence
    while (f < frames) {
        const int n = length(rng);
        const double a = loud(rng);
        for (int i = 0; i < n && f + i < frames; ++i)
            env[size_t(f + i)] = a * std::sin(M_PI * (i + 0.5) / n);
        f += n + pause(rng) + (longPause(rng) == 0 ? 12 : 0);
    }
    return env;
}

// One face whose inner lips open with `env` (opening/width = 0.05 + 0.4 env).
FaceTracks faceFor(const std::vector<double>& env) {
    FaceTracks tracks;
    tracks.frameCount = int64_t(env.size());
    FaceTrack track;
    track.id = 1;
    for (size_t f = 0; f < env.size(); ++f) {
        FaceObservation o;
        o.frame = int64_t(f);
        o.box = QRectF(100, 100, 200, 200);
        for (int i = 0; i < 68; ++i)
            o.points[size_t(i)] = cv::Point2f(150.0f + 2.0f * float(i), 150.0f + float(i % 7));
        const float width = 60.0f, gap = float((0.05 + 0.4 * env[f]) * width);
        o.points[60] = cv::Point2f(170, 250);
        o.points[64] = cv::Point2f(170 + width, 250);
        for (int k = 0; k < 3; ++k) {
            const float x = 185.0f + 15.0f * float(k);
            o.points[size_t(61 + k)] = cv::Point2f(x, 250 - gap / 2);
            o.points[size_t(67 - k)] = cv::Point2f(x, 250 + gap / 2);
        }
        o.mouthMotion = f > 0 ? 40.0 * std::abs(env[f] - env[f - 1]) : kNoValue;
        track.observations.push_back(o);
    }
    tracks.tracks.push_back(track);
    return tracks;
}

// Noise bursts loud where `env` is, with the sound of video frame f played at frame f + lag(f).
AudioTrack soundFor(const std::vector<double>& env, const std::function<int(int)>& lag) {
    AudioTrack audio;
    audio.sampleRate = kSampleRate;
    const int perFrame = int(kSampleRate / kFps);
    audio.samples.assign(env.size() * size_t(perFrame), 0.0f);
    std::mt19937 rng(7);
    std::normal_distribution<float> noise(0.0f, 1.0f);
    for (size_t f = 0; f < env.size(); ++f) {
        const int64_t at = int64_t(f) + lag(int(f));
        for (int i = 0; i < perFrame; ++i) {
            const int64_t s = at * perFrame + i;
            if (s >= 0 && s < int64_t(audio.samples.size()))
                audio.samples[size_t(s)] = float(0.3 * env[f]) * noise(rng);
        }
    }
    for (float& s : audio.samples)
        s += 0.001f * noise(rng); // room noise
    return audio;
}

std::vector<double> timesFor(size_t frames) {
    std::vector<double> t(frames);
    for (size_t i = 0; i < frames; ++i)
        t[i] = double(i) / kFps;
    return t;
}

QString mediaClip(const QString& name) {
    const QByteArray env = qgetenv("FRAMEPROOF_MEDIA");
    return QDir(env.isEmpty() ? QStringLiteral(FRAMEPROOF_SOURCE_DIR "/../shared/media")
                              : QString::fromLocal8Bit(env))
        .filePath(name);
}

} // namespace

class TestLipSync : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mouthOpeningIsGapOverWidth() {
        const FaceTracks face = faceFor({0.0, 1.0});
        QVERIFY(std::abs(mouthOpening(face.tracks[0].observations[0].points) - 0.05) < 1e-6);
        QVERIFY(std::abs(mouthOpening(face.tracks[0].observations[1].points) - 0.45) < 1e-6);
    }

    void constantOffsetsAreFoundWithTheirSign_data() {
        QTest::addColumn<int>("lag");
        QTest::newRow("in sync") << 0;
        QTest::newRow("audio lags 4") << 4;
        QTest::newRow("audio leads 6") << -6;
        QTest::newRow("audio lags 20") << 20;
    }
    void constantOffsetsAreFoundWithTheirSign() {
        QFETCH(int, lag);
        const std::vector<double> env = syllables(500, 11);
        const std::optional<AudioTrack> audio = soundFor(env, [&](int) { return lag; });
        SignalResult signal;
        const LipSyncResult r =
            lipSyncAnalysis(faceFor(env), audio, timesFor(env.size()), kFps, &signal);
        QVERIFY2(!r.abstained, qPrintable(r.reason));
        QCOMPARE(r.offsetFrames, lag);
        QCOMPARE(r.offsetMs, lag * 40.0);
        QVERIFY2(r.confidence > 0.3, qPrintable(QString::number(r.confidence)));
        for (const LipSyncWindow& w : r.windows) {
            if (w.judged)
                QCOMPARE(w.offsetFrames, lag);
        }
        // A steady offset alone is not a finding.
        QVERIFY2(signal.findings.empty(),
                 qPrintable(signal.findings.empty() ? QString() : signal.findings.front().reason));
        QCOMPARE(signal.perFrame.size(), env.size());
        QCOMPARE(signal.score, r.confidence);
        QVERIFY2(!r.reason.contains(QStringLiteral("no reliable offset")), qPrintable(r.reason));
    }

    // A voice that is not the visible face's: the best lag is only the least bad one, and the
    // summary says there is no reliable offset instead of quoting it like a measurement.
    void unrelatedSpeechHasNoReliableOffset() {
        const std::vector<double> face = syllables(500, 11), voice = syllables(500, 99);
        const std::optional<AudioTrack> audio = soundFor(voice, [](int) { return 0; });
        SignalResult signal;
        const LipSyncResult r =
            lipSyncAnalysis(faceFor(face), audio, timesFor(face.size()), kFps, &signal);
        QVERIFY2(!r.abstained, qPrintable(r.reason));
        QVERIFY2(r.confidence < 0.2, qPrintable(QString::number(r.confidence)));
        QVERIFY2(r.reason.contains(QStringLiteral("no reliable offset")), qPrintable(r.reason));
        QVERIFY(signal.details.value(QStringLiteral("windows_agreeing")).toInt() >= 0);
    }

    void aChangingOffsetIsFlaggedWhereItChanges() {
        const std::vector<double> env = syllables(750, 5);
        constexpr int kChange = 400;
        const std::optional<AudioTrack> audio =
            soundFor(env, [](int f) { return f < kChange ? 0 : 6; });
        SignalResult signal;
        const LipSyncResult r =
            lipSyncAnalysis(faceFor(env), audio, timesFor(env.size()), kFps, &signal);
        QVERIFY(!r.abstained);
        QVERIFY(r.offsetFrames == 0 || r.offsetFrames == 6);
        QCOMPARE(signal.findings.size(), size_t(1));
        const Finding& f = signal.findings.front();
        // The flagged stretch is the part whose offset is not the clip's; its inner edge is the
        // change, within half a second.
        const int64_t edge = r.offsetFrames == 0 ? f.startFrame : f.endFrame + 1;
        QVERIFY2(std::abs(edge - kChange) <= 12,
                 qPrintable(QStringLiteral("%1-%2").arg(f.startFrame).arg(f.endFrame)));
        QVERIFY(f.severity == QStringLiteral("high") || f.severity == QStringLiteral("medium"));
    }

    void speechWithAStillMouthIsFlagged() {
        const std::vector<double> env = syllables(500, 3);
        const std::optional<AudioTrack> audio = soundFor(env, [](int) { return 0; });
        SignalResult signal;
        const LipSyncResult r = lipSyncAnalysis(faceFor(std::vector<double>(env.size(), 0.2)),
                                                audio, timesFor(env.size()), kFps, &signal);
        bool still = false;
        for (const Finding& f : signal.findings)
            still = still || f.reason.contains(QStringLiteral("barely moves"));
        QVERIFY2(still, qPrintable(r.reason));
    }

    void abstainsWithReasons() {
        const std::vector<double> env = syllables(300, 2);
        SignalResult signal;
        LipSyncResult r =
            lipSyncAnalysis(faceFor(env), std::nullopt, timesFor(env.size()), kFps, &signal);
        QVERIFY(r.abstained && signal.abstained);
        QCOMPARE(r.reason, QStringLiteral("no audio"));
        QCOMPARE(signal.perFrame.size(), env.size());

        const std::optional<AudioTrack> silence =
            soundFor(std::vector<double>(env.size(), 0.0), [](int) { return 0; });
        r = lipSyncAnalysis(faceFor(env), silence, timesFor(env.size()), kFps, &signal);
        QCOMPARE(r.reason, QStringLiteral("no speech"));

        FaceTracks none;
        none.frameCount = int64_t(env.size());
        const std::optional<AudioTrack> speech = soundFor(env, [](int) { return 0; });
        r = lipSyncAnalysis(none, speech, timesFor(env.size()), kFps, &signal);
        QCOMPARE(r.reason, QStringLiteral("no face"));

        const QJsonObject json = lipSyncToJson(r);
        QCOMPARE(json.value(QStringLiteral("status")).toString(), QStringLiteral("abstained"));
        QVERIFY(json.value(QStringLiteral("offset_frames")).isNull());
    }

    // The generator's espeak-ng speech with the audio shifted by known amounts.
    void speechFixturesGiveTheirOffsets_data() {
        QTest::addColumn<QString>("clip");
        QTest::newRow("in sync") << QStringLiteral("speech");
        QTest::newRow("+4") << QStringLiteral("speech_plus4");
        QTest::newRow("-6") << QStringLiteral("speech_minus6");
    }
    void speechFixturesGiveTheirOffsets() {
        QFETCH(QString, clip);
        const QJsonObject truth = test::faceTruth(clip);
        if (truth.isEmpty())
            QSKIP("no speech fixtures (espeak-ng missing when they were made)");
        const int expected = truth.value(QStringLiteral("lipsync"))
                                 .toObject()
                                 .value(QStringLiteral("offset_frames"))
                                 .toInt();
        auto out = test::analyseClip(test::faceFixture(clip + QStringLiteral(".mp4")));
        QVERIFY(out.ok());
        QVERIFY2(!out->lipsync.abstained, qPrintable(out->lipsync.reason));
        QVERIFY2(
            std::abs(out->lipsync.offsetFrames - expected) <= 1,
            qPrintable(QStringLiteral("%1 vs %2").arg(out->lipsync.offsetFrames).arg(expected)));
        for (const LipSyncWindow& w : out->lipsync.windows) {
            if (w.judged)
                QVERIFY(std::abs(w.offsetFrames - expected) <= 1);
        }
        const SignalResult* s = out->result.signal(QStringLiteral("lipsync"));
        QVERIFY(s && s->findings.empty());
        QCOMPARE(int64_t(s->perFrame.size()), out->result.frameCount);
    }

    void speechFixtureDriftIsFlaggedWhereItHappens() {
        const QJsonObject truth = test::faceTruth(QStringLiteral("speech_drift"));
        if (truth.isEmpty())
            QSKIP("no speech fixtures (espeak-ng missing when they were made)");
        const QJsonObject sync = truth.value(QStringLiteral("lipsync")).toObject();
        const int64_t change = sync.value(QStringLiteral("drift_frame")).toInteger();
        const QJsonArray segments = sync.value(QStringLiteral("segments")).toArray();
        const int before =
            segments.first().toObject().value(QStringLiteral("offset_frames")).toInt();
        const int after = segments.last().toObject().value(QStringLiteral("offset_frames")).toInt();
        auto out = test::analyseClip(test::faceFixture(QStringLiteral("speech_drift.mp4")));
        QVERIFY(out.ok());
        QVERIFY(out->lipsync.offsetFrames == before || out->lipsync.offsetFrames == after);
        const SignalResult* s = out->result.signal(QStringLiteral("lipsync"));
        QCOMPARE(s->findings.size(), size_t(1));
        const Finding& f = s->findings.front();
        const int64_t edge = out->lipsync.offsetFrames == before ? f.startFrame : f.endFrame + 1;
        // The 240 ms of silence went into a pause of 0.7 s: anywhere in it is the right place.
        QVERIFY2(std::abs(edge - change) <= 10,
                 qPrintable(QStringLiteral("finding %1-%2, change at %3")
                                .arg(f.startFrame)
                                .arg(f.endFrame)
                                .arg(change)));
    }

    void silentFixtureAbstains() {
        auto out = test::analyseClip(test::faceFixture(QStringLiteral("talking_head.mp4")));
        QVERIFY(out.ok());
        QVERIFY(out->lipsync.abstained);
        QCOMPARE(out->lipsync.reason, QStringLiteral("no audio"));
    }

    // SyncNet's clips: test_offset_5 and test_offset_12 are example.avi with the audio delayed by
    // about 269 and 549 ms (200 and 480 ms plus MP3 padding). Their video also differs: two empty
    // AVI chunks (drop frames) after frame 0 show every later frame 80 ms late. On the
    // presentation clock the sound therefore lags by 269 - 80 = 189 ms (4.7 frames) and 549 - 80
    // = 469 ms (11.7 frames) more than in example.avi.
    void syncNetClipsDifferByTheirDelays() {
        auto offsetOf = [](const QString& name, double* confidence) -> std::optional<double> {
            const QString path = mediaClip(QStringLiteral("syncnet/") + name);
            auto index = buildFrameIndex(path);
            if (!index)
                return std::nullopt;
            auto out =
                runAnalysis(path, std::make_shared<const FrameIndex>(std::move(index).value()), {});
            if (!out || out->lipsync.abstained)
                return std::nullopt;
            *confidence = out->lipsync.confidence;
            return out->lipsync.offsetFramesFine;
        };
        if (!QFileInfo::exists(mediaClip(QStringLiteral("syncnet/example.avi"))))
            QSKIP("../shared/media is not here: the real clips are development material only");
        double c0 = 0, c5 = 0, c12 = 0;
        const auto base = offsetOf(QStringLiteral("example.avi"), &c0);
        const auto five = offsetOf(QStringLiteral("test_offset_5.avi"), &c5);
        const auto twelve = offsetOf(QStringLiteral("test_offset_12.avi"), &c12);
        QVERIFY(base && five && twelve);
        qInfo("SyncNet offsets: example %.2f (confidence %.2f), test_offset_5 %.2f (%.2f), "
              "test_offset_12 %.2f (%.2f) frames",
              *base, c0, *five, c5, *twelve, c12);
        QVERIFY2(std::abs((*five - *base) - 4.7) <= 1.0,
                 qPrintable(QString::number(*five - *base)));
        QVERIFY2(std::abs((*twelve - *base) - 11.7) <= 1.0,
                 qPrintable(QString::number(*twelve - *base)));
    }
};

QTEST_GUILESS_MAIN(TestLipSync)
#include "tst_lipsync.moc"
