#include "core/session/ReportAssembly.h"

#include "core/session/AnalysisDocument.h"
#include "core/session/ToolInfo.h"

namespace fp {

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

Result<ReportInput> assembleReportInput(const ReportSources& s) {
    ReportInput in;
    in.analysis = s.analysis;
    in.facts = s.facts;
    in.index = s.index;
    in.intakeHashes = s.intakeHashes;
    in.tool = toolInfoJson();
    in.models = reportModelsJson(s.options);
    in.parameters = analysisParametersToJson(s.options);
    in.bookmarks = s.bookmarks;
    if (!s.caseStore)
        return in;

    const CaseStore& store = *s.caseStore;
    in.auditFromCase = true;
    in.caseFile = store.path();
    in.auditEvidenceId = s.caseEvidenceId;
    in.auditEvidenceSha256 = s.intakeHashes.sha256;
    if (auto ev = store.evidenceBySha256(s.intakeHashes.sha256); ev && ev->has_value()) {
        const EvidenceRecord& rec = **ev;
        in.intakeHashes = EvidenceHashes{rec.sha256, rec.md5, rec.sizeBytes};
    }
    if (s.caseEvidenceId) {
        auto marks = store.bookmarks(s.caseEvidenceId);
        if (!marks)
            return marks.error();
        in.bookmarks.assign(marks->begin(), marks->end());
    }
    auto notes = store.notes();
    if (!notes)
        return notes.error();
    for (const NoteRecord& n : *notes) {
        if (n.evidenceId == 0 || n.evidenceId == s.caseEvidenceId)
            in.notes << n.text;
    }
    auto log = store.auditLog();
    if (!log)
        return log.error();
    in.audit = std::move(log).value();
    return in;
}

void completeReportInput(ReportInput& in, const ReportOptions& options,
                         const QDateTime& generatedAt) {
    in.options = options;
    in.generatedAt = generatedAt;
    if (!in.auditFromCase) {
        const QString id =
            reportIdentifier(in.intakeHashes.sha256, in.tool, in.parameters, in.analysis->result);
        in.audit = runAuditLog(options.examiner, *in.facts, in.intakeHashes, in.parameters, id);
    }
}

} // namespace fp
