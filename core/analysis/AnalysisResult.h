#pragma once

// What an analysis hands back: immutable values. Each signal has a per-frame series (NaN where
// it has no value), a clip-level score, a status (ok, or abstained with a reason), the
// parameters it ran with, its literature reference and known limits, and findings (frame
// ranges with a plain-language reason). Frames are presentation indices.
// Thread-safety: plain values; share as std::shared_ptr<const AnalysisResult>.

#include <QJsonObject>
#include <QString>

#include <cmath>
#include <limits>
#include <vector>

namespace fp {

inline constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

struct Finding {
    QString signal;         // e.g. "landmark_jitter"
    int64_t startFrame = 0; // inclusive
    int64_t endFrame = 0;   // inclusive
    QString severity;       // "low", "medium", "high"
    QString reason;         // plain language, for editors and courts
};

struct SignalResult {
    QString name;                 // JSON key: landmark_jitter, head_pose, blink, ...
    QString title;                // for people: "Landmark jitter"
    QString unit;                 // of perFrame
    std::vector<double> perFrame; // one per video frame; NaN = no value
    double score = kNoValue;      // clip level; NaN when abstained
    // The score's two-sided distance from genuine footage's (Calibration.h), 0..1; NaN when
    // abstained or no calibration applies.
    double calibratedScore = kNoValue;
    bool abstained = false;
    QString reason; // why abstained, or a one-line summary
    QJsonObject parameters;
    QString reference;   // literature
    QString limits;      // known limits, plain language
    QJsonObject details; // signal-specific extras (per-region values, blink list, ...)
    std::vector<Finding> findings;
};

struct AnalysisResult {
    int64_t frameCount = 0;
    double fps = 0.0;
    // Which calibration the calibrated scores come from, or why there are none:
    // {status: applied | not applied, reason, labels_sha256, genuine_clips, tool_version,
    // parameters_sha256}.
    QJsonObject calibration;
    std::vector<SignalResult> signals;

    const SignalResult* signal(const QString& name) const {
        for (const SignalResult& s : signals) {
            if (s.name == name)
                return &s;
        }
        return nullptr;
    }
    std::vector<Finding> findings() const {
        std::vector<Finding> all;
        for (const SignalResult& s : signals)
            all.insert(all.end(), s.findings.begin(), s.findings.end());
        return all;
    }
};

} // namespace fp
