#pragma once

// `frameproof analyze CLIP [--json FILE] [--heatmaps DIR] [--report OUT.pdf] [--case FILE.fpcase]
// [--examiner NAME]`: the command line's side of the engine's front door (core/session/
// AnalyzeClip.h). Parses the words, checks that no output lands on the evidence, calls
// analyzeClip() and writes what was asked for: the analysis JSON (stdout when neither --json
// nor --report is given), the report (app/ReportExport) and the heatmap stills. A folder of
// clips goes to the batch (app/BatchAnalyze), which writes each clip through writeClipOutputs().
// Thread-safety: the calling (main) thread.

#include "core/session/AnalyzeClip.h"

#include <QStringList>

#include <functional>
#include <memory>

#include <cstdio>

namespace fp::app {

// What to write for one analysed clip; empty paths are not written.
struct ClipOutputs {
    QString jsonPath;
    QString reportPath; // the PDF; its sidecar goes beside it
    QString heatmapDir; // PNG stills of the top heatmap frames
    QString examiner;
};

// ClipRequest::openCase for the case at `path`: opened (or created) into `store` on first use,
// then the same store. `store` must outlive the function.
std::function<Result<CaseStore*>()> caseOpener(std::unique_ptr<CaseStore>& store,
                                               const QString& path, const QString& examiner);

// Writes `outputs` for `clip` (analyzeClip()'s result with the same `store`, if any) in the
// order report, stills, JSON. Returns the report identifier (empty without a report).
Result<QString> writeClipOutputs(const QString& clipPath, const ClipAnalysis& clip,
                                 const AnalysisOptions& options, CaseStore* store,
                                 const ClipOutputs& outputs);

// `args` are the words after "analyze". Exit status per DESIGN.md: 0, 2 bad input, 64 usage.
int runAnalyze(const QStringList& args, FILE* out, FILE* err);

} // namespace fp::app
