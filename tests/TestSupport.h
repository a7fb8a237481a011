#pragma once

// Shared helpers for the Qt Test executables: where the generated fixtures are, and the golden
// data the fixture script wrote beside them with the ffmpeg/ffprobe commands.

#include <QByteArray>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QtTest>

#include <vector>

namespace fp::test {

inline QString fixturesDir() {
    const QByteArray dir = qgetenv("FRAMEPROOF_FIXTURES");
    return dir.isEmpty() ? QStringLiteral(FRAMEPROOF_FIXTURES_DEFAULT)
                         : QString::fromLocal8Bit(dir);
}

inline QString fixture(const QString& name) {
    return QDir(fixturesDir()).filePath(name);
}

inline QString goldenText(const QString& name, const QString& suffix) {
    QFile file(fixture(name + suffix));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

inline int64_t goldenCount(const QString& name) {
    return goldenText(name, QStringLiteral(".count")).toLongLong();
}

// Per-frame MD5s of ffmpeg's framemd5 output, in presentation order.
inline QStringList goldenFrameMd5(const QString& name) {
    QStringList hashes;
    const QStringList lines =
        goldenText(name, QStringLiteral(".framemd5")).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (line.startsWith(QLatin1Char('#')) || line.trimmed().isEmpty())
            continue;
        hashes << line.section(QLatin1Char(','), -1).trimmed();
    }
    return hashes;
}

inline QJsonObject goldenProbe(const QString& name) {
    return QJsonDocument::fromJson(goldenText(name, QStringLiteral(".ffprobe.json")).toUtf8())
        .object();
}

inline QString md5Hex(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Md5).toHex());
}

// The video fixtures with golden frame data.
inline QStringList videoFixtures() {
    return {QStringLiteral("cfr_h264.mp4"),    QStringLiteral("bframes_h264.mp4"),
            QStringLiteral("gop250_h264.mp4"), QStringLiteral("vfr_h264.mp4"),
            QStringLiteral("tb1000.mp4"),      QStringLiteral("ntsc.mkv"),
            QStringLiteral("start_offset.ts"), QStringLiteral("editlist.mp4"),
            QStringLiteral("rotation.mp4"),    QStringLiteral("mpeg4.avi"),
            QStringLiteral("vp9.webm"),        QStringLiteral("prores.mov"),
            QStringLiteral("mjpeg.mov"),       QStringLiteral("no_audio.mp4"),
            QStringLiteral("av_sync.mp4"),     QStringLiteral("av_sync_editlist.mp4")};
}

inline void addVideoFixtureRows() {
    QTest::addColumn<QString>("name");
    for (const QString& name : videoFixtures())
        QTest::newRow(qPrintable(name)) << name;
}

#ifdef FRAMEPROOF_EXE
struct FrameproofRun {
    int exitCode = -1; // -1: crashed or did not finish within the time allowed
    QByteArray out;
    QByteArray err;
};

// Runs the built `frameproof` as a user would from a terminal without a display: DISPLAY and
// QT_QPA_PLATFORM are removed, so the command line has to choose the offscreen platform itself.
inline FrameproofRun runFrameproof(const QStringList& args, int timeoutMs = 600000) {
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_QPA_PLATFORM"));
    env.remove(QStringLiteral("DISPLAY"));
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(FRAMEPROOF_EXE), args);
    const bool done = process.waitForFinished(timeoutMs);
    return FrameproofRun{done && process.exitStatus() == QProcess::NormalExit ? process.exitCode()
                                                                              : -1,
                         process.readAllStandardOutput(), process.readAllStandardError()};
}
#endif

} // namespace fp::test
