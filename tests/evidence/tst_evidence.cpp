// Evidence intake: hashes equal sha256sum/md5sum; container and stream facts equal ffprobe's;
// the evidence file is unchanged (size, mtime, SHA-256) after intake, indexing and decoding.

#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/EvidenceJson.h"
#include "core/evidence/IntakeJob.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/AudioDecoder.h"
#include "core/media/FrameServer.h"
#include "tests/TestSupport.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

#include <sys/stat.h>

using namespace fp;

namespace {

QString rationalText(const Rational& r) {
    return QStringLiteral("%1/%2").arg(r.num).arg(r.den);
}

} // namespace

class TestEvidence : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hashesMatchCoreutils_data() {
        QTest::addColumn<QString>("name");
        for (const QString& n : test::videoFixtures())
            QTest::newRow(qPrintable(n)) << n;
        QTest::newRow("audio_only.m4a") << QStringLiteral("audio_only.m4a");
    }
    void hashesMatchCoreutils() {
        QFETCH(QString, name);
        auto hashes = hashEvidenceFile(test::fixture(name));
        QVERIFY(hashes.ok());
        QCOMPARE(hashes->sha256, test::goldenText(name, QStringLiteral(".sha256")));
        QCOMPARE(hashes->md5, test::goldenText(name, QStringLiteral(".md5")));
        QCOMPARE(hashes->sizeBytes, QFileInfo(test::fixture(name)).size());
    }

    void hashProgressAndCancel() {
        const QString path = test::fixture(QStringLiteral("gop250_h264.mp4"));
        int64_t last = -1;
        HashOptions options;
        options.progress = [&](int64_t done, int64_t total) {
            QVERIFY(done > last);
            QVERIFY(done <= total);
            last = done;
        };
        QVERIFY(hashEvidenceFile(path, options).ok());
        QCOMPARE(last, QFileInfo(path).size());

        std::atomic<bool> cancel{true};
        HashOptions cancelled;
        cancelled.cancel = &cancel;
        auto result = hashEvidenceFile(path, cancelled);
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, Error::Kind::Cancelled);
    }

    void factsMatchFfprobe_data() {
        QTest::addColumn<QString>("name");
        for (const QString& n : test::videoFixtures())
            QTest::newRow(qPrintable(n)) << n;
        QTest::newRow("audio_only.m4a") << QStringLiteral("audio_only.m4a");
    }
    void factsMatchFfprobe() {
        QFETCH(QString, name);
        auto facts = probeMediaFacts(test::fixture(name));
        QVERIFY(facts.ok());
        const QJsonObject probe = test::goldenProbe(name);
        const QJsonObject format = probe.value(QStringLiteral("format")).toObject();
        QCOMPARE(facts->formatName, format.value(QStringLiteral("format_name")).toString());
        QCOMPARE(facts->sizeBytes, format.value(QStringLiteral("size")).toString().toLongLong());
        if (format.contains(QStringLiteral("duration")))
            QVERIFY(qAbs(*facts->durationSeconds -
                         format.value(QStringLiteral("duration")).toString().toDouble()) < 1e-5);
        const QJsonObject formatTags = format.value(QStringLiteral("tags")).toObject();
        for (auto it = formatTags.begin(); it != formatTags.end(); ++it)
            QCOMPARE(facts->tags.value(it.key()), it.value().toString());

        const QJsonArray streams = probe.value(QStringLiteral("streams")).toArray();
        QCOMPARE(int(facts->streams.size()), streams.size());
        for (int i = 0; i < streams.size(); ++i) {
            const QJsonObject s = streams.at(i).toObject();
            const StreamFacts& f = facts->streams[size_t(i)];
            QCOMPARE(f.codec, s.value(QStringLiteral("codec_name")).toString());
            QCOMPARE(f.mediaType, s.value(QStringLiteral("codec_type")).toString());
            QCOMPARE(rationalText(f.timeBase), s.value(QStringLiteral("time_base")).toString());
            if (s.contains(QStringLiteral("profile")))
                QCOMPARE(f.profile, s.value(QStringLiteral("profile")).toString());
            const QJsonObject tags = s.value(QStringLiteral("tags")).toObject();
            for (auto it = tags.begin(); it != tags.end(); ++it)
                QCOMPARE(f.tags.value(it.key()), it.value().toString());
            if (f.mediaType == QLatin1String("video")) {
                QCOMPARE(f.width, s.value(QStringLiteral("width")).toInt());
                QCOMPARE(f.height, s.value(QStringLiteral("height")).toInt());
                QCOMPARE(f.pixelFormat, s.value(QStringLiteral("pix_fmt")).toString());
                QCOMPARE(f.level, s.value(QStringLiteral("level")).toInt(-99));
                QCOMPARE(rationalText(f.averageFrameRate),
                         s.value(QStringLiteral("avg_frame_rate")).toString());
                QCOMPARE(rationalText(f.realFrameRate),
                         s.value(QStringLiteral("r_frame_rate")).toString());
                if (s.contains(QStringLiteral("color_range")))
                    QCOMPARE(f.colorRange, s.value(QStringLiteral("color_range")).toString());
            } else if (f.mediaType == QLatin1String("audio")) {
                QCOMPARE(f.sampleRate, s.value(QStringLiteral("sample_rate")).toString().toInt());
                QCOMPARE(f.channels, s.value(QStringLiteral("channels")).toInt());
            }
        }
    }

    void knownFacts() {
        auto cfr = probeMediaFacts(test::fixture(QStringLiteral("cfr_h264.mp4")));
        QVERIFY(cfr.ok());
        QCOMPARE(cfr->tags.value(QStringLiteral("title")), QStringLiteral("Frameproof fixture"));
        QVERIFY(cfr->tags.value(QStringLiteral("creation_time"))
                    .startsWith(QStringLiteral("2024-01-02T03:04:05")));
        QVERIFY(cfr->video() && cfr->audio());
        QCOMPARE(cfr->video()->codec, QStringLiteral("h264"));
        QVERIFY(!cfr->video()->tags.value(QStringLiteral("handler_name")).isEmpty());
        QVERIFY(!cfr->video()->rotationDegrees.has_value());

        auto rotated = probeMediaFacts(test::fixture(QStringLiteral("rotation.mp4")));
        QVERIFY(rotated.ok());
        QVERIFY(rotated->video()->rotationDegrees.has_value());
        QCOMPARE(qAbs(*rotated->video()->rotationDegrees), 90.0);
        QCOMPARE(rotated->video()->sideData.front().type, QStringLiteral("Display Matrix"));

        auto ts = probeMediaFacts(test::fixture(QStringLiteral("start_offset.ts")));
        QVERIFY(ts.ok());
        QVERIFY(*ts->startSeconds > 1.0);

        auto audioOnly = probeMediaFacts(test::fixture(QStringLiteral("audio_only.m4a")));
        QVERIFY(audioOnly.ok());
        QCOMPARE(audioOnly->videoStream, -1);
        const QJsonObject json = evidenceToJson(*audioOnly, nullptr, nullptr);
        QVERIFY(json.value(QStringLiteral("video")).isNull());
        QCOMPARE(json.value(QStringLiteral("audio"))
                     .toObject()
                     .value(QStringLiteral("codec"))
                     .toString(),
                 QStringLiteral("aac"));
    }

    void evidenceJsonKeys() {
        const QString name = QStringLiteral("vfr_h264.mp4");
        auto facts = probeMediaFacts(test::fixture(name));
        auto hashes = hashEvidenceFile(test::fixture(name));
        auto index = buildFrameIndex(test::fixture(name));
        QVERIFY(facts.ok() && hashes.ok() && index.ok());
        const QJsonObject e = evidenceToJson(*facts, &*hashes, &*index);
        for (const char* key :
             {"file_name", "size_bytes", "sha256", "md5", "format", "duration_s", "video", "audio"})
            QVERIFY2(e.contains(QLatin1String(key)), key);
        const QJsonObject v = e.value(QStringLiteral("video")).toObject();
        for (const char* key :
             {"codec", "width", "height", "frame_count", "avg_fps", "time_base", "vfr"})
            QVERIFY2(v.contains(QLatin1String(key)), key);
        QCOMPARE(v.value(QStringLiteral("frame_count")).toInteger(), test::goldenCount(name));
        QCOMPARE(v.value(QStringLiteral("vfr")).toBool(), true);
        QCOMPARE(e.value(QStringLiteral("sha256")).toString(),
                 test::goldenText(name, QStringLiteral(".sha256")));
    }

    void intakeJobRunsInTheBackground() {
        const QString path = test::fixture(QStringLiteral("cfr_h264.mp4"));
        IntakeJob job(path);
        QSignalSpy index(&job, &IntakeJob::indexReady);
        QSignalSpy hashes(&job, &IntakeJob::hashesReady);
        QSignalSpy finished(&job, &IntakeJob::finished);
        job.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(finished.count(), 1);
        QVERIFY(finished.first().first().toString().isEmpty());
        QCOMPARE(index.count(), 1);
        QCOMPARE(index.first().first().value<std::shared_ptr<const FrameIndex>>()->size(),
                 int64_t(75));
        QCOMPARE(hashes.first().first().value<EvidenceHashes>().sha256,
                 test::goldenText(QStringLiteral("cfr_h264.mp4"), QStringLiteral(".sha256")));

        IntakeJob bad(test::fixture(QStringLiteral("text.mp4")));
        QSignalSpy badFinished(&bad, &IntakeJob::finished);
        bad.start();
        QVERIFY(badFinished.wait(10000));
        QVERIFY(!badFinished.first().first().toString().isEmpty());
    }

    void evidenceIsNeverWritten() {
        const QString path = test::fixture(QStringLiteral("gop250_h264.mp4"));
        struct stat before {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &before), 0);
        {
            auto facts = probeMediaFacts(path);
            auto index = buildFrameIndex(path);
            QVERIFY(facts.ok() && index.ok());
            auto shared = std::make_shared<const FrameIndex>(std::move(index).value());
            auto server = FrameServer::open(path, shared);
            QVERIFY(server.ok());
            for (int64_t i : {599, 300, 10, 250})
                QVERIFY((*server)->frame(i).ok());
            QVERIFY(decodeAudioMono(path, shared.get()).ok());
            QVERIFY(hashEvidenceFile(path).ok());
        }
        struct stat after {};
        QCOMPARE(::stat(QFile::encodeName(path).constData(), &after), 0);
        QCOMPARE(after.st_size, before.st_size);
        QCOMPARE(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
        QCOMPARE(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
        QCOMPARE(after.st_ctim.tv_nsec, before.st_ctim.tv_nsec);
        QCOMPARE(hashEvidenceFile(path)->sha256,
                 test::goldenText(QStringLiteral("gop250_h264.mp4"), QStringLiteral(".sha256")));
    }
};

QTEST_GUILESS_MAIN(TestEvidence)
#include "tst_evidence.moc"
