// The real clips of ../shared/media (not part of the project; skipped where absent): frame
// counts equal `ffprobe -count_frames`, and the first and last frames decode to FFmpeg's
// pixels.

#include "core/media/VideoDecoder.h"
#include "tests/TestSupport.h"

#include <QDirIterator>
#include <QProcess>
#include <QtTest>

using namespace fp;

namespace {

QString sharedMedia() {
    const QByteArray env = qgetenv("FRAMEPROOF_SHARED_MEDIA");
    return env.isEmpty() ? QStringLiteral(FRAMEPROOF_SOURCE_DIR "/../shared/media")
                         : QString::fromLocal8Bit(env);
}

QString run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    p.waitForFinished(300000);
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

} // namespace

class TestRealClips : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        if (!QDir(sharedMedia()).exists())
            QSKIP("../shared/media is not here: the real clips are development material only");
    }

    void countsAndPixelsMatchFfmpeg_data() {
        QTest::addColumn<QString>("path");
        QDirIterator it(sharedMedia(), {QStringLiteral("*.mp4"), QStringLiteral("*.avi")},
                        QDir::Files, QDirIterator::Subdirectories);
        QStringList paths;
        while (it.hasNext())
            paths << it.next();
        paths.sort();
        for (const QString& p : paths)
            QTest::newRow(qPrintable(QDir(sharedMedia()).relativeFilePath(p))) << p;
    }
    void countsAndPixelsMatchFfmpeg() {
        QFETCH(QString, path);
        const int64_t expected =
            run(QStringLiteral("ffprobe"),
                {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-count_frames"),
                 QStringLiteral("-select_streams"), QStringLiteral("v:0"),
                 QStringLiteral("-show_entries"), QStringLiteral("stream=nb_read_frames"),
                 QStringLiteral("-of"), QStringLiteral("csv=p=0"), path})
                .toLongLong();
        auto index = buildFrameIndex(path);
        QVERIFY(index.ok());
        QCOMPARE(index->size(), expected);

        const QStringList golden =
            run(QStringLiteral("ffmpeg"),
                {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-nostdin"),
                 QStringLiteral("-noautorotate"), QStringLiteral("-i"), path,
                 QStringLiteral("-map"), QStringLiteral("0:v:0"), QStringLiteral("-fps_mode"),
                 QStringLiteral("passthrough"), QStringLiteral("-f"), QStringLiteral("framemd5"),
                 QStringLiteral("-")})
                .split(QLatin1Char('\n'));
        QStringList hashes;
        for (const QString& line : golden) {
            if (!line.startsWith(QLatin1Char('#')) && !line.isEmpty())
                hashes << line.section(QLatin1Char(','), -1).trimmed();
        }
        QCOMPARE(int64_t(hashes.size()), expected);
        auto shared = std::make_shared<const FrameIndex>(std::move(index).value());
        auto decoder = VideoDecoder::open(path, shared);
        QVERIFY(decoder.ok());
        for (int64_t i : {expected - 1, int64_t(0), expected / 2, expected / 2 - 1}) {
            auto frame = (*decoder)->decode(i);
            QVERIFY(frame.ok());
            QCOMPARE(test::md5Hex((*frame)->packedPixels()), hashes.at(int(i)));
        }
    }
};

QTEST_GUILESS_MAIN(TestRealClips)
#include "tst_real_clips.moc"
