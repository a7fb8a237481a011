#pragma once

// Signals computed from face tracks (DESIGN.md, Analyses):
// - landmark jitter: each frame's 68 points similarity-aligned (Umeyama) onto the track's mean
//   shape using stable points (eye corners, nose bridge and tip), residual against a
//   Savitzky-Golay smoothing over time (9 frames, order 2), RMS per region divided by the
//   inter-ocular distance; the per-frame series is the larger of the jaw-contour RMS and the
//   interior (brows, eyes, nose, mouth) RMS; findings are runs where its 9-frame running mean
//   exceeds 1.6x the clip's median. (LRNet, Sun et al., CVPR 2021.)
// - blinks: eye aspect ratio per frame; a blink is EAR below (open-eye mean of the previous 30
//   frames - 0.05) for at least 2 frames; blinks per minute and the longest gap; frames with the
//   head turned (|yawRatio| > 0.6) have no EAR and are not judged. (Soukupova &
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
    // The eye's own level around each frame: the median EAR this many seconds either side. A
    // blink is short against it; a smile or squint that narrows the eyes for longer moves it.
    double baselineSeconds = 0.6;
    double thresholdDrop = 0.05; // EAR below that level that counts as closing
    int minClosedFrames = 2;
    double maxClosedSeconds = 0.5; // longer closings are expressions or closed eyes, not blinks
    double longGapSeconds = 20.0;  // a finding when no blink is seen for longer
    double maxYawRatio = 0.6;      // |yawRatio| above this (about 35 degrees): not judged
};

struct HeadPoseParameters {
    double minFaceWidth = 80.0;
    int findingWindow = 9;
    double findingFactor = 2.5;
    double findingFloorDegrees = 0.75;
    int findingMinFrames = 5;
};

// Head-pose consistency. Per frame: the in-plane rotation of the inner face (1-based points
// 18-36) against the jaw contour (1-17), each from a similarity fit onto the track's mean shape,
// as its change from the track's median, in degrees. Findings are runs where the 9-frame running
// mean exceeds 2.5x the clip's median and 0.75 degrees. The 3D measure of Yang et al. (solvePnP,
// iterative, focal = image width, central points 18-36, 49, 55 against the whole face 1-36, 49,
// 55 on the track mean shape with anthropometric depths) is reported in details as the median
// change of the rotation between the two: on the synthetic genuine face, expressions alone move it
// by up to 1.7 degrees, more than a 7 degree roll of a pasted inner face does, so it does not
// drive findings. (Yang, Li, Lyu, ICASSP 2019.)
SignalResult headPoseSignal(const FaceTracks& tracks, int imageWidth, int imageHeight,
                            const HeadPoseParameters& parameters = {});

SignalResult landmarkJitterSignal(const FaceTracks& tracks,
                                  const JitterParameters& parameters = {});
SignalResult blinkSignal(const FaceTracks& tracks, double fps,
                         const BlinkParameters& parameters = {});

// A head-turn figure from the 2D points: with distances measured along the eye line,
// (nose tip to the left end of the jaw contour - nose tip to the right end) / their sum; 0 facing
// the camera, about 0.35 at 20 and 0.55 at 30 degrees of yaw (cylinder face model).
double yawRatio(const std::array<cv::Point2f, 68>& points);

// Eye aspect ratio of one face (mean of both eyes).
double eyeAspectRatio(const std::array<cv::Point2f, 68>& points);

} // namespace fp
