// The `compression` signal on clips whose encoding history the test makes itself with the ffmpeg
// CLI: the same noisy, moving synthetic source (mandelbrot zoom + temporal noise, 25 fps, 40 s,
// no periodic content) encoded once with GOP 60, and encoded with GOP 25 then decoded and encoded
// again with GOP 60 (and again with x264's default adaptive GOP and B-frames). The earlier GOP of
// 25 frames must be found; the single encoding must stay quiet; intra-only clips abstain.

#include "core/analysis/CompressionSignal.h"
#include "core/media/FrameIndex.h"
#include "tests/TestSupport.h"

#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace fp;

namespace {

constexpr int64_t kFrames = 1000; // 40 s at 25 fps

QStringList sourceArguments(int fps = 25) {
    return {QStringLiteral("-f"),  QStringLiteral("lavfi"),
            QStringLiteral("-i"),  QStringLiteral("mandelbrot=size=320x240:rate=%1").arg(fps),
            QStringLiteral("-t"),  QStringLiteral("40"),
            QStringLiteral("-vf"), QStringLiteral("noise=alls=4:allf=t,format=yuv420p")};
}

QStringList x264(int gop, bool bFrames = false) {
    QStringList a{QStringLiteral("-c:v"),     QStringLiteral("libx264"), QStringLiteral("-preset"),
                  QStringLiteral("veryfast"), QStringLiteral("-crf"),    QStringLiteral("20")};
    if (gop > 0)
        a << QStringLiteral("-g") << QString::number(gop) << QStringLiteral("-keyint_min")
          << QString::number(gop) << QStringLiteral("-sc_threshold") << QStringLiteral("0");
    if (!bFrames)
        a << QStringLiteral("-bf") << QStringLiteral("0");
    return a;
}

bool ffmpeg(const QStringList& arguments, const QString& output) {
    QProcess p;
    p.start(QStringLiteral("ffmpeg"),
            QStringList{QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y")} +
                arguments + QStringList{output});
    if (!p.waitForFinished(300000) || p.exitCode() != 0) {
        qWarning("%s", p.readAllStandardError().constData());
        return false;
    }
    return true;
}

SignalResult analyse(const QString& path, int64_t* frames = nullptr) {
    auto index = buildFrameIndex(path);
    if (!index)
        return {};
    if (frames)
        *frames = index->size();
    return compressionSignal(*index);
}

QJsonObject doubleCompression(const SignalResult& s) {
    return s.details.value(QStringLiteral("double_compression")).toObject();
}

QString describe(const SignalResult& s) {
    const QJsonObject d = doubleCompression(s);
    return QStringLiteral("score %1, period %2, phase %3, consistency %4, change %5; %6")
        .arg(s.score)
        .arg(d.value(QStringLiteral("period_frames")).toInt())
        .arg(d.value(QStringLiteral("phase_frame")).toInt())
        .arg(d.value(QStringLiteral("consistency")).toDouble())
        .arg(d.value(QStringLiteral("size_change")).toDouble())
        .arg(s.reason);
}

} // namespace

class TestCompression : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString path(const char* name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        QVERIFY(ffmpeg(sourceArguments() + x264(60), path("single.mp4")));
        QVERIFY(ffmpeg(sourceArguments() + x264(25), path("first.mp4")));
        QVERIFY(ffmpeg(QStringList{QStringLiteral("-i"), path("first.mp4")} + x264(60),
                       path("double.mp4")));
        // Second encoding with x264's defaults: keyframes every 250 frames, scene-cut keyframes,
        // three B-frames.
        QVERIFY(ffmpeg(QStringList{QStringLiteral("-i"), path("first.mp4")} + x264(0, true),
                       path("double_default.mp4")));
        QVERIFY(ffmpeg(sourceArguments() + x264(1), path("intra_h264.mp4")));
        QVERIFY(
            ffmpeg(sourceArguments() + QStringList{QStringLiteral("-c:v"), QStringLiteral("mjpeg"),
                                                   QStringLiteral("-q:v"), QStringLiteral("4")},
                   path("intra_mjpeg.avi")));
        // 24 fps converted to 30 fps by repeating every fourth picture (a repeat every 5 frames).
        QVERIFY(ffmpeg(sourceArguments(24) +
                           QStringList{QStringLiteral("-r"), QStringLiteral("30")} + x264(60),
                       path("converted.mp4")));
    }

    void singleEncodingShowsItsStructureAndNoEarlierGop() {
        int64_t frames = 0;
        const SignalResult s = analyse(path("single.mp4"), &frames);
        QCOMPARE(frames, kFrames);
        QCOMPARE(s.name, QStringLiteral("compression"));
        QCOMPARE(int64_t(s.perFrame.size()), frames);
        QVERIFY2(!s.abstained, qPrintable(s.reason));
        const QJsonObject gop = s.details.value(QStringLiteral("gop")).toObject();
        QCOMPARE(gop.value(QStringLiteral("fixed")).toBool(), true);
        QCOMPARE(gop.value(QStringLiteral("median_frames")).toInt(), 60);
        const QJsonObject types = s.details.value(QStringLiteral("picture_types")).toObject();
        QCOMPARE(types.value(QStringLiteral("I")).toInt(), 17); // frames 0, 60, ..., 960
        QCOMPARE(types.value(QStringLiteral("P")).toInt(), 1000 - 17);
        QCOMPARE(s.details.value(QStringLiteral("keyframes")).toArray().at(2).toInt(), 120);
        // Ordinary frames sit near 1 against their neighbours of the same type.
        std::vector<double> values;
        for (double v : s.perFrame) {
            if (!std::isnan(v))
                values.push_back(v);
        }
        QCOMPARE(int64_t(values.size()), frames);
        std::nth_element(values.begin(), values.begin() + long(values.size() / 2), values.end());
        const double median = values[values.size() / 2];
        QVERIFY2(median > 0.9 && median < 1.1, qPrintable(QString::number(median)));
    }

    void doubleCompressionFindsTheFirstGop() {
        const SignalResult single = analyse(path("single.mp4"));
        const SignalResult twice = analyse(path("double.mp4"));
        qInfo("single: %s", qPrintable(describe(single)));
        qInfo("double: %s", qPrintable(describe(twice)));
        QVERIFY2(!twice.abstained, qPrintable(twice.reason));
        const QJsonObject d = doubleCompression(twice);
        QVERIFY2(std::abs(d.value(QStringLiteral("period_frames")).toInt() - 25) <= 1,
                 qPrintable(describe(twice)));
        // The first encoding's keyframes were at 0, 25, 50, ...: the comb's phase lands on them
        // (or on the frame right after).
        QVERIFY2(d.value(QStringLiteral("phase_frame")).toInt() % 25 <= 1,
                 qPrintable(describe(twice)));
        QCOMPARE(d.value(QStringLiteral("indicated")).toBool(), true);
        QCOMPARE(twice.findings.size(), size_t(1));
        QVERIFY(twice.findings.front().reason.contains(QStringLiteral("every 25 frames")));

        QVERIFY2(single.findings.empty(), qPrintable(describe(single)));
        QCOMPARE(doubleCompression(single).value(QStringLiteral("indicated")).toBool(), false);
        QVERIFY2(single.score < 8.0, qPrintable(describe(single)));
        QVERIFY2(twice.score > 2.0 * single.score,
                 qPrintable(describe(single) + QStringLiteral(" / ") + describe(twice)));
    }

    void doubleCompressionSurvivesBFramesAndAdaptiveGop() {
        const SignalResult s = analyse(path("double_default.mp4"));
        qInfo("double (B-frames, GOP 250): %s", qPrintable(describe(s)));
        QVERIFY(s.details.value(QStringLiteral("picture_types"))
                    .toObject()
                    .contains(QStringLiteral("B")));
        QVERIFY2(
            std::abs(doubleCompression(s).value(QStringLiteral("period_frames")).toInt() - 25) <= 1,
            qPrintable(describe(s)));
        QVERIFY2(!s.findings.empty(), qPrintable(describe(s)));
    }

    void intraOnlyAbstains_data() {
        QTest::addColumn<QString>("clip");
        QTest::newRow("h264 -g 1") << QStringLiteral("intra_h264.mp4");
        QTest::newRow("mjpeg") << QStringLiteral("intra_mjpeg.avi");
    }
    void intraOnlyAbstains() {
        QFETCH(QString, clip);
        int64_t frames = 0;
        const SignalResult s = analyse(m_dir.filePath(clip), &frames);
        QCOMPARE(frames, kFrames);
        QVERIFY(s.abstained);
        QVERIFY2(s.reason.startsWith(QStringLiteral("intra-only")), qPrintable(s.reason));
        QVERIFY(std::isnan(s.score));
        QVERIFY(s.findings.empty());
        QCOMPARE(int64_t(s.perFrame.size()), frames);
    }

    void repeatedPicturesAreSetApart() {
        int64_t frames = 0;
        const SignalResult s = analyse(path("converted.mp4"), &frames);
        QCOMPARE(frames, int64_t(1200));
        const QJsonObject repeats = s.details.value(QStringLiteral("near_empty_frames")).toObject();
        QVERIFY2(std::abs(repeats.value(QStringLiteral("count")).toInt() - 240) <= 5,
                 qPrintable(QString::number(repeats.value(QStringLiteral("count")).toInt())));
        QCOMPARE(repeats.value(QStringLiteral("common_spacing_frames")).toInt(), 5);
        QVERIFY(std::any_of(s.findings.begin(), s.findings.end(), [](const Finding& f) {
            return f.reason.contains(QStringLiteral("frame-rate conversion"));
        }));
        // Repeats are not mistaken for an earlier GOP.
        QCOMPARE(doubleCompression(s).value(QStringLiteral("indicated")).toBool(), false);
    }

    void tooFewFramesAbstains() {
        FrameIndex index;
        for (int i = 0; i < 40; ++i) {
            FrameIndexEntry e;
            e.pts = e.dts = e.decodeOrder = i;
            e.key = i % 10 == 0;
            e.pictureType = e.key ? 'I' : 'P';
            e.packetSize = e.key ? 5000 : 1000 + 37 * (i % 7);
            index.entries.push_back(e);
        }
        const SignalResult s = compressionSignal(index);
        QVERIFY(s.abstained);
        QVERIFY2(s.reason.startsWith(QStringLiteral("too few predicted frames")),
                 qPrintable(s.reason));
        QCOMPARE(s.perFrame.size(), size_t(40));
        QCOMPARE(s.details.value(QStringLiteral("keyframe_count")).toInt(), 4);
    }
};

QTEST_GUILESS_MAIN(TestCompression)
#include "tst_compression.moc"
