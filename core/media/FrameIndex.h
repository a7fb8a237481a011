#pragma once

// The frame index: every video frame of a clip in presentation order, built by scanning packets
// (no decoding). A frame's *index* is its 0-based position in presentation order (DESIGN.md,
// Frames and time); pts/dts are in the stream time base; seconds are (pts - first pts) * time base.
//
// Thread-safety: a FrameIndex is an immutable value once built; share it as
// std::shared_ptr<const FrameIndex> between threads. buildFrameIndex() may run on any thread.

#include "core/util/Rational.h"
#include "models/Result.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace fp {

struct FrameIndexEntry {
    int64_t pts = 0;         // stream time base, presentation time of this frame
    int64_t dts = 0;         // stream time base; equals pts when the container gives none
    int64_t bytePos = -1;    // byte offset of the packet in the file, -1 if unknown
    int64_t decodeOrder = 0; // position of the packet among this stream's frames in file order
    int32_t packetSize = 0;  // bytes
    char pictureType = '?';  // 'I', 'P', 'B', 'S' (and others), '?' where the parser cannot tell
    bool key = false;        // the packet is a keyframe (a decoder can start here)
    bool corrupt = false;    // the demuxer flagged the packet as corrupt or truncated
};

// A stretch of the clip the index could not read cleanly, in frame indices (inclusive) where
// known, and bytes otherwise.
struct DamagedRange {
    int64_t firstFrame = -1; // presentation index, -1 if it lies beyond the last indexed frame
    int64_t lastFrame = -1;
    int64_t bytePos = -1;
    QString reason;
};

class FrameIndex {
public:
    int streamIndex = -1;
    Rational timeBase;                    // of the video stream
    Rational averageFrameRate;            // frames per second, as the container declares it
    Rational nominalFrameRate;            // r_frame_rate: the rate timecodes are counted in
    std::vector<FrameIndexEntry> entries; // presentation order
    std::vector<DamagedRange> damaged;
    bool complete = true;           // false when the scan stopped early (truncation, read error)
    int64_t declaredFrameCount = 0; // what the container header claims, 0 if unknown
    // Frame slots the container holds without a picture (AVI drop frames: the previous picture
    // stays on screen, and the next frame's pts skips them). Not damage, and not frames.
    int64_t emptyFrameSlots = 0;

    int64_t size() const { return int64_t(entries.size()); }
    bool empty() const { return entries.empty(); }
    const FrameIndexEntry& at(int64_t index) const { return entries[size_t(index)]; }

    // Seconds since the first frame (DESIGN.md's time domain); index in [0, size()).
    double secondsAt(int64_t index) const;
    // Presentation index of the frame with exactly this pts, or -1.
    int64_t indexOfPts(int64_t pts) const;
    // Index of the frame shown at `seconds` (the last frame starting at or before it), clamped.
    int64_t indexAtSeconds(double seconds) const;
    // The keyframe at or before `index` in presentation order (0 when there is none before).
    int64_t keyframeAtOrBefore(int64_t index) const;
    // The first keyframe after `index`, or -1.
    int64_t keyframeAfter(int64_t index) const;
    std::vector<int64_t> keyframes() const;
    double durationSeconds() const;
    // How the frames are spaced in time. Constant: every step one frame duration (within
    // rounding). ConstantWithGaps: a few steps (at most 5 %) skip whole frame durations, as when
    // pictures were dropped at recording or cut out in editing (AVI drop frames, a trimmed
    // stretch; see timestampGaps()). Variable: steps of other lengths, or many gaps.
    enum class Spacing { Constant, ConstantWithGaps, Variable };
    Spacing spacing() const;
    bool isVariableFrameRate() const { return spacing() == Spacing::Variable; }
    // Where the timestamps skip whole frame durations. Frame numbers count the pictures present,
    // so after a gap the nominal-rate timecode runs behind the clip's time by the missing slots.
    struct TimestampGap {
        int64_t beforeFrame = 0;  // the first frame after the gap (presentation index)
        int64_t missingSlots = 0; // frame durations skipped
    };
    std::vector<TimestampGap> timestampGaps() const;
};

struct IndexProgress {
    int64_t bytesRead = 0;
    int64_t bytesTotal = 0;
    int64_t framesIndexed = 0;
};

struct FrameIndexOptions {
    std::function<void(const IndexProgress&)> progress; // called from the building thread
    const std::atomic<bool>* cancel = nullptr;          // set to true to stop; gives Cancelled
};

// Scans the first video stream of `path` (opened read-only) and returns its index. A damaged
// file gives a partial index with `complete == false` and its damaged ranges; an unreadable or
// unsupported one gives an Error.
Result<FrameIndex> buildFrameIndex(const QString& path, const FrameIndexOptions& options = {});

// The frame spacing in words for the evidence panel and the report: "constant", "variable", or
// "constant, 2 frame slots missing before frame 1".
QString describeSpacing(const FrameIndex& index);

} // namespace fp
