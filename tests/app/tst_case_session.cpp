// The case in the workstation (app/CaseSession through MainWindow, offscreen): a new case
// records the clip's intake and opening, bookmark edits and an analysis run in the window;
// reopening the case brings back the clip, its bookmarks and its last complete analysis; the
// window title names the case; bookmarks go to the case, not to the per-evidence JSON file.

#include "app/CaseSession.h"
#include "app/ClipSession.h"
#include "app/MainWindow.h"
#include "core/case/BookmarkStore.h"
#include "core/case/CaseStore.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"
#include "widgets/ReportDialog.h"

#include <QSignalSpy>
#include <QStandardPaths>
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

} // namespace

class TestCaseSession : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;

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

            QSignalSpy done(window.session(), &app::ClipSession::analysisFinished);
            window.session()->analyse();
            QVERIFY(done.wait(300000));
            QVERIFY(window.session()->analysis());

            CaseStore& store = *window.caseSession()->store();
            QCOMPARE(actions(store),
                     QStringList({"case_created", "hashed", "opened", "bookmark_changed",
                                  "analysis_started", "analysed"}));
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
            auto id = dialog->exportTo(m_dir.filePath(QStringLiteral("smith.pdf")));
            QVERIFY2(id.ok(), id.ok() ? "" : qPrintable(id.error().message));
            dialog->close();
            auto conclusion = store.conclusion();
            QVERIFY(conclusion && conclusion->has_value());
            QCOMPARE((*conclusion)->scale, QStringLiteral("moderate"));
            QCOMPARE((*conclusion)->text, chosen.conclusionText);
            QCOMPARE(actions(store).mid(6), QStringList({"conclusion_set", "report_exported"}));
        }
        // Bookmarks went to the case only.
        QVERIFY(!QFileInfo::exists(bookmarkFilePath(sha256, bookmarkDir)));

        MainWindow window(bookmarkDir);
        window.show();
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
};

QTEST_MAIN(TestCaseSession)
#include "tst_case_session.moc"
