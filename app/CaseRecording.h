#pragma once

// What `frameproof analyze CLIP --case FILE.fpcase [--examiner NAME]` writes into the case:
// the case is opened (or created), the evidence added with its intake hashes if new (audit
// `hashed`), the opening recorded (`opened`), then the analysis inserted as `running` and
// committed before any analysis work starts, so a crash or a kill leaves a row that the next
// open marks `incomplete`. complete() stores the `frameproof.analysis/1` object and the detail
// blob (face tracks, maps, lip-sync curves: core/case/AnalysisDetail.h) (`analysed`).
// An AnalysisRecording destroyed without complete() or fail() records the analysis as failed.
// Thread-safety: the thread that owns the CaseStore (the command line's main thread).

#include "app/EvidenceSnapshot.h"
#include "core/analysis/AnalysisPipeline.h"
#include "core/case/CaseStore.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace fp::app {

// The examiner named on the command line, else $USER (or $LOGNAME), else "unknown".
QString examinerOrDefault(const QString& named);

// Opens the case at `path`, or creates it when there is no file yet.
Result<std::unique_ptr<CaseStore>> openOrCreateCase(const QString& path, const QString& examiner);

// The model files an analysis with `options` uses, with their pinned SHA-256, for the record.
QJsonObject analysisModelsJson(const AnalysisOptions& options);

// DESIGN.md's `frameproof.analysis/1` object of one finished analysis (what `analyze --json`
// writes and the case stores), `generated_at` now.
QJsonObject analysisResultJson(const MediaFacts& facts, const EvidenceHashes& hashes,
                               const FrameIndex& index, const AnalysisOptions& options,
                               const AnalysisOutput& output);

class AnalysisRecording {
public:
    // `store` must outlive the recording. `evidenceJson` is the evidence object of the
    // analysis JSON (container and stream facts). `how` says where it was opened from.
    static Result<std::unique_ptr<AnalysisRecording>>
    begin(CaseStore& store, const QString& clip, const EvidenceSnapshot& evidence,
          const QJsonObject& evidenceJson, const AnalysisOptions& options, const QJsonObject& tool,
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

    CaseStore& m_store;
    qint64 m_evidenceId = 0;
    qint64 m_analysisId = 0;
    bool m_done = false;
};

} // namespace fp::app
