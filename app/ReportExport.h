#pragma once

// `analyze CLIP --report OUT.pdf [--examiner NAME] [--case FILE.fpcase]`: the evidentiary report
// of one analysed clip, headless. The evidence is hashed again, the heatmap stills decoded, the
// report content built (core/report) and written as the PDF (widgets/ReportRenderer) and its
// JSON sidecar OUT.report.json (schema "frameproof.report/1"; core's reportSidecarPath()).
// With a case store, the intake hashes are the case's, its audit log fills the appendix and the
// export is recorded in it (`report_exported`); without one, this run's actions are listed.
// Thread-safety: the main thread of a QApplication (the renderer draws widgets).

#include "app/EvidenceSnapshot.h"
#include "core/analysis/AnalysisPipeline.h"
#include "core/util/Result.h"

#include <QString>

namespace fp {
class CaseStore;
}

namespace fp::app {

struct HeadlessReport {
    QString clip;
    const EvidenceSnapshot* evidence = nullptr; // intake of this run
    const AnalysisOutput* output = nullptr;
    AnalysisOptions options;
    QString pdfPath;
    QString examiner;
    CaseStore* caseStore = nullptr; // optional
    qint64 caseEvidenceId = 0;      // the evidence row in caseStore
};

// Writes the PDF and the sidecar; returns the report identifier.
Result<QString> writeHeadlessReport(const HeadlessReport& request);

// The models of an analysis as the report lists them: [{name, role, file, sha256}].
QJsonArray reportModelsJson(const AnalysisOptions& options);

} // namespace fp::app
