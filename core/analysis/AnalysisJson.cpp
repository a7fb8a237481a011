#include "core/analysis/AnalysisJson.h"

#include <cmath>

namespace fp {

namespace {

QJsonValue number(double v) {
    return std::isnan(v) ? QJsonValue() : QJsonValue(v);
}

} // namespace

QJsonArray findingsToJson(const std::vector<Finding>& findings) {
    QJsonArray array;
    for (const Finding& f : findings) {
        array.append(QJsonObject{{QStringLiteral("signal"), f.signal},
                                 {QStringLiteral("start_frame"), qint64(f.startFrame)},
                                 {QStringLiteral("end_frame"), qint64(f.endFrame)},
                                 {QStringLiteral("severity"), f.severity},
                                 {QStringLiteral("reason"), f.reason}});
    }
    return array;
}

QJsonObject signalToJson(const SignalResult& s) {
    QJsonArray perFrame;
    for (double v : s.perFrame)
        perFrame.append(number(v));
    return QJsonObject{{QStringLiteral("title"), s.title},
                       {QStringLiteral("unit"), s.unit},
                       {QStringLiteral("per_frame"), perFrame},
                       {QStringLiteral("score"), number(s.score)},
                       {QStringLiteral("calibrated_score"), number(s.calibratedScore)},
                       {QStringLiteral("status"),
                        s.abstained ? QStringLiteral("abstained") : QStringLiteral("ok")},
                       {QStringLiteral("reason"), s.reason},
                       {QStringLiteral("parameters"), s.parameters},
                       {QStringLiteral("reference"), s.reference},
                       {QStringLiteral("limits"), s.limits},
                       {QStringLiteral("details"), s.details},
                       {QStringLiteral("findings"), findingsToJson(s.findings)}};
}

QJsonObject lipSyncToJson(const LipSyncResult& r) {
    QJsonArray windows;
    for (const LipSyncWindow& w : r.windows) {
        if (!w.judged)
            continue;
        windows.append(QJsonObject{{QStringLiteral("start_frame"), qint64(w.startFrame)},
                                   {QStringLiteral("end_frame"), qint64(w.endFrame)},
                                   {QStringLiteral("offset_frames"), w.offsetFrames},
                                   {QStringLiteral("confidence"), w.confidence}});
    }
    const bool ok = !r.abstained;
    return QJsonObject{
        {QStringLiteral("status"), ok ? QStringLiteral("ok") : QStringLiteral("abstained")},
        {QStringLiteral("reason"), r.reason},
        {QStringLiteral("offset_frames"), ok ? QJsonValue(r.offsetFrames) : QJsonValue()},
        {QStringLiteral("offset_ms"), ok ? QJsonValue(r.offsetMs) : QJsonValue()},
        {QStringLiteral("offset_frames_fine"), ok ? QJsonValue(r.offsetFramesFine) : QJsonValue()},
        {QStringLiteral("confidence"), ok ? QJsonValue(r.confidence) : QJsonValue()},
        {QStringLiteral("max_lag_frames"), r.maxLagFrames},
        {QStringLiteral("first_speech_frame"), qint64(r.firstSpeechFrame)},
        {QStringLiteral("windows"), windows}};
}

QJsonObject signalsToJson(const AnalysisResult& result) {
    QJsonObject signals, detectors;
    for (const SignalResult& s : result.signals) {
        if (s.name.startsWith(QLatin1String("detector.")))
            detectors.insert(s.name.mid(9), signalToJson(s));
        else
            signals.insert(s.name, signalToJson(s));
    }
    if (!detectors.isEmpty())
        signals.insert(QStringLiteral("detector"), detectors);
    return signals;
}

} // namespace fp
