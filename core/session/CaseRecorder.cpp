#include "core/session/CaseRecorder.h"

#include "core/case/AnalysisDetail.h"
#include "core/evidence/EvidenceJson.h"
#include "core/session/AnalysisDocument.h"
#include "core/session/ToolInfo.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace fp {

QString examinerOrDefault(const QString& named) {
    if (!named.trimmed().isEmpty())
        return named.trimmed();
    for (const char* variable : {"USER", "LOGNAME", "USERNAME"}) {
        const QString value = qEnvironmentVariable(variable).trimmed();
        if (!value.isEmpty())
            return value;
    }
    return QStringLiteral("unknown");
}

Result<std::unique_ptr<CaseStore>> openOrCreateCase(const QString& path, const QString& examiner) {
    if (QFileInfo::exists(path))
        return CaseStore::open(path, examiner);
    return CaseStore::create(path, examiner);
}

Result<qint64> CaseRecorder::recordIntake(const QString& clip, const EvidenceHashes& hashes,
                                          const MediaFacts* facts, const FrameIndex* index,
                                          const QString& how) {
    const QJsonObject described = facts ? evidenceToJson(*facts, &hashes, index) : QJsonObject();
    auto record = m_store.addEvidence(clip, hashes, described);
    if (!record)
        return record.error();
    if (auto opened = m_store.recordOpened(record->id, clip, how); !opened)
        return opened.error();
    return record->id;
}

Result<qint64> CaseRecorder::beginAnalysis(qint64 evidenceId, const AnalysisOptions& options) {
    return m_store.beginAnalysis(evidenceId, analysisParametersToJson(options), toolInfoJson(),
                                 analysisModelsJson(options));
}

Result<void> CaseRecorder::completeAnalysis(qint64 analysisId, const QJsonObject& analysisJson,
                                            const QByteArray& detail) {
    return m_store.completeAnalysis(analysisId, analysisJson, detail);
}

Result<void> CaseRecorder::failAnalysis(qint64 analysisId, const QString& message) {
    return m_store.failAnalysis(analysisId, message);
}

Result<void> CaseRecorder::recordReportExported(qint64 evidenceId, const QString& reportId,
                                                const QString& pdfPath,
                                                const QString& sidecarPath) {
    auto pdf = hashEvidenceFile(pdfPath);
    if (!pdf)
        return makeError(
            pdf.error().kind,
            tr("the export of report %1 was not recorded: %2").arg(reportId, pdf.error().message));
    auto sidecar = hashEvidenceFile(sidecarPath);
    if (!sidecar)
        return makeError(sidecar.error().kind, tr("the export of report %1 was not recorded: %2")
                                                   .arg(reportId, sidecar.error().message));
    auto entry = m_store.appendAudit(
        QStringLiteral("report_exported"),
        QJsonObject{{QStringLiteral("report_id"), reportId},
                    {QStringLiteral("evidence_id"), evidenceId},
                    {QStringLiteral("file"), QFileInfo(pdfPath).absoluteFilePath()},
                    {QStringLiteral("file_sha256"), pdf->sha256},
                    {QStringLiteral("sidecar"), QFileInfo(sidecarPath).absoluteFilePath()},
                    {QStringLiteral("sidecar_sha256"), sidecar->sha256}});
    if (!entry)
        return entry.error();
    return {};
}

Result<std::unique_ptr<AnalysisRecording>>
AnalysisRecording::begin(CaseStore& store, const QString& clip, const EvidenceSnapshot& evidence,
                         const AnalysisOptions& options, const QString& how) {
    CaseRecorder recorder(store);
    auto evidenceId =
        recorder.recordIntake(clip, evidence.hashes, &evidence.facts, evidence.index.get(), how);
    if (!evidenceId)
        return evidenceId.error();
    auto id = recorder.beginAnalysis(*evidenceId, options);
    if (!id)
        return id.error();
    return std::unique_ptr<AnalysisRecording>(new AnalysisRecording(store, *evidenceId, *id));
}

AnalysisRecording::AnalysisRecording(CaseStore& store, qint64 evidenceId, qint64 analysisId)
    : m_recorder(store)
    , m_evidenceId(evidenceId)
    , m_analysisId(analysisId) {}

AnalysisRecording::~AnalysisRecording() {
    if (!m_done)
        (void)m_recorder.failAnalysis(m_analysisId,
                                      CaseRecorder::tr("stopped before a result was written"));
}

Result<void> AnalysisRecording::complete(const QJsonObject& analysisJson,
                                         const AnalysisOutput& output) {
    m_done = true;
    return m_recorder.completeAnalysis(m_analysisId, analysisJson, encodeAnalysisDetail(output));
}

Result<void> AnalysisRecording::fail(const QString& message) {
    m_done = true;
    return m_recorder.failAnalysis(m_analysisId, message);
}

} // namespace fp
