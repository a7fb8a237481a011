#pragma once

// Faces through a clip: detections linked into tracks by overlap, with 68 landmarks on every
// frame of every track (DESIGN.md, face tracks). FaceTracker is fed one frame at a time in
// presentation order by the analysis pass.
// Coordinates are image pixels of the full-resolution frame; frames are presentation indices.
// Thread-safety: FaceTracker belongs to one thread (it owns a FaceLandmarker clone); FaceTracks
// is a plain value.

#include "models/FaceLandmarker.h"

#include <opencv2/core/mat.hpp>

#include <QRectF>

#include <array>
#include <limits>
#include <memory>
#include <vector>

namespace fp {

struct FaceObservation {
    int64_t frame = 0;
    QRectF box;                         // detector-style box (brows to chin)
    std::array<cv::Point2f, 68> points; // image pixels
    bool detected = false;              // the detector saw it on this frame (else tracked)
    // Mean absolute luma change (0-255) of the mouth region since the track's previous frame,
    // both crops following the landmarks (so head motion mostly cancels); NaN on a track's
    // first frame or after a gap.
    double mouthMotion = std::numeric_limits<double>::quiet_NaN();
};

struct FaceTrack {
    int id = 0;
    std::vector<FaceObservation> observations; // increasing frames, possibly with gaps
    double medianBoxWidth() const;
};

struct FaceTracks {
    int64_t frameCount = 0;
    std::vector<FaceTrack> tracks;
    // The track with the most observations, or null.
    const FaceTrack* primary() const;
};

struct FaceTrackerOptions {
    int detectEvery = 10;        // frames between detector runs while tracking
    int detectWidth = 640;       // frames are downscaled to about this width for detection
    double linkOverlap = 0.3;    // intersection over union to link a detection to a track
    int maxMissedDetections = 2; // detector runs a track may miss before it ends
    // Between detections the box moves with the face at its last speed; when the landmarks land
    // further than this fraction of the box width from where that predicted them, the box is
    // moved onto them and the landmarks are fitted again.
    double refitTolerance = 0.01;
    // A detection linked to a track but overlapping its box by less than this (intersection
    // over union) is a jump: it is taken only when the next frame's detection confirms it, since
    // a single odd detection (dlib's box on a distorted generated face) would otherwise put the
    // landmarks on the wrong features until the next detector run.
    double jumpOverlap = 0.6;
    // Between detections, a face whose landmarks moved more than this fraction of the box width
    // in one frame is moving fast: the detector runs again on the next frame, as the box that
    // follows the landmarks lags a fast head.
    double fastMotion = 0.05;
};

class FaceTracker {
public:
    FaceTracker(std::unique_ptr<models::FaceLandmarker> landmarker,
                FaceTrackerOptions options = {});
    ~FaceTracker();

    // `gray` is the full-resolution 8-bit luma of frame `frame`.
    void process(int64_t frame, const cv::Mat& gray);
    // The faces observed by the last process() call (its frame), in no particular order.
    const std::vector<FaceObservation>& lastObservations() const { return m_lastObservations; }
    FaceTracks finish(int64_t frameCount);

private:
    struct Active {
        int track = 0;
        QRectF box;
        cv::Point2f anchor;   // landmark centroid in the last fitted frame (px)
        cv::Point2f velocity; // its change per frame over the last step (px/frame)
        int missed = 0;
        cv::Mat mouth; // the previous frame's mouth crop (CV_32F, fixed size)
        int64_t mouthFrame = -1;
        int64_t jumpFrame = -1; // the frame of an unconfirmed jump (see jumpOverlap)
    };
    void detect(int64_t frame, const cv::Mat& gray);
    void fit(int64_t frame, const cv::Mat& gray, Active& active, bool detected);
    static double mouthMotion(const cv::Mat& gray, const std::array<cv::Point2f, 68>& points,
                              int64_t frame, Active& active);

    std::unique_ptr<models::FaceLandmarker> m_landmarker;
    FaceTrackerOptions m_options;
    std::vector<FaceTrack> m_tracks;
    std::vector<Active> m_active;
    std::vector<FaceObservation> m_lastObservations;
    int64_t m_lastDetection = -1000000;
    bool m_lost = false;
    bool m_detectNext = false; // a jump to confirm or a fast face: detect on the next frame
};

} // namespace fp
