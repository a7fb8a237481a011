// AudioDecoder: mono 16 kHz on the video's clock. A beep at a known video time lands on the
// right sample through start-time offsets and edit lists.

#include "core/media/AudioDecoder.h"
#include "tests/TestSupport.h"

#include <QtTest>

#include <cmath>

using namespace fp;

namespace {

// Onsets (video seconds) of bursts in an otherwise silent track: the first sample above a
// quarter of the track's peak after at least 100 ms below it. AAC pre-echo and the resampler
// smear edges by well under a millisecond at that level.
std::vector<double> onsets(const AudioTrack& track) {
    float peak = 0;
    for (float s : track.samples)
        peak = std::max(peak, std::abs(s));
    const float threshold = 0.25f * peak;
    const size_t quietNeeded = size_t(track.sampleRate / 10);
    size_t quiet = quietNeeded;
    std::vector<double> result;
    for (size_t i = 0; i < track.samples.size(); ++i) {
        if (std::abs(track.samples[i]) > threshold) {
            if (quiet >= quietNeeded)
                result.push_back(track.startSeconds + double(i) / track.sampleRate);
            quiet = 0;
        } else {
            ++quiet;
        }
    }
    return result;
}

std::vector<double> truthBeeps(const QString& name) {
    std::vector<double> beeps;
    const QStringList lines =
        test::goldenText(name, QStringLiteral(".truth")).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1String("beep_seconds_video_time="))) {
            for (const QString& v : line.section(QLatin1Char('='), 1).split(QLatin1Char(',')))
                beeps.push_back(v.toDouble());
        }
    }
    return beeps;
}

} // namespace

class TestAudio : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void beepsLandOnVideoTime_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("startSeconds");
        QTest::newRow("start offset 0.32 s") << QStringLiteral("av_sync") << 0.32;
        QTest::newRow("edit list") << QStringLiteral("av_sync_editlist") << 0.0;
    }
    void beepsLandOnVideoTime() {
        QFETCH(QString, name);
        QFETCH(double, startSeconds);
        const QString path = test::fixture(name + QStringLiteral(".mp4"));
        auto index = buildFrameIndex(path);
        QVERIFY(index.ok());
        auto track = decodeAudioMono(path, &*index);
        QVERIFY2(track.ok(), qPrintable(track.ok() ? QString() : track.error().message));
        QCOMPARE(track->sampleRate, 16000);
        QVERIFY2(std::abs(track->startSeconds - startSeconds) < 0.002,
                 qPrintable(QString::number(track->startSeconds)));
        const std::vector<double> expected = truthBeeps(name);
        const std::vector<double> found = onsets(*track);
        QCOMPARE(found.size(), expected.size());
        for (size_t i = 0; i < found.size(); ++i) {
            // Within 1.5 ms: well under a 25 fps frame (40 ms), and a tenth of a lip-sync frame.
            QVERIFY2(std::abs(found[i] - expected[i]) < 0.0015,
                     qPrintable(QStringLiteral("beep %1 at %2 s, expected %3 s")
                                    .arg(i)
                                    .arg(found[i], 0, 'f', 4)
                                    .arg(expected[i])));
        }
    }

    void otherRates() {
        const QString path = test::fixture(QStringLiteral("av_sync.mp4"));
        auto index = buildFrameIndex(path);
        AudioDecodeOptions options;
        options.sampleRate = 48000;
        auto track = decodeAudioMono(path, &*index, options);
        QVERIFY(track.ok());
        QCOMPARE(track->sampleRate, 48000);
        const std::vector<double> found = onsets(*track);
        QCOMPARE(found.size(), size_t(2));
        QVERIFY(std::abs(found[0] - 1.0) < 0.001);
    }

    void stereoDownmixAndDuration() {
        const QString path = test::fixture(QStringLiteral("audio_only.m4a"));
        auto track = decodeAudioMono(path, nullptr);
        QVERIFY2(track.ok(), qPrintable(track.ok() ? QString() : track.error().message));
        QCOMPARE(track->sourceChannels, 2);
        QCOMPARE(track->codec, QStringLiteral("aac"));
        QVERIFY(std::abs(track->durationSeconds() - 2.0) < 0.05);
        float peak = 0;
        for (float s : track->samples)
            peak = std::max(peak, std::abs(s));
        QVERIFY(peak > 0.05f && peak <= 1.01f);
    }

    void noAudioIsAClearError() {
        auto track = decodeAudioMono(test::fixture(QStringLiteral("no_audio.mp4")), nullptr);
        QVERIFY(!track.ok());
        QCOMPARE(track.error().kind, Error::Kind::Unsupported);
        QVERIFY(track.error().message.contains(QStringLiteral("no audio")));
    }

    void cancel() {
        std::atomic<bool> cancelled{true};
        AudioDecodeOptions options;
        options.cancel = &cancelled;
        auto track =
            decodeAudioMono(test::fixture(QStringLiteral("av_sync.mp4")), nullptr, options);
        QVERIFY(!track.ok());
        QCOMPARE(track.error().kind, Error::Kind::Cancelled);
    }
};

QTEST_GUILESS_MAIN(TestAudio)
#include "tst_audio.moc"
