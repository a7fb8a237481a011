#include "app/ReportExport.h"

#include "app/CaseRecording.h"
#include "app/ToolInfo.h"
#include "core/analysis/HeatmapStill.h"
#include "core/case/CaseStore.h"
#include "core/report/ReportContent.h"
#include "widgets/ReportRenderer.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

namespace fp::app {

QJsonArray reportModelsJson(const AnalysisOptions& options) {
    QJsonArray models;
    const QJsonObject byRole = analysisModelsJson(options);
    for (auto it = byRole.begin(); it != byRole.end(); ++it) {
        QJsonObject m = it->toObject();
        m.insert(QStringLiteral("role"), it.key());
        models.append(m);
    }
    return models;
}

Result<QString> writeHeadlessReport(const HeadlessReport& r) {
    const EvidenceSnapshot& e = *r.evidence;
    ReportInput in;
    in.analysis = r.output;
    in.facts = &e.facts;
    in.index = e.index.get();
    in.intakeHashes = e.hashes;
    in.tool = toolInfoJson();
    in.models = reportModelsJson(r.options);
    in.parameters = analysisParametersToJson(r.options);
    in.options.examiner = r.examiner;
    in.generatedAt = QDateTime::currentDateTimeUtc();
    const QString reportId =
        reportIdentifier(e.hashes.sha256, in.tool, in.parameters, r.output->result);

    if (r.caseStore) {
        CaseStore& store = *r.caseStore;
        in.auditFromCase = true;
        in.caseFile = store.path();
        in.auditEvidenceId = r.caseEvidenceId;
        in.auditEvidenceSha256 = e.hashes.sha256;
        if (auto ev = store.evidenceBySha256(e.hashes.sha256); ev && ev->has_value()) {
            const EvidenceRecord& rec = **ev;
            in.intakeHashes = EvidenceHashes{rec.sha256, rec.md5, rec.sizeBytes};
        }
        if (auto marks = store.bookmarks(r.caseEvidenceId))
            in.bookmarks.assign(marks->begin(), marks->end());
        if (auto notes = store.notes()) {
            for (const NoteRecord& n : *notes) {
                if (n.evidenceId == 0 || n.evidenceId == r.caseEvidenceId)
                    in.notes << n.text;
            }
        }
        auto logged = store.appendAudit(
            QStringLiteral("report_exported"),
            QJsonObject{{QStringLiteral("report_id"), reportId},
                        {QStringLiteral("file"), QFileInfo(r.pdfPath).absoluteFilePath()},
                        {QStringLiteral("sha256"), e.hashes.sha256}});
        if (!logged)
            return logged.error();
        auto log = store.auditLog();
        if (!log)
            return log.error();
        in.audit = std::move(log).value();
    } else {
        in.audit = runAuditLog(r.examiner, e.facts, e.hashes, in.parameters, reportId);
    }

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
    return content.reportId;
}

} // namespace fp::app
