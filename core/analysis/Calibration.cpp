#include "core/analysis/Calibration.h"

#include "core/analysis/AnalysisResult.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>
#include <limits>

namespace fp {

namespace {

struct CalibrationText {
    Q_DECLARE_TR_FUNCTIONS(fp::Calibration)
};

} // namespace

QString signalParametersSha256(const QJsonObject& signalParameters) {
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(signalParameters).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha256)
            .toHex());
}

double genuineFraction(const std::vector<double>& sortedGenuine, double score) {
    if (sortedGenuine.empty() || !std::isfinite(score))
        return std::numeric_limits<double>::quiet_NaN();
    const auto lower = std::lower_bound(sortedGenuine.begin(), sortedGenuine.end(), score);
    const auto upper = std::upper_bound(lower, sortedGenuine.end(), score);
    return (double(lower - sortedGenuine.begin()) + 0.5 * double(upper - lower)) /
           double(sortedGenuine.size());
}

double deviationFromGenuine(const std::vector<double>& sortedGenuine, double score) {
    return std::abs(2.0 * genuineFraction(sortedGenuine, score) - 1.0);
}

double Calibration::calibratedScore(const QString& signal, double score) const {
    const auto it = genuineScores.constFind(signal);
    if (it == genuineScores.constEnd())
        return std::numeric_limits<double>::quiet_NaN();
    return deviationFromGenuine(*it, score);
}

QString Calibration::applicableTo(const QString& parameters) const {
    if (parameters != parametersSha256)
        return CalibrationText::tr("the calibration was made with other analysis parameters "
                                   "(%1, these are %2)")
            .arg(parametersSha256.left(16), parameters.left(16));
    return QString();
}

QString Calibration::applicableTo(const SignalResult& signal) const {
    if (!genuineScores.contains(signal.name))
        return CalibrationText::tr("the calibration has no genuine scores for %1").arg(signal.name);
    const QString made = signalParameters.value(signal.name);
    const QString now = signalParametersSha256(signal.parameters);
    if (made != now)
        return CalibrationText::tr("%1 was calibrated with other parameters (%2, these are %3)")
            .arg(signal.name, made.left(16), now.left(16));
    return QString();
}

QJsonObject Calibration::toJson() const {
    QJsonObject scores;
    for (auto it = genuineScores.begin(); it != genuineScores.end(); ++it) {
        QJsonArray values;
        for (double v : it.value())
            values.append(v);
        scores.insert(it.key(), values);
    }
    QJsonObject parameters;
    for (auto it = signalParameters.begin(); it != signalParameters.end(); ++it)
        parameters.insert(it.key(), it.value());
    QJsonObject figures;
    for (auto it = measured.begin(); it != measured.end(); ++it)
        figures.insert(it.key(), it.value());
    return {{QStringLiteral("schema"), QString::fromLatin1(kSchema)},
            {QStringLiteral("tool_version"), toolVersion},
            {QStringLiteral("parameters_sha256"), parametersSha256},
            {QStringLiteral("labels_sha256"), labelsSha256},
            {QStringLiteral("genuine_clips"), QJsonArray::fromStringList(genuineClips)},
            {QStringLiteral("genuine_scores"), scores},
            {QStringLiteral("signal_parameters_sha256"), parameters},
            {QStringLiteral("measured"), figures}};
}

Result<Calibration> Calibration::fromJson(const QJsonObject& o) {
    if (o.value(QStringLiteral("schema")).toString() != QLatin1String(kSchema))
        return makeError(Error::Kind::Unsupported,
                         CalibrationText::tr("not a Frameproof calibration (schema %1)")
                             .arg(o.value(QStringLiteral("schema")).toString()));
    Calibration c;
    c.toolVersion = o.value(QStringLiteral("tool_version")).toString();
    c.parametersSha256 = o.value(QStringLiteral("parameters_sha256")).toString();
    c.labelsSha256 = o.value(QStringLiteral("labels_sha256")).toString();
    for (const QJsonValue& v : o.value(QStringLiteral("genuine_clips")).toArray())
        c.genuineClips << v.toString();
    const QJsonObject scores = o.value(QStringLiteral("genuine_scores")).toObject();
    for (auto it = scores.begin(); it != scores.end(); ++it) {
        std::vector<double> values;
        for (const QJsonValue& v : it.value().toArray()) {
            if (!v.isDouble() || !std::isfinite(v.toDouble()))
                return makeError(Error::Kind::Corrupt,
                                 CalibrationText::tr("calibration: a genuine score of %1 is not "
                                                     "a number")
                                     .arg(it.key()));
            values.push_back(v.toDouble());
        }
        std::sort(values.begin(), values.end());
        c.genuineScores.insert(it.key(), std::move(values));
    }
    const QJsonObject parameters = o.value(QStringLiteral("signal_parameters_sha256")).toObject();
    for (auto it = parameters.begin(); it != parameters.end(); ++it)
        c.signalParameters.insert(it.key(), it.value().toString());
    const QJsonObject figures = o.value(QStringLiteral("measured")).toObject();
    for (auto it = figures.begin(); it != figures.end(); ++it)
        c.measured.insert(it.key(), it.value().toObject());
    if (c.parametersSha256.isEmpty() || c.genuineScores.isEmpty())
        return makeError(Error::Kind::Corrupt,
                         CalibrationText::tr("calibration: no parameters hash or no scores"));
    return c;
}

Result<std::shared_ptr<const Calibration>> shippedCalibration() {
    QFile file(QStringLiteral(":/frameproof/frameproof.calibration.json"));
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Kind::NotFound,
                         CalibrationText::tr("no calibration is built into this program"));
    auto c = Calibration::fromJson(QJsonDocument::fromJson(file.readAll()).object());
    if (!c)
        return c.error();
    return std::make_shared<const Calibration>(std::move(c).value());
}

} // namespace fp
