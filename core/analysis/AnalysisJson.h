#pragma once

// The analysis part of DESIGN.md's `analyze --json` contract: `signals` {NAME: {unit,
// per_frame, score, status, reason, ...}} and `findings` [{signal, start_frame, end_frame,
// severity, reason}]. Keys are stable: add, never rename. NaN becomes null.
// Thread-safety: pure functions.

#include "core/analysis/AnalysisResult.h"
#include "core/analysis/LipSync.h"

#include <QJsonArray>
#include <QJsonObject>

namespace fp {

QJsonObject signalToJson(const SignalResult& signal);
// Learned detectors (signals named "detector.NAME") go under signals.detector.NAME.
QJsonObject signalsToJson(const AnalysisResult& result);
QJsonArray findingsToJson(const std::vector<Finding>& findings);
// DESIGN.md's `lipsync` object: offset_frames, offset_ms, confidence, status, reason, windows
// [{start_frame, end_frame, offset_frames, confidence}] (judged windows only).
QJsonObject lipSyncToJson(const LipSyncResult& lipsync);

} // namespace fp
