#pragma once

// Evidence intake, the one way it is done: describe the container, decode the first frame
// (when asked for), build the frame index, then hash the file (SHA-256 + MD5). The command line
// calls runIntake() on its own thread; the window runs it in the background through IntakeJob,
// which wraps it (as AnalysisJob wraps runAnalysis()). Evidence is opened read-only.
// Thread-safety: runIntake() may run on any thread; its callbacks are called on that thread,
// in the order of the steps above. Results are immutable values.

#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"
#include "core/media/VideoFrame.h"
#include "models/Result.h"

#include <QImage>

#include <atomic>
#include <functional>
#include <memory>

namespace fp {

struct EvidenceSnapshot {
    MediaFacts facts;
    EvidenceHashes hashes;
    std::shared_ptr<const FrameIndex> index; // null for audio-only evidence
};

// Each callback is optional. `firstFrame` set: frame 0 is decoded (and converted for display)
// before the index is built, so a window can show it at once; unset: it is not decoded.
struct IntakeCallbacks {
    std::function<void(std::shared_ptr<const MediaFacts>)> facts;
    std::function<void(VideoFramePtr frame, QImage image)> firstFrame;
    std::function<void(int64_t bytesRead, int64_t bytesTotal)> indexProgress;
    std::function<void(std::shared_ptr<const FrameIndex>)> index; // null: audio only
    std::function<void(int64_t bytesDone, int64_t bytesTotal)> hashProgress;
};

// The whole intake; an error (or "cancelled" once `cancel` is set) at the first step that fails.
Result<EvidenceSnapshot> runIntake(const QString& path, const IntakeCallbacks& callbacks = {},
                                   const std::atomic<bool>* cancel = nullptr);

} // namespace fp
