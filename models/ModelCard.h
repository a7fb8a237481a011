#pragma once

// A learned detector's model card: what the model is, what it expects, what its output means,
// what it was trained on, how well its authors say it works and on what, its licence, and the
// SHA-256 of the one model file it describes. The report quotes the card as the model's
// provenance (DESIGN.md, Analyses: "learned detector"); TorchDetector refuses a model whose
// bytes do not hash to the card's sha256.
//
// The card is a JSON object in a file beside the model (NAME.pt + NAME.card.json):
//
//   {
//     "format": "frameproof.model-card/1",                 optional; if present, exactly this
//     "name": "xception-ffpp-c23",                          required, non-empty
//     "version": "1.0",                                     required, non-empty
//     "description": "...",                                 optional
//     "input": {                                            required
//       "size": [3, 224, 224],                              [channels, height, width]; channels 1
//                                                           (grey) or 3; height, width 8..4096
//       "channel_order": "RGB",                             "RGB" (default) or "BGR"; 3 channels
//       "range": [0, 1],                                    optional, default [0, 1]: 8-bit pixel
//                                                           p becomes lo + p/255 * (hi - lo)
//       "mean": [0.485, 0.456, 0.406],                      required, one per channel
//       "std":  [0.229, 0.224, 0.225]                       required, one per channel, all > 0
//     },                                                    tensor = (ranged - mean) / std
//     "face_alignment": "5-point similarity to ...",       required: how the caller must align
//                                                           and crop the face (free text, quoted
//                                                           in the report)
//     "output": {                                           required
//       "meaning": "logit of manipulated",                  required, free text
//       "activation": "sigmoid",                            required: "sigmoid" (logits [N,1]:
//                                                           the logit of "manipulated") or
//                                                           "softmax" (logits [N,K], K >= 2)
//       "manipulated_index": 1                              softmax only: which of the K classes
//                                                           means manipulated (default 1)
//     },
//     "training_data": "FaceForensics++ c23 train split",   required, non-empty
//     "reported_auc": {"value": 0.93,                       required key; the value in 0..1 and
//                      "dataset": "FF++ c23 test"},         the data set it was measured on; or
//                                                           null when the authors report none
//     "licence": "MIT",                                     required ("license" is accepted)
//     "sha256": "64 hex digits",                            required: SHA-256 of the model file
//     "reference": "Rossler et al., ICCV 2019"              optional
//   }
//
// The Grad-CAM contract (Selvaraju et al. 2017) for the TorchScript model itself:
//   forward(x: Tensor[1, C, H, W]) -> Tuple[Tensor, Tensor] = (logits, feature_map)
//   logits:      [1, 1] or [1] for "sigmoid", [1, K] for "softmax" (pre-activation);
//   feature_map: [1, C', h, w], the activations of the layer Grad-CAM explains (usually the
//                last convolutional block), from which the logits are computed.
// Returning the feature map beside the logits lets one forward and one partial backward pass
// give both the score and the map, with no hooks (TorchScript has none).
//
// Thread-safety: a plain value type; copy it freely between threads.

#include "models/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

namespace fp::models {

inline constexpr const char* kModelCardFormat = "frameproof.model-card/1";

struct ModelCard {
    enum class ChannelOrder { Rgb, Bgr }; // for 3 input channels; 1 channel is grey
    enum class Activation { Sigmoid, Softmax };
    struct ReportedAuc {
        double value = 0.0; // 0..1
        QString dataset;    // what it was measured on
    };

    QString name;
    QString version;
    QString description; // may be empty
    int inputChannels = 3;
    int inputHeight = 0; // pixels
    int inputWidth = 0;  // pixels
    ChannelOrder channelOrder = ChannelOrder::Rgb;
    double rangeLow = 0.0; // an 8-bit pixel p maps to rangeLow + p / 255 * (rangeHigh - rangeLow)
    double rangeHigh = 1.0;
    std::vector<double> mean; // one per input channel, in the model's channel order
    std::vector<double> std;  // one per input channel, all > 0
    QString faceAlignment;
    QString outputMeaning;
    Activation activation = Activation::Sigmoid;
    int manipulatedIndex = 1; // softmax only
    QString trainingData;
    std::optional<ReportedAuc> reportedAuc; // empty: the authors report none
    QString licence;
    QString sha256; // lower-case hex
    QString reference;
    QJsonObject json; // the card as written, quoted in the report

    // Parses and validates a card. Errors name the field ("model card x.card.json: "input.std"
    // must have 3 numbers, one per channel"). `source` names the card in messages.
    static Result<ModelCard> fromJson(const QByteArray& json, const QString& source);
    // Reads and parses the card file at `path` (at most 1 MiB).
    static Result<ModelCard> load(const QString& path);
};

} // namespace fp::models
