#pragma once

// The case file (DESIGN.md, Evidence, case and audit): one SQLite file per case (`.fpcase`),
// in WAL mode, every write one transaction that also appends its audit entry, so a crash or a
// kill leaves either the whole change or none of it. It holds the evidence items (path, size,
// hashes and container facts at intake), the analyses (parameters, tool, library and model
// versions, the `frameproof.analysis/1` result and, since schema 2, its detail blob: face
// tracks, face maps and lip-sync curves, core/case/AnalysisDetail.h), bookmarks, notes, the
// examiner's conclusion and the audit log, each entry chained by SHA-256 (core/case/AuditChain.h).
// The `analysed` entry records the SHA-256 of the result and of the detail blob, so editing
// either is found (core/case/AnalysisIntegrity.h).
//
// Schema 1 cases (no detail table) open as they are; a read-write open upgrades them to schema
// 2 in one transaction with an audit entry (`case_upgraded`). Their analyses have no detail.
//
// The store never opens an evidence file for writing: verifyEvidence() only reads and hashes.
// A read-write store holds `CASE.fpcase.lock` (QLockFile) while open, so a second writer gets
// a clear "in use" error instead of racing; a lock left by a killed process is stale and taken
// over. Because of that lock, analyses still `running` when a read-write store opens were
// interrupted: open() marks them `incomplete` (with an audit entry).
//
// Thread-safety: a CaseStore is used from one thread only (it owns a QSqlDatabase connection,
// named uniquely per instance); other threads open their own. Times are UTC wall-clock.
// Frames in bookmarks are presentation indices.

#include "core/case/AuditChain.h"
#include "core/case/AuditEntry.h"
#include "core/case/Bookmarks.h"
#include "core/case/ConclusionScale.h"
#include "core/evidence/EvidenceHasher.h"
#include "models/Result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QLockFile;

namespace fp {

inline constexpr int kCaseSchemaVersion = 2;
inline constexpr const char* kCaseFileSuffix = "fpcase";

struct CaseInfo {
    QString caseId; // UUID, without braces
    QDateTime created;
    int schemaVersion = 0;
};

struct EvidenceRecord {
    qint64 id = 0;
    QString path;     // absolute, as opened at intake
    QString fileName; // name at intake
    qint64 sizeBytes = 0;
    QString sha256; // lower-case hex, at intake
    QString md5;
    QDateTime intakeTime;
    QString examiner;
    QJsonObject facts; // the `evidence` JSON object (container and stream facts) at intake
};

enum class AnalysisStatus { Running, Complete, Incomplete, Failed };
QString analysisStatusKey(AnalysisStatus status); // running, complete, incomplete, failed

struct AnalysisRecord {
    qint64 id = 0;
    qint64 evidenceId = 0;
    AnalysisStatus status = AnalysisStatus::Running;
    QDateTime started;
    QDateTime finished; // invalid while running or when interrupted
    QString examiner;
    QJsonObject parameters; // analysisParametersToJson()
    QJsonObject tool;       // {name, version, libraries}
    QJsonObject models;     // {NAME: {file, sha256, ...}}
    QJsonObject result;     // the `frameproof.analysis/1` object; empty unless complete
    QString message;        // why failed or incomplete
};

// The binary detail stored with a complete analysis (core/case/AnalysisDetail.h).
struct AnalysisDetailRecord {
    qint64 analysisId = 0;
    int format = 0;  // kAnalysisDetailFormat when written
    QString sha256;  // lower-case hex of `data`, as written (the audit entry has it too)
    QByteArray data; // the blob as stored
};

struct NoteRecord {
    qint64 id = 0;
    qint64 evidenceId = 0; // 0: about the case as a whole
    QDateTime time;
    QString examiner;
    QString text;
};

// The examiner's conclusion on ENFSI's verbal scale (DESIGN.md, Report).
struct Conclusion {
    ConclusionScale scale = ConclusionScale::NotGiven;
    QString text;
    QDateTime time;
    QString examiner;
};

struct EvidenceCheck {
    enum class State { Unchanged, Changed, Missing, Unreadable };
    EvidenceRecord record;
    State state = State::Missing;
    QString checkedPath;   // where it was found (intake path, or beside the case file)
    QString currentSha256; // when it could be hashed
    qint64 currentSize = 0;
    QString message; // why unreadable
    // The intake SHA-256 in the evidence row differs from the one the audit log recorded at
    // intake: the row was edited after the fact.
    bool intakeRecordAltered = false;
    QString auditedSha256;
};

class CaseStore {
public:
    enum class Mode { ReadWrite, ReadOnly };

    // Makes a new, empty case at `path` (refuses to overwrite an existing file) and records
    // `case_created`.
    static Result<std::unique_ptr<CaseStore>> create(const QString& path, const QString& examiner);
    // Opens an existing case. Errors: NotFound; NotReadable (permissions, or in use by another
    // Frameproof: "locked"); Unsupported (not a case file, or written by a newer schema);
    // Corrupt (damaged database). ReadWrite marks interrupted analyses incomplete.
    static Result<std::unique_ptr<CaseStore>> open(const QString& path, const QString& examiner,
                                                   Mode mode = Mode::ReadWrite);
    ~CaseStore();
    CaseStore(const CaseStore&) = delete;
    CaseStore& operator=(const CaseStore&) = delete;

    const QString& path() const { return m_path; }
    const CaseInfo& info() const { return m_info; }
    const QString& examiner() const { return m_examiner; }
    bool readOnly() const { return m_mode == Mode::ReadOnly; }
    // How many analyses open() found interrupted and marked incomplete.
    int interruptedOnOpen() const { return m_interruptedOnOpen; }

    // Evidence. addEvidence() records the intake (audit `hashed`: file, size, SHA-256, MD5) and
    // returns the record with its id; the same SHA-256 already in the case is returned as is.
    Result<std::vector<EvidenceRecord>> evidence() const;
    Result<std::optional<EvidenceRecord>> evidenceBySha256(const QString& sha256) const;
    Result<EvidenceRecord> addEvidence(const QString& path, const EvidenceHashes& hashes,
                                       const QJsonObject& facts);
    // Audit `opened`: the examiner opened this evidence (GUI or command line).
    Result<void> recordOpened(qint64 evidenceId, const QString& path, const QString& how);

    // Analyses: begin (status running, committed before the work starts), then complete or
    // fail. Audit: analysis_started, analysed (with the SHA-256 of the stored result and, when
    // `detail` is given, of the detail blob: detail_sha256, detail_bytes), analysis_failed.
    Result<qint64> beginAnalysis(qint64 evidenceId, const QJsonObject& parameters,
                                 const QJsonObject& tool, const QJsonObject& models);
    Result<void> completeAnalysis(qint64 analysisId, const QJsonObject& result,
                                  const QByteArray& detail = {});
    Result<void> failAnalysis(qint64 analysisId, const QString& message);
    Result<std::vector<AnalysisRecord>> analyses(qint64 evidenceId = 0) const; // 0: all
    // The newest complete analysis of the evidence, if any.
    Result<std::optional<AnalysisRecord>> lastCompleteAnalysis(qint64 evidenceId) const;
    // The detail blob of an analysis; nothing for analyses without one (older cases,
    // analyses that failed or are running).
    Result<std::optional<AnalysisDetailRecord>> analysisDetail(qint64 analysisId) const;

    // Bookmarks of one evidence item. setBookmarks() replaces the set and records what changed
    // (audit bookmark_changed: added, changed, removed); no change writes nothing.
    Result<QVector<Bookmark>> bookmarks(qint64 evidenceId) const;
    Result<void> setBookmarks(qint64 evidenceId, const QVector<Bookmark>& bookmarks);

    Result<qint64> addNote(qint64 evidenceId, const QString& text);
    Result<std::vector<NoteRecord>> notes() const;
    // Stored under conclusionScaleKey(); NotGiven is not a conclusion and is refused.
    Result<void> setConclusion(ConclusionScale scale, const QString& text);
    Result<std::optional<Conclusion>> conclusion() const;

    // Any other action (e.g. report_exported with the report id and file hash).
    Result<AuditEntry> appendAudit(const QString& action, const QJsonObject& details);
    Result<std::vector<AuditEntry>> auditLog() const;
    Result<AuditChainCheck> verifyChain() const;
    // Re-hashes every evidence item (read-only) and compares with the intake hashes. Looks at
    // the intake path first, then for the same file name beside the case file. Runs on the
    // calling thread at disk speed.
    Result<std::vector<EvidenceCheck>>
    verifyEvidence(const std::function<void(qint64 done, qint64 total)>& progress = {},
                   const std::atomic<bool>* cancel = nullptr) const;

    // A consistent copy of the whole case at `target` (VACUUM INTO), e.g. "Save case as".
    // Audit `case_copied` here first, so the copy carries it too. Refuses an existing target.
    Result<void> saveCopy(const QString& target);

private:
    CaseStore(QString path, QString examiner, Mode mode);
    Result<void> connect(bool create);
    Result<void> createSchema();
    Result<void> readMeta();
    Result<void> markInterrupted();
    Result<void> upgradeSchema(); // 1 -> 2: the analysis_detail table
    // Runs `work` in one transaction; rolls back when it fails.
    Result<void> transaction(const std::function<Result<void>()>& work);
    Result<AuditEntry> appendAuditInTransaction(const QString& action, const QJsonObject& details);
    Result<void> requireWritable() const;
    Error sqlError(const QString& what, const QString& driverText) const;

    QString m_path;
    QString m_examiner;
    Mode m_mode;
    QString m_connection;
    CaseInfo m_info;
    std::unique_ptr<QLockFile> m_lock;
    int m_interruptedOnOpen = 0;
    bool m_detailTable = false; // schema 2 (a read-only schema 1 case has none)
};

} // namespace fp
