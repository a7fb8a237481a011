#pragma once

// DESIGN.md's `frameproof.analysis/1` object, written and read here and nowhere else: what
// `analyze --json` writes, what the batch summarises and what a case stores (the window, the
// command line and the batch all write it through analysisResultJson(), so the same clip and
// parameters give the same bytes apart from `generated_at`).
//
// Reading: an analysis read back from its stored `frameproof.analysis/1` object (the case file
// keeps that object): the signals with their per-frame series, scores, status, parameters and
// findings, and the lip-sync offset, windows and per-frame confidence. The object does not
// carry face tracks, face maps or the lip-sync curves: those come from the analysis's detail
// blob (core/case/AnalysisDetail.h), which cases since schema 2 store beside it. Without it (an
// older case, or a blob that is damaged or fails its integrity check) they stay empty: overlays
// and the heatmap stills need the analysis to be run again.
// Thread-safety: pure functions.

#include "core/analysis/AnalysisPipeline.h"
#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace fp {

// The model files an analysis with `options` uses, with their pinned SHA-256, for the record.
QJsonObject analysisModelsJson(const AnalysisOptions& options);

// The `frameproof.analysis/1` object of one finished analysis, `generated_at` now.
QJsonObject analysisResultJson(const MediaFacts& facts, const EvidenceHashes& hashes,
                               const FrameIndex& index, const AnalysisOptions& options,
                               const AnalysisOutput& output);

// Null when `analysis` is not a `frameproof.analysis/1` object.
std::shared_ptr<const AnalysisOutput> analysisOutputFromJson(const QJsonObject& analysis);

struct RestoredAnalysis {
    std::shared_ptr<const AnalysisOutput> output; // null: not a `frameproof.analysis/1` object
    // The face tracks, maps and lip-sync curves came back from the detail blob.
    bool detailRestored = false;
    QString problem; // why a detail blob given could not be used (empty otherwise)
};

// The analysis from its JSON plus, when `detail` is not empty, its detail blob. A blob that
// cannot be decoded leaves the output as analysisOutputFromJson() gives it, with the problem.
RestoredAnalysis restoreAnalysis(const QJsonObject& analysis, const QByteArray& detail);

} // namespace fp
