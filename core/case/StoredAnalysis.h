#pragma once

// An analysis read back from its stored `frameproof.analysis/1` object (the case file keeps
// that object): the signals with their per-frame series, scores, status, parameters and
// findings, and the lip-sync offset, windows and per-frame confidence. The object does not
// carry face tracks, face maps or the lip-sync curves, so those stay empty: overlays and the
// heatmap need the analysis to be run again.
// Thread-safety: pure function.

#include "core/analysis/AnalysisPipeline.h"

#include <QJsonObject>

#include <memory>

namespace fp {

// Null when `analysis` is not a `frameproof.analysis/1` object.
std::shared_ptr<const AnalysisOutput> analysisOutputFromJson(const QJsonObject& analysis);

} // namespace fp
