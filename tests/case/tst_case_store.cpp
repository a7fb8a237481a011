// The case file (core/case/CaseStore): what it stores and reads back, the audit chain and its
// exact definition, tampering with a row through the sqlite3 CLI, evidence changed or missing
// after intake, interrupted analyses, the errors a user can meet; and, through the executable,
// `frameproof verify` and `frameproof analyze --case`, including a SIGKILL mid-analysis.

#include "core/case/AnalysisDetail.h"
#include "core/case/AnalysisIntegrity.h"
#include "core/case/CaseStore.h"
#include "core/session/AnalysisDocument.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace fp;

namespace {

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run frameproof(const QStringList& args, int timeoutMs = 300000) {
    QProcess process;
    process.setProgram(QStringLiteral(FRAMEPROOF_EXE));
    process.setArguments(args);
    process.start();
    process.waitForFinished(timeoutMs);
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
               process.readAllStandardOutput(), process.readAllStandardError()};
}

// Runs one statement with the sqlite3 command-line tool, as someone tampering would.
bool sqlite3(const QString& database, const QString& sql) {
    QProcess process;
    process.start(QStringLiteral("sqlite3"), {database, sql});
    return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
}

QStringList actions(const std::vector<AuditEntry>& log) {
    QStringList names;
    for (const AuditEntry& e : log)
        names << e.action;
    return names;
}

EvidenceHashes hashOf(const QString& path) {
    auto hashes = hashEvidenceFile(path);
    return hashes ? *hashes : EvidenceHashes{};
}

// A small analysis output with a track, a map entry and lip-sync curves (no clip needed).
AnalysisOutput smallOutput() {
    AnalysisOutput o;
    o.result.frameCount = o.faces.frameCount = o.maps.frameCount = 3;
    FaceTrack track;
    track.id = 1;
    for (int f = 0; f < 3; ++f) {
        FaceObservation ob;
        ob.frame = f;
        ob.box = QRectF(10 + f, 20, 100, 120);
        for (int i = 0; i < 68; ++i)
            ob.points[size_t(i)] = cv::Point2f(float(i), float(f) + 0.25f);
        track.observations.push_back(ob);
    }
    o.faces.tracks.push_back(track);
    o.maps.frameSize = QSize(640, 480);
    FaceMapFrame entry;
    entry.frame = 1;
    entry.region = QRect(0, 0, 64, 64);
    entry.grids[0].fill(200);
    o.maps.entries.push_back(entry);
    o.lipsync.audioEnergy = {-40.0, -12.5, kNoValue};
    o.lipsync.mouthOpening = {0.1, 0.2, 0.3};
    o.lipsync.speech = {false, true, true};
    return o;
}

QString sha256Hex(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestCaseStore : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_clip; // a private copy of a fixture, so a test may change it

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // A case with one evidence item, an analysis, bookmarks, a note and a conclusion.
    QString makeFullCase(const QString& name, bool withDetail = true) {
        auto store = CaseStore::create(path(name), QStringLiteral("alice"));
        if (!store)
            return {};
        auto& c = **store;
        auto evidence = c.addEvidence(
            m_clip, hashOf(m_clip), QJsonObject{{QStringLiteral("format"), QStringLiteral("mp4")}});
        if (!evidence || !c.recordOpened(evidence->id, m_clip, QStringLiteral("test")))
            return {};
        auto analysis = c.beginAnalysis(evidence->id, {{QStringLiteral("detect_every"), 5}},
                                        {{QStringLiteral("name"), QStringLiteral("Frameproof")}},
                                        {{QStringLiteral("landmarks"), QStringLiteral("dlib")}});
        if (!analysis || !c.completeAnalysis(
                             *analysis,
                             {{QStringLiteral("schema"), QStringLiteral("frameproof.analysis/1")},
                              {QStringLiteral("findings"), QJsonArray{1, 2}}},
                             withDetail ? encodeAnalysisDetail(smallOutput()) : QByteArray()))
            return {};
        Bookmark b;
        b.firstFrame = 10;
        b.lastFrame = 20;
        b.note = QStringLiteral("mouth");
        if (!c.setBookmarks(evidence->id, {b}) || !c.addNote(evidence->id, QStringLiteral("n")) ||
            !c.setConclusion(ConclusionScale::Moderate, QStringLiteral("c")))
            return {};
        return path(name);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_clip = path(QStringLiteral("evidence.mp4"));
        QVERIFY(QFile::copy(fp::test::fixture(QStringLiteral("cfr_h264.mp4")), m_clip));
    }

    void freshCaseStoresAndReadsBack() {
        const QString file = makeFullCase(QStringLiteral("full.fpcase"));
        QVERIFY(!file.isEmpty());
        auto store = CaseStore::open(file, QStringLiteral("bob"));
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        auto& c = **store;
        QCOMPARE(c.info().schemaVersion, kCaseSchemaVersion);
        QVERIFY(!QUuid::fromString(c.info().caseId).isNull());
        auto evidence = c.evidence();
        QVERIFY(evidence);
        QCOMPARE(evidence->size(), size_t(1));
        const EvidenceRecord& e = evidence->front();
        QCOMPARE(e.sha256,
                 fp::test::goldenText(QStringLiteral("cfr_h264.mp4"), QStringLiteral(".sha256")));
        QCOMPARE(e.md5,
                 fp::test::goldenText(QStringLiteral("cfr_h264.mp4"), QStringLiteral(".md5")));
        QCOMPARE(e.sizeBytes, QFileInfo(m_clip).size());
        QCOMPARE(e.path, QFileInfo(m_clip).absoluteFilePath());
        QCOMPARE(e.examiner, QStringLiteral("alice"));
        QCOMPARE(e.facts.value(QStringLiteral("format")).toString(), QStringLiteral("mp4"));
        // Adding the same content again returns the existing item.
        auto again = c.addEvidence(m_clip, hashOf(m_clip), {});
        QVERIFY(again);
        QCOMPARE(again->id, e.id);

        auto last = c.lastCompleteAnalysis(e.id);
        QVERIFY(last && last->has_value());
        QCOMPARE((*last)->status, AnalysisStatus::Complete);
        QCOMPARE((*last)->parameters.value(QStringLiteral("detect_every")).toInt(), 5);
        QCOMPARE((*last)->result.value(QStringLiteral("findings")).toArray().size(), 2);
        QVERIFY((*last)->finished.isValid());

        auto marks = c.bookmarks(e.id);
        QVERIFY(marks);
        QCOMPARE(marks->size(), 1);
        QCOMPARE(marks->front().firstFrame, qint64(10));
        QCOMPARE(marks->front().lastFrame, qint64(20));
        QCOMPARE(marks->front().note, QStringLiteral("mouth"));
        auto conclusion = c.conclusion();
        QVERIFY(conclusion && conclusion->has_value());
        QCOMPARE((*conclusion)->scale, ConclusionScale::Moderate);
        QVERIFY(!c.setConclusion(ConclusionScale::NotGiven, {}));

        auto log = c.auditLog();
        QVERIFY(log);
        QCOMPARE(actions(*log),
                 QStringList({"case_created", "hashed", "opened", "analysis_started", "analysed",
                              "bookmark_changed", "note_added", "conclusion_set"}));
        QCOMPARE(log->at(1).details.value(QStringLiteral("sha256")).toString(), e.sha256);
        auto chain = c.verifyChain();
        QVERIFY(chain);
        QVERIFY2(chain->intact, qPrintable(chain->problem));
        QCOMPARE(chain->entries, qint64(8));
        QCOMPARE(chain->lastHash, log->back().entryHash);
    }

    // The chain is exactly SHA-256(previous hex ‖ compact JSON with sorted keys): a second
    // implementation can recompute it from the rows alone.
    void chainFollowsItsDefinition() {
        const QString file = makeFullCase(QStringLiteral("definition.fpcase"));
        QVERIFY(!file.isEmpty());
        auto store = CaseStore::open(file, QStringLiteral("alice"), CaseStore::Mode::ReadOnly);
        QVERIFY(store);
        auto log = (*store)->auditLog();
        QVERIFY(log);
        QByteArray previous;
        for (const AuditEntry& e : *log) {
            const QByteArray canonical =
                "{\"action\":\"" + e.action.toUtf8() +
                "\",\"details\":" + QJsonDocument(e.details).toJson(QJsonDocument::Compact) +
                ",\"examiner\":\"" + e.examiner.toUtf8() +
                "\",\"sequence\":" + QByteArray::number(e.sequence) + ",\"time\":\"" +
                e.timeUtc.toString(Qt::ISODateWithMs).toUtf8() + "\"}";
            QCOMPARE(canonicalAuditJson(e), canonical);
            QVERIFY(canonical.contains("Z\"}")); // UTC, milliseconds
            QCOMPARE(e.previousHash, previous);
            previous = QCryptographicHash::hash(QByteArray(previous + canonical),
                                                QCryptographicHash::Sha256)
                           .toHex();
            QCOMPARE(e.entryHash, previous);
        }
        // Changing any field changes the hash.
        AuditEntry e = log->at(2);
        e.examiner = QStringLiteral("mallory");
        QVERIFY(auditEntryHash(e.previousHash, e) != log->at(2).entryHash);
    }

    void tamperingIsFoundAtTheEditedEntry_data() {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<qint64>("brokenAt");
        QTest::newRow("examiner edited") << "UPDATE audit SET examiner = 'mallory' WHERE "
                                            "sequence = 3"
                                         << qint64(3);
        QTest::newRow("details edited") << "UPDATE audit SET details = replace(details, "
                                           "'\"sha256\":\"', '\"sha256\":\"0') WHERE sequence = 2"
                                        << qint64(2);
        QTest::newRow("time edited")
            << "UPDATE audit SET time = '2020-01-01T00:00:00.000Z' WHERE sequence = 5" << qint64(5);
        QTest::newRow("row removed") << "DELETE FROM audit WHERE sequence = 4" << qint64(5);
        QTest::newRow("previous hash edited")
            << "UPDATE audit SET previous_hash = '00' WHERE sequence = 6" << qint64(6);
    }
    void tamperingIsFoundAtTheEditedEntry() {
        QFETCH(QString, sql);
        QFETCH(qint64, brokenAt);
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("the sqlite3 command-line tool is not installed");
        const QString file = makeFullCase(QStringLiteral("tamper_%1.fpcase")
                                              .arg(QTest::currentDataTag())
                                              .replace(QLatin1Char(' '), QLatin1Char('_')));
        QVERIFY(!file.isEmpty());
        QVERIFY(sqlite3(file, sql));
        auto store = CaseStore::open(file, QStringLiteral("alice"), CaseStore::Mode::ReadOnly);
        QVERIFY(store);
        auto chain = (*store)->verifyChain();
        QVERIFY(chain);
        QVERIFY(!chain->intact);
        QCOMPARE(chain->brokenSequence, brokenAt);
        QVERIFY(!chain->problem.isEmpty());

        // The command line names the same entry and fails with its own status.
        const Run run = frameproof({QStringLiteral("verify"), file});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.out.contains(
                     QStringLiteral("audit chain: broken at entry %1 of ").arg(brokenAt).toUtf8()),
                 run.out.constData());
        QVERIFY(run.out.contains("verification FAILED"));
        const Run json = frameproof({QStringLiteral("verify"), file, QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 3);
        const QJsonObject root = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(root.value(QStringLiteral("passed")).toBool(true), false);
        QCOMPARE(root.value(QStringLiteral("audit"))
                     .toObject()
                     .value(QStringLiteral("broken"))
                     .toObject()
                     .value(QStringLiteral("sequence"))
                     .toInteger(),
                 brokenAt);
    }

    // A forger who edits an entry and recomputes its hash breaks the entry after it.
    void recomputedHashBreaksTheNextEntry() {
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("the sqlite3 command-line tool is not installed");
        const QString file = makeFullCase(QStringLiteral("forged.fpcase"));
        QVERIFY(!file.isEmpty());
        AuditEntry forged;
        {
            auto store = CaseStore::open(file, QString(), CaseStore::Mode::ReadOnly);
            QVERIFY(store);
            forged = (*store)->auditLog()->at(2);
        }
        forged.examiner = QStringLiteral("mallory");
        forged.entryHash = auditEntryHash(forged.previousHash, forged);
        QVERIFY(sqlite3(file, QStringLiteral("UPDATE audit SET examiner = 'mallory', entry_hash = "
                                             "'%1' WHERE sequence = 3")
                                  .arg(QString::fromLatin1(forged.entryHash))));
        auto store = CaseStore::open(file, QString(), CaseStore::Mode::ReadOnly);
        QVERIFY(store);
        auto chain = (*store)->verifyChain();
        QVERIFY(!chain->intact);
        QCOMPARE(chain->brokenSequence, qint64(4));
        QCOMPARE(chain->brokenEntry.action, QStringLiteral("analysis_started"));
    }

    void verifyPassesOnAFreshCase() {
        const QString file = makeFullCase(QStringLiteral("fresh.fpcase"));
        QVERIFY(!file.isEmpty());
        const Run run = frameproof({QStringLiteral("verify"), file});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("evidence 1 evidence.mp4: unchanged"), run.out.constData());
        QVERIFY(run.out.contains("audit chain: intact (8 entries"));
        QVERIFY(run.out.contains("verification passed"));
        QVERIFY(run.err.isEmpty());
        const Run json = frameproof({QStringLiteral("verify"), QStringLiteral("--json"), file});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(json.out).object();
        QCOMPARE(root.value(QStringLiteral("schema")).toString(),
                 QStringLiteral("frameproof.verify/1"));
        QCOMPARE(root.value(QStringLiteral("passed")).toBool(), true);
        QCOMPARE(
            root.value(QStringLiteral("audit")).toObject().value(QStringLiteral("entries")).toInt(),
            8);
        // Verifying is read-only: a second run sees the same log, and nothing is left beside
        // the case.
        QVERIFY(frameproof({QStringLiteral("verify"), file}).out.contains("intact (8 entries"));
        QVERIFY(!QFileInfo::exists(file + QStringLiteral("-wal")));
        QVERIFY(!QFileInfo::exists(file + QStringLiteral("-shm")));
    }

    // The detail blob (tracks, maps, lip-sync curves) is stored with the analysis, its SHA-256
    // in the `analysed` entry, and read back as written.
    void detailIsStoredAndRecorded() {
        const QString file = makeFullCase(QStringLiteral("detail.fpcase"));
        QVERIFY(!file.isEmpty());
        const QByteArray blob = encodeAnalysisDetail(smallOutput());
        auto store = CaseStore::open(file, QString(), CaseStore::Mode::ReadOnly);
        QVERIFY(store);
        auto detail = (*store)->analysisDetail(1);
        QVERIFY(detail && detail->has_value());
        QCOMPARE((*detail)->data, blob);
        QCOMPARE((*detail)->format, int(kAnalysisDetailFormat));
        QCOMPARE((*detail)->sha256, sha256Hex(blob));
        const AuditEntry analysed = (*store)->auditLog()->at(4);
        QCOMPARE(analysed.action, QStringLiteral("analysed"));
        QCOMPARE(analysed.details.value(QStringLiteral("detail_sha256")).toString(),
                 sha256Hex(blob));
        QCOMPARE(analysed.details.value(QStringLiteral("detail_bytes")).toInteger(),
                 qint64(blob.size()));
        auto checks = verifyAnalyses(**store);
        QVERIFY(checks);
        QCOMPARE(checks->size(), size_t(1));
        QCOMPARE(checks->front().detail, DetailState::Intact);
        QCOMPARE(checks->front().auditSequence, qint64(5));
        QVERIFY(checks->front().passed());
        // Restored from the case: the JSON and the blob together.
        auto last = (*store)->lastCompleteAnalysis(1);
        const RestoredAnalysis restored = restoreAnalysis((*last)->result, (*detail)->data);
        QVERIFY(restored.output);
        QVERIFY2(!restored.detailRestored, "the result JSON here says 0 frames, the blob 3");
        QVERIFY(!(*store)->analysisDetail(99)->has_value());

        const Run run = frameproof({QStringLiteral("verify"), file});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.out.contains("face tracks, maps and lip-sync curves intact"),
                 run.out.constData());
    }

    // Editing the blob in the file is found by `verify`, which names the analysis and the audit
    // entry that recorded the blob; the audit chain itself stays intact.
    void editedDetailIsFoundAndNamed_data() {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("state");
        QTest::newRow("truncated") << "UPDATE analysis_detail SET data = substr(data, 1, "
                                      "length(data) - 20)"
                                   << "altered";
        QTest::newRow("replaced") << "UPDATE analysis_detail SET data = zeroblob(length(data))"
                                  << "altered";
        QTest::newRow("hash column too")
            << "UPDATE analysis_detail SET data = x'00', sha256 = "
               "'6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d'"
            << "altered";
        QTest::newRow("removed") << "DELETE FROM analysis_detail"
                                 << "missing";
    }
    void editedDetailIsFoundAndNamed() {
        QFETCH(QString, sql);
        QFETCH(QString, state);
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("the sqlite3 command-line tool is not installed");
        const QString file = makeFullCase(QStringLiteral("detail_%1.fpcase")
                                              .arg(QTest::currentDataTag())
                                              .replace(QLatin1Char(' '), QLatin1Char('_')));
        QVERIFY(!file.isEmpty());
        QVERIFY(sqlite3(file, sql));
        {
            auto store = CaseStore::open(file, QString(), CaseStore::Mode::ReadOnly);
            QVERIFY(store);
            QVERIFY((*store)->verifyChain()->intact);
            auto checks = verifyAnalyses(**store);
            QVERIFY(checks);
            QCOMPARE(detailStateKey(checks->front().detail), state);
            QVERIFY(!checks->front().passed());
            QVERIFY(!checks->front().resultAltered);
        }
        const Run run = frameproof({QStringLiteral("verify"), file});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.out.contains(QStringLiteral("analysis 1 (evidence 1").toUtf8()),
                 run.out.constData());
        QVERIFY2(run.out.contains(QByteArray(state.toUpper().toUtf8() + ": ")),
                 run.out.constData());
        QVERIFY2(run.out.contains("audit entry 5 recorded"), run.out.constData());
        QVERIFY(run.out.contains("audit chain: intact"));
        QVERIFY(run.out.contains("verification FAILED"));
        const Run json = frameproof({QStringLiteral("verify"), file, QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 3);
        const QJsonObject analysis = QJsonDocument::fromJson(json.out)
                                         .object()
                                         .value(QStringLiteral("analyses"))
                                         .toArray()
                                         .first()
                                         .toObject();
        QCOMPARE(analysis.value(QStringLiteral("detail")).toString(), state);
        QCOMPARE(analysis.value(QStringLiteral("audit_sequence")).toInteger(), qint64(5));
        QVERIFY(!analysis.value(QStringLiteral("detail_problem")).toString().isEmpty());
    }

    // A blob slipped in beside an analysis that completed without one is not trusted either.
    void unrecordedDetailFailsVerify() {
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("the sqlite3 command-line tool is not installed");
        const QString file = makeFullCase(QStringLiteral("unrecorded.fpcase"), false);
        QVERIFY(!file.isEmpty());
        QCOMPARE(frameproof({QStringLiteral("verify"), file}).exitCode, 0);
        QVERIFY(sqlite3(file, QStringLiteral("INSERT INTO analysis_detail VALUES (1, 1, 1, "
                                             "'00', x'00')")));
        const Run run = frameproof({QStringLiteral("verify"), file});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.out.contains("UNRECORDED: "), run.out.constData());
    }

    // A case written before the detail table existed (schema 1) still opens and verifies;
    // opening it read-write upgrades it, with an audit entry, and then stores details.
    void schemaOneCaseOpensAndUpgrades() {
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("the sqlite3 command-line tool is not installed");
        const QString file = makeFullCase(QStringLiteral("schema1.fpcase"), false);
        QVERIFY(!file.isEmpty());
        QVERIFY(sqlite3(file, QStringLiteral("DROP TABLE analysis_detail; UPDATE meta SET value "
                                             "= '1' WHERE key = 'schema_version'")));
        {
            auto store = CaseStore::open(file, QString(), CaseStore::Mode::ReadOnly);
            QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
            QCOMPARE((*store)->info().schemaVersion, 1);
            auto detail = (*store)->analysisDetail(1);
            QVERIFY(detail && !detail->has_value());
            auto checks = verifyAnalyses(**store);
            QVERIFY(checks && checks->front().passed());
            QCOMPARE(checks->front().detail, DetailState::None);
        }
        const Run before = frameproof({QStringLiteral("verify"), file});
        QVERIFY2(before.exitCode == 0, before.out.constData());

        auto store = CaseStore::open(file, QStringLiteral("bob"));
        QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
        auto& c = **store;
        QCOMPARE(c.info().schemaVersion, kCaseSchemaVersion);
        const AuditEntry upgraded = c.auditLog()->back();
        QCOMPARE(upgraded.action, QStringLiteral("case_upgraded"));
        QCOMPARE(upgraded.details.value(QStringLiteral("from_schema_version")).toInt(), 1);
        QVERIFY(c.verifyChain()->intact);
        QVERIFY(!c.analysisDetail(1)->has_value()); // the old analysis has none
        auto id = c.beginAnalysis(1, {}, {}, {});
        QVERIFY(id);
        const QByteArray blob = encodeAnalysisDetail(smallOutput());
        QVERIFY(c.completeAnalysis(
            *id, {{QStringLiteral("schema"), QStringLiteral("frameproof.analysis/1")}}, blob));
        QCOMPARE((*c.analysisDetail(*id))->data, blob);
        store->reset();
        // Upgraded once only.
        auto again = CaseStore::open(file, QStringLiteral("bob"));
        QVERIFY(again);
        QCOMPARE((*again)->auditLog()->back().action, QStringLiteral("analysed"));
        again->reset();
        const Run after = frameproof({QStringLiteral("verify"), file});
        QVERIFY2(after.exitCode == 0, after.out.constData());
        QVERIFY(after.out.contains("curves intact"));
    }

    void evidenceChangedAfterIntakeIsReported() {
        const QString clip = path(QStringLiteral("changing.mp4"));
        QVERIFY(QFile::copy(m_clip, clip));
        const QString file = path(QStringLiteral("changing.fpcase"));
        const EvidenceHashes intake = hashOf(clip);
        {
            auto store = CaseStore::create(file, QStringLiteral("alice"));
            QVERIFY(store);
            QVERIFY((*store)->addEvidence(clip, intake, {}));
        }
        QCOMPARE(frameproof({QStringLiteral("verify"), file}).exitCode, 0);
        {
            QFile f(clip);
            QVERIFY(f.open(QIODevice::ReadWrite));
            QVERIFY(f.seek(1000));
            const char byte = f.peek(1).at(0);
            QCOMPARE(f.write(QByteArray(1, char(byte ^ 0x5a))), qint64(1));
        }
        const EvidenceHashes now = hashOf(clip);
        QVERIFY(now.sha256 != intake.sha256);
        {
            auto store = CaseStore::open(file, QStringLiteral("alice"), CaseStore::Mode::ReadOnly);
            QVERIFY(store);
            auto checks = (*store)->verifyEvidence();
            QVERIFY(checks);
            QCOMPARE(checks->size(), size_t(1));
            QCOMPARE(checks->front().state, EvidenceCheck::State::Changed);
            QCOMPARE(checks->front().currentSha256, now.sha256);
            QVERIFY(!checks->front().intakeRecordAltered);
        }
        const Run run = frameproof({QStringLiteral("verify"), file});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(
            run.out.contains(QStringLiteral("changing.mp4: CHANGED (sha256 at intake %1, now %2)")
                                 .arg(intake.sha256, now.sha256)
                                 .toUtf8()),
            run.out.constData());
        QVERIFY(run.out.contains("audit chain: intact"));

        QVERIFY(QFile::remove(clip));
        const Run missing = frameproof({QStringLiteral("verify"), file});
        QCOMPARE(missing.exitCode, 3);
        QVERIFY2(missing.out.contains("changing.mp4: missing"), missing.out.constData());
    }

    // Someone "fixing" the intake hash in the evidence row to match a changed file is caught by
    // the hash the audit log recorded at intake.
    void editedIntakeRecordIsReported() {
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("the sqlite3 command-line tool is not installed");
        const QString file = makeFullCase(QStringLiteral("intake_edit.fpcase"));
        QVERIFY(!file.isEmpty());
        QVERIFY(sqlite3(file, QStringLiteral("UPDATE evidence SET sha256 = 'ff' WHERE id = 1")));
        const Run run = frameproof({QStringLiteral("verify"), file});
        QCOMPARE(run.exitCode, 3);
        QVERIFY2(run.out.contains("INTAKE RECORD ALTERED"), run.out.constData());
        QVERIFY(run.out.contains("audit chain: intact"));
        // And an edited stored result is caught by the hash its `analysed` entry recorded.
        const QString file2 = makeFullCase(QStringLiteral("result_edit.fpcase"));
        QVERIFY(sqlite3(file2, QStringLiteral("UPDATE analyses SET result = replace(result, "
                                              "'[1,2]', '[]') WHERE id = 1")));
        const Run run2 = frameproof({QStringLiteral("verify"), file2});
        QCOMPARE(run2.exitCode, 3);
        QVERIFY2(run2.out.contains("RESULT ALTERED"), run2.out.constData());
    }

    void interruptedAnalysisBecomesIncompleteOnOpen() {
        const QString file = path(QStringLiteral("interrupted.fpcase"));
        qint64 analysisId = 0;
        {
            auto store = CaseStore::create(file, QStringLiteral("alice"));
            QVERIFY(store);
            auto evidence = (*store)->addEvidence(m_clip, hashOf(m_clip), {});
            QVERIFY(evidence);
            auto id = (*store)->beginAnalysis(evidence->id, {}, {}, {});
            QVERIFY(id);
            analysisId = *id;
        } // closed with the analysis still running, as a crash would leave it
        {
            auto readOnly =
                CaseStore::open(file, QStringLiteral("alice"), CaseStore::Mode::ReadOnly);
            QVERIFY(readOnly);
            QCOMPARE((*readOnly)->analyses()->front().status, AnalysisStatus::Running);
            QVERIFY(!(*readOnly)->appendAudit(QStringLiteral("x"), {})); // read-only refuses
        }
        auto store = CaseStore::open(file, QStringLiteral("bob"));
        QVERIFY(store);
        QCOMPARE((*store)->interruptedOnOpen(), 1);
        auto analyses = (*store)->analyses();
        QVERIFY(analyses);
        QCOMPARE(analyses->size(), size_t(1));
        QCOMPARE(analyses->front().id, analysisId);
        QCOMPARE(analyses->front().status, AnalysisStatus::Incomplete);
        QVERIFY(analyses->front().message.contains(QStringLiteral("interrupted")));
        QVERIFY(!(*store)->completeAnalysis(analysisId, {})); // too late to complete
        auto log = (*store)->auditLog();
        QCOMPARE(log->back().action, QStringLiteral("analysis_incomplete"));
        QCOMPARE(log->back().examiner, QStringLiteral("bob"));
        QVERIFY((*store)->verifyChain()->intact);
        auto last = (*store)->lastCompleteAnalysis(analyses->front().evidenceId);
        QVERIFY(last && !last->has_value());
    }

    void bookmarkChangesAreAudited() {
        const QString file = path(QStringLiteral("bookmarks.fpcase"));
        auto store = CaseStore::create(file, QStringLiteral("alice"));
        QVERIFY(store);
        auto& c = **store;
        auto evidence = c.addEvidence(m_clip, hashOf(m_clip), {});
        QVERIFY(evidence);
        Bookmark a, b;
        a.id = QUuid::createUuid();
        a.firstFrame = a.lastFrame = 5;
        b.id = QUuid::createUuid();
        b.firstFrame = 7;
        b.lastFrame = 9;
        QVERIFY(c.setBookmarks(evidence->id, {a, b}));
        const qint64 before = c.auditLog()->size();
        QVERIFY(c.setBookmarks(evidence->id, {b, a})); // no change: nothing written
        QCOMPARE(qint64(c.auditLog()->size()), before);
        a.status = BookmarkStatus::Warning;
        a.note = QStringLiteral("lips");
        QVERIFY(c.setBookmarks(evidence->id, {a}));
        const AuditEntry last = c.auditLog()->back();
        QCOMPARE(last.action, QStringLiteral("bookmark_changed"));
        QCOMPARE(last.details.value(QStringLiteral("changed")).toArray().size(), 1);
        QCOMPARE(last.details.value(QStringLiteral("removed")).toArray().size(), 1);
        QVERIFY(!last.details.contains(QStringLiteral("added")));
        auto marks = c.bookmarks(evidence->id);
        QCOMPARE(marks->size(), 1);
        QCOMPARE(marks->front().status, BookmarkStatus::Warning);
        QCOMPARE(marks->front().note, QStringLiteral("lips"));
    }

    void saveCopyIsAVerifiableCase() {
        const QString file = makeFullCase(QStringLiteral("original.fpcase"));
        QVERIFY(!file.isEmpty());
        const QString copy = path(QStringLiteral("copy.fpcase"));
        {
            auto store = CaseStore::open(file, QStringLiteral("alice"));
            QVERIFY(store);
            QVERIFY((*store)->saveCopy(copy));
            QVERIFY(!(*store)->saveCopy(copy)); // never overwrites
        }
        auto store = CaseStore::open(copy, QStringLiteral("alice"), CaseStore::Mode::ReadOnly);
        QVERIFY(store);
        QCOMPARE((*store)->auditLog()->back().action, QStringLiteral("case_copied"));
        QCOMPARE((*store)->verifyChain()->entries, qint64(9));
        QVERIFY((*store)->verifyChain()->intact);
        QCOMPARE((*store)->evidence()->size(), size_t(1));
    }

    void clearErrors() {
        auto missing = CaseStore::open(path(QStringLiteral("nope.fpcase")), QString());
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);

        // The evidence itself is no case (and is not touched by trying).
        const QByteArray before = hashOf(m_clip).sha256.toLatin1();
        auto notCase = CaseStore::open(m_clip, QString());
        QVERIFY(!notCase);
        QCOMPARE(notCase.error().kind, Error::Kind::Unsupported);
        QVERIFY(notCase.error().message.contains(QStringLiteral("not a Frameproof case")));
        QCOMPARE(hashOf(m_clip).sha256.toLatin1(), before);
        QVERIFY(!QFileInfo::exists(m_clip + QStringLiteral("-wal")));

        const Run run = frameproof({QStringLiteral("verify"), m_clip});
        QCOMPARE(run.exitCode, 2);
        QCOMPARE(run.err.count('\n'), qsizetype(1));
        QCOMPARE(frameproof({QStringLiteral("verify")}).exitCode, 64);
        QCOMPARE(frameproof({QStringLiteral("verify"), QStringLiteral("--bogus"), m_clip}).exitCode,
                 64);

        if (!QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty()) {
            const QString foreign = path(QStringLiteral("foreign.db"));
            QVERIFY(sqlite3(foreign, QStringLiteral("CREATE TABLE t (x)")));
            auto other = CaseStore::open(foreign, QString());
            QVERIFY(!other);
            QCOMPARE(other.error().kind, Error::Kind::Unsupported);

            const QString newer = makeFullCase(QStringLiteral("newer.fpcase"));
            QVERIFY(sqlite3(newer, QStringLiteral("UPDATE meta SET value = '99' WHERE key = "
                                                  "'schema_version'")));
            auto future = CaseStore::open(newer, QString());
            QVERIFY(!future);
            QCOMPARE(future.error().kind, Error::Kind::Unsupported);
            QVERIFY2(future.error().message.contains(QStringLiteral("newer")),
                     qPrintable(future.error().message));
        }

        const QString file = path(QStringLiteral("locked.fpcase"));
        auto first = CaseStore::create(file, QStringLiteral("alice"));
        QVERIFY(first);
        auto second = CaseStore::open(file, QStringLiteral("bob"));
        QVERIFY(!second);
        QCOMPARE(second.error().kind, Error::Kind::NotReadable);
        QVERIFY2(second.error().message.contains(QStringLiteral("locked")),
                 qPrintable(second.error().message));
        // Reading alongside a writer is fine.
        QVERIFY(CaseStore::open(file, QString(), CaseStore::Mode::ReadOnly));
        first->reset();
        QVERIFY(CaseStore::open(file, QStringLiteral("bob")));

        auto exists = CaseStore::create(file, QStringLiteral("alice"));
        QVERIFY(!exists);
    }

    void analyzeRecordsIntoTheCase() {
        const QString clip = fp::test::faceFixture(QStringLiteral("talking_head.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("face fixtures missing (no astronaut portrait)");
        const QString file = path(QStringLiteral("analyze.fpcase"));
        const QString json = path(QStringLiteral("analyze.json"));
        const Run run = frameproof({QStringLiteral("analyze"), clip, QStringLiteral("--case"), file,
                                    QStringLiteral("--examiner"), QStringLiteral("alice"),
                                    QStringLiteral("--json"), json});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject written = QJsonDocument::fromJson(f.readAll()).object();
        {
            auto store = CaseStore::open(file, QString(), CaseStore::Mode::ReadOnly);
            QVERIFY(store);
            auto evidence = (*store)->evidence();
            QCOMPARE(evidence->size(), size_t(1));
            QCOMPARE(evidence->front().sha256, written.value(QStringLiteral("evidence"))
                                                   .toObject()
                                                   .value(QStringLiteral("sha256"))
                                                   .toString());
            QCOMPARE(evidence->front().facts, written.value(QStringLiteral("evidence")).toObject());
            auto analyses = (*store)->analyses();
            QCOMPARE(analyses->size(), size_t(1));
            const AnalysisRecord& a = analyses->front();
            QCOMPARE(a.status, AnalysisStatus::Complete);
            QCOMPARE(a.examiner, QStringLiteral("alice"));
            QCOMPARE(a.result, written); // the very object the JSON file holds
            QCOMPARE(a.parameters, written.value(QStringLiteral("parameters")).toObject());
            QCOMPARE(a.tool, written.value(QStringLiteral("tool")).toObject());
            QVERIFY(!a.models.value(QStringLiteral("landmarks"))
                         .toObject()
                         .value(QStringLiteral("sha256"))
                         .toString()
                         .isEmpty());
            QCOMPARE(
                actions(*(*store)->auditLog()),
                QStringList({"case_created", "hashed", "opened", "analysis_started", "analysed"}));
            // With its tracks, maps and lip-sync curves, so reopening restores everything.
            auto detail = (*store)->analysisDetail(a.id);
            QVERIFY(detail && detail->has_value());
            QCOMPARE((*store)->auditLog()->back().details.value(QStringLiteral("detail_sha256")),
                     QJsonValue((*detail)->sha256));
            const RestoredAnalysis restored = restoreAnalysis(a.result, (*detail)->data);
            QVERIFY2(restored.detailRestored, qPrintable(restored.problem));
            QCOMPARE(qsizetype(restored.output->faces.tracks.size()),
                     written.value(QStringLiteral("faces")).toArray().size());
            QVERIFY(!restored.output->maps.entries.empty());
            QVERIFY(!restored.output->lipsync.mouthOpening.empty());
        }
        const Run verify = frameproof({QStringLiteral("verify"), file});
        QCOMPARE(verify.exitCode, 0);
        QVERIFY2(verify.out.contains("talking_head.mp4: unchanged"), verify.out.constData());
        QVERIFY(verify.out.contains("intact (5 entries"));
        QVERIFY(verify.out.contains("lip-sync curves intact"));

        // The evidence file is never the case, and --examiner needs a case.
        QCOMPARE(
            frameproof({QStringLiteral("analyze"), clip, QStringLiteral("--case"), clip}).exitCode,
            64);
        QCOMPARE(frameproof({QStringLiteral("analyze"), clip, QStringLiteral("--examiner"),
                             QStringLiteral("x")})
                     .exitCode,
                 64);
    }

    // SIGKILL while `analyze --case` runs: the case still opens, the analysis is marked
    // incomplete, and the audit chain stays intact.
    void killDuringAnalysisLeavesAnIncompleteAnalysis() {
        const QString clip = fp::test::faceFixture(QStringLiteral("speech.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("face fixtures missing (no astronaut portrait)");
        const QString file = path(QStringLiteral("killed.fpcase"));
        QProcess process;
        process.setProgram(QStringLiteral(FRAMEPROOF_EXE));
        process.setArguments({QStringLiteral("analyze"), clip, QStringLiteral("--case"), file,
                              QStringLiteral("--examiner"), QStringLiteral("alice"),
                              QStringLiteral("--json"), path(QStringLiteral("killed.json"))});
        process.start();
        QVERIFY(process.waitForStarted());
        // Wait until the analysis is recorded as running, then kill without warning.
        bool running = false;
        QElapsedTimer timer;
        timer.start();
        while (!running && timer.elapsed() < 120000 && process.state() == QProcess::Running) {
            if (QFileInfo::exists(file)) {
                auto store = CaseStore::open(file, QString(), CaseStore::Mode::ReadOnly);
                if (store) {
                    auto analyses = (*store)->analyses();
                    running = analyses && !analyses->empty() &&
                              analyses->front().status == AnalysisStatus::Running;
                }
            }
            if (!running)
                QThread::msleep(20);
        }
        QVERIFY2(running, "the analysis was never seen running");
        process.kill(); // SIGKILL
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::CrashExit);
        QVERIFY(!QFileInfo::exists(path(QStringLiteral("killed.json"))));

        // Verifying (read-only) right after the kill: chain intact, analysis not finished.
        const Run early = frameproof({QStringLiteral("verify"), file});
        QVERIFY2(early.exitCode == 0, QByteArray(early.out + early.err).constData());
        QVERIFY(early.out.contains(": running (not finished"));

        {
            auto store = CaseStore::open(file, QStringLiteral("bob"));
            QVERIFY2(store, qPrintable(store ? QString() : store.error().message));
            QCOMPARE((*store)->interruptedOnOpen(), 1);
            auto analyses = (*store)->analyses();
            QCOMPARE(analyses->size(), size_t(1));
            QCOMPARE(analyses->front().status, AnalysisStatus::Incomplete);
            QVERIFY(analyses->front().result.isEmpty());
            QCOMPARE(actions(*(*store)->auditLog()),
                     QStringList({"case_created", "hashed", "opened", "analysis_started",
                                  "analysis_incomplete"}));
            QVERIFY((*store)->verifyChain()->intact);
        }
        const Run verify = frameproof({QStringLiteral("verify"), file});
        QVERIFY2(verify.exitCode == 0, QByteArray(verify.out + verify.err).constData());
        QVERIFY(verify.out.contains("audit chain: intact (5 entries"));
        QVERIFY(verify.out.contains(": incomplete (interrupted"));
    }
};

QTEST_GUILESS_MAIN(TestCaseStore)
#include "tst_case_store.moc"
