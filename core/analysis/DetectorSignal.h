#pragma once

// The learned detectors in the analysis (DESIGN.md, Analyses: "learned detector (optional)"):
// every installed model (models/ModelRegistry) whose card checks out is run on each face the
// tracker observed, on an aligned crop; each gives a `detector.NAME` signal (JSON:
// signals.detector.NAME) and the first also a Grad-CAM map per face and frame
// (FaceMapKind::Detector), drawn like the analytic maps.
//
// Alignment (the same for every model; quoted in the report beside the card's own
// face_alignment text): a similarity transform of five landmarks (eye centres = means of
// points 37-42 and 43-48, nose tip 31, mouth corners 49 and 55, 1-based) onto the ArcFace
// 112 x 112 template scaled to the card's input size, warped from the full-resolution frame.
//
// Per frame: the largest score over the frame's faces (0..1; null where no face was run),
// clip score = the mean over frames with a value (the usual frame-averaged video score);
// findings where a centred running median over `smoothingFrames` stays at or above
// `findingScore` for at least `findingMinFrames` frames. The Grad-CAM grid is stored as
// 255 x map x score, so a face the model finds genuine stays dark.
// A model refused by the registry (hash differs from its card, card invalid, file missing) or
// failing to open gives an abstained signal whose reason says why; nothing is run.
//
// Thread-safety: DetectorRun belongs to one thread (LibTorch modules are not shared).
// Ownership: DetectorRun owns its detector. Frames are presentation indices; coordinates are
// full-resolution frame pixels.

#include "core/analysis/AnalysisResult.h"
#include "core/analysis/FaceMaps.h"
#include "core/analysis/FaceTracks.h"
#include "models/ModelRegistry.h"

#include <opencv2/core/mat.hpp>

#include <QStringList>

#include <memory>
#include <vector>

namespace fp {

namespace models {
class TorchDetector;
}

struct DetectorParameters {
    int smoothingFrames = 9;   // running median of the per-frame score (odd)
    double findingScore = 0.5; // the model's decision threshold on its probability...
    int findingMinFrames = 5;  // ...held for at least this many consecutive frames
    int minFaceWidth = 40;     // px: smaller faces are not run
    double regionGrowth = 1.4; // the Grad-CAM grid's region: as FaceMapParameters::regionGrowth
};

// The folders searched when AnalysisOptions names none: the user's data folder and the ones
// installed with the program (models::ModelRegistry::defaultFolders). Needs a
// QCoreApplication for the user's data folder; without one, only the program's folders.
QStringList defaultDetectorFolders();

class DetectorRun {
public:
    // Opens the model (hash checked again); an error says why in plain words.
    static Result<std::unique_ptr<DetectorRun>> open(const models::InstalledModel& model,
                                                     DetectorParameters parameters = {});
    ~DetectorRun();

    // `bgr`: a crop of the frame covering `bgrRect` (frame pixels, CV_8UC3; see
    // detectorCropArea); `frameSize`: the whole frame's; `faces`: what the tracker observed on
    // the frame. Runs the model on each face and keeps a Grad-CAM grid per face run.
    void process(int64_t frame, const cv::Mat& bgr, const QRect& bgrRect, QSize frameSize,
                 const std::vector<FaceObservation>& faces);
    // The signal, with the model's provenance in its parameters and details.
    SignalResult finish(int64_t frameCount);
    // Grad-CAM grids per (frame, face index) in the frame's observation order, over
    // faceMapRegion(face box); for FaceMapKind::Detector.
    struct Grid {
        int64_t frame = 0;
        int face = 0;
        std::array<uint8_t, kGridCells> grid{};
    };
    const std::vector<Grid>& grids() const { return m_grids; }
    QString name() const;

private:
    DetectorRun(models::InstalledModel model, std::unique_ptr<models::TorchDetector> detector,
                DetectorParameters parameters);
    models::InstalledModel m_model;
    std::unique_ptr<models::TorchDetector> m_detector;
    DetectorParameters m_parameters;
    std::vector<double> m_scores; // per frame, NaN = not run
    std::vector<Grid> m_grids;
    int m_failures = 0;
    QString m_lastError;
};

// The abstained `detector.NAME` signal of a model that was not run, with the reason.
SignalResult refusedDetectorSignal(const models::InstalledModel& model, const QString& reason);

// The part of the frame the faces' aligned crops need (frame pixels; empty without faces).
QRect detectorCropArea(const std::vector<FaceObservation>& faces, QSize frameSize);

} // namespace fp
