// The case in the workstation (app/CaseSession through MainWindow, offscreen): a new case
// records the clip's intake and opening, bookmark edits and an analysis run in the window;
// reopening the case brings back the clip, its bookmarks and its last complete analysis; the
// window title names the case; bookmarks go to the case, not to the per-evidence JSON file.
// The restored analysis carries its face tracks, maps and lip-sync curves, so a report made from
// it is the report made right after the analysis (same sidecar, same heatmap stills); a case
// whose stored detail was altered, or an old case without one, is restored without overlays and
// says so.

#include "app/MainWindow.h"
#include "app/ReportExport.h"
#include "core/analysis/HeatmapStill.h"
#include "core/case/BookmarkStore.h"
#include "core/case/CaseStore.h"
#include "core/evidence/Intake.h"
#include "core/session/CaseSession.h"
#include "core/session/ClipSession.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"
#include "widgets/ReportDialog.h"

#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

using namespace fp;
using fp::app::MainWindow;

namespace {

QStringList actions(const CaseStore& store) {
    QStringList names;
    const auto log = store.auditLog();
    if (!log)
        return {log.error().message};
    for (const AuditEntry& e : *log)
        names << e.action;
    return names;
}

// Runs one statement with the sqlite3 command-line tool, as someone tampering would.
bool sqlite3(const QString& database, const QString& sql) {
    QProcess process;
    process.start(QStringLiteral("sqlite3"), {database, sql});
    return process.waitForFinished(30000) && process.exitStatus() == QProcess::NormalExit &&
           process.exitCode() == 0;
}

// The headless report of `output` (no case): its sidecar without `generated_at`.
QJsonObject reportSidecar(const QString& clip, const AnalysisOutput& output, const QString& pdf) {
    auto evidence = runIntake(clip);
    if (!evidence)
        return {};
    app::HeadlessReport request;
    request.clip = clip;
    request.evidence = &evidence.value();
    request.output = &output;
    request.pdfPath = pdf;
    request.examiner = QStringLiteral("alice");
    if (!app::writeHeadlessReport(request))
        return {};
    QFile f(reportSidecarPath(pdf));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QJsonObject sidecar = QJsonDocument::fromJson(f.readAll()).object();
    sidecar.remove(QStringLiteral("generated_at"));
    return sidecar;
}

QJsonArray heatmapStills(const QJsonObject& sidecar) {
    for (const QJsonValue& v : sidecar)
        if (v.isObject() && v.toObject().contains(QStringLiteral("heatmap_stills")))
            return v.toObject().value(QStringLiteral("heatmap_stills")).toArray();
    return sidecar.value(QStringLiteral("heatmap_stills")).toArray();
}

} // namespace

class TestCaseSession : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString m_case;                                // the case the first test made
    std::shared_ptr<const AnalysisOutput> m_fresh; // its analysis, as it finished

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void caseFollowsTheClipAndComesBack() {
        const QString clip = test::faceFixture(QStringLiteral("talking_head.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("face fixtures missing (no astronaut portrait)");
        const QString casePath = m_dir.filePath(QStringLiteral("smith.fpcase"));
        const QString bookmarkDir = m_dir.filePath(QStringLiteral("bookmarks"));
        QString sha256;
        {
            MainWindow window(bookmarkDir);
            window.show();
            QVERIFY(window.newCase(casePath, QStringLiteral("alice")));
            QVERIFY(window.windowTitle().contains(QStringLiteral("case smith")));
            window.openClip(clip);
            QTRY_VERIFY_WITH_TIMEOUT(window.session()->hashes().has_value(), 30000);
            QTRY_VERIFY_WITH_TIMEOUT(window.session()->shownFrame() == 0, 10000);
            sha256 = window.session()->hashes()->sha256;
            QVERIFY(
                window.windowTitle().startsWith(QStringLiteral("talking_head.mp4 - case smith")));
            QVERIFY(window.session()->bookmarksInCase());
            QCOMPARE(window.caseSession()->evidenceId(), qint64(1));

            window.session()->goTo(12);
            QTRY_COMPARE_WITH_TIMEOUT(window.session()->shownFrame(), qint64(12), 10000);
            window.session()->addBookmark(QStringLiteral("lips"));

            QSignalSpy done(window.session(), &ClipSession::analysisFinished);
            window.session()->analyse();
            QVERIFY(done.wait(300000));
            QVERIFY(window.session()->analysis());

            m_fresh = window.session()->analysis();
            QVERIFY(!m_fresh->faces.tracks.empty());

            // The detail blob is encoded off the GUI thread; `analysed` follows.
            CaseStore& store = *window.caseSession()->store();
            QTRY_COMPARE_WITH_TIMEOUT(
                actions(store),
                QStringList({"case_created", "hashed", "opened", "bookmark_changed",
                             "analysis_started", "analysed"}),
                30000);
            auto detail = store.analysisDetail(1);
            QVERIFY(detail && detail->has_value());
            qInfo("detail blob of talking_head.mp4: %lld bytes", qint64((*detail)->data.size()));
            auto analyses = store.analyses();
            QCOMPARE(analyses->size(), size_t(1));
            QCOMPARE(analyses->front().status, AnalysisStatus::Complete);
            QCOMPARE(analyses->front()
                         .result.value(QStringLiteral("evidence"))
                         .toObject()
                         .value(QStringLiteral("sha256"))
                         .toString(),
                     sha256);
            QCOMPARE(analyses->front().result.value(QStringLiteral("findings")).toArray().size(),
                     qsizetype(window.session()->analysis()->result.findings().size()));

            // A report exported with a conclusion stores the conclusion in the case.
            window.exportReportAction()->trigger();
            auto* dialog = window.findChild<ReportDialog*>();
            QVERIFY(dialog);
            QCOMPARE(dialog->options().examiner, QStringLiteral("alice"));
            ReportOptions chosen = dialog->options();
            chosen.conclusion = ConclusionScale::Moderate;
            chosen.conclusionText = QStringLiteral("The mouth region departs from the rest.");
            dialog->setOptions(chosen);
            QSignalSpy exported(dialog, &ReportDialog::exportFinished);
            dialog->startExport(m_dir.filePath(QStringLiteral("smith.pdf")));
            QVERIFY(exported.count() == 1 || exported.wait(120000));
            QVERIFY2(exported.first().at(0).toString().isEmpty(),
                     qPrintable(exported.first().at(0).toString()));
            dialog->close();
            auto conclusion = store.conclusion();
            QVERIFY(conclusion && conclusion->has_value());
            QCOMPARE((*conclusion)->scale, ConclusionScale::Moderate);
            QCOMPARE((*conclusion)->text, chosen.conclusionText);
            QCOMPARE(actions(store).mid(6), QStringList({"conclusion_set", "report_exported"}));
        }
        // Bookmarks went to the case only.
        QVERIFY(!QFileInfo::exists(bookmarkFilePath(sha256, bookmarkDir)));

        m_case = casePath;
        MainWindow window(bookmarkDir);
        window.show();
        QSignalSpy restoredSpy(window.caseSession(), &CaseSession::analysisRestored);
        QVERIFY(window.openCase(casePath, QStringLiteral("bob")));
        QVERIFY(window.session());
        QCOMPARE(window.session()->path(), clip);
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->bookmarks()->rowCount(), 1, 30000);
        QCOMPARE(window.session()->bookmarks()->bookmarks().front().firstFrame, qint64(12));
        QCOMPARE(window.session()->bookmarks()->bookmarks().front().note, QStringLiteral("lips"));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->analysis() != nullptr, 10000);
        const auto restored = window.session()->analysis();
        QVERIFY(restored->result.signal(QStringLiteral("landmark_jitter")));
        QVERIFY(!restored->result.signal(QStringLiteral("landmark_jitter"))->perFrame.empty());
        QVERIFY(window.windowTitle().contains(QStringLiteral("case smith")));

        // Everything came back: tracks, maps, lip-sync curves, and no "run it again".
        QCOMPARE(restoredSpy.count(), 1);
        QCOMPARE(restoredSpy.first().at(1).toBool(), true);
        QCOMPARE(restoredSpy.first().at(2).toString(), QString());
        QVERIFY2(!window.statusBar()->currentMessage().contains(QStringLiteral("run again")),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(restored->faces.tracks.size(), m_fresh->faces.tracks.size());
        for (size_t t = 0; t < m_fresh->faces.tracks.size(); ++t) {
            const auto& a = m_fresh->faces.tracks[t].observations;
            const auto& b = restored->faces.tracks[t].observations;
            QCOMPARE(b.size(), a.size());
            for (size_t i = 0; i < a.size(); ++i) {
                QCOMPARE(b[i].frame, a[i].frame);
                QCOMPARE(b[i].box, a[i].box);
                QVERIFY(b[i].points == a[i].points);
            }
        }
        QCOMPARE(restored->maps.entries.size(), m_fresh->maps.entries.size());
        for (size_t i = 0; i < m_fresh->maps.entries.size(); ++i)
            QVERIFY(restored->maps.entries[i].grids == m_fresh->maps.entries[i].grids);
        QCOMPARE(restored->lipsync.speech, m_fresh->lipsync.speech);
        QCOMPARE(restored->lipsync.windows.size(), m_fresh->lipsync.windows.size());

        // A report from the reopened case is the report of the fresh analysis: same sidecar
        // (apart from generated_at), same heatmap stills, pixel for pixel.
        const QJsonObject freshReport =
            reportSidecar(clip, *m_fresh, m_dir.filePath(QStringLiteral("fresh.pdf")));
        const QJsonObject restoredReport =
            reportSidecar(clip, *restored, m_dir.filePath(QStringLiteral("restored.pdf")));
        QVERIFY(!freshReport.isEmpty());
        QVERIFY(!heatmapStills(freshReport).isEmpty());
        QCOMPARE(heatmapStills(restoredReport), heatmapStills(freshReport));
        for (auto it = freshReport.begin(); it != freshReport.end(); ++it)
            QVERIFY2(restoredReport.value(it.key()) == it.value(), qPrintable(it.key()));
        QCOMPARE(restoredReport.keys(), freshReport.keys());
        auto freshStills = renderHeatmapStills(clip, window.session()->index(), *m_fresh, 4);
        auto restoredStills = renderHeatmapStills(clip, window.session()->index(), *restored, 4);
        QVERIFY(freshStills && restoredStills);
        QCOMPARE(restoredStills->size(), freshStills->size());
        QVERIFY(!freshStills->empty());
        for (size_t i = 0; i < freshStills->size(); ++i) {
            QCOMPARE((*restoredStills)[i].frame, (*freshStills)[i].frame);
            QCOMPARE((*restoredStills)[i].image, (*freshStills)[i].image);
        }

        // The report dialog starts from the case's conclusion.
        window.exportReportAction()->trigger();
        auto* dialog = window.findChild<ReportDialog*>();
        QVERIFY(dialog);
        QCOMPARE(dialog->options().conclusion, ConclusionScale::Moderate);
        QCOMPARE(dialog->options().conclusionText,
                 QStringLiteral("The mouth region departs from the rest."));
        dialog->close();

        // Evidence already in the case is not added again; reopening is audited, by bob.
        CaseStore& store = *window.caseSession()->store();
        QCOMPARE(store.evidence()->size(), size_t(1));
        const auto log = store.auditLog();
        QVERIFY(log && !log->empty());
        QCOMPARE(log->back().action, QStringLiteral("opened"));
        QCOMPARE(log->back().examiner, QStringLiteral("bob"));
        QVERIFY(store.verifyChain()->intact);

        // Save case as: a copy to continue in, the original left as it was.
        const QString copy = m_dir.filePath(QStringLiteral("smith-copy.fpcase"));
        QVERIFY(window.saveCaseAs(copy));
        QCOMPARE(window.caseSession()->store()->path(), QFileInfo(copy).absoluteFilePath());
        QVERIFY(window.windowTitle().contains(QStringLiteral("case smith-copy")));
        QVERIFY(!window.saveCaseAs(copy)); // never overwrites
        window.closeCase();
        QVERIFY(!window.windowTitle().contains(QStringLiteral("case")));
        QVERIFY(!window.session()->bookmarksInCase());
    }

    // An altered detail blob is not shown: the analysis comes back without overlays and the
    // window names the problem (the analysis and the audit entry that recorded the blob).
    // Open a clip, analyse it, and only then File > New case: the case records that analysis
    // (with its detail), so reopening the case brings it back.
    void analysisBeforeTheCaseIsRecorded() {
        const QString clip = test::faceFixture(QStringLiteral("talking_head.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("face fixtures missing (no astronaut portrait)");
        const QString casePath = m_dir.filePath(QStringLiteral("later.fpcase"));
        {
            MainWindow window(m_dir.filePath(QStringLiteral("bookmarks")));
            window.show();
            window.openClip(clip);
            QTRY_VERIFY_WITH_TIMEOUT(window.session() && window.session()->hashes().has_value(),
                                     30000);
            QSignalSpy done(window.session(), &ClipSession::analysisFinished);
            window.session()->analyse();
            QVERIFY(done.wait(300000));
            QVERIFY(window.session()->analysis());
            QVERIFY(window.newCase(casePath, QStringLiteral("alice")));
            CaseStore& store = *window.caseSession()->store();
            QTRY_VERIFY_WITH_TIMEOUT(actions(store).contains(QStringLiteral("analysed")), 30000);
            auto analyses = store.analyses();
            QCOMPARE(analyses->size(), size_t(1));
            QCOMPARE(analyses->front().status, AnalysisStatus::Complete);
        }
        MainWindow window(m_dir.filePath(QStringLiteral("bookmarks")));
        window.show();
        QVERIFY(window.openCase(casePath, QStringLiteral("bob")));
        QTRY_VERIFY_WITH_TIMEOUT(window.session() && window.session()->analysis() != nullptr,
                                 30000);
        QVERIFY(!window.session()->analysis()->faces.tracks.empty());
    }

    void alteredDetailIsRestoredWithoutOverlays() {
        if (m_case.isEmpty())
            QSKIP("needs the case of caseFollowsTheClipAndComesBack");
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("the sqlite3 command-line tool is not installed");
        const QString copy = m_dir.filePath(QStringLiteral("altered.fpcase"));
        QVERIFY(QFile::copy(m_case, copy));
        QVERIFY(sqlite3(copy, QStringLiteral("UPDATE analysis_detail SET data = substr(data, 1, "
                                             "length(data) / 2)")));
        MainWindow window(m_dir.filePath(QStringLiteral("bookmarks")));
        window.show();
        QSignalSpy restoredSpy(window.caseSession(), &CaseSession::analysisRestored);
        QVERIFY(window.openCase(copy, QStringLiteral("bob")));
        QTRY_VERIFY_WITH_TIMEOUT(window.session() && window.session()->analysis() != nullptr,
                                 30000);
        QCOMPARE(restoredSpy.count(), 1);
        QCOMPARE(restoredSpy.first().at(1).toBool(), false);
        const QString problem = restoredSpy.first().at(2).toString();
        QVERIFY2(problem.contains(QStringLiteral("altered")) &&
                     problem.contains(QStringLiteral("audit entry 6")),
                 qPrintable(problem));
        QVERIFY(window.session()->analysis()->faces.tracks.empty());
        QVERIFY(window.session()->analysis()->maps.entries.empty());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("run again")));
    }

    // A case from before the detail was stored (schema 1): restored from its JSON as before,
    // with the "run it again" message and no error.
    void oldCaseIsRestoredWithoutOverlays() {
        if (m_case.isEmpty())
            QSKIP("needs the case of caseFollowsTheClipAndComesBack");
        if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
            QSKIP("the sqlite3 command-line tool is not installed");
        const QString clip = test::faceFixture(QStringLiteral("talking_head.mp4"));
        const QString old = m_dir.filePath(QStringLiteral("old.fpcase"));
        {
            auto source = CaseStore::open(m_case, QString(), CaseStore::Mode::ReadOnly);
            QVERIFY(source);
            const AnalysisRecord analysis = **(*source)->lastCompleteAnalysis(1);
            const EvidenceRecord evidence = (*source)->evidence()->front();
            auto store = CaseStore::create(old, QStringLiteral("alice"));
            QVERIFY(store);
            auto added = (*store)->addEvidence(
                clip, EvidenceHashes{evidence.sha256, evidence.md5, evidence.sizeBytes},
                evidence.facts);
            QVERIFY(added);
            QVERIFY((*store)->recordOpened(added->id, clip, QStringLiteral("test")));
            auto id = (*store)->beginAnalysis(added->id, analysis.parameters, analysis.tool,
                                              analysis.models);
            QVERIFY(id);
            QVERIFY((*store)->completeAnalysis(*id, analysis.result)); // as schema 1 did
        }
        QVERIFY(sqlite3(old, QStringLiteral("DROP TABLE analysis_detail; UPDATE meta SET value "
                                            "= '1' WHERE key = 'schema_version'")));
        MainWindow window(m_dir.filePath(QStringLiteral("bookmarks")));
        window.show();
        QSignalSpy restoredSpy(window.caseSession(), &CaseSession::analysisRestored);
        QVERIFY(window.openCase(old, QStringLiteral("bob")));
        QTRY_VERIFY_WITH_TIMEOUT(window.session() && window.session()->analysis() != nullptr,
                                 30000);
        QCOMPARE(restoredSpy.count(), 1);
        QCOMPARE(restoredSpy.first().at(1).toBool(), false);
        QCOMPARE(restoredSpy.first().at(2).toString(), QString());
        QVERIFY(window.session()->analysis()->faces.tracks.empty());
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("run again")));
        QCOMPARE(window.caseSession()->store()->info().schemaVersion, kCaseSchemaVersion);
        QVERIFY(window.caseSession()->store()->verifyChain()->intact);
    }
};

QTEST_MAIN(TestCaseSession)
#include "tst_case_session.moc"
