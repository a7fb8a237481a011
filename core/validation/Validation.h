#pragma once

// `frameproof validate`: every clip of a labelled corpus analysed through the engine's front
// door (analyzeClip), each signal's clip score collected, and per signal the ROC, AUC with a
// bootstrap interval, the false-alarm and miss rates at stated false-alarm targets, the same
// AUC split by condition (resolution, bitrate, face size, audio, and each extra column of the
// labels file), and how many clips it abstained on.
// Resumable: a clip's scores are cached under the cache folder by the clip's SHA-256 and the
// hash of the tool version and analysis parameters, each entry written whole (QSaveFile), so a
// run stopped at any point (Ctrl+C) leaves a usable cache and the next run analyses only what
// is missing. The evidence is only read; the cache lives outside the corpus unless told.
// A clip that cannot be read or analysed is reported and left out, never fatal to the run.
// Thread-safety: runValidation() may run on any thread; it runs up to `jobs` analyses at once on
// threads of its own; `progress` is called from those threads (serialised).

#include "core/analysis/AnalysisPipeline.h"
#include "core/analysis/Calibration.h"
#include "core/validation/LabelsFile.h"
#include "core/validation/Roc.h"

#include <QJsonObject>
#include <QMap>
#include <QString>

#include <atomic>
#include <functional>
#include <vector>

namespace fp::validation {

struct ValidationRequest {
    LabelsFile labels;
    QString cacheDir; // required; created when missing
    AnalysisOptions options;
    int jobs = 1;
    int bootstrapResamples = 2000;
    std::vector<double> falseAlarmTargets{0.01, 0.05, 0.10};
    // After each clip: how many are done of how many, the clip, and whether it came from cache
    // (or the error that left it out).
    std::function<void(int done, int total, const LabelledClip& clip, bool cached,
                       const QString& error)>
        progress;
    const std::atomic<bool>* cancel = nullptr;
};

// One clip as the validation sees it (and caches it).
struct ClipScores {
    LabelledClip clip;
    QString sha256;
    bool cached = false;
    QString error;                     // non-empty: left out of every figure
    QMap<QString, double> scores;      // signal -> clip score (NaN: abstained)
    QMap<QString, QString> reasons;    // signal -> why it abstained, or its summary
    QMap<QString, QString> parameters; // signal -> signalParametersSha256() of its parameters
    QMap<QString, QString> measured;   // resolution, bitrate, face_size, audio (bands)
    int findingsMediumOrHigher = 0;
    int findings = 0;
};

struct ConditionFigures {
    // No genuine clip has this value (a generator family): the AUC is against all of them.
    bool genuineFromAll = false;
    int genuine = 0;
    int generated = 0;
    int abstained = 0;
    double auc = 0.0; // NaN when one side is empty
    // The calibrated score's AUC, each genuine clip held out of the reference (all genuine
    // clips); for a generator family, a leave-family-out figure: no generated clip is used.
    double calibratedAuc = 0.0;
};

struct SignalFigures {
    QString name;
    int genuine = 0; // scored clips of each label
    int generated = 0;
    int abstained = 0;
    double auc = 0.0;
    AucInterval aucInterval;
    std::vector<RocPoint> roc;
    std::vector<OperatingPoint> operatingPoints;
    // The calibrated score (deviationFromGenuine), held out: each genuine clip against the
    // other genuine clips, each generated clip against all of them.
    double calibratedAuc = 0.0;
    AucInterval calibratedAucInterval;
    std::vector<OperatingPoint> calibratedOperatingPoints;
    // condition column -> value -> figures
    QMap<QString, QMap<QString, ConditionFigures>> byCondition;
};

struct ValidationResult {
    std::vector<ClipScores> clips;
    std::vector<SignalFigures> signalFigures;
    QString parametersSha256; // the cache key's parameter part
    bool cancelled = false;   // stopped early: the figures cover the clips done
};

// The cache key's parameter part: SHA-256 of the tool version and the analysis parameters.
QString validationParametersSha256(const AnalysisOptions& options);

ValidationResult runValidation(const ValidationRequest& request);

// Figures from scores (what runValidation() does after the analyses).
std::vector<SignalFigures> validationFigures(const std::vector<ClipScores>& clips,
                                             int bootstrapResamples,
                                             const std::vector<double>& falseAlarmTargets);

// The calibration these clips give: every genuine clip's scores (clips with an error left
// out), with the corpus's fingerprint and the parameters hash.
Calibration calibrationFrom(const ValidationRequest& request, const ValidationResult& result);

// The `frameproof.validate/1` object.
QJsonObject validationJson(const ValidationRequest& request, const ValidationResult& result);

} // namespace fp::validation
