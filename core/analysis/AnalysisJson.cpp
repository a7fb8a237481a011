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
                       {QStringLiteral("status"),
                        s.abstained ? QStringLiteral("abstained") : QStringLiteral("ok")},
                       {QStringLiteral("reason"), s.reason},
                       {QStringLiteral("parameters"), s.parameters},
                       {QStringLiteral("reference"), s.reference},
                       {QStringLiteral("limits"), s.limits},
                       {QStringLiteral("details"), s.details},
                       {QStringLiteral("findings"), findingsToJson(s.findings)}};
}

QJsonObject signalsToJson(const AnalysisResult& result) {
    QJsonObject signals;
    for (const SignalResult& s : result.signals)
        signals.insert(s.name, signalToJson(s));
    return signals;
}

} // namespace fp
