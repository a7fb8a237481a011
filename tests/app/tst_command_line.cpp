// The command line as a user or a pipeline meets it: `frameproof probe`, --version, exit
// statuses 0/2/64 and exactly one line on stderr for bad input.

#include "tests/TestSupport.h"

#include <QJsonArray>
#include <QProcess>
#include <QtTest>

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run frameproof(const QStringList& args) {
    QProcess process;
    process.setProgram(QStringLiteral(FRAMEPROOF_EXE));
    process.setArguments(args);
    process.start();
    process.waitForFinished(60000);
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
               process.readAllStandardOutput(), process.readAllStandardError()};
}

} // namespace

class TestCommandLine : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void version() {
        const Run run = frameproof({QStringLiteral("--version")});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.out.startsWith("Frameproof " FRAMEPROOF_VERSION));
    }

    void probeDescribesTheClip_data() { fp::test::addVideoFixtureRows(); }
    void probeDescribesTheClip() {
        QFETCH(QString, name);
        const Run run = frameproof({QStringLiteral("probe"), fp::test::fixture(name)});
        QCOMPARE(run.exitCode, 0);
        QVERIFY(run.err.isEmpty());
        QJsonParseError error{};
        const QJsonObject root = QJsonDocument::fromJson(run.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonObject evidence = root.value(QStringLiteral("evidence")).toObject();
        QCOMPARE(evidence.value(QStringLiteral("sha256")).toString(),
                 fp::test::goldenText(name, QStringLiteral(".sha256")));
        QCOMPARE(evidence.value(QStringLiteral("md5")).toString(),
                 fp::test::goldenText(name, QStringLiteral(".md5")));
        QCOMPARE(evidence.value(QStringLiteral("file_name")).toString(), name);
        const QJsonObject video = evidence.value(QStringLiteral("video")).toObject();
        QCOMPARE(video.value(QStringLiteral("frame_count")).toInteger(),
                 fp::test::goldenCount(name));
        const QJsonObject index = root.value(QStringLiteral("frame_index")).toObject();
        QCOMPARE(index.value(QStringLiteral("count")).toInteger(), fp::test::goldenCount(name));
        for (const char* key :
             {"keyframe_count", "keyframes", "gop_length", "picture_types", "vfr", "duration_s"})
            QVERIFY2(index.contains(QLatin1String(key)), key);
        if (!name.contains(QStringLiteral("editlist")))
            QCOMPARE(index.value(QStringLiteral("keyframes")).toArray().first().toInteger(),
                     qint64(0));
        QCOMPARE(
            root.value(QStringLiteral("tool")).toObject().value(QStringLiteral("name")).toString(),
            QStringLiteral("Frameproof"));
        // Same input, same bytes.
        QCOMPARE(frameproof({QStringLiteral("probe"), fp::test::fixture(name)}).out, run.out);
    }

    void probeAudioOnly() {
        const Run run = frameproof(
            {QStringLiteral("probe"), fp::test::fixture(QStringLiteral("audio_only.m4a"))});
        QCOMPARE(run.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(run.out).object();
        QVERIFY(root.value(QStringLiteral("evidence"))
                    .toObject()
                    .value(QStringLiteral("video"))
                    .isNull());
        QVERIFY(root.value(QStringLiteral("frame_index")).isNull());
    }

    void badInputExitsTwoWithOneLine_data() {
        QTest::addColumn<QString>("name");
        for (const char* n : {"zero.mp4", "random.mp4", "text.mp4", "huge.y4m", "huge16k.y4m",
                              "a_directory.mp4", "no_such_clip.mp4"})
            QTest::newRow(n) << QString::fromLatin1(n);
    }
    void badInputExitsTwoWithOneLine() {
        QFETCH(QString, name);
        const Run run = frameproof({QStringLiteral("probe"), fp::test::fixture(name)});
        QCOMPARE(run.exitCode, 2);
        QVERIFY(run.out.isEmpty());
        QCOMPARE(run.err.count('\n'), 1);
        QVERIFY(run.err.startsWith("frameproof: "));
    }

    void usageErrorsExit64() {
        QCOMPARE(frameproof({QStringLiteral("probe")}).exitCode, 64);
        QCOMPARE(frameproof({QStringLiteral("probe"), QStringLiteral("a"), QStringLiteral("b")})
                     .exitCode,
                 64);
        QCOMPARE(frameproof({QStringLiteral("--bogus")}).exitCode, 64);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_command_line.moc"
