#pragma once

// Faces in a picture: dlib's HOG frontal-face detector (Dalal & Triggs 2005) and its 68-point
// shape predictor (Kazemi & Sullivan 2014). The predictor model comes from Debian's
// libdlib-data and is pinned by SHA-256: a missing or different file is a clear error, never a
// silently different model.
// Coordinates are image pixels of the picture passed in (x right, y down; a pixel's centre is
// at +0.5). Landmark numbering follows the usual 68-point scheme, 0-based here (DESIGN.md's
// 1-based point n is index n-1).
// Thread-safety: a FaceLandmarker is not thread-safe; give each thread its own (clone() shares
// the loaded model read-only and is cheap). clone() only reads that shared model, so any thread
// may call it at any time while the FaceLandmarker is alive.
// Failures: open() returns errors as values; detect() and landmarks() do not throw (short of
// running out of memory in landmarks()).

#include "models/Result.h"

#include <opencv2/core/mat.hpp>

#include <QRectF>
#include <QString>

#include <array>
#include <memory>
#include <vector>

namespace fp::models {

inline constexpr const char* kShapePredictorPath =
    "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
inline constexpr const char* kShapePredictorSha256 =
    "fbdc2cb80eb9aa7a758672cbfdda32ba6300efe9b6e6c7a299ff7e736b11b92f";

struct FaceDetection {
    QRectF box;         // image pixels (pixel edges: a box over pixels 10..19 is x 10, width 10)
    double score = 0.0; // detector confidence: dlib's HOG score above its threshold, so > 0;
                        // higher is surer (the tests' clear faces score 1.2..2.1, a face-like
                        // round patch 0.06)
};

struct FaceShape {
    QRectF box;                         // the box the points were fitted in
    std::array<cv::Point2f, 68> points; // image pixels, sub-pixel (not rounded, unlike dlib's)
};

class FaceLandmarker {
public:
    // Loads and verifies the predictor (about 100 MB; takes a second). `modelPath` empty means
    // kShapePredictorPath; `expectedSha256` empty means kShapePredictorSha256.
    static Result<std::unique_ptr<FaceLandmarker>> open(const QString& modelPath = {},
                                                        const QString& expectedSha256 = {});
    ~FaceLandmarker();

    // Another landmarker sharing this one's model, for another thread.
    std::unique_ptr<FaceLandmarker> clone() const;

    // Faces in an 8-bit grey (CV_8UC1) or BGR (CV_8UC3) picture, surest first. The caller
    // downscales large frames (DESIGN.md: about 640 px wide) and maps boxes back; `upsample`
    // doubles the picture that many times first, to find small faces (the detector's smallest
    // face is about 80 px; boxes still come back in `image`'s pixels). `upsample` is clamped
    // to 0..3, and lowered so the doubled picture stays under 40 megapixels. BGRA (CV_8UC4)
    // is converted; an empty picture or any other type has no faces.
    std::vector<FaceDetection> detect(const cv::Mat& image, int upsample = 0) const;
    // The 68 points of the face in `box` (image pixels of `image`, full resolution; the box
    // may have fractional edges, e.g. one tracked or scaled back). Same picture types as
    // detect(); pixels outside the picture read as black, and a picture with no pixels gives
    // the model's mean face placed in the box.
    FaceShape landmarks(const cv::Mat& image, const QRectF& box) const;

    // The SHA-256 (lower-case hex) of the model file that was verified and loaded.
    QString modelSha256() const;

private:
    struct Impl;
    explicit FaceLandmarker(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> m_impl;
    // dlib's detector keeps scratch state: one per instance.
    struct Detector;
    std::unique_ptr<Detector> m_detector;
};

} // namespace fp::models
