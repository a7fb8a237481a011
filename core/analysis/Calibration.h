#pragma once

// Calibration against genuine footage (issue 15): what genuine clips score on each signal, so
// that a clip's score can be read as "how far outside what genuine footage does" instead of
// against the clip's own median. The calibrated score is two-sided, the same whichever way a
// generator departs (too much jitter or too little): 0 at the genuine clips' median, 1 beyond
// every genuine clip, from the mid-rank of the score among the genuine ones. It does not look
// at generated clips at all, so it cannot be tuned to a generator.
// A calibration records what it was made from (the labels file's and every genuine clip's
// SHA-256), the tool version and the hash of the analysis parameters; it applies only to an
// analysis with the same parameters hash (applicableTo()), so a changed parameter shows as a
// mismatch instead of a silently wrong score.
// Thread-safety: plain values; the functions are pure.

#include "models/Result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace fp {

struct SignalResult;

// SHA-256 of a signal's own parameters (compact JSON): a calibration of that signal applies
// only to results with the same.
QString signalParametersSha256(const QJsonObject& signalParameters);

// Mid-rank fraction of `sortedGenuine` below `score` (ties count half): 0..1; NaN when there
// are no genuine scores or `score` is NaN.
double genuineFraction(const std::vector<double>& sortedGenuine, double score);
// |2 x genuineFraction - 1|: 0 typical of genuine footage, 1 outside all of it.
double deviationFromGenuine(const std::vector<double>& sortedGenuine, double score);

struct Calibration {
    static constexpr const char* kSchema = "frameproof.calibration/1";
    QString toolVersion;
    QString parametersSha256; // analysisParametersSha256() of the analyses it was made from
    QString labelsSha256;
    QStringList genuineClips;                         // SHA-256 of each genuine clip used
    QMap<QString, std::vector<double>> genuineScores; // signal -> sorted clip scores
    // signal -> signalParametersSha256() of the signal's own parameters when it was made
    QMap<QString, QString> signalParameters;
    // signal -> what validate measured on the corpus: {genuine, generated, auc, auc_ci,
    // calibrated_auc, calibrated_auc_ci} (the calibrated AUC held out, see Validation.h)
    QMap<QString, QJsonObject> measured;

    // NaN when the signal has no genuine scores.
    double calibratedScore(const QString& signal, double score) const;
    // Empty when it applies; otherwise why not, for people. The analysis-wide parameters...
    QString applicableTo(const QString& parametersSha256) const;
    // ...and each signal's own.
    QString applicableTo(const SignalResult& signal) const;

    QJsonObject toJson() const;
    static Result<Calibration> fromJson(const QJsonObject& o);
};

// The calibration shipped with the program (resources/calibration, compiled in), made by
// `frameproof validate --write-calibration` on the development corpus.
Result<std::shared_ptr<const Calibration>> shippedCalibration();

} // namespace fp
