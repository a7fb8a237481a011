#include "app/CaseRecording.h"

#include "app/ToolInfo.h"
#include "core/analysis/AnalysisJson.h"
#include "core/case/AnalysisDetail.h"
#include "core/evidence/EvidenceJson.h"
#include "models/FaceLandmarker.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>

namespace fp::app {

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

QJsonObject analysisModelsJson(const AnalysisOptions& options) {
    const QString landmarks = options.landmarkModelPath.isEmpty()
                                  ? QString::fromLatin1(models::kShapePredictorPath)
                                  : options.landmarkModelPath;
    return QJsonObject{
        {QStringLiteral("face_detector"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("dlib HOG frontal face detector")},
                     {QStringLiteral("file"), QJsonValue()},
                     {QStringLiteral("sha256"), QJsonValue()}}},
        {QStringLiteral("landmarks"),
         QJsonObject{
             {QStringLiteral("name"), QStringLiteral("dlib shape_predictor_68_face_landmarks")},
             {QStringLiteral("file"), landmarks},
             // The landmarker refuses any other file, so this is the one used.
             {QStringLiteral("sha256"), QString::fromLatin1(models::kShapePredictorSha256)}}}};
}

QJsonObject analysisResultJson(const MediaFacts& facts, const EvidenceHashes& hashes,
                               const FrameIndex& index, const AnalysisOptions& options,
                               const AnalysisOutput& output) {
    QJsonObject root;
    root.insert(QStringLiteral("schema"), QStringLiteral("frameproof.analysis/1"));
    root.insert(QStringLiteral("generated_at"),
                QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    root.insert(QStringLiteral("tool"), toolInfoJson());
    root.insert(QStringLiteral("evidence"), evidenceToJson(facts, &hashes, &index));
    root.insert(QStringLiteral("parameters"), analysisParametersToJson(options));
    root.insert(QStringLiteral("signals"), signalsToJson(output.result));
    root.insert(QStringLiteral("lipsync"), lipSyncToJson(output.lipsync));
    root.insert(QStringLiteral("findings"), findingsToJson(output.result.findings()));
    QJsonArray faces;
    for (const FaceTrack& t : output.faces.tracks) {
        faces.append(
            QJsonObject{{QStringLiteral("track"), t.id},
                        {QStringLiteral("first_frame"), qint64(t.observations.front().frame)},
                        {QStringLiteral("last_frame"), qint64(t.observations.back().frame)},
                        {QStringLiteral("frames"), qint64(t.observations.size())},
                        {QStringLiteral("median_box_width_px"), t.medianBoxWidth()}});
    }
    root.insert(QStringLiteral("faces"), faces);
    return root;
}

Result<std::unique_ptr<AnalysisRecording>>
AnalysisRecording::begin(CaseStore& store, const QString& clip, const EvidenceSnapshot& evidence,
                         const QJsonObject& evidenceJson, const AnalysisOptions& options,
                         const QJsonObject& tool, const QString& how) {
    auto record = store.addEvidence(clip, evidence.hashes, evidenceJson);
    if (!record)
        return record.error();
    if (auto opened = store.recordOpened(record->id, clip, how); !opened)
        return opened.error();
    auto id = store.beginAnalysis(record->id, analysisParametersToJson(options), tool,
                                  analysisModelsJson(options));
    if (!id)
        return id.error();
    return std::unique_ptr<AnalysisRecording>(new AnalysisRecording(store, record->id, *id));
}

AnalysisRecording::AnalysisRecording(CaseStore& store, qint64 evidenceId, qint64 analysisId)
    : m_store(store)
    , m_evidenceId(evidenceId)
    , m_analysisId(analysisId) {}

AnalysisRecording::~AnalysisRecording() {
    if (!m_done)
        (void)m_store.failAnalysis(
            m_analysisId, QCoreApplication::translate("fp::app::CaseRecording",
                                                      "stopped before a result was written"));
}

Result<void> AnalysisRecording::complete(const QJsonObject& analysisJson,
                                         const AnalysisOutput& output) {
    m_done = true;
    return m_store.completeAnalysis(m_analysisId, analysisJson, encodeAnalysisDetail(output));
}

Result<void> AnalysisRecording::fail(const QString& message) {
    m_done = true;
    return m_store.failAnalysis(m_analysisId, message);
}

} // namespace fp::app
