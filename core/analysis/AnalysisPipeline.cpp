#include "core/analysis/AnalysisPipeline.h"

#include "core/analysis/CompressionSignal.h"
#include "core/analysis/DetectorSignal.h"
#include "core/media/VideoDecoder.h"

#include <opencv2/imgproc.hpp>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>
#include <QSet>

#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>

extern "C" {
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace fp {

namespace {

struct AnalysisPipelineText {
    Q_DECLARE_TR_FUNCTIONS(fp::AnalysisPipeline)
};

// The frame's 8-bit luma: the Y plane itself for 8-bit YUV, a conversion otherwise. The Mat
// may point into the frame's buffer: keep the frame alive while using it.
cv::Mat lumaOf(const VideoFrame& frame, cv::Mat& scratch) {
    const AVFrame* f = frame.avFrame();
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(AVPixelFormat(f->format));
    const bool yuv8 = desc && !(desc->flags & AV_PIX_FMT_FLAG_RGB) &&
                      (desc->flags & AV_PIX_FMT_FLAG_PLANAR) && desc->comp[0].depth == 8 &&
                      desc->comp[0].plane == 0 && desc->nb_components >= 1;
    if (yuv8)
        return cv::Mat(f->height, f->width, CV_8UC1, f->data[0], size_t(f->linesize[0]));
    scratch.create(f->height, f->width, CV_8UC1);
    SwsContext* sws =
        sws_getContext(f->width, f->height, AVPixelFormat(f->format), f->width, f->height,
                       AV_PIX_FMT_GRAY8, SWS_POINT, nullptr, nullptr, nullptr);
    if (sws) {
        uint8_t* dst[4] = {scratch.data, nullptr, nullptr, nullptr};
        int stride[4] = {int(scratch.step[0]), 0, 0, 0};
        sws_scale(sws, f->data, f->linesize, 0, f->height, dst, stride);
        sws_freeContext(sws);
    }
    return scratch;
}

// The frame's 8-bit Cb and Cr planes, pointing into its buffer, when it is 8-bit planar YUV;
// left empty otherwise (the colour map then has no value).
void chromaOf(const VideoFrame& frame, cv::Mat& cb, cv::Mat& cr) {
    const AVFrame* f = frame.avFrame();
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(AVPixelFormat(f->format));
    if (!desc || (desc->flags & AV_PIX_FMT_FLAG_RGB) || !(desc->flags & AV_PIX_FMT_FLAG_PLANAR) ||
        desc->nb_components < 3 || desc->comp[1].depth != 8 || desc->comp[1].plane != 1 ||
        desc->comp[2].plane != 2)
        return;
    const int w = AV_CEIL_RSHIFT(f->width, desc->log2_chroma_w);
    const int h = AV_CEIL_RSHIFT(f->height, desc->log2_chroma_h);
    cb = cv::Mat(h, w, CV_8UC1, f->data[1], size_t(f->linesize[1]));
    cr = cv::Mat(h, w, CV_8UC1, f->data[2], size_t(f->linesize[2]));
}

} // namespace

QJsonObject analysisParametersToJson(const AnalysisOptions& o) {
    return QJsonObject{
        {QStringLiteral("face_detector"), QStringLiteral("dlib HOG frontal face detector")},
        {QStringLiteral("detect_every_frames"), o.tracker.detectEvery},
        {QStringLiteral("detect_width_px"), o.tracker.detectWidth},
        {QStringLiteral("link_overlap"), o.tracker.linkOverlap},
        {QStringLiteral("jump_confirm_overlap"), o.tracker.jumpOverlap},
        {QStringLiteral("fast_motion_redetect_box_fraction"), o.tracker.fastMotion},
        {QStringLiteral("landmarks"), QStringLiteral("dlib shape_predictor_68_face_landmarks")},
        {QStringLiteral("landmark_model_sha256"),
         QString::fromLatin1(models::kShapePredictorSha256)},
        {QStringLiteral("face_maps"),
         QJsonObject{{QStringLiteral("grid_cells"), kGridSize},
                     {QStringLiteral("region_growth"), o.faceMaps.regionGrowth},
                     {QStringLiteral("boundary_band_fraction"), o.faceMaps.boundaryBandFraction},
                     {QStringLiteral("z_floor"), o.faceMaps.zFloor},
                     {QStringLiteral("z_span"), o.faceMaps.zSpan},
                     {QStringLiteral("min_face_width_px"), o.faceMaps.minFaceWidth}}},
        {QStringLiteral("heatmap"),
         QJsonObject{{QStringLiteral("smoothing_frames"), o.heatmap.smoothingFrames},
                     {QStringLiteral("finding_score"), o.heatmap.findingScore},
                     {QStringLiteral("finding_min_frames"), o.heatmap.findingMinFrames},
                     {QStringLiteral("top_frames"), o.heatmap.topFrames},
                     {QStringLiteral("top_frames_apart"), o.heatmap.topFramesApart}}},
        {QStringLiteral("detectors"),
         QJsonObject{{QStringLiteral("run"), o.runDetectors},
                     {QStringLiteral("smoothing_frames"), o.detector.smoothingFrames},
                     {QStringLiteral("finding_score"), o.detector.findingScore},
                     {QStringLiteral("finding_min_frames"), o.detector.findingMinFrames},
                     {QStringLiteral("min_face_width_px"), o.detector.minFaceWidth}}},
    };
}

QString analysisParametersSha256(const AnalysisOptions& options) {
    return QString::fromLatin1(
        QCryptographicHash::hash(
            QJsonDocument(analysisParametersToJson(options)).toJson(QJsonDocument::Compact),
            QCryptographicHash::Sha256)
            .toHex());
}

void applyCalibration(const AnalysisOptions& options, AnalysisResult& result) {
    for (SignalResult& s : result.signals)
        s.calibratedScore = kNoValue;
    if (!options.applyCalibration) {
        result.calibration = {
            {QStringLiteral("status"), QStringLiteral("not applied")},
            {QStringLiteral("reason"), AnalysisPipelineText::tr("calibration switched off")}};
        return;
    }
    Result<std::shared_ptr<const Calibration>> calibration =
        options.calibration ? Result<std::shared_ptr<const Calibration>>(options.calibration)
                            : shippedCalibration();
    if (!calibration) {
        result.calibration = {{QStringLiteral("status"), QStringLiteral("not applied")},
                              {QStringLiteral("reason"), calibration.error().message}};
        return;
    }
    const Calibration& c = **calibration;
    QJsonObject record{{QStringLiteral("labels_sha256"), c.labelsSha256},
                       {QStringLiteral("genuine_clips"), int(c.genuineClips.size())},
                       {QStringLiteral("tool_version"), c.toolVersion},
                       {QStringLiteral("parameters_sha256"), c.parametersSha256}};
    QJsonObject measured;
    for (auto it = c.measured.begin(); it != c.measured.end(); ++it)
        measured.insert(it.key(), it.value());
    record.insert(QStringLiteral("measured"), measured);
    const QString mismatch = c.applicableTo(analysisParametersSha256(options));
    record.insert(QStringLiteral("status"),
                  mismatch.isEmpty() ? QStringLiteral("applied") : QStringLiteral("not applied"));
    record.insert(QStringLiteral("reason"), mismatch);
    result.calibration = record;
    if (!mismatch.isEmpty())
        return;
    QJsonObject notCalibrated;
    for (SignalResult& s : result.signals) {
        if (s.abstained)
            continue;
        if (const QString why = c.applicableTo(s); !why.isEmpty())
            notCalibrated.insert(s.name, why);
        else
            s.calibratedScore = c.calibratedScore(s.name, s.score);
    }
    result.calibration.insert(QStringLiteral("signals_not_calibrated"), notCalibrated);
}

namespace {

// Frames each hand-over queue holds: decoded frames never pile up.
constexpr size_t kQueueDepth = 6;

// Learned detectors: every installed model, the first of each name; refused ones are
// reported, never run.
struct Detectors {
    std::vector<std::unique_ptr<DetectorRun>> runs;
    std::vector<SignalResult> refused;
    std::vector<models::InstalledModel> installed;
};

Detectors openDetectors(const AnalysisOptions& options) {
    Detectors detectors;
    if (!options.runDetectors)
        return detectors;
    QSet<QString> names;
    for (models::InstalledModel& model :
         models::ModelRegistry::scan(options.detectorFolders.isEmpty() ? defaultDetectorFolders()
                                                                       : options.detectorFolders)) {
        const QString name = model.card ? model.card->name : model.modelPath;
        if (names.contains(name))
            continue;
        names.insert(name);
        detectors.installed.push_back(model);
        DetectorParameters parameters = options.detector;
        parameters.regionGrowth = options.faceMaps.regionGrowth;
        auto run = DetectorRun::open(model, parameters);
        if (run)
            detectors.runs.push_back(std::move(run).value());
        else
            detectors.refused.push_back(refusedDetectorSignal(model, run.error().message));
    }
    return detectors;
}

// Decoding runs on its own thread, a few frames ahead of the face work, so the two cores
// share the load. The queue is bounded. next() and stop() are called from one thread.
class DecodeAhead {
public:
    DecodeAhead(VideoDecoder& decoder, int64_t total)
        : m_producer([this, &decoder, total] { decode(decoder, total); }) {}
    ~DecodeAhead() { stop(); }

    // The next frame in presentation order, waiting for it; null once decoding has ended.
    VideoFramePtr next() {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_queue.empty() || m_decodingDone; });
        if (m_queue.empty())
            return nullptr;
        VideoFramePtr frame = std::move(m_queue.front());
        m_queue.pop_front();
        m_changed.notify_all();
        return frame;
    }

    void stop() {
        if (!m_producer.joinable())
            return;
        m_stop.store(true);
        m_changed.notify_all();
        m_producer.join();
    }

private:
    void decode(VideoDecoder& decoder, int64_t total) {
        for (int64_t i = 0; i < total && !m_stop.load(); ++i) {
            auto frame = decoder.decodeNext();
            if (!frame)
                break; // damaged tail: analyse what decoded
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [&] { return m_queue.size() < kQueueDepth || m_stop.load(); });
            m_queue.push_back(std::move(frame).value());
            m_changed.notify_all();
        }
        std::lock_guard lock(m_mutex);
        m_decodingDone = true;
        m_changed.notify_all();
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<VideoFramePtr> m_queue;
    bool m_decodingDone = false;
    std::atomic<bool> m_stop{false};
    std::thread m_producer; // last: it starts once the members it uses exist
};

// The face maps run on a thread of their own, a few frames behind the tracker: they cost
// about as much as the landmarks, and on two cores the two overlap. The queue is bounded
// and holds the frames (the planes the maps read live in them). push() and finish() are
// called from one thread; `mapper` is used by the worker until finish() returns.
class FaceMapWorker {
public:
    explicit FaceMapWorker(FaceMapper& mapper)
        : m_worker([this, &mapper] { work(mapper); }) {}
    ~FaceMapWorker() { finish(true); }

    // Queues the frame and the faces the tracker observed on it, waiting while the queue is full.
    void push(VideoFramePtr frame, std::vector<FaceObservation> faces) {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_queue.size() < kQueueDepth; });
        m_queue.push_back(Job{std::move(frame), std::move(faces)});
        m_changed.notify_all();
    }

    // Lets the worker finish the queue (or drops it: `discard`) and waits for it.
    void finish(bool discard) {
        if (!m_worker.joinable())
            return;
        {
            std::lock_guard lock(m_mutex);
            if (discard)
                m_queue.clear();
            m_inputDone = true;
        }
        m_changed.notify_all();
        m_worker.join();
    }

private:
    struct Job {
        VideoFramePtr frame;
        std::vector<FaceObservation> faces;
    };

    void work(FaceMapper& mapper) {
        cv::Mat scratch;
        for (;;) {
            Job job;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [&] { return !m_queue.empty() || m_inputDone; });
                if (m_queue.empty())
                    return;
                job = std::move(m_queue.front());
                m_queue.pop_front();
                m_changed.notify_all();
            }
            const cv::Mat luma = lumaOf(*job.frame, scratch);
            cv::Mat cb, cr;
            chromaOf(*job.frame, cb, cr);
            mapper.process(job.frame->index(), luma, cb, cr, job.faces);
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<Job> m_queue;
    bool m_inputDone = false;
    std::thread m_worker; // last: it starts once the members it uses exist
};

// Every detector on the area around the frame's faces, as BGR.
void runDetectors(std::vector<std::unique_ptr<DetectorRun>>& detectors, const VideoFrame& frame,
                  const std::vector<FaceObservation>& faces) {
    if (detectors.empty() || faces.empty())
        return;
    const QSize size(frame.width(), frame.height());
    const QRect area = detectorCropArea(faces, size);
    const QImage image = frame.toImage(); // RGB32: B, G, R, A bytes
    if (area.isEmpty() || image.isNull())
        return;
    const cv::Mat bgra(image.height(), image.width(), CV_8UC4,
                       const_cast<uchar*>(image.constBits()), size_t(image.bytesPerLine()));
    cv::Mat bgr;
    cv::cvtColor(bgra(cv::Rect(area.x(), area.y(), area.width(), area.height())), bgr,
                 cv::COLOR_BGRA2BGR);
    for (auto& run : detectors)
        run->process(frame.index(), bgr, area, size, faces);
}

// The detectors' signals, run ones first, then the refused; the first detector's Grad-CAM
// becomes the faces' Detector map.
void addDetectorSignals(Detectors detectors, int64_t total, AnalysisOutput& output) {
    for (size_t d = 0; d < detectors.runs.size(); ++d) {
        output.result.signals.push_back(detectors.runs[d]->finish(total));
        if (d != 0)
            continue;
        for (const DetectorRun::Grid& g : detectors.runs[d]->grids()) {
            for (FaceMapFrame& e : output.maps.entries) {
                if (e.frame == g.frame && e.face == g.face) {
                    e.grids[size_t(FaceMapKind::Detector)] = g.grid;
                    e.available |= uint8_t(1 << int(FaceMapKind::Detector));
                }
            }
        }
    }
    for (SignalResult& refused : detectors.refused)
        output.result.signals.push_back(std::move(refused));
    output.detectors = std::move(detectors.installed);
}

// The lip-sync analysis and its signal, from the faces and the sound (none: silent).
void addLipSync(const FrameIndex& index, const std::optional<AudioTrack>& sound,
                const AnalysisOptions& options, AnalysisOutput& output) {
    const int64_t total = index.size();
    std::vector<double> frameTimes(static_cast<size_t>(total));
    for (int64_t i = 0; i < total; ++i)
        frameTimes[size_t(i)] = index.secondsAt(i);
    SignalResult lipsync;
    output.lipsync = lipSyncAnalysis(output.faces, sound, frameTimes, output.result.fps, &lipsync,
                                     options.lipSync);
    if (!options.runLipSync) {
        output.lipsync.reason = lipsync.reason = AnalysisPipelineText::tr("not run");
        lipsync.findings.clear();
    }
    output.result.signals.push_back(std::move(lipsync));
}

} // namespace

Result<AnalysisOutput> runAnalysis(const QString& path, std::shared_ptr<const FrameIndex> index,
                                   const AnalysisOptions& options,
                                   const std::function<void(int64_t, int64_t)>& progress,
                                   const std::atomic<bool>* cancel) {
    if (!index || index->empty())
        return makeError(Error::Kind::Unsupported,
                         AnalysisPipelineText::tr("the clip has no video frames to analyse"));
    auto landmarker = models::FaceLandmarker::open(options.landmarkModelPath);
    if (!landmarker)
        return landmarker.error();
    auto decoder = VideoDecoder::open(path, index, options.decoderThreads);
    if (!decoder)
        return decoder.error();

    FaceTracker tracker(std::move(landmarker).value(), options.tracker);
    FaceMapper mapper(options.faceMaps);
    const int64_t total = index->size();
    Detectors detectors = openDetectors(options);

    // The sound track decodes alongside the pictures (a clip without one analyses as silent).
    std::future<Result<AudioTrack>> audioJob =
        std::async(std::launch::async, [&]() -> Result<AudioTrack> {
            if (!options.runLipSync)
                return makeError(Error::Kind::Unsupported, AnalysisPipelineText::tr("not run"));
            AudioDecodeOptions audioOptions;
            audioOptions.cancel = cancel;
            return decodeAudioMono(path, index.get(), audioOptions);
        });
    DecodeAhead frames(**decoder, total);
    FaceMapWorker maps(mapper);

    cv::Mat scratch;
    int width = 0, height = 0;
    for (int64_t done = 0;;) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            frames.stop();
            maps.finish(true);
            audioJob.wait();
            return makeError(Error::Kind::Cancelled,
                             AnalysisPipelineText::tr("analysis cancelled"));
        }
        const VideoFramePtr frame = frames.next();
        if (!frame)
            break;
        width = frame->width();
        height = frame->height();
        const cv::Mat luma = lumaOf(*frame, scratch);
        tracker.process(frame->index(), luma);
        maps.push(frame, tracker.lastObservations());
        runDetectors(detectors.runs, *frame, tracker.lastObservations());
        ++done;
        if (progress && ((done & 7) == 0 || done == total))
            progress(done, total);
    }
    frames.stop();
    maps.finish(false);

    AnalysisOutput output;
    output.faces = tracker.finish(total);
    output.result.frameCount = total;
    output.result.fps = index->averageFrameRate.valid()
                            ? index->averageFrameRate.toDouble()
                            : double(total) / std::max(index->durationSeconds(), 1e-9);
    output.result.signals.push_back(landmarkJitterSignal(output.faces, options.jitter));
    output.result.signals.push_back(headPoseSignal(output.faces, width, height, options.headPose));
    output.result.signals.push_back(blinkSignal(output.faces, output.result.fps, options.blink));
    output.result.signals.push_back(compressionSignal(*index));
    output.maps = mapper.finish(total);
    output.result.signals.push_back(heatmapSignal(output.maps, options.heatmap));
    addDetectorSignals(std::move(detectors), total, output);

    Result<AudioTrack> audio = audioJob.get();
    if (!audio && audio.error().kind == Error::Kind::Cancelled)
        return audio.error();
    std::optional<AudioTrack> sound;
    if (audio)
        sound = std::move(audio).value();
    addLipSync(*index, sound, options, output);
    applyCalibration(options, output.result);
    return output;
}

AnalysisJob::AnalysisJob(QString path, std::shared_ptr<const FrameIndex> index,
                         AnalysisOptions options, QObject* parent)
    : Job(parent)
    , m_path(std::move(path))
    , m_index(std::move(index))
    , m_options(std::move(options)) {}

AnalysisJob::~AnalysisJob() {
    stopAndJoin();
}

QString AnalysisJob::run() {
    auto output = runAnalysis(
        m_path, m_index, m_options,
        [this](int64_t done, int64_t total) { Q_EMIT progress(done, total); }, &cancelFlag());
    if (!output)
        return output.error().message;
    m_output = std::make_shared<const AnalysisOutput>(std::move(output).value());
    return QString();
}

} // namespace fp
