#pragma once

// The analysis part of DESIGN.md's `analyze --json` contract: `signals` {NAME: {unit,
// per_frame, score, status, reason, ...}} and `findings` [{signal, start_frame, end_frame,
// severity, reason}]. Keys are stable: add, never rename. NaN becomes null.
// Thread-safety: pure functions.

#include "core/analysis/AnalysisResult.h"

#include <QJsonArray>
#include <QJsonObject>

namespace fp {

QJsonObject signalToJson(const SignalResult& signal);
QJsonObject signalsToJson(const AnalysisResult& result);
QJsonArray findingsToJson(const std::vector<Finding>& findings);

} // namespace fp
