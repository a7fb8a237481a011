#pragma once

// How anything is recorded into a case, the one protocol the window (CaseSession), the command
// line and the batch all follow:
// - intake: the evidence is added with its intake hashes if new (audit `hashed`), and each
//   opening is recorded (`opened`);
// - an analysis is inserted as `running` and committed before any analysis work starts, so a
//   crash or a kill leaves a row that the next open marks `incomplete`; completing it stores the
//   `frameproof.analysis/1` object and the detail blob (face tracks, maps, lip-sync curves:
//   core/case/AnalysisDetail.h) (`analysed`);
// - a report export is recorded (`report_exported`, with the SHA-256 of the PDF and of its
//   sidecar) only after both files exist: a failed write leaves no export on record;
// - the examiner's conclusion (`conclusion_set`).
// AnalysisRecording is the analysis part as an object: destroyed without complete() or fail(),
// it records the analysis as failed.
// Thread-safety: the thread that owns the CaseStore. Ownership: the store is borrowed and must
// outlive the recorder and every recording.

#include "core/analysis/AnalysisPipeline.h"
#include "core/case/CaseStore.h"
#include "core/evidence/Intake.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace fp {

// The examiner named (on the command line), else $USER (or $LOGNAME), else "unknown".
QString examinerOrDefault(const QString& named);

// Opens the case at `path`, or creates it when there is no file yet.
Result<std::unique_ptr<CaseStore>> openOrCreateCase(const QString& path, const QString& examiner);

class CaseRecorder {
    Q_DECLARE_TR_FUNCTIONS(fp::CaseRecorder)
public:
    explicit CaseRecorder(CaseStore& store)
        : m_store(store) {}

    CaseStore& store() const { return m_store; }

    // The evidence (added with `hashes` if the case does not have it yet) and this opening;
    // `facts` and `index` describe it (null: not known yet). `how`: "workstation", "command
    // line". Returns the evidence id.
    Result<qint64> recordIntake(const QString& clip, const EvidenceHashes& hashes,
                                const MediaFacts* facts, const FrameIndex* index,
                                const QString& how);
    // Inserts an analysis with `options` as running; returns its id.
    Result<qint64> beginAnalysis(qint64 evidenceId, const AnalysisOptions& options);
    // `analysisJson` is analysisResultJson() of the output, `detail` its encodeAnalysisDetail().
    Result<void> completeAnalysis(qint64 analysisId, const QJsonObject& analysisJson,
                                  const QByteArray& detail);
    Result<void> failAnalysis(qint64 analysisId, const QString& message);
    // After the PDF and its sidecar were written: `report_exported` {report_id, evidence_id,
    // file, file_sha256, sidecar, sidecar_sha256}. Refuses (records nothing) when either file
    // is missing.
    Result<void> recordReportExported(qint64 evidenceId, const QString& reportId,
                                      const QString& pdfPath, const QString& sidecarPath);

private:
    CaseStore& m_store;
};

class AnalysisRecording {
public:
    // Records the intake (recordIntake) and begins the analysis.
    static Result<std::unique_ptr<AnalysisRecording>> begin(CaseStore& store, const QString& clip,
                                                            const EvidenceSnapshot& evidence,
                                                            const AnalysisOptions& options,
                                                            const QString& how);
    ~AnalysisRecording();
    AnalysisRecording(const AnalysisRecording&) = delete;
    AnalysisRecording& operator=(const AnalysisRecording&) = delete;

    qint64 evidenceId() const { return m_evidenceId; }
    qint64 analysisId() const { return m_analysisId; }
    // `analysisJson` is analysisResultJson() of `output`; the detail is encoded here.
    Result<void> complete(const QJsonObject& analysisJson, const AnalysisOutput& output);
    Result<void> fail(const QString& message);

private:
    AnalysisRecording(CaseStore& store, qint64 evidenceId, qint64 analysisId);

    CaseRecorder m_recorder;
    qint64 m_evidenceId = 0;
    qint64 m_analysisId = 0;
    bool m_done = false;
};

} // namespace fp
