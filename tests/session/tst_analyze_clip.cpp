// The engine's front door (core/session): analyzeClip() gives the same `frameproof.analysis/1`
// bytes as `analyze --json`, the folder batch and the window's case recording (ClipSession and
// CaseSession, as the window drives them) for the same clip, apart from `generated_at`; the
// bytes also match the reference checked in beside this test. A case records a report export
// only once the PDF and its sidecar exist, with both files' SHA-256, and a failed PDF write
// records none.

#include "core/session/AnalysisDocument.h"
#include "core/session/AnalyzeClip.h"
#include "core/session/CaseSession.h"
#include "core/session/ClipSession.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace fp;

namespace {

// The JSON as `analyze --json` writes it, without its `generated_at` line.
QByteArray withoutGeneratedAt(const QByteArray& json) {
    QByteArray out;
    for (const QByteArray& line : json.split('\n')) {
        if (!line.trimmed().startsWith("\"generated_at\""))
            out += line + '\n';
    }
    return out;
}

QByteArray indented(const QJsonObject& o) {
    return withoutGeneratedAt(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

QByteArray fileBytes(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString sha256Of(const QString& path) {
    return QString::fromLatin1(
        QCryptographicHash::hash(fileBytes(path), QCryptographicHash::Sha256).toHex());
}

int runExe(const QStringList& args, QString* errors = nullptr) {
    const test::FrameproofRun run = test::runFrameproof(args);
    if (errors)
        *errors = QString::fromUtf8(run.err);
    return run.exitCode;
}

QList<AuditEntry> entries(const QString& casePath, const QString& action) {
    QList<AuditEntry> found;
    auto store = CaseStore::open(casePath, QStringLiteral("test"));
    if (!store)
        return found;
    auto log = (*store)->auditLog();
    if (!log)
        return found;
    for (const AuditEntry& e : *log)
        if (e.action == action)
            found << e;
    return found;
}

} // namespace

class TestAnalyzeClip : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        m_clip = test::faceFixture(QStringLiteral("talking_head.mp4"));
        if (!QFileInfo::exists(m_clip))
            QSKIP("the synthetic face fixtures were not made (no astronaut portrait)");
        ClipRequest request;
        request.clip = m_clip;
        auto clip = analyzeClip(request);
        QVERIFY2(clip, clip ? "" : qPrintable(clip.error().message));
        QVERIFY(clip->output);
        QVERIFY(clip->evidence.index && clip->evidence.index->size() > 0);
        QVERIFY(!clip->output->faces.tracks.empty());
        m_json = indented(clip->json);
        QVERIFY(m_json.contains("\"schema\": \"frameproof.analysis/1\""));
    }

    // The contract, byte for byte, against the reference (tests/session/talking_head.analysis
    // .json): made by the tool before the front door moved into core (03c7989), identical to
    // it after the move; since then only keys were added (`calibration`, `calibrated_score`).
    void matchesTheCheckedInReference() {
        const QByteArray reference = fileBytes(
            QStringLiteral(FRAMEPROOF_SOURCE_DIR "/tests/session/talking_head.analysis.json"));
        QVERIFY(!reference.isEmpty());
        if (m_json != withoutGeneratedAt(reference)) {
            QFile out(QDir::temp().filePath(QStringLiteral("talking_head.analysis.now.json")));
            if (out.open(QIODevice::WriteOnly))
                out.write(m_json);
            QFAIL(qPrintable(QStringLiteral("the analysis JSON differs from the reference; "
                                            "this run's is in %1")
                                 .arg(out.fileName())));
        }
    }

    void commandLineWritesTheSameBytes() {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("clip.json"));
        QString errors;
        QCOMPARE(
            runExe({QStringLiteral("analyze"), m_clip, QStringLiteral("--json"), json}, &errors),
            0);
        QCOMPARE(withoutGeneratedAt(fileBytes(json)), m_json);
    }

    void batchWritesTheSameBytes() {
        QTemporaryDir in;
        QTemporaryDir out;
        QVERIFY(QFile::link(m_clip, in.filePath(QStringLiteral("talking_head.mp4"))));
        QString errors;
        QCOMPARE(runExe({QStringLiteral("analyze"), in.path(), QStringLiteral("--report"),
                         out.filePath(QStringLiteral("reports")), QStringLiteral("--json"),
                         out.filePath(QStringLiteral("json"))},
                        &errors),
                 0);
        QCOMPARE(
            withoutGeneratedAt(fileBytes(out.filePath(QStringLiteral("json/talking_head.json")))),
            m_json);
    }

    // The window's way: ClipSession's intake and analysis jobs, recorded by CaseSession.
    void windowRecordsTheSameBytes() {
        QTemporaryDir dir;
        ClipSession clip(m_clip, dir.filePath(QStringLiteral("bookmarks")));
        QSignalSpy intake(&clip, &ClipSession::intakeFinished);
        clip.start();
        QTRY_COMPARE_WITH_TIMEOUT(intake.size(), 1, 60000);
        QCOMPARE(intake.first().first().toString(), QString());
        CaseSession session;
        const QString casePath = dir.filePath(QStringLiteral("window.fpcase"));
        QVERIFY(session.create(casePath, QStringLiteral("test")));
        session.attach(&clip);
        QSignalSpy analysed(&clip, &ClipSession::analysisFinished);
        clip.analyse();
        QTRY_COMPARE_WITH_TIMEOUT(analysed.size(), 1, 600000);
        session.flush();
        auto last = session.store()->lastCompleteAnalysis(session.evidenceId());
        QVERIFY(last && last->has_value());
        QCOMPARE(indented((*last)->result), m_json);
    }

    // `analyze --case --report`: the export is recorded after the files exist, with the same
    // fields as the window's export; a report that cannot be written leaves no export on record.
    void caseRecordsOnlyWrittenReports() {
        QTemporaryDir dir;
        const QString casePath = dir.filePath(QStringLiteral("exports.fpcase"));
        // A folder that cannot exist: its parent is a file.
        QFile blocker(dir.filePath(QStringLiteral("not_a_folder")));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const QString badPdf = dir.filePath(QStringLiteral("not_a_folder/report.pdf"));
        QString errors;
        QCOMPARE(runExe({QStringLiteral("analyze"), m_clip, QStringLiteral("--case"), casePath,
                         QStringLiteral("--report"), badPdf},
                        &errors),
                 2);
        // One line from Frameproof (Qt's own notes about the environment aside).
        QStringList said = errors.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        said.removeIf(
            [](const QString& line) { return line.startsWith(QLatin1String("QStandardPaths:")); });
        QVERIFY2(said.size() == 1 &&
                     said.first().startsWith(QLatin1String("frameproof: cannot write")),
                 qPrintable(errors));
        QVERIFY(!QFileInfo::exists(badPdf));
        QCOMPARE(entries(casePath, QStringLiteral("analysed")).size(), 1);
        QCOMPARE(entries(casePath, QStringLiteral("report_exported")).size(), 0);

        const QString pdf = dir.filePath(QStringLiteral("report.pdf"));
        QCOMPARE(runExe({QStringLiteral("analyze"), m_clip, QStringLiteral("--case"), casePath,
                         QStringLiteral("--report"), pdf},
                        &errors),
                 0);
        const QList<AuditEntry> exports = entries(casePath, QStringLiteral("report_exported"));
        QCOMPARE(exports.size(), 1);
        const QJsonObject d = exports.first().details;
        QCOMPARE(QStringList(d.keys()), QStringList({"evidence_id", "file", "file_sha256",
                                                     "report_id", "sidecar", "sidecar_sha256"}));
        QCOMPARE(d.value(QStringLiteral("file")).toString(), QFileInfo(pdf).absoluteFilePath());
        QCOMPARE(d.value(QStringLiteral("file_sha256")).toString(), sha256Of(pdf));
        QCOMPARE(d.value(QStringLiteral("sidecar_sha256")).toString(),
                 sha256Of(dir.filePath(QStringLiteral("report.report.json"))));
        QCOMPARE(d.value(QStringLiteral("evidence_id")).toInteger(), qint64(1));
    }

private:
    QString m_clip;
    QByteArray m_json;
};

QTEST_GUILESS_MAIN(TestAnalyzeClip)
#include "tst_analyze_clip.moc"
