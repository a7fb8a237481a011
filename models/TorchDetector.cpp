#include "models/TorchDetector.h"

#include "models/ModelFile.h"

#include <QCoreApplication>
#include <QStringList>

#include <opencv2/imgproc.hpp>

// LibTorch lives in this file only (STYLE.md, habit 11). Its headers come from an imported
// target's include directories (/usr/include...), so they are system headers: their warnings
// never reach -Werror. Only what this file uses is included (not <torch/script.h>).
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <caffe2/serialize/read_adapter_interface.h>
#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/runtime/graph_executor.h>
#include <torch/csrc/jit/serialization/import.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <exception>
#include <limits>
#include <mutex>
#include <utility>

namespace fp::models {

namespace {

struct TorchDetectorText {
    Q_DECLARE_TR_FUNCTIONS(fp::models::TorchDetector)
};

// What LibTorch says, without its C++ backtrace. Errors raised inside TorchScript carry the
// script's traceback first and the error itself on the last lines: keep those.
QString torchMessage(const char* what) {
    const QStringList lines =
        QString::fromLocal8Bit(what).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QStringList kept;
    for (auto it = lines.crbegin(); it != lines.crend() && kept.size() < 2; ++it) {
        const QString line = it->trimmed();
        if (line.isEmpty() || line.startsWith(QLatin1Char('~')) ||
            line.startsWith(QLatin1Char('^')))
            continue;
        kept.prepend(line);
        // The interpreter's own error line ("RuntimeError: ...") is enough on its own.
        if (line.contains(QLatin1String("Error:")))
            break;
    }
    QString message = kept.join(QLatin1Char(' '));
    if (message.size() > 400)
        message = message.left(400) + QStringLiteral("...");
    return message;
}

// The model's bytes, already hashed, handed to LibTorch's zip reader.
class ByteArrayReadAdapter final : public caffe2::serialize::ReadAdapterInterface {
public:
    explicit ByteArrayReadAdapter(QByteArray bytes)
        : m_bytes(std::move(bytes)) {}
    size_t size() const override { return size_t(m_bytes.size()); }
    size_t read(uint64_t pos, void* buf, size_t n, const char* /*what*/) const override {
        if (pos >= uint64_t(m_bytes.size()))
            return 0;
        const size_t count = std::min<size_t>(n, size_t(uint64_t(m_bytes.size()) - pos));
        std::memcpy(buf, m_bytes.constData() + pos, count);
        return count;
    }

private:
    QByteArray m_bytes;
};

// Analyses already run in parallel on the job pool; LibTorch's own pools would only compete
// with them for the cores (and set_num_interop_threads may only be called once per process).
void limitTorchThreads() {
    static std::once_flag once;
    std::call_once(once, [] {
        try {
            at::set_num_threads(1);
            at::set_num_interop_threads(1);
        } catch (const std::exception&) {
            // Someone else configured the pools first: theirs stay.
        }
    });
}

QString shapeOf(const at::Tensor& t) {
    QStringList sizes;
    for (int64_t s : t.sizes())
        sizes << QString::number(s);
    return QLatin1Char('[') + sizes.join(QLatin1Char(',')) + QLatin1Char(']');
}

Error contractError(const QString& problem) {
    return makeError(Error::Kind::Unsupported,
                     TorchDetectorText::tr(
                         "the model breaks the (logits, feature map) contract: forward(x) must "
                         "return a tuple (logits [1,1] or [1,K], feature map [1,C,h,w]); %1")
                         .arg(problem));
}

// forward(x)'s outputs under the contract: a tuple of two floating-point tensors.
struct ForwardOutputs {
    at::Tensor logits;
    at::Tensor feature;
};

Result<ForwardOutputs> contractOutputs(const c10::IValue& out) {
    if (!out.isTuple())
        return contractError(TorchDetectorText::tr("it returned %1 instead")
                                 .arg(QString::fromStdString(out.tagKind())));
    const auto& elements = out.toTupleRef().elements();
    if (elements.size() != 2)
        return contractError(
            TorchDetectorText::tr("it returned a tuple of %1").arg(elements.size()));
    if (!elements[0].isTensor() || !elements[1].isTensor())
        return contractError(
            TorchDetectorText::tr("it returned a tuple that is not of two tensors"));
    ForwardOutputs outputs{elements[0].toTensor(), elements[1].toTensor()};
    if (!at::isFloatingType(outputs.logits.scalar_type()) ||
        !at::isFloatingType(outputs.feature.scalar_type()))
        return contractError(TorchDetectorText::tr("its outputs must be floating-point tensors"));
    return outputs;
}

// The log-odds of "manipulated" (a scalar tensor) from the logits, as the card's activation
// reads them: the one logit for sigmoid; for softmax, the manipulated class's logit against the
// log-sum-exp of the others.
Result<at::Tensor> logOddsOf(const at::Tensor& logits, const ModelCard& card) {
    if (card.activation == ModelCard::Activation::Sigmoid) {
        if (logits.numel() != 1 || logits.dim() > 2)
            return contractError(
                TorchDetectorText::tr("the card says \"sigmoid\", so the logits must be "
                                      "[1,1] (one logit of manipulated), but they are %1")
                    .arg(shapeOf(logits)));
        return logits.reshape({});
    }
    if (logits.dim() != 2 || logits.size(0) != 1 || logits.size(1) < 2)
        return contractError(
            TorchDetectorText::tr("the card says \"softmax\", so the logits must be "
                                  "[1,K] with K >= 2, but they are %1")
                .arg(shapeOf(logits)));
    if (card.manipulatedIndex >= logits.size(1))
        return contractError(
            TorchDetectorText::tr(
                "the card's output.manipulated_index %1 is not one of the %2 classes")
                .arg(card.manipulatedIndex)
                .arg(logits.size(1)));
    const at::Tensor row = logits[0];
    const at::Tensor isTarget =
        at::zeros_like(row, at::kBool)
            .index_fill_(0, at::tensor(int64_t(card.manipulatedIndex)), true);
    return row[card.manipulatedIndex] -
           row.masked_fill(isTarget, -std::numeric_limits<double>::infinity()).logsumexp(0);
}

// The feature map must be [1,C,h,w] and the log-odds computed from it.
Result<void> checkFeatureMap(const at::Tensor& feature, const at::Tensor& logOdds) {
    if (feature.dim() != 4 || feature.size(0) != 1 || feature.size(1) < 1 || feature.size(2) < 1 ||
        feature.size(3) < 1)
        return contractError(
            TorchDetectorText::tr("the feature map must be [1,C,h,w], but it is %1")
                .arg(shapeOf(feature)));
    if (!feature.requires_grad())
        return contractError(
            TorchDetectorText::tr("the feature map it returned is detached: the logits must be "
                                  "computed from it"));
    if (!logOdds.requires_grad())
        return contractError(TorchDetectorText::tr("the logits do not depend on the input"));
    return {};
}

// Grad-CAM from the feature map and the log-odds' gradient on it, at the crop's size, scaled to
// its peak, into `result`.
void setGradCam(const at::Tensor& feature, const at::Tensor& gradient, const ModelCard& card,
                DetectorOutput& result) {
    at::NoGradGuard noGrad;
    const at::Tensor activations = feature.detach().to(at::kFloat);
    const at::Tensor weights = gradient.to(at::kFloat).mean({2, 3}, true);
    const at::Tensor cam = (weights * activations).sum(1).relu()[0].contiguous();
    result.featureHeight = int(cam.size(0));
    result.featureWidth = int(cam.size(1));
    const cv::Mat small(result.featureHeight, result.featureWidth, CV_32F,
                        const_cast<float*>(cam.data_ptr<float>()));
    double peak = 0.0;
    cv::minMaxLoc(small, nullptr, &peak);
    result.gradCamPeak = std::isfinite(peak) ? peak : 0.0;
    // Bilinear with half-pixel alignment: each feature cell covers its share of the
    // crop (as a convolutional feature map does), whatever the stride.
    cv::resize(small, result.gradCam, cv::Size(card.inputWidth, card.inputHeight), 0, 0,
               cv::INTER_LINEAR);
    if (result.gradCamPeak > 0.0)
        result.gradCam.convertTo(result.gradCam, CV_32F, 1.0 / result.gradCamPeak);
    else
        result.gradCam.setTo(0.0f);
    cv::min(cv::max(result.gradCam, 0.0), 1.0, result.gradCam);
}

} // namespace

struct TorchDetector::Impl {
    ModelCard card;
    QString modelPath;
    QString sha256;
    torch::jit::Module module;

    // The crop as the model's input tensor [1, C, H, W], normalised as the card says.
    Result<at::Tensor> inputFrom(const cv::Mat& crop) const {
        if (crop.empty() || crop.dims != 2 || crop.depth() != CV_8U ||
            (crop.channels() != 1 && crop.channels() != 3 && crop.channels() != 4))
            return makeError(Error::Kind::Unsupported,
                             TorchDetectorText::tr("the face crop must be an 8-bit BGR picture"));
        if (crop.cols != card.inputWidth || crop.rows != card.inputHeight)
            return makeError(Error::Kind::Unsupported,
                             TorchDetectorText::tr(
                                 "the face crop is %1x%2 pixels but model %3 takes %4x%5 (align "
                                 "and crop the face as its card says: %6)")
                                 .arg(crop.cols)
                                 .arg(crop.rows)
                                 .arg(card.name)
                                 .arg(card.inputWidth)
                                 .arg(card.inputHeight)
                                 .arg(card.faceAlignment));
        cv::Mat pixels;
        if (card.inputChannels == 1) {
            if (crop.channels() == 1)
                pixels = crop;
            else
                cv::cvtColor(crop, pixels,
                             crop.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
        } else {
            const bool rgb = card.channelOrder == ModelCard::ChannelOrder::Rgb;
            if (crop.channels() == 1)
                cv::cvtColor(crop, pixels, cv::COLOR_GRAY2BGR);
            else if (crop.channels() == 4)
                cv::cvtColor(crop, pixels, rgb ? cv::COLOR_BGRA2RGB : cv::COLOR_BGRA2BGR);
            else if (rgb)
                cv::cvtColor(crop, pixels, cv::COLOR_BGR2RGB);
            else
                pixels = crop;
        }
        std::vector<cv::Mat> planes;
        cv::split(pixels, planes);
        at::Tensor input =
            at::empty({1, card.inputChannels, card.inputHeight, card.inputWidth}, at::kFloat);
        const double toRange = (card.rangeHigh - card.rangeLow) / 255.0;
        for (int c = 0; c < card.inputChannels; ++c) {
            const double mean = card.mean[std::size_t(c)];
            const double stdev = card.std[std::size_t(c)];
            cv::Mat plane(card.inputHeight, card.inputWidth, CV_32F,
                          input.data_ptr<float>() +
                              std::ptrdiff_t(c) * card.inputHeight * card.inputWidth);
            // ((lo + p * toRange) - mean) / std in one pass.
            planes[std::size_t(c)].convertTo(plane, CV_32F, toRange / stdev,
                                             (card.rangeLow - mean) / stdev);
        }
        return input;
    }

    // One forward pass with the graph recorded, then the gradient of the log-odds back to the
    // feature map only (the parameters are frozen and the input's own gradient is never
    // computed: autograd runs just the nodes between the two).
    Result<DetectorOutput> evaluate(const at::Tensor& input) {
        try {
            at::AutoGradMode gradients(true);
            // The graph executor's optimisations would, from the second run on, merge the
            // forward into one differentiable subgraph: the feature map would then be a sibling
            // output of that node rather than a tensor the logits are computed from, and
            // autograd could not reach it. Without them every op is recorded as in eager
            // PyTorch (same kernels; this guard is thread-local).
            torch::jit::GraphOptimizerEnabledGuard plainInterpreter(false);
            // Without a leaf that needs a gradient nothing is recorded (the parameters are
            // frozen), and there would be no path from the logits back to the feature map.
            const at::Tensor x = input.detach().requires_grad_(true);
            const Result<ForwardOutputs> outputs = contractOutputs(module.forward({x}));
            if (!outputs)
                return outputs.error();
            const Result<at::Tensor> logOdds = logOddsOf(outputs->logits, card);
            if (!logOdds)
                return logOdds.error();
            if (auto checked = checkFeatureMap(outputs->feature, *logOdds); !checked)
                return checked.error();

            const double logOddsValue = logOdds->item<double>();
            if (!std::isfinite(logOddsValue))
                return makeError(Error::Kind::Corrupt,
                                 TorchDetectorText::tr(
                                     "model %1 gave a non-finite output (%2) for this face crop")
                                     .arg(card.name)
                                     .arg(logOddsValue));

            const std::vector<at::Tensor> featureGradient =
                torch::autograd::grad({*logOdds}, {outputs->feature}, /*grad_outputs=*/{},
                                      /*retain_graph=*/false, /*create_graph=*/false,
                                      /*allow_unused=*/true);
            if (featureGradient.empty() || !featureGradient[0].defined())
                return contractError(TorchDetectorText::tr(
                    "the logits do not depend on the feature map it returned"));

            DetectorOutput result;
            result.logOdds = logOddsValue;
            // softmax(l)_c == sigmoid(logOdds) as defined above, so one formula serves both.
            result.score = 1.0 / (1.0 + std::exp(-logOddsValue));
            setGradCam(outputs->feature, featureGradient[0], card, result);
            return result;
        } catch (const std::exception& e) {
            // LibTorch's own errors are c10::Error; the TorchScript interpreter rethrows what
            // a script raised as other std::exceptions, with the script's traceback.
            const auto* torchError = dynamic_cast<const c10::Error*>(&e);
            return makeError(Error::Kind::Unsupported,
                             TorchDetectorText::tr("model %1 failed on a %2x%3x%4 input (%5)")
                                 .arg(card.name)
                                 .arg(card.inputChannels)
                                 .arg(card.inputHeight)
                                 .arg(card.inputWidth)
                                 .arg(torchMessage(torchError ? torchError->what_without_backtrace()
                                                              : e.what())));
        }
    }
};

TorchDetector::TorchDetector(std::unique_ptr<Impl> impl)
    : m_impl(std::move(impl)) {}

TorchDetector::~TorchDetector() = default;

Result<std::unique_ptr<TorchDetector>> TorchDetector::open(const QString& modelPath,
                                                           const QString& cardPath) {
    limitTorchThreads();

    Result<ModelCard> card = ModelCard::load(cardPath);
    if (!card)
        return card.error();

    // Verify before parsing: TorchScript is code, and a different file would silently be a
    // different model. The bytes hashed are the bytes parsed.
    Result<QByteArray> bytes =
        readModelFile(modelPath, TorchDetectorText::tr("the learned detector model"));
    if (!bytes)
        return bytes.error();
    const QString actual = sha256Hex(*bytes);
    if (actual != card->sha256)
        return makeError(Error::Kind::Corrupt,
                         TorchDetectorText::tr(
                             "the learned detector model %1 is not the file its card %2 "
                             "describes: its SHA-256 is %3, the card says %4; refusing to load "
                             "it")
                             .arg(modelPath, cardPath, actual, card->sha256));

    auto impl = std::make_unique<Impl>();
    impl->card = std::move(*card);
    impl->modelPath = modelPath;
    impl->sha256 = actual;
    try {
        impl->module = torch::jit::load(std::make_shared<ByteArrayReadAdapter>(std::move(*bytes)),
                                        c10::Device(c10::kCPU));
        impl->module.eval();
        for (at::Tensor parameter : impl->module.parameters())
            parameter.requires_grad_(false);
        if (!impl->module.find_method("forward"))
            return makeError(
                Error::Kind::Unsupported,
                TorchDetectorText::tr("the learned detector model %1 has no forward method")
                    .arg(modelPath));
    } catch (const c10::Error& e) {
        return makeError(Error::Kind::Unsupported,
                         TorchDetectorText::tr(
                             "the learned detector model %1 is not a TorchScript model LibTorch "
                             "can load (%2)")
                             .arg(modelPath, torchMessage(e.what_without_backtrace())));
    } catch (const std::exception& e) {
        return makeError(
            Error::Kind::Unsupported,
            TorchDetectorText::tr("the learned detector model %1 cannot be loaded (%2)")
                .arg(modelPath, torchMessage(e.what())));
    }

    // A blank crop of the card's size: a card that does not fit its model fails here, once.
    const at::Tensor blank = at::zeros(
        {1, impl->card.inputChannels, impl->card.inputHeight, impl->card.inputWidth}, at::kFloat);
    Result<DetectorOutput> check = impl->evaluate(blank);
    if (!check)
        return makeError(
            check.error().kind,
            TorchDetectorText::tr("the learned detector model %1 does not fit its card %2: %3")
                .arg(modelPath, cardPath, check.error().message));
    return std::unique_ptr<TorchDetector>(new TorchDetector(std::move(impl)));
}

const ModelCard& TorchDetector::card() const {
    return m_impl->card;
}

QString TorchDetector::modelPath() const {
    return m_impl->modelPath;
}

QString TorchDetector::modelSha256() const {
    return m_impl->sha256;
}

Result<DetectorOutput> TorchDetector::run(const cv::Mat& alignedFaceBgr) {
    Result<at::Tensor> input = m_impl->inputFrom(alignedFaceBgr);
    if (!input)
        return input.error();
    return m_impl->evaluate(*input);
}

} // namespace fp::models
