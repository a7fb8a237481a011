#pragma once

// The command line's intake, done synchronously: container facts, hashes and (for evidence
// with video) the frame index. The window does the same in the background with IntakeJob.

#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"
#include "core/util/Result.h"

#include <memory>

namespace fp::app {

struct EvidenceSnapshot {
    MediaFacts facts;
    EvidenceHashes hashes;
    std::shared_ptr<const FrameIndex> index; // null for audio-only evidence
};

Result<EvidenceSnapshot> readEvidence(const QString& path);

} // namespace fp::app
