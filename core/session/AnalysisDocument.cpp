#include "core/session/AnalysisDocument.h"

#include "core/analysis/AnalysisJson.h"
#include "core/case/AnalysisDetail.h"
#include "core/evidence/EvidenceJson.h"
#include "core/session/ToolInfo.h"
#include "models/FaceLandmarker.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>

namespace fp {

namespace {

struct StoredAnalysisText {
    Q_DECLARE_TR_FUNCTIONS(fp::StoredAnalysis)
};

} // namespace

namespace {

double number(const QJsonValue& v) {
    return v.isDouble() ? v.toDouble() : kNoValue;
}

std::vector<double> series(const QJsonArray& values) {
    std::vector<double> out;
    out.reserve(size_t(values.size()));
    for (const QJsonValue& v : values)
        out.push_back(number(v));
    return out;
}

std::vector<Finding> findingsFrom(const QJsonArray& array) {
    std::vector<Finding> findings;
    for (const QJsonValue& v : array) {
        const QJsonObject o = v.toObject();
        findings.push_back(Finding{o.value(QStringLiteral("signal")).toString(),
                                   o.value(QStringLiteral("start_frame")).toInteger(),
                                   o.value(QStringLiteral("end_frame")).toInteger(),
                                   o.value(QStringLiteral("severity")).toString(),
                                   o.value(QStringLiteral("reason")).toString()});
    }
    return findings;
}

std::shared_ptr<AnalysisOutput> outputFromJson(const QJsonObject& analysis) {
    if (analysis.value(QStringLiteral("schema")).toString() !=
        QLatin1String("frameproof.analysis/1"))
        return nullptr;
    auto output = std::make_shared<AnalysisOutput>();
    const QJsonObject video = analysis.value(QStringLiteral("evidence"))
                                  .toObject()
                                  .value(QStringLiteral("video"))
                                  .toObject();
    output->result.frameCount = video.value(QStringLiteral("frame_count")).toInteger();
    output->result.fps = video.value(QStringLiteral("avg_fps")).toDouble();
    output->result.calibration = analysis.value(QStringLiteral("calibration")).toObject();
    // Learned detectors are nested: signals.detector.NAME is the signal `detector.NAME`.
    QJsonObject signals = analysis.value(QStringLiteral("signals")).toObject();
    const QJsonObject detectors = signals.take(QStringLiteral("detector")).toObject();
    for (auto it = detectors.begin(); it != detectors.end(); ++it)
        signals.insert(QStringLiteral("detector.") + it.key(), it.value());
    for (auto it = signals.begin(); it != signals.end(); ++it) {
        const QJsonObject o = it->toObject();
        SignalResult s;
        s.name = it.key();
        s.title = o.value(QStringLiteral("title")).toString(s.name);
        s.unit = o.value(QStringLiteral("unit")).toString();
        s.perFrame = series(o.value(QStringLiteral("per_frame")).toArray());
        s.score = number(o.value(QStringLiteral("score")));
        s.calibratedScore = number(o.value(QStringLiteral("calibrated_score")));
        s.abstained = o.value(QStringLiteral("status")).toString() == QLatin1String("abstained");
        s.reason = o.value(QStringLiteral("reason")).toString();
        s.parameters = o.value(QStringLiteral("parameters")).toObject();
        s.reference = o.value(QStringLiteral("reference")).toString();
        s.limits = o.value(QStringLiteral("limits")).toString();
        s.details = o.value(QStringLiteral("details")).toObject();
        s.findings = findingsFrom(o.value(QStringLiteral("findings")).toArray());
        output->result.signals.push_back(std::move(s));
    }
    const QJsonObject lip = analysis.value(QStringLiteral("lipsync")).toObject();
    LipSyncResult& l = output->lipsync;
    l.abstained = lip.value(QStringLiteral("status")).toString() != QLatin1String("ok");
    l.reason = lip.value(QStringLiteral("reason")).toString();
    l.fps = output->result.fps;
    l.maxLagFrames = lip.value(QStringLiteral("max_lag_frames")).toInt();
    l.offsetFrames = lip.value(QStringLiteral("offset_frames")).toInt();
    l.offsetMs = lip.value(QStringLiteral("offset_ms")).toDouble();
    l.offsetFramesFine = lip.value(QStringLiteral("offset_frames_fine")).toDouble();
    l.confidence = lip.value(QStringLiteral("confidence")).toDouble();
    l.firstSpeechFrame = lip.value(QStringLiteral("first_speech_frame")).toInteger(-1);
    for (const QJsonValue& v : lip.value(QStringLiteral("windows")).toArray()) {
        const QJsonObject w = v.toObject();
        LipSyncWindow window;
        window.startFrame = w.value(QStringLiteral("start_frame")).toInteger();
        window.endFrame = w.value(QStringLiteral("end_frame")).toInteger();
        window.offsetFrames = w.value(QStringLiteral("offset_frames")).toInt();
        window.confidence = w.value(QStringLiteral("confidence")).toDouble();
        window.judged = true; // only judged windows are written
        l.windows.push_back(std::move(window));
    }
    if (const SignalResult* s = output->result.signal(QStringLiteral("lipsync")))
        l.frameConfidence = s->perFrame;
    return output;
}

} // namespace

std::shared_ptr<const AnalysisOutput> analysisOutputFromJson(const QJsonObject& analysis) {
    return outputFromJson(analysis);
}

RestoredAnalysis restoreAnalysis(const QJsonObject& analysis, const QByteArray& detail) {
    RestoredAnalysis restored;
    std::shared_ptr<AnalysisOutput> output = outputFromJson(analysis);
    if (!output || detail.isEmpty()) {
        restored.output = std::move(output);
        return restored;
    }
    auto decoded = decodeAnalysisDetail(detail);
    if (!decoded) {
        restored.problem = decoded.error().message;
    } else if (decoded->faces.frameCount != output->result.frameCount) {
        restored.problem = StoredAnalysisText::tr("the stored face tracks cover %1 frames "
                                                  "but the analysis %2")
                               .arg(decoded->faces.frameCount)
                               .arg(output->result.frameCount);
    } else {
        applyAnalysisDetail(std::move(decoded).value(), *output);
        restored.detailRestored = true;
    }
    restored.output = std::move(output);
    return restored;
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
    root.insert(QStringLiteral("calibration"), output.result.calibration);
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

} // namespace fp
