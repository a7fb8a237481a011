#include "core/validation/Validation.h"

#include "core/evidence/EvidenceHasher.h"
#include "core/session/AnalyzeClip.h"
#include "core/session/ToolInfo.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <thread>

namespace fp::validation {

namespace {

struct ValidationText {
    Q_DECLARE_TR_FUNCTIONS(fp::validation::Validation)
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const QString kCacheSchema = QStringLiteral("frameproof.validate-clip/2");

// ---- Conditions measured on the clip ------------------------------------------------------

// Which of three bands `value` falls in: under `low`, from `low` to under `high`, `high` and
// up; `none` when there is no value.
QString band(double value, double low, double high, const char* const (&names)[3],
             const char* none) {
    if (!(value > 0))
        return QString::fromLatin1(none);
    return QString::fromLatin1(value < low ? names[0] : value < high ? names[1] : names[2]);
}

QString resolutionBand(int height) {
    return band(height, 360, 720, {"under 360p", "360p-719p", "720p and up"}, "unknown");
}

QString bitrateBand(double bitsPerSecond) {
    return band(bitsPerSecond, 1e6, 5e6, {"under 1 Mb/s", "1-5 Mb/s", "5 Mb/s and up"}, "unknown");
}

QString faceSizeBand(double boxWidth) {
    return band(boxWidth, 100, 200, {"under 100 px", "100-199 px", "200 px and up"}, "no face");
}

// The bands of the clip's resolution, bitrate, face size (its longest track's median box) and
// whether it has audio, from its analysis JSON.
QMap<QString, QString> measuredConditions(const QJsonObject& analysis) {
    const QJsonObject evidence = analysis.value(QStringLiteral("evidence")).toObject();
    const QJsonObject video = evidence.value(QStringLiteral("video")).toObject();
    double faceWidth = 0.0;
    qint64 longest = 0;
    for (const QJsonValue& t : analysis.value(QStringLiteral("faces")).toArray()) {
        const QJsonObject track = t.toObject();
        const qint64 frames = track.value(QStringLiteral("frames")).toInteger();
        if (frames > longest) {
            longest = frames;
            faceWidth = track.value(QStringLiteral("median_box_width_px")).toDouble();
        }
    }
    const QJsonValue audio = evidence.value(QStringLiteral("audio"));
    return {{QStringLiteral("resolution"),
             resolutionBand(video.value(QStringLiteral("height")).toInt())},
            {QStringLiteral("bitrate"),
             bitrateBand(evidence.value(QStringLiteral("bit_rate")).toDouble())},
            {QStringLiteral("face_size"), faceSizeBand(faceWidth)},
            {QStringLiteral("audio"),
             audio.isObject() ? QStringLiteral("with audio") : QStringLiteral("without audio")}};
}

// ---- One clip's scores, from its analysis or from the cache --------------------------------

void scoresFromAnalysis(const QJsonObject& analysis, ClipScores& out) {
    const QJsonObject signalsObject = analysis.value(QStringLiteral("signals")).toObject();
    for (auto it = signalsObject.begin(); it != signalsObject.end(); ++it) {
        const QJsonObject s = it.value().toObject();
        const bool ok = s.value(QStringLiteral("status")).toString() == QLatin1String("ok");
        const QJsonValue score = s.value(QStringLiteral("score"));
        out.scores.insert(it.key(), ok && score.isDouble() ? score.toDouble() : kNaN);
        out.reasons.insert(it.key(), s.value(QStringLiteral("reason")).toString());
        out.parameters.insert(
            it.key(), signalParametersSha256(s.value(QStringLiteral("parameters")).toObject()));
    }
    for (const QJsonValue& f : analysis.value(QStringLiteral("findings")).toArray()) {
        ++out.findings;
        const QString severity = f.toObject().value(QStringLiteral("severity")).toString();
        if (severity == QLatin1String("medium") || severity == QLatin1String("high"))
            ++out.findingsMediumOrHigher;
    }
    out.measured = measuredConditions(analysis);
}

QJsonObject cacheEntry(const ClipScores& c, const QString& parametersSha256) {
    QJsonObject scores;
    for (auto it = c.scores.begin(); it != c.scores.end(); ++it) {
        scores.insert(
            it.key(),
            QJsonObject{{QStringLiteral("score"),
                         std::isfinite(it.value()) ? QJsonValue(it.value()) : QJsonValue()},
                        {QStringLiteral("reason"), c.reasons.value(it.key())},
                        {QStringLiteral("parameters_sha256"), c.parameters.value(it.key())}});
    }
    QJsonObject measured;
    for (auto it = c.measured.begin(); it != c.measured.end(); ++it)
        measured.insert(it.key(), it.value());
    return {{QStringLiteral("schema"), kCacheSchema},
            {QStringLiteral("sha256"), c.sha256},
            {QStringLiteral("parameters_sha256"), parametersSha256},
            {QStringLiteral("signals"), scores},
            {QStringLiteral("measured"), measured},
            {QStringLiteral("findings"), c.findings},
            {QStringLiteral("findings_medium_or_higher"), c.findingsMediumOrHigher}};
}

bool readCacheEntry(const QString& path, const QString& parametersSha256, ClipScores& out) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || file.size() > (16 << 20))
        return false;
    const QJsonObject o = QJsonDocument::fromJson(file.readAll()).object();
    if (o.value(QStringLiteral("schema")).toString() != kCacheSchema ||
        o.value(QStringLiteral("sha256")).toString() != out.sha256 ||
        o.value(QStringLiteral("parameters_sha256")).toString() != parametersSha256)
        return false; // damaged or another run's: analysed again
    const QJsonObject scores = o.value(QStringLiteral("signals")).toObject();
    for (auto it = scores.begin(); it != scores.end(); ++it) {
        const QJsonObject s = it.value().toObject();
        const QJsonValue score = s.value(QStringLiteral("score"));
        out.scores.insert(it.key(), score.isDouble() ? score.toDouble() : kNaN);
        out.reasons.insert(it.key(), s.value(QStringLiteral("reason")).toString());
        out.parameters.insert(it.key(), s.value(QStringLiteral("parameters_sha256")).toString());
    }
    const QJsonObject measured = o.value(QStringLiteral("measured")).toObject();
    for (auto it = measured.begin(); it != measured.end(); ++it)
        out.measured.insert(it.key(), it.value().toString());
    out.findings = o.value(QStringLiteral("findings")).toInt();
    out.findingsMediumOrHigher = o.value(QStringLiteral("findings_medium_or_higher")).toInt();
    return true;
}

ClipScores scoreClip(const LabelledClip& clip, const ValidationRequest& request,
                     const QString& parametersSha256) {
    ClipScores out;
    out.clip = clip;
    auto hashes = hashEvidenceFile(clip.path);
    if (!hashes) {
        out.error = hashes.error().message;
        return out;
    }
    out.sha256 = hashes->sha256;
    const QString entry = QDir(request.cacheDir)
                              .filePath(out.sha256 + QLatin1Char('-') + parametersSha256.left(16) +
                                        QStringLiteral(".json"));
    if (readCacheEntry(entry, parametersSha256, out)) {
        out.cached = true;
        return out;
    }
    ClipRequest analysis;
    analysis.clip = clip.path;
    analysis.options = request.options;
    analysis.cancel = request.cancel;
    auto analysed = analyzeClip(analysis);
    if (!analysed) {
        out.error = analysed.error().message;
        return out;
    }
    scoresFromAnalysis(analysed->json, out);
    QSaveFile save(entry); // whole or not at all: a run stopped here leaves no half entry
    if (save.open(QIODevice::WriteOnly)) {
        save.write(QJsonDocument(cacheEntry(out, parametersSha256)).toJson(QJsonDocument::Compact));
        save.commit();
    }
    return out;
}

// ---- Figures ----------------------------------------------------------------------------

// The scored clips of each label, and how many abstained.
struct LabelledScores {
    std::vector<double> genuine;
    std::vector<double> generated;
    int abstained = 0;
};

LabelledScores labelledScores(const std::vector<const ClipScores*>& clips, const QString& signal) {
    LabelledScores out;
    for (const ClipScores* c : clips) {
        const double s = c->scores.value(signal, kNaN);
        if (!std::isfinite(s))
            ++out.abstained;
        else
            (c->clip.generated ? out.generated : out.genuine).push_back(s);
    }
    return out;
}

// The calibrated scores, held out: each of `genuine` as its deviation from `allGenuine` without
// itself (leave one out), each of `generated` from all of `allGenuine`. The reference never
// holds a generated clip, so for a generator family this is a leave-family-out figure.
LabelledScores heldOutDeviations(const std::vector<double>& genuine,
                                 const std::vector<double>& generated,
                                 const std::vector<double>& allGenuine) {
    std::vector<double> reference = allGenuine;
    std::sort(reference.begin(), reference.end());
    std::vector<double> scored = genuine; // in score order, as the bootstrap resamples them
    std::sort(scored.begin(), scored.end());
    LabelledScores out;
    for (double g : scored) {
        std::vector<double> others = reference;
        const auto self = std::lower_bound(others.begin(), others.end(), g);
        if (self != others.end() && *self == g)
            others.erase(self);
        if (!others.empty())
            out.genuine.push_back(deviationFromGenuine(others, g));
    }
    for (double g : generated)
        out.generated.push_back(deviationFromGenuine(reference, g));
    return out;
}

// A condition's figures. A value that only generated clips have (a generator family) is
// measured against every genuine clip: how well the signal tells that family from genuine
// footage.
ConditionFigures conditionFigures(const std::vector<const ClipScores*>& clips,
                                  const QString& signal, const std::vector<double>& allGenuine) {
    const LabelledScores scores = labelledScores(clips, signal);
    ConditionFigures f;
    f.abstained = scores.abstained;
    f.generated = int(scores.generated.size());
    f.genuineFromAll = scores.genuine.empty() && !scores.generated.empty();
    const std::vector<double>& genuine = f.genuineFromAll ? allGenuine : scores.genuine;
    f.genuine = int(genuine.size());
    f.auc = rocAuc(genuine, scores.generated);
    const LabelledScores held = heldOutDeviations(genuine, scores.generated, allGenuine);
    f.calibratedAuc = rocAuc(held.genuine, held.generated);
    return f;
}

QString conditionValue(const ClipScores& c, const QString& column) {
    if (c.measured.contains(column))
        return c.measured.value(column);
    const QString v = c.clip.conditions.value(column);
    return v.isEmpty() ? QStringLiteral("(none)") : v;
}

SignalFigures signalFigures(const QString& name, const std::vector<const ClipScores*>& clips,
                            const QStringList& columns, int resamples,
                            const std::vector<double>& targets) {
    const LabelledScores scores = labelledScores(clips, name);
    SignalFigures f;
    f.name = name;
    f.abstained = scores.abstained;
    f.genuine = int(scores.genuine.size());
    f.generated = int(scores.generated.size());
    f.auc = rocAuc(scores.genuine, scores.generated);
    f.aucInterval = bootstrapAucInterval(scores.genuine, scores.generated, resamples);
    f.roc = rocCurve(scores.genuine, scores.generated);
    f.operatingPoints = operatingPoints(scores.genuine, scores.generated, targets);
    const LabelledScores calibrated =
        heldOutDeviations(scores.genuine, scores.generated, scores.genuine);
    f.calibratedAuc = rocAuc(calibrated.genuine, calibrated.generated);
    f.calibratedAucInterval =
        bootstrapAucInterval(calibrated.genuine, calibrated.generated, resamples);
    f.calibratedOperatingPoints =
        operatingPoints(calibrated.genuine, calibrated.generated, targets);
    for (const QString& column : columns) {
        QMap<QString, std::vector<const ClipScores*>> groups;
        for (const ClipScores* c : clips)
            groups[conditionValue(*c, column)].push_back(c);
        for (auto it = groups.begin(); it != groups.end(); ++it)
            f.byCondition[column].insert(it.key(),
                                         conditionFigures(it.value(), name, scores.genuine));
    }
    return f;
}

QJsonValue number(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonArray operatingPointsJson(const std::vector<OperatingPoint>& list) {
    QJsonArray points;
    for (const OperatingPoint& p : list)
        points.append(
            QJsonObject{{QStringLiteral("target_false_alarm_rate"), p.targetFalseAlarmRate},
                        {QStringLiteral("threshold"), number(p.threshold)},
                        {QStringLiteral("false_alarm_rate"), number(p.falseAlarmRate)},
                        {QStringLiteral("miss_rate"), number(p.missRate)},
                        {QStringLiteral("genuine_flagged"), p.genuineFlagged},
                        {QStringLiteral("generated_missed"), p.generatedMissed}});
    return points;
}

} // namespace

QString validationParametersSha256(const AnalysisOptions& options) {
    const QJsonObject key{
        {QStringLiteral("tool_version"), toolInfoJson().value(QStringLiteral("version"))},
        {QStringLiteral("parameters"), analysisParametersToJson(options)}};
    return QString::fromLatin1(
        QCryptographicHash::hash(QJsonDocument(key).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha256)
            .toHex());
}

std::vector<SignalFigures> validationFigures(const std::vector<ClipScores>& clips,
                                             int bootstrapResamples,
                                             const std::vector<double>& falseAlarmTargets) {
    std::vector<const ClipScores*> usable;
    QStringList names;
    QStringList columns{QStringLiteral("resolution"), QStringLiteral("bitrate"),
                        QStringLiteral("face_size"), QStringLiteral("audio")};
    for (const ClipScores& c : clips) {
        if (!c.error.isEmpty())
            continue;
        usable.push_back(&c);
        for (auto it = c.scores.begin(); it != c.scores.end(); ++it) {
            if (!names.contains(it.key()))
                names << it.key();
        }
        for (auto it = c.clip.conditions.begin(); it != c.clip.conditions.end(); ++it) {
            if (!columns.contains(it.key()))
                columns << it.key();
        }
    }
    names.sort();
    std::vector<SignalFigures> figures;
    for (const QString& name : names)
        figures.push_back(
            signalFigures(name, usable, columns, bootstrapResamples, falseAlarmTargets));
    return figures;
}

ValidationResult runValidation(const ValidationRequest& request) {
    ValidationResult result;
    result.parametersSha256 = validationParametersSha256(request.options);
    QDir().mkpath(request.cacheDir);
    const std::vector<LabelledClip>& clips = request.labels.clips;
    result.clips.resize(clips.size());
    std::vector<bool> done(clips.size(), false);
    std::atomic<size_t> next{0};
    std::mutex report;
    int finished = 0;
    const auto work = [&] {
        for (size_t i = next++; i < clips.size(); i = next++) {
            if (request.cancel && request.cancel->load())
                return;
            ClipScores scores = scoreClip(clips[i], request, result.parametersSha256);
            if (request.cancel && request.cancel->load() && !scores.cached &&
                !scores.error.isEmpty())
                return; // stopped mid-analysis: not a clip error, and nothing cached
            std::lock_guard lock(report);
            result.clips[i] = std::move(scores);
            done[i] = true;
            ++finished;
            if (request.progress)
                request.progress(finished, int(clips.size()), clips[i], result.clips[i].cached,
                                 result.clips[i].error);
        }
    };
    std::vector<std::thread> workers;
    const int jobs = std::clamp(request.jobs, 1, 16);
    for (int j = 0; j < jobs; ++j)
        workers.emplace_back(work);
    for (std::thread& t : workers)
        t.join();
    result.cancelled = request.cancel && request.cancel->load();
    std::vector<ClipScores> kept;
    for (size_t i = 0; i < clips.size(); ++i) {
        if (done[i])
            kept.push_back(std::move(result.clips[i]));
    }
    result.clips = std::move(kept);
    result.signalFigures =
        validationFigures(result.clips, request.bootstrapResamples, request.falseAlarmTargets);
    return result;
}

Calibration calibrationFrom(const ValidationRequest& request, const ValidationResult& result) {
    Calibration c;
    c.toolVersion = toolInfoJson().value(QStringLiteral("version")).toString();
    c.parametersSha256 = analysisParametersSha256(request.options);
    c.labelsSha256 = request.labels.sha256;
    for (const ClipScores& clip : result.clips) {
        if (!clip.error.isEmpty() || clip.clip.generated)
            continue;
        c.genuineClips << clip.sha256;
        for (auto it = clip.scores.begin(); it != clip.scores.end(); ++it) {
            if (std::isfinite(it.value()))
                c.genuineScores[it.key()].push_back(it.value());
            // The same options give every clip the same signal parameters.
            if (!c.signalParameters.contains(it.key()))
                c.signalParameters.insert(it.key(), clip.parameters.value(it.key()));
        }
    }
    for (auto it = c.genuineScores.begin(); it != c.genuineScores.end(); ++it)
        std::sort(it->begin(), it->end());
    for (const SignalFigures& f : result.signalFigures) {
        c.measured.insert(
            f.name, QJsonObject{{QStringLiteral("genuine"), f.genuine},
                                {QStringLiteral("generated"), f.generated},
                                {QStringLiteral("auc"), number(f.auc)},
                                {QStringLiteral("auc_ci"),
                                 QJsonArray{number(f.aucInterval.low), number(f.aucInterval.high)}},
                                {QStringLiteral("calibrated_auc"), number(f.calibratedAuc)},
                                {QStringLiteral("calibrated_auc_ci"),
                                 QJsonArray{number(f.calibratedAucInterval.low),
                                            number(f.calibratedAucInterval.high)}}});
    }
    return c;
}

QJsonObject validationJson(const ValidationRequest& request, const ValidationResult& result) {
    QJsonArray skipped;
    for (const SkippedRow& row : request.labels.skipped)
        skipped.append(QJsonObject{{QStringLiteral("line"), row.line},
                                   {QStringLiteral("message"), row.message}});
    QJsonArray clips;
    int genuine = 0;
    int genuineFlaggedMedium = 0;
    int genuineFlagged = 0;
    for (const ClipScores& c : result.clips) {
        QJsonObject scores;
        for (auto it = c.scores.begin(); it != c.scores.end(); ++it)
            scores.insert(it.key(), number(it.value()));
        QJsonObject o{{QStringLiteral("path"), c.clip.relative},
                      {QStringLiteral("line"), c.clip.line},
                      {QStringLiteral("label"),
                       c.clip.generated ? QStringLiteral("generated") : QStringLiteral("genuine")},
                      {QStringLiteral("sha256"), c.sha256},
                      {QStringLiteral("cached"), c.cached}};
        if (!c.error.isEmpty()) {
            o.insert(QStringLiteral("error"), c.error);
        } else {
            o.insert(QStringLiteral("scores"), scores);
            o.insert(QStringLiteral("findings"), c.findings);
            o.insert(QStringLiteral("findings_medium_or_higher"), c.findingsMediumOrHigher);
            if (!c.clip.generated) {
                ++genuine;
                genuineFlagged += c.findings > 0 ? 1 : 0;
                genuineFlaggedMedium += c.findingsMediumOrHigher > 0 ? 1 : 0;
            }
        }
        clips.append(o);
    }
    QJsonObject signalsObject;
    for (const SignalFigures& f : result.signalFigures) {
        const QJsonArray points = operatingPointsJson(f.operatingPoints);
        QJsonArray roc;
        for (const RocPoint& p : f.roc)
            roc.append(QJsonArray{p.falseAlarmRate, p.hitRate, number(p.threshold)});
        QJsonObject byCondition;
        for (auto column = f.byCondition.begin(); column != f.byCondition.end(); ++column) {
            QJsonObject values;
            for (auto v = column.value().begin(); v != column.value().end(); ++v)
                values.insert(
                    v.key(),
                    QJsonObject{{QStringLiteral("auc"), number(v.value().auc)},
                                {QStringLiteral("genuine"), v.value().genuine},
                                {QStringLiteral("generated"), v.value().generated},
                                {QStringLiteral("abstained"), v.value().abstained},
                                {QStringLiteral("calibrated_auc"), number(v.value().calibratedAuc)},
                                {QStringLiteral("genuine_from"),
                                 v.value().genuineFromAll ? QStringLiteral("all genuine clips")
                                                          : QStringLiteral("this condition")}});
            byCondition.insert(column.key(), values);
        }
        signalsObject.insert(
            f.name,
            QJsonObject{{QStringLiteral("auc"), number(f.auc)},
                        {QStringLiteral("auc_ci"),
                         QJsonArray{number(f.aucInterval.low), number(f.aucInterval.high)}},
                        {QStringLiteral("bootstrap_resamples"), f.aucInterval.resamples},
                        {QStringLiteral("clips"), f.genuine + f.generated},
                        {QStringLiteral("genuine"), f.genuine},
                        {QStringLiteral("generated"), f.generated},
                        {QStringLiteral("abstained"), f.abstained},
                        {QStringLiteral("operating_points"), points},
                        {QStringLiteral("calibrated"),
                         QJsonObject{{QStringLiteral("method"),
                                      QStringLiteral("two-sided deviation from the genuine "
                                                     "clips' scores; each genuine clip held out")},
                                     {QStringLiteral("auc"), number(f.calibratedAuc)},
                                     {QStringLiteral("auc_ci"),
                                      QJsonArray{number(f.calibratedAucInterval.low),
                                                 number(f.calibratedAucInterval.high)}},
                                     {QStringLiteral("operating_points"),
                                      operatingPointsJson(f.calibratedOperatingPoints)}}},
                        {QStringLiteral("roc"), roc},
                        {QStringLiteral("by_condition"), byCondition}});
    }
    return {
        {QStringLiteral("schema"), QStringLiteral("frameproof.validate/1")},
        {QStringLiteral("tool"), toolInfoJson()},
        {QStringLiteral("labels"),
         QJsonObject{{QStringLiteral("file"), request.labels.path},
                     {QStringLiteral("sha256"), request.labels.sha256},
                     {QStringLiteral("rows"), int(request.labels.clips.size())},
                     {QStringLiteral("skipped"), skipped}}},
        {QStringLiteral("parameters"), analysisParametersToJson(request.options)},
        {QStringLiteral("parameters_sha256"), result.parametersSha256}, // with the tool version
        {QStringLiteral("analysis_parameters_sha256"), analysisParametersSha256(request.options)},
        {QStringLiteral("cancelled"), result.cancelled},
        {QStringLiteral("clips"), clips},
        {QStringLiteral("signals"), signalsObject},
        {QStringLiteral("genuine_clips"), genuine},
        {QStringLiteral("genuine_with_findings"), genuineFlagged},
        {QStringLiteral("genuine_with_medium_or_higher_findings"), genuineFlaggedMedium},
        {QStringLiteral("combined"),
         QJsonObject{{QStringLiteral("status"), QStringLiteral("not fitted")},
                     {QStringLiteral("reason"),
                      ValidationText::tr("no calibration has been fitted yet: the combined "
                                         "score needs calibrated signal scores")}}}};
}

} // namespace fp::validation
