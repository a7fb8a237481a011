#include "core/analysis/DetectorSignal.h"

#include "core/analysis/SeriesStats.h"
#include "models/TorchDetector.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

#include <QCoreApplication>
#include <QJsonArray>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>

namespace fp {

namespace {

struct DetectorSignalText {
    Q_DECLARE_TR_FUNCTIONS(fp::DetectorSignal)
};

// ArcFace's 112 x 112 five-point template: left eye, right eye, nose tip, mouth corners.
constexpr float kTemplate[5][2] = {{38.2946f, 51.6963f},
                                   {73.5318f, 51.5014f},
                                   {56.0252f, 71.7366f},
                                   {41.5493f, 92.3655f},
                                   {70.7299f, 92.2041f}};

const char* const kAlignment =
    "similarity of five landmarks (eye centres, nose tip, mouth corners) onto the ArcFace "
    "112x112 template scaled to the input size";

std::array<cv::Point2f, 5> fivePoints(const FaceObservation& face) {
    auto mean = [&](int first, int last) {
        cv::Point2f sum(0, 0);
        for (int i = first; i <= last; ++i)
            sum += face.points[size_t(i)];
        return sum * (1.0f / float(last - first + 1));
    };
    return {mean(36, 41), mean(42, 47), face.points[30], face.points[48], face.points[54]};
}

// The similarity (2 x 3, CV_64F) from frame pixels to the aligned crop of `width` x `height`.
cv::Mat alignment(const FaceObservation& face, int width, int height) {
    const auto from = fivePoints(face);
    std::vector<cv::Point2f> src(from.begin(), from.end()), dst;
    for (const auto& t : kTemplate)
        dst.emplace_back(t[0] * float(width) / 112.0f, t[1] * float(height) / 112.0f);
    return cv::estimateAffinePartial2D(src, dst, cv::noArray(), cv::LMEDS);
}

QJsonObject provenance(const models::InstalledModel& model) {
    QJsonObject p{{QStringLiteral("model_path"), model.modelPath},
                  {QStringLiteral("card_path"), model.cardPath},
                  {QStringLiteral("sha256"), model.sha256},
                  {QStringLiteral("alignment"), QLatin1String(kAlignment)}};
    if (model.card) {
        p.insert(QStringLiteral("name"), model.card->name);
        p.insert(QStringLiteral("version"), model.card->version);
        p.insert(
            QStringLiteral("input_size"),
            QJsonArray{model.card->inputChannels, model.card->inputHeight, model.card->inputWidth});
        p.insert(QStringLiteral("card_face_alignment"), model.card->faceAlignment);
        p.insert(QStringLiteral("output_meaning"), model.card->outputMeaning);
        p.insert(QStringLiteral("training_data"), model.card->trainingData);
        p.insert(QStringLiteral("licence"), model.card->licence);
        p.insert(QStringLiteral("reported_auc"),
                 model.card->reportedAuc
                     ? QJsonValue(QJsonObject{
                           {QStringLiteral("value"), model.card->reportedAuc->value},
                           {QStringLiteral("dataset"), model.card->reportedAuc->dataset}})
                     : QJsonValue());
    }
    return p;
}

QString modelName(const models::InstalledModel& model) {
    if (model.card)
        return model.card->name;
    QString file = model.modelPath.section(QLatin1Char('/'), -1);
    if (file.endsWith(QLatin1String(".pt")))
        file.chop(3);
    return file;
}

SignalResult baseSignal(const models::InstalledModel& model) {
    SignalResult s;
    s.name = QStringLiteral("detector.") + modelName(model);
    s.title = DetectorSignalText::tr("Detector %1").arg(modelName(model));
    s.unit = DetectorSignalText::tr("probability 0-1");
    s.reference = QStringLiteral("Selvaraju et al. 2017 (Grad-CAM)");
    if (model.card && !model.card->reference.isEmpty())
        s.reference = model.card->reference + QStringLiteral("; ") + s.reference;
    s.limits = DetectorSignalText::tr(
                   "A learned detector knows only what it was trained on (%1): other "
                   "manipulation methods, compression levels, faces and lighting can fool it "
                   "either way, and its authors' reported accuracy (%2) was measured on their "
                   "data, not on this clip. Its score is evidence to weigh, not a verdict.")
                   .arg(model.card ? model.card->trainingData : DetectorSignalText::tr("unknown"),
                        model.card && model.card->reportedAuc
                            ? DetectorSignalText::tr("AUC %1 on %2")
                                  .arg(model.card->reportedAuc->value, 0, 'f', 3)
                                  .arg(model.card->reportedAuc->dataset)
                            : DetectorSignalText::tr("none reported"));
    s.parameters = provenance(model);
    return s;
}

} // namespace

QStringList defaultDetectorFolders() {
    const QString appData = QCoreApplication::instance()
                                ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                                : QString();
    const QString appDir =
        QCoreApplication::instance() ? QCoreApplication::applicationDirPath() : QString();
    QStringList folders = models::ModelRegistry::defaultFolders(appData, appDir);
    folders.removeAll(QString());
    return folders;
}

QRect detectorCropArea(const std::vector<FaceObservation>& faces, QSize frameSize) {
    QRect area;
    for (const FaceObservation& face : faces) {
        // The template puts the eyes and mouth in the middle half of the crop: twice the box
        // covers what any aligned crop reaches.
        const QPointF c = face.box.center();
        const double side = 2.0 * std::max(face.box.width(), face.box.height());
        area |= QRectF(c.x() - side / 2, c.y() - side / 2, side, side).toAlignedRect();
    }
    area = area.intersected(QRect(QPoint(0, 0), frameSize));
    area.setX(area.x() & ~1);
    area.setY(area.y() & ~1);
    area.setWidth(area.width() & ~1);
    area.setHeight(area.height() & ~1);
    return area;
}

Result<std::unique_ptr<DetectorRun>> DetectorRun::open(const models::InstalledModel& model,
                                                       DetectorParameters parameters) {
    if (!model.ok())
        return makeError(Error::Kind::Unsupported, model.problem);
    auto detector = models::TorchDetector::open(model.modelPath, model.cardPath);
    if (!detector)
        return detector.error();
    return std::unique_ptr<DetectorRun>(
        new DetectorRun(model, std::move(detector).value(), parameters));
}

DetectorRun::DetectorRun(models::InstalledModel model,
                         std::unique_ptr<models::TorchDetector> detector,
                         DetectorParameters parameters)
    : m_model(std::move(model))
    , m_detector(std::move(detector))
    , m_parameters(parameters) {}

DetectorRun::~DetectorRun() = default;

QString DetectorRun::name() const {
    return modelName(m_model);
}

void DetectorRun::process(int64_t frame, const cv::Mat& bgr, const QRect& bgrRect, QSize frameSize,
                          const std::vector<FaceObservation>& faces) {
    if (frame >= int64_t(m_scores.size()))
        m_scores.resize(size_t(frame + 1), kNoValue);
    const models::ModelCard& card = m_detector->card();
    for (size_t i = 0; i < faces.size(); ++i) {
        const FaceObservation& face = faces[i];
        if (face.box.width() < m_parameters.minFaceWidth)
            continue;
        cv::Mat toCrop = alignment(face, card.inputWidth, card.inputHeight);
        if (toCrop.empty())
            continue;
        // The transform works in frame pixels; the crop of the frame starts at bgrRect.
        cv::Mat fromArea = toCrop.clone();
        fromArea.at<double>(0, 2) +=
            fromArea.at<double>(0, 0) * bgrRect.x() + fromArea.at<double>(0, 1) * bgrRect.y();
        fromArea.at<double>(1, 2) +=
            fromArea.at<double>(1, 0) * bgrRect.x() + fromArea.at<double>(1, 1) * bgrRect.y();
        cv::Mat aligned;
        cv::warpAffine(bgr, aligned, fromArea, cv::Size(card.inputWidth, card.inputHeight),
                       cv::INTER_LINEAR, cv::BORDER_REPLICATE);
        auto out = m_detector->run(aligned);
        if (!out) {
            ++m_failures;
            m_lastError = out.error().message;
            continue;
        }
        double& slot = m_scores[size_t(frame)];
        slot = std::isnan(slot) ? out->score : std::max(slot, out->score);

        // Grad-CAM back onto the face's map region: each cell centre through the alignment.
        const QRect region = faceMapRegion(face.box, m_parameters.regionGrowth, frameSize);
        if (region.isEmpty() || out->gradCam.empty())
            continue;
        Grid g;
        g.frame = frame;
        g.face = int(i);
        const cv::Mat1f& cam = out->gradCam;
        for (int c = 0; c < kGridCells; ++c) {
            const double fx = region.x() + (c % kGridSize + 0.5) * region.width() / kGridSize;
            const double fy = region.y() + (c / kGridSize + 0.5) * region.height() / kGridSize;
            const double cx = toCrop.at<double>(0, 0) * fx + toCrop.at<double>(0, 1) * fy +
                              toCrop.at<double>(0, 2);
            const double cy = toCrop.at<double>(1, 0) * fx + toCrop.at<double>(1, 1) * fy +
                              toCrop.at<double>(1, 2);
            const int x = int(std::floor(cx)), y = int(std::floor(cy));
            if (x < 0 || y < 0 || x >= cam.cols || y >= cam.rows)
                continue;
            g.grid[size_t(c)] = uint8_t(std::lround(255.0 * std::clamp(cam(y, x), 0.0f, 1.0f) *
                                                    std::clamp(out->score, 0.0, 1.0)));
        }
        m_grids.push_back(g);
    }
}

SignalResult DetectorRun::finish(int64_t frameCount) {
    SignalResult s = baseSignal(m_model);
    m_scores.resize(size_t(std::max<int64_t>(frameCount, 0)), kNoValue);
    s.parameters.insert(QStringLiteral("smoothing_frames"), m_parameters.smoothingFrames);
    s.parameters.insert(QStringLiteral("finding_score"), m_parameters.findingScore);
    s.parameters.insert(QStringLiteral("finding_min_frames"), m_parameters.findingMinFrames);
    s.perFrame = m_scores;
    double sum = 0;
    int n = 0;
    for (double v : m_scores) {
        if (!std::isnan(v)) {
            sum += v;
            ++n;
        }
    }
    s.details =
        QJsonObject{{QStringLiteral("frames_run"), n},
                    {QStringLiteral("failed_runs"), m_failures},
                    {QStringLiteral("card"), m_model.card ? m_model.card->json : QJsonObject()}};
    if (n == 0) {
        s.abstained = true;
        s.reason =
            m_failures > 0
                ? DetectorSignalText::tr("the model failed on every face: %1").arg(m_lastError)
                : DetectorSignalText::tr("no face");
        return s;
    }
    s.score = sum / n;

    // Findings on the running median, so single frames do not make a range.
    for (const stats::Run& run :
         stats::runsAtOrAbove(stats::runningMedian(m_scores, m_parameters.smoothingFrames),
                              m_parameters.findingScore, m_parameters.findingMinFrames)) {
        s.findings.push_back(
            Finding{s.name, run.first, run.last,
                    run.peak >= 0.9   ? QStringLiteral("high")
                    : run.peak >= 0.7 ? QStringLiteral("medium")
                                      : QStringLiteral("low"),
                    DetectorSignalText::tr(
                        "Frames %1-%2: the learned detector %3 (version %4) scores the face as "
                        "manipulated (peak %5; its decision threshold is %6).")
                        .arg(run.first)
                        .arg(run.last)
                        .arg(name(), m_detector->card().version)
                        .arg(run.peak, 0, 'f', 2)
                        .arg(m_parameters.findingScore, 0, 'f', 2)});
    }
    s.reason =
        s.findings.empty()
            ? DetectorSignalText::tr("mean score %1; no stretch above the decision threshold")
                  .arg(s.score, 0, 'f', 2)
            : DetectorSignalText::tr("%n frame range(s) scored as manipulated", nullptr,
                                     int(s.findings.size()));
    return s;
}

SignalResult refusedDetectorSignal(const models::InstalledModel& model, const QString& reason) {
    SignalResult s = baseSignal(model);
    s.abstained = true;
    s.reason = DetectorSignalText::tr("not run: %1").arg(reason);
    s.details = QJsonObject{{QStringLiteral("status"), models::statusName(model.status)}};
    return s;
}

} // namespace fp
