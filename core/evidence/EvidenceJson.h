#pragma once

// JSON for the evidence object of DESIGN.md's contract (keys are stable: add, never rename)
// and for the frame-index summary that `frameproof probe` prints.
// Thread-safety: pure functions.

#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"

#include <QJsonObject>

namespace fp {

// `hashes` and `index` may be null when not (yet) known; their keys are then null.
QJsonObject evidenceToJson(const MediaFacts& facts, const EvidenceHashes* hashes,
                           const FrameIndex* index);
QJsonObject frameIndexSummaryToJson(const FrameIndex& index);
QJsonObject streamToJson(const StreamFacts& stream);

} // namespace fp
