#pragma once

// `analyze CLIP --report OUT.pdf [--examiner NAME] [--case FILE.fpcase]`: the evidentiary report
// of one analysed clip, headless. The report input is assembled (core/session/ReportAssembly:
// with a case, its intake hashes, audit log, bookmarks and notes; without one, this run's
// actions), the evidence hashed again, the heatmap stills decoded, and the PDF (widgets/
// ReportRenderer) and its JSON sidecar OUT.report.json (schema "frameproof.report/1";
// reportSidecarPath()) written, both or neither. With a case, the export is recorded
// (`report_exported`, CaseRecorder) only once both files exist.
// Thread-safety: the main thread of a QApplication (the renderer draws widgets).

#include "core/analysis/AnalysisPipeline.h"
#include "core/evidence/Intake.h"
#include "models/Result.h"

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

} // namespace fp::app
