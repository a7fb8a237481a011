#pragma once

// The `compression` signal (DESIGN.md, Analyses): what the frame index alone says about how the
// clip was encoded, and whether it was encoded before. No decoding.
//
// - Per frame: the packet size divided by the typical size of the same picture type nearby (the
//   median of the same-type frames within +/-2 s, at least 4 on each side, the frame itself
//   left out); 1 = an ordinary frame, a spike = a frame much bigger than its neighbours of its
//   type. NaN where the picture type is unknown.
// - Details: picture-type counts, keyframe positions, GOP lengths (keyframe to keyframe, frames),
//   whether the GOP is fixed, mean packet size per type.
// - Double compression (Wang & Farid 2006): when a clip is decoded and encoded again with another
//   GOP, the predicted frames that were I-frames in the first encoding code unusually well or
//   badly, so inter-frame sizes carry a comb at the FIRST encoding's GOP period. The inter-frame
//   (P, B, ...) log size ratios are made independent of the current coding structure (the median
//   per picture type and distance to the previous I/P frame, and per distance to the previous
//   keyframe, is removed), standardised per picture type (median, MAD) and clipped; then for each
//   candidate period T (frames) and phase p, the mean of the frames i = p (mod T) is compared with
//   all others as a two-sample z. Periods that are multiples of a fixed current GOP are skipped;
//   among equal z the shorter period wins. Score = the largest |z|; a finding when it reaches
//   8 with at least 75 % of those frames on the same side.
// - Near-empty inter frames (under 0.2 of the typical size: a repeated picture, as a frame-rate
//   conversion by duplication leaves) are reported apart and left out of the comb.
// Abstains for intra-only clips, clips whose picture types are mostly unknown, and clips with too
// few inter frames.
//
// Frames are presentation indices; the per-frame series has one value per frame of the index.
// Thread-safety: a pure function of an immutable FrameIndex; call from any thread.

#include "core/analysis/AnalysisResult.h"
#include "core/media/FrameIndex.h"

namespace fp {

struct CompressionParameters {
    double typicalWindowSeconds = 2.0; // +/- seconds of same-type neighbours for the typical size
    int typicalMinNeighbours = 4;      // ...widened to at least this many on each side
    int minInterFrames = 100;          // fewer inter frames with a size: abstain
    int minPeriod = 2;                 // frames: shortest candidate earlier-GOP period
    int maxPeriod = 300;               // frames: longest (also at most frames / minOccurrences)
    int minOccurrences = 5;            // frames needed at a phase for a period to be judged
    int minGroupSize = 5;              // frames needed to estimate a coding-structure median
    double clipAt = 4.0;               // standardised values are clipped to +/- this
    double findingStrength = 8.0;      // |z| at or above this gives a finding...
    double findingConsistency = 0.75;  // ...when this share of the phase's frames agree in sign
    double nearEmptyRatio = 0.2;       // inter frame below this x typical: a repeated picture
    double nearEmptyShare = 0.05;      // reported as a finding from this share of inter frames
    int maxListedKeyframes = 300;      // keyframe positions listed in details
};

SignalResult compressionSignal(const FrameIndex& index,
                               const CompressionParameters& parameters = {});

} // namespace fp
