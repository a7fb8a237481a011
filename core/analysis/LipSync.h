#pragma once

// Lip-sync analysis (DESIGN.md, Analyses: lip-sync): does the mouth move with the sound?
//
// Audio (mono, 16 kHz, on the video clock) gives per 25 ms / 10 ms frame a log-energy and 13
// MFCC, averaged onto video frames; an energy voice-activity decision marks speech. The face
// gives per video frame the inner-lip opening over the mouth width (68-point landmarks) and the
// mouth region's pixel motion. Both are first-differenced and z-scored; in 5 s windows with a 1 s
// hop the normalised cross-correlation over lags of +-max(15 frames, 1 s) gives each window's
// offset (argmax) and confidence (peak - median over lags); the clip offset combines the speech
// windows, weighted by confidence. Leading silence is trimmed before any comparison.
//
// Sign (DESIGN.md): offsetFrames > 0 means the audio lags the video (the sound comes after the
// lips move) by that many frames.
//
// Frames are presentation indices; per-frame vectors have one entry per video frame, NaN where
// there is no value. Thread-safety: plain values and pure functions.

#include "core/analysis/AnalysisResult.h"
#include "core/analysis/FaceTracks.h"
#include "core/media/AudioDecoder.h"

#include <array>
#include <optional>
#include <vector>

namespace fp {

struct LipSyncParameters {
    double windowSeconds = 5.0;
    double hopSeconds = 1.0;
    int minLagFrames = 15; // lags searched: +-max(minLagFrames, maxLagSeconds * fps)
    double maxLagSeconds = 1.0;
    double minSpeechShare = 0.3;   // a window is judged when at least this share is speech
    double changeFrames = 3;       // a window offset this far from the clip's is a change...
    double changeConfidence = 0.2; // ...when the window's confidence is at least this
    double lowConfidence = 0.1;    // clip confidence under this: "no reliable sync"
};

// One analysis window. `correlation` holds the combined normalised cross-correlation per lag,
// from -maxLag to +maxLag (size 2 * maxLag + 1).
struct LipSyncWindow {
    int64_t startFrame = 0; // inclusive
    int64_t endFrame = 0;   // inclusive
    int offsetFrames = 0;
    double confidence = 0.0;
    double speechShare = 0.0; // fraction of the window's frames that are speech
    bool judged = false;      // enough speech and a face in this window
    std::vector<double> correlation;
};

// Everything the lip-sync panel, the JSON `lipsync` object and the report need.
struct LipSyncResult {
    bool abstained = true;
    QString reason; // why abstained, or a one-line summary
    double fps = 0.0;
    int maxLagFrames = 0;
    int offsetFrames = 0; // clip offset over speech (sign above)
    double offsetMs = 0.0;
    // The same to a fraction of a frame (parabolic interpolation of the correlation peak).
    double offsetFramesFine = 0.0;
    double confidence = 0.0;       // clip confidence: peak - median of the combined correlation
    int64_t firstSpeechFrame = -1; // leading silence ends here
    std::vector<LipSyncWindow> windows;
    // Per video frame:
    std::vector<double> audioEnergy;  // log energy (dB), NaN outside the audio
    std::vector<double> mouthOpening; // inner-lip gap / mouth width, NaN without a face
    std::vector<double> mouthMotion;  // mouth-region mean absolute luma change, NaN without a face
    std::vector<bool> speech;         // voice activity
    std::vector<double> frameConfidence; // confidence of the judged window centred nearest, NaN
};

// Per-frame audio features on the video clock: log-energy and 13 MFCC averaged over the 25 ms /
// 10 ms audio frames whose centre falls in each video frame; speech by an energy threshold
// between the clip's quiet and loud levels. `frameTimes` are the video frames' presentation
// times in seconds since frame 0 (one per frame).
struct AudioFeatures {
    std::vector<double> energy; // dB
    std::vector<std::array<double, 13>> mfcc;
    std::vector<bool> speech;
    std::vector<bool> covered; // the audio covers this frame
};
AudioFeatures audioFeaturesPerFrame(const AudioTrack& audio, const std::vector<double>& frameTimes);

// The lip-sync analysis of one clip, on the primary face track. `audio` is std::nullopt when
// the clip has none. Returns the lip-sync object and, in `signal`, the `lipsync` signal
// (per-frame confidence, clip score = clip confidence, findings).
LipSyncResult lipSyncAnalysis(const FaceTracks& faces, const std::optional<AudioTrack>& audio,
                              const std::vector<double>& frameTimes, double fps,
                              SignalResult* signal, const LipSyncParameters& parameters = {});

// Inner-lip opening over mouth width of one face (1-based points: mean of 62-68, 63-67, 64-66
// over 61-65).
double mouthOpening(const std::array<cv::Point2f, 68>& points);

} // namespace fp
