#pragma once

// What a report is built from, gathered in one place for the command line, the batch and the
// window: the analysis and its evidence, the tool, model and parameter records, and, with a
// case, the case's intake hashes, audit log (the report lists the entries about this clip),
// bookmarks and notes. The report dialog only adds the examiner's words (completeReportInput)
// and the hashes taken again at export; the renderer (widgets/ReportRenderer) prints the result.
// Thread-safety: plain values and functions; call on the thread that may use the case store.
// Pointers are borrowed: the ReportInput refers to the sources' analysis, facts and index.

#include "core/analysis/AnalysisPipeline.h"
#include "core/case/CaseStore.h"
#include "core/report/ReportContent.h"
#include "models/Result.h"

#include <QJsonArray>

#include <vector>

namespace fp {

struct ReportSources {
    const AnalysisOutput* analysis = nullptr; // required
    const MediaFacts* facts = nullptr;        // required
    const FrameIndex* index = nullptr;        // required
    EvidenceHashes intakeHashes;              // this run's intake (a case's own take precedence)
    AnalysisOptions options;                  // what the analysis ran with
    // Optional: the case, and the evidence's row in it.
    const CaseStore* caseStore = nullptr;
    qint64 caseEvidenceId = 0;
    // Without a case: the clip's bookmarks (the window keeps them per evidence file).
    std::vector<Bookmark> bookmarks;
};

// The models of an analysis as the report lists them: [{name, role, file, sha256}].
QJsonArray reportModelsJson(const AnalysisOptions& options);

// Everything but the examiner's words and the export hashes. With a case, its audit log,
// bookmarks and the notes about this clip or the whole case.
Result<ReportInput> assembleReportInput(const ReportSources& sources);

// The examiner's part: what they typed (`options`) and when. Without a case, the audit
// appendix is this run's actions under the examiner's name, ending with this report's export.
void completeReportInput(ReportInput& input, const ReportOptions& options,
                         const QDateTime& generatedAt);

} // namespace fp
