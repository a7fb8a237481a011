#include "app/ReportExport.h"

#include "core/analysis/HeatmapStill.h"
#include "core/case/CaseStore.h"
#include "core/session/CaseRecorder.h"
#include "core/session/ReportAssembly.h"
#include "widgets/ReportRenderer.h"

#include <QDateTime>

namespace fp::app {

Result<QString> writeHeadlessReport(const HeadlessReport& r) {
    const EvidenceSnapshot& e = *r.evidence;
    ReportSources sources;
    sources.analysis = r.output;
    sources.facts = &e.facts;
    sources.index = e.index.get();
    sources.intakeHashes = e.hashes;
    sources.options = r.options;
    sources.caseStore = r.caseStore;
    sources.caseEvidenceId = r.caseEvidenceId;
    auto assembled = assembleReportInput(sources);
    if (!assembled)
        return assembled.error();
    ReportInput in = std::move(assembled).value();
    ReportOptions options;
    options.examiner = r.examiner;
    completeReportInput(in, options, QDateTime::currentDateTimeUtc());

    // At export: hash again, now.
    auto again = hashEvidenceFile(r.clip);
    if (again)
        in.exportHashes = *again;
    else
        in.exportHashError = again.error().message;

    ReportContent content = buildReportContent(in);
    auto stills = renderHeatmapStills(r.clip, e.index, *r.output, content.options.heatmapStills);
    if (!stills)
        return stills.error();
    ReportFigureData figures{r.output, e.index, std::move(stills).value()};
    auto pages = ReportRenderer(content, figures).writePdfAndSidecar(r.pdfPath);
    if (!pages)
        return pages.error();
    if (r.caseStore) {
        if (auto recorded = CaseRecorder(*r.caseStore)
                                .recordReportExported(r.caseEvidenceId, content.reportId, r.pdfPath,
                                                      reportSidecarPath(r.pdfPath));
            !recorded)
            return recorded.error();
    }
    return content.reportId;
}

} // namespace fp::app
