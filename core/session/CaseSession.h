#pragma once

// The open case in the workstation (File > New case, Open case, Save case as): one CaseStore,
// and the clip it follows. Attached to a ClipSession it records the intake (`hashed`, once per
// evidence) and each opening (`opened`), keeps the clip's bookmarks in the case instead of the
// per-evidence JSON file (`bookmark_changed`), inserts an analysis as `running` the moment it
// starts and completes it with its `frameproof.analysis/1` object and its detail blob (face
// tracks, maps, lip-sync curves; core/case/AnalysisDetail.h) when it finishes (`analysed`),
// and, when the evidence is already in the case, restores its bookmarks and last complete
// analysis, with its overlays when the blob is there and passes its integrity check. An
// analysis that finished before the clip was attached (analyse, then File > New case) or before
// its hash was known is recorded (`analysed`) as soon as the evidence is in the case.
// A case is saved as it goes: every change is its own transaction. Failed writes are reported
// through problem(), never dropped silently.
// The detail blob is encoded on Qt's thread pool (an hour of video is hundreds of MB before
// compression); the `analysed` write follows when it is ready, and anything that writes to or
// reports from the case first waits for it, so the audit log keeps the order of events.
// Thread-safety: GUI thread only (CaseStore is single-threaded; its writes are small).
// Ownership: owns the store; borrows the ClipSession (QPointer: it may go away first).

#include "core/case/CaseStore.h"

#include <QFuture>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

namespace fp {

class ClipSession;

class CaseSession : public QObject {
    Q_OBJECT
public:
    explicit CaseSession(QObject* parent = nullptr);
    ~CaseSession() override;

    // Replace whatever case was open (it is closed first; the clip is detached).
    Result<void> create(const QString& path, const QString& examiner);
    Result<void> open(const QString& path, const QString& examiner);
    void close();
    // Copies the case to `target` (VACUUM INTO) and continues in the copy.
    Result<void> saveAs(const QString& target);

    bool isOpen() const { return m_store != nullptr; }
    CaseStore* store() const { return m_store.get(); }
    // "smith-2026" for smith-2026.fpcase; empty when no case is open.
    QString displayName() const;
    // The evidence the examiner last opened in this case, if it is still where it was.
    QString clipToRestore() const;

    // Follows `clip` from now on (its intake may be running or done).
    void attach(ClipSession* clip);
    // Stops following; an analysis still running is recorded as failed ("clip closed").
    void detach();
    ClipSession* clip() const { return m_clip; }

    // Writes a finished analysis whose detail is still being encoded, so that what reads the
    // case next (a report's audit log) finds it.
    void flush() { completePendingAnalysis(); }
    // Audit `report_exported` with the report id and the SHA-256 of the PDF and its sidecar.
    void recordReportExported(const QString& pdfPath, const QString& sidecarPath,
                              const QString& reportId);
    qint64 evidenceId() const { return m_evidenceId; }

Q_SIGNALS:
    void problem(QString message);
    // An analysis from the case was handed to the clip (restored on open). `overlays`: its face
    // tracks, maps and lip-sync curves came back too. `problem`: why they did not although the
    // case has them (damaged or altered), or that the stored result fails its check; empty for
    // a case that never stored them (schema 1) and when all is well.
    void analysisRestored(qint64 analysisId, bool overlays, QString problem);

private:
    void onHashes();
    void onAnalysisStarted();
    void onAnalysisFinished(bool ok, const QString& error);
    void restoreLastAnalysis();
    // Writes the analysis whose detail is being encoded, waiting for the encoding if needed.
    void completePendingAnalysis();
    void saveBookmarks();
    void report(const Error& error);

    std::unique_ptr<CaseStore> m_store;
    QPointer<ClipSession> m_clip;
    QList<QMetaObject::Connection> m_connections;
    qint64 m_evidenceId = 0;
    qint64 m_analysisId = 0;        // the running analysis, 0 when none
    bool m_analysisPending = false; // started before the evidence was in the case
    // A finished analysis waiting for its detail blob before it is written as complete.
    struct PendingCompletion {
        qint64 analysisId = 0;
        QJsonObject result;
        QFuture<QByteArray> detail;
    };
    std::optional<PendingCompletion> m_completion;
    QFutureWatcher<QByteArray> m_completionWatcher;
};

} // namespace fp
