#pragma once

// Signals computed from face tracks (DESIGN.md, Analyses):
// - landmark jitter: each frame's 68 points similarity-aligned (Umeyama) onto the track's mean
//   shape using stable points (eye corners, nose bridge and tip), residual against a
//   Savitzky-Golay smoothing over time (9 frames, order 2), RMS per region divided by the
//   inter-ocular distance; the per-frame series is the larger of the jaw-contour RMS and the
//   interior (brows, eyes, nose, mouth) RMS; findings are runs where its 9-frame running mean
//   exceeds 1.6x the clip's median. (LRNet, Sun et al., CVPR 2021.)
// - blinks: eye aspect ratio per frame; a blink is EAR below (open-eye mean of the previous 30
//   frames - 0.05) for at least 2 frames; blinks per minute and the longest gap. (Soukupova &
//   Cech 2016; Li, Chang, Lyu 2018.)
// Frames are presentation indices; per-frame series have one value per video frame.
// Thread-safety: pure functions.

#include "core/analysis/AnalysisResult.h"
#include "core/analysis/FaceTracks.h"

namespace fp {

struct JitterParameters {
    int smoothingWindow = 9;    // frames (Savitzky-Golay, order 2)
    double minFaceWidth = 80.0; // px: smaller faces abstain
    int findingWindow = 9;      // frames in the running mean that findings are judged on
    double findingFactor = 1.6; // unusual above this multiple of the clip's median running mean...
    double findingFloor = 0.01; // ...and above this absolute level (fraction of IOD)
    int findingMinFrames = 5;   // consecutive unusual frames needed for a finding
};

struct BlinkParameters {
    int openWindow = 30; // frames of open-eye EAR averaged for the threshold
    double thresholdDrop = 0.05;
    int minClosedFrames = 2;
    double longGapSeconds = 20.0; // a finding when no blink is seen for longer
};

struct HeadPoseParameters {
    double minFaceWidth = 80.0;
    int findingWindow = 9;
    double findingFactor = 1.6;
    double findingFloorDegrees = 2.0;
    int findingMinFrames = 5;
};

// Head-pose consistency: solvePnP (iterative; focal = image width, principal point at the
// centre) on the central points (1-based 18-36, 49, 55) and on the whole face (1-36, 49, 55)
// against a 3D face (the track's mean 2D shape with anthropometric depths); per frame the angle
// between the two rotations in degrees. (Yang, Li, Lyu, ICASSP 2019.)
SignalResult headPoseSignal(const FaceTracks& tracks, int imageWidth, int imageHeight,
                            const HeadPoseParameters& parameters = {});

SignalResult landmarkJitterSignal(const FaceTracks& tracks,
                                  const JitterParameters& parameters = {});
SignalResult blinkSignal(const FaceTracks& tracks, double fps,
                         const BlinkParameters& parameters = {});

// Eye aspect ratio of one face (mean of both eyes).
double eyeAspectRatio(const std::array<cv::Point2f, 68>& points);

} // namespace fp
