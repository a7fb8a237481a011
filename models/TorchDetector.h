#pragma once

// A user-supplied learned detector: a TorchScript model plus its model card (ModelCard.h),
// run on aligned face crops. Each run gives the probability that the face is manipulated (as
// the card's output defines it) and a Grad-CAM map (Selvaraju et al. 2017) of where the model
// looked, from one forward pass and one backward pass from the logits to the feature map only
// (the model returns (logits, feature map); see ModelCard.h for the contract).
//
// LibTorch stays inside TorchDetector.cpp (STYLE.md, habit 11): this header includes no torch
// header, so callers compile at normal speed.
//
// Trust: open() hashes the model file and refuses it unless the SHA-256 equals the card's,
// then parses exactly the bytes it hashed. TorchScript is code: only open models whose card
// you trust. open() then runs the model once on a blank input of the card's size, so a card
// that does not fit its model (input size, output shapes) fails at open, not on every frame.
//
// Thread-safety: a TorchDetector is not thread-safe: run() it from one thread at a time (one
// detector per thread, or a mutex). open() may be called from any thread. LibTorch's
// intra-op and inter-op thread pools are process-wide: the first open() sets both to one
// thread, since analyses already run in parallel on the job pool (and the machine may have
// two cores).
// Failures: open() and run() return errors as values and never throw (LibTorch's c10::Error
// and std::exception are caught), short of running out of memory.

#include "models/ModelCard.h"
#include "models/Result.h"

#include <opencv2/core/mat.hpp>

#include <QString>

#include <memory>

namespace fp::models {

struct DetectorOutput {
    // Probability (0..1) that the face is manipulated: sigmoid of the logit, or the softmax
    // probability of the card's manipulated class.
    double score = 0.0;
    // The log-odds of "manipulated", which Grad-CAM explains: the logit itself for a sigmoid
    // model; for a softmax model l_c - log(sum of exp(l_k), k != c), which for two classes is
    // l_1 - l_0, the same quantity a sigmoid model outputs.
    double logOdds = 0.0;
    // Grad-CAM at the input's resolution (card width x height, CV_32F, 0..1, row 0 at the top
    // of the crop): ReLU(sum_c w_c A_c), w_c = spatial mean of d logOdds / d A_c, bilinearly
    // upsampled from the feature map, divided by its maximum. All zero when nothing in the
    // feature map raises the log-odds (gradCamPeak == 0).
    cv::Mat gradCam;
    // The map's maximum before normalisation (log-odds units per unit of activation); compare
    // between frames of the same model only.
    double gradCamPeak = 0.0;
    int featureHeight = 0; // the feature map's resolution (the map's true resolution)
    int featureWidth = 0;
};

class TorchDetector {
public:
    // Verifies the model file against the card (SHA-256), loads it on the CPU, and checks that
    // it honours the card and the (logits, feature map) contract.
    static Result<std::unique_ptr<TorchDetector>> open(const QString& modelPath,
                                                       const QString& cardPath);
    ~TorchDetector();
    TorchDetector(const TorchDetector&) = delete;
    TorchDetector& operator=(const TorchDetector&) = delete;

    const ModelCard& card() const;
    QString modelPath() const;
    QString modelSha256() const; // lower-case hex; equal to card().sha256

    // Scores one face crop: 8-bit BGR (CV_8UC3; BGRA and grey are converted), already aligned
    // and cropped as card().faceAlignment says, exactly card().inputWidth x inputHeight (no
    // silent resizing: a crop of another size is an error, since the alignment decides the
    // scale). Takes about two forward passes of the model's cost.
    Result<DetectorOutput> run(const cv::Mat& alignedFaceBgr);

private:
    struct Impl;
    explicit TorchDetector(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace fp::models
