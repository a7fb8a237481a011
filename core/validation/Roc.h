#pragma once

// How well one score separates generated from genuine clips, and what it costs at a threshold:
// the ROC curve, its area (AUC, the Mann-Whitney statistic: the chance that a generated clip
// scores higher than a genuine one, ties counting half), a stratified bootstrap interval for
// the AUC, and operating points (the lowest threshold whose false-alarm rate on genuine clips
// is at most a target, with the miss rate on generated clips there).
// Scores: higher means more like generated. NaN scores (the signal abstained) are left out by
// the caller and counted as abstentions.
// Thread-safety: pure functions of their inputs.

#include <cstdint>
#include <vector>

namespace fp::validation {

struct RocPoint {
    double threshold = 0.0;      // a clip is flagged when its score is >= threshold
    double falseAlarmRate = 0.0; // genuine clips flagged / genuine clips
    double hitRate = 0.0;        // generated clips flagged / generated clips
};

// From the strictest threshold (nothing flagged: 0, 0) to the loosest (everything: 1, 1), one
// point per distinct score.
std::vector<RocPoint> rocCurve(const std::vector<double>& genuine,
                               const std::vector<double>& generated);

// NaN when either side is empty.
double rocAuc(const std::vector<double>& genuine, const std::vector<double>& generated);

struct AucInterval {
    double low = 0.0;
    double high = 0.0;
    int resamples = 0;
};

// Percentile interval (95 % by default) of the AUC over `resamples` stratified bootstrap
// resamples (each side resampled with replacement at its own size), from a fixed seed so that
// a run is reproducible.
AucInterval bootstrapAucInterval(const std::vector<double>& genuine,
                                 const std::vector<double>& generated, int resamples = 2000,
                                 double level = 0.95, uint64_t seed = 20261203);

struct OperatingPoint {
    double targetFalseAlarmRate = 0.0; // asked for
    double threshold = 0.0;            // the lowest threshold that keeps to the target
    double falseAlarmRate = 0.0;       // measured at that threshold
    double missRate = 0.0;             // generated clips not flagged
    int genuineFlagged = 0;
    int generatedMissed = 0;
};

// For each target, the threshold that flags as many generated clips as possible while flagging
// at most target x genuine clips. With no genuine clips nothing can be promised: empty.
std::vector<OperatingPoint> operatingPoints(const std::vector<double>& genuine,
                                            const std::vector<double>& generated,
                                            const std::vector<double>& targets);

} // namespace fp::validation
