#include "core/analysis/LandmarkSignals.h"

#include "core/analysis/SeriesStats.h"

// GCC 12 reports a false stringop-overread inside Eigen's SSE packet loads of 2-vectors.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wstringop-overread"
#endif

#include <Eigen/Dense>
#include <Eigen/Geometry>

#include <opencv2/calib3d.hpp>

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <optional>

namespace fp {

namespace {

struct LandmarkSignalsText {
    Q_DECLARE_TR_FUNCTIONS(fp::LandmarkSignals)
};

using Shape = Eigen::Matrix<double, 2, 68>;

// 0-based indices of points that move least with expression: eye corners, nose bridge, tip.
constexpr int kStablePoints[] = {36, 39, 42, 45, 27, 28, 29, 30, 33};

struct Region {
    const char* name;
    int first;
    int last; // inclusive
};
constexpr Region kRegions[] = {
    {"jaw", 0, 16}, {"brows", 17, 26}, {"nose", 27, 35}, {"eyes", 36, 47}, {"mouth", 48, 67}};

Shape toShape(const std::array<cv::Point2f, 68>& points) {
    Shape s;
    for (int i = 0; i < 68; ++i)
        s.col(i) << points[size_t(i)].x, points[size_t(i)].y;
    return s;
}

Shape alignOnto(const Shape& shape, const Shape& reference) {
    Eigen::Matrix<double, 2, Eigen::Dynamic> src(2, std::size(kStablePoints)),
        dst(2, std::size(kStablePoints));
    for (size_t i = 0; i < std::size(kStablePoints); ++i) {
        src.col(long(i)) = shape.col(kStablePoints[i]);
        dst.col(long(i)) = reference.col(kStablePoints[i]);
    }
    const Eigen::Matrix3d t = Eigen::umeyama(src, dst, true);
    return (t.topLeftCorner<2, 2>() * shape).colwise() + t.topRightCorner<2, 1>();
}

// The track's mean shape: every frame aligned to the first, averaged, aligned again to the
// average. `aligned` receives each frame aligned onto the result.
Shape meanShape(const FaceTrack& track, std::vector<Shape>* aligned) {
    std::vector<Shape> shapes;
    for (const FaceObservation& o : track.observations)
        shapes.push_back(toShape(o.points));
    Shape mean = shapes.front();
    std::vector<Shape> out(shapes.size());
    for (int iteration = 0; iteration < 2; ++iteration) {
        Shape sum = Shape::Zero();
        for (size_t i = 0; i < shapes.size(); ++i) {
            out[i] = alignOnto(shapes[i], mean);
            sum += out[i];
        }
        mean = sum / double(shapes.size());
    }
    if (aligned)
        *aligned = std::move(out);
    return mean;
}

double interOcular(const Shape& s) {
    const Eigen::Vector2d left = s.middleCols<6>(36).rowwise().mean();
    const Eigen::Vector2d right = s.middleCols<6>(42).rowwise().mean();
    return (left - right).norm();
}

// Savitzky-Golay smoothing weights, order 2, for an odd window.
std::vector<double> savitzkyGolay(int window) {
    const int m = window / 2;
    // Closed form for quadratic/cubic smoothing: (3(3m^2+3m-1) - 15 i^2) / ((2m+3)(2m+1)(2m-1)) *
    // ... normalised.
    std::vector<double> w;
    double sum = 0;
    for (int i = -m; i <= m; ++i) {
        const double v = 3.0 * (3.0 * m * m + 3.0 * m - 1.0) - 15.0 * i * i;
        w.push_back(v);
        sum += v;
    }
    for (double& v : w)
        v /= sum;
    return w;
}

std::vector<Finding> runsAbove(const std::vector<double>& series, double threshold, int minFrames,
                               const QString& signal,
                               const std::function<QString(int64_t, int64_t, double)>& describe) {
    std::vector<Finding> findings;
    int64_t start = -1;
    double peak = 0;
    for (int64_t i = 0; i <= int64_t(series.size()); ++i) {
        const bool above = i < int64_t(series.size()) && !std::isnan(series[size_t(i)]) &&
                           series[size_t(i)] > threshold;
        if (above) {
            if (start < 0) {
                start = i;
                peak = 0;
            }
            peak = std::max(peak, series[size_t(i)]);
        } else if (start >= 0) {
            if (i - start >= minFrames) {
                const double ratio = peak / threshold;
                findings.push_back(Finding{signal, start, i - 1,
                                           ratio > 3     ? QStringLiteral("high")
                                           : ratio > 1.7 ? QStringLiteral("medium")
                                                         : QStringLiteral("low"),
                                           describe(start, i - 1, peak)});
            }
            start = -1;
        }
    }
    return findings;
}

// Centred running mean ignoring NaN; NaN where fewer than half the window has values.
std::vector<double> runningMean(const std::vector<double>& series, int window) {
    std::vector<double> smoothed(series.size(), kNoValue);
    const int reach = window / 2;
    for (int64_t i = 0; i < int64_t(series.size()); ++i) {
        double total = 0;
        int count = 0;
        const int64_t last = std::min<int64_t>(int64_t(series.size()) - 1, i + reach);
        for (int64_t k = std::max<int64_t>(0, i - reach); k <= last; ++k) {
            if (!std::isnan(series[size_t(k)])) {
                total += series[size_t(k)];
                ++count;
            }
        }
        if (count > reach)
            smoothed[size_t(i)] = total / count;
    }
    return smoothed;
}

// Sum and count of the values that are not NaN.
struct FiniteSum {
    double sum = 0;
    int count = 0;
};

FiniteSum finiteSum(const std::vector<double>& values) {
    FiniteSum total;
    for (double v : values) {
        if (!std::isnan(v)) {
            total.sum += v;
            ++total.count;
        }
    }
    return total;
}

// The signal with what it measures, its limits and its parameters, and nothing measured yet.
SignalResult describedJitterSignal(const JitterParameters& parameters) {
    SignalResult s;
    s.name = QStringLiteral("landmark_jitter");
    s.title = LandmarkSignalsText::tr("Landmark jitter");
    s.unit = QStringLiteral("fraction of inter-ocular distance");
    s.reference =
        QStringLiteral("Sun et al., Improving the Efficiency and Robustness of Deepfakes Detection "
                       "through Precise Geometric Features (LRNet), CVPR 2021");
    s.limits =
        LandmarkSignalsText::tr(
            "Fast genuine motion (speech, expressions) and heavy compression raise jitter; faces "
            "under %1 px wide, profile views and occlusions are not measured reliably.")
            .arg(parameters.minFaceWidth);
    s.parameters =
        QJsonObject{{QStringLiteral("alignment"),
                     QStringLiteral("Umeyama similarity on points 37,40,43,46,28-31,34 (1-based)")},
                    {QStringLiteral("smoothing"), QStringLiteral("Savitzky-Golay")},
                    {QStringLiteral("smoothing_window_frames"), parameters.smoothingWindow},
                    {QStringLiteral("smoothing_order"), 2},
                    {QStringLiteral("min_face_width_px"), parameters.minFaceWidth},
                    {QStringLiteral("finding_window_frames"), parameters.findingWindow},
                    {QStringLiteral("finding_factor"), parameters.findingFactor},
                    {QStringLiteral("finding_floor"), parameters.findingFloor},
                    {QStringLiteral("finding_min_frames"), parameters.findingMinFrames}};
    return s;
}

// Per frame (presentation index): each region's residual summed over the faces measured on it,
// and how many faces that is.
struct RegionResiduals {
    std::vector<std::array<double, std::size(kRegions)>> sums;
    std::vector<int> counts;
};

// One track's jitter: per frame, the residual of its aligned shape from a Savitzky-Golay
// smoothing (`weights`, `half` frames each side) within runs of consecutive frames, into
// `perFrame` (the largest over faces) and `regions`. The track's entry for the details; none
// when its eyes are too close to measure.
std::optional<QJsonObject> measureTrackJitter(const FaceTrack& track,
                                              const std::vector<double>& weights, int half,
                                              std::vector<double>& perFrame,
                                              RegionResiduals& regions) {
    std::vector<Shape> aligned;
    const Shape mean = meanShape(track, &aligned);
    const double iod = interOcular(mean);
    if (iod <= 1.0)
        return std::nullopt;
    double trackSum = 0;
    int trackCount = 0;
    for (size_t i = 0; i < aligned.size(); ++i) {
        const int64_t frame = track.observations[i].frame;
        if (i < size_t(half) || i + size_t(half) >= aligned.size())
            continue;
        if (track.observations[i + size_t(half)].frame -
                track.observations[i - size_t(half)].frame !=
            2 * half)
            continue;
        Shape smooth = Shape::Zero();
        for (int k = -half; k <= half; ++k)
            smooth += weights[size_t(k + half)] * aligned[size_t(long(i) + k)];
        const Shape residual = aligned[i] - smooth;
        // Alignment rests on inner points, so an inner face that moves against the jaw shows
        // as jaw residual, and jitter of the inner face itself as interior residual.
        const double jawRms = std::sqrt(residual.leftCols(17).colwise().squaredNorm().mean()) / iod;
        const double interiorRms =
            std::sqrt(residual.rightCols(51).colwise().squaredNorm().mean()) / iod;
        const double all = std::max(jawRms, interiorRms);
        double& slot = perFrame[size_t(frame)];
        slot = std::isnan(slot) ? all : std::max(slot, all);
        for (size_t r = 0; r < std::size(kRegions); ++r) {
            const int n = kRegions[r].last - kRegions[r].first + 1;
            regions.sums[size_t(frame)][r] +=
                std::sqrt(
                    residual.middleCols(kRegions[r].first, n).colwise().squaredNorm().mean()) /
                iod;
        }
        ++regions.counts[size_t(frame)];
        trackSum += all;
        ++trackCount;
    }
    return QJsonObject{{QStringLiteral("track"), track.id},
                       {QStringLiteral("frames_measured"), trackCount},
                       {QStringLiteral("mean"), trackCount ? trackSum / trackCount : 0.0}};
}

// Per-region means over the clip, and interior (everything but the jaw) against the jaw.
QJsonObject jitterDetails(const RegionResiduals& residuals, const QJsonArray& perTrack) {
    QJsonObject regions;
    double interior = 0, jaw = 0;
    int frames = 0;
    for (size_t r = 0; r < std::size(kRegions); ++r) {
        double sum = 0;
        int n = 0;
        for (size_t f = 0; f < residuals.sums.size(); ++f) {
            if (residuals.counts[f]) {
                sum += residuals.sums[f][r] / residuals.counts[f];
                ++n;
            }
        }
        const double meanValue = n ? sum / n : 0.0;
        regions.insert(QLatin1String(kRegions[r].name), meanValue);
        if (r == 0)
            jaw = meanValue;
        else
            interior += meanValue / 4.0;
        frames = n;
    }
    return QJsonObject{{QStringLiteral("regions"), regions},
                       {QStringLiteral("interior_vs_jaw"), jaw > 0 ? interior / jaw : 0.0},
                       {QStringLiteral("frames_measured"), frames},
                       {QStringLiteral("tracks"), perTrack}};
}

} // namespace

double eyeAspectRatio(const std::array<cv::Point2f, 68>& p) {
    auto ear = [&](int o) {
        const double horizontal = cv::norm(p[size_t(o)] - p[size_t(o + 3)]);
        if (horizontal <= 0)
            return kNoValue;
        return (cv::norm(p[size_t(o + 1)] - p[size_t(o + 5)]) +
                cv::norm(p[size_t(o + 2)] - p[size_t(o + 4)])) /
               (2.0 * horizontal);
    };
    return 0.5 * (ear(36) + ear(42));
}

SignalResult landmarkJitterSignal(const FaceTracks& tracks, const JitterParameters& parameters) {
    SignalResult s = describedJitterSignal(parameters);
    s.perFrame.assign(size_t(tracks.frameCount), kNoValue);

    const std::vector<double> weights = savitzkyGolay(parameters.smoothingWindow);
    const int half = parameters.smoothingWindow / 2;
    QJsonArray perTrack;
    RegionResiduals regions{
        std::vector<std::array<double, std::size(kRegions)>>(size_t(tracks.frameCount)),
        std::vector<int>(size_t(tracks.frameCount), 0)};
    int measuredTracks = 0;
    for (const FaceTrack& track : tracks.tracks) {
        if (track.observations.size() < size_t(parameters.smoothingWindow) ||
            track.medianBoxWidth() < parameters.minFaceWidth)
            continue;
        ++measuredTracks;
        if (auto entry = measureTrackJitter(track, weights, half, s.perFrame, regions))
            perTrack.append(*entry);
    }
    if (measuredTracks == 0) {
        s.abstained = true;
        s.reason = tracks.tracks.empty()
                       ? LandmarkSignalsText::tr("no face")
                       : LandmarkSignalsText::tr("face under %1 px or tracked too briefly")
                             .arg(parameters.minFaceWidth);
        return s;
    }
    s.details = jitterDetails(regions, perTrack);
    const double typical = stats::median(s.perFrame);
    const FiniteSum measured = finiteSum(s.perFrame);
    s.score = measured.count ? measured.sum / measured.count : kNoValue;
    // Findings rest on a centred running mean: single noisy frames are not findings.
    const std::vector<double> smoothed = runningMean(s.perFrame, parameters.findingWindow);
    const double typicalSmoothed = stats::median(smoothed);
    const double threshold =
        std::max(parameters.findingFactor * typicalSmoothed, parameters.findingFloor);
    s.findings = runsAbove(
        smoothed, threshold, parameters.findingMinFrames, s.name,
        [&](int64_t a, int64_t b, double peak) {
            return LandmarkSignalsText::tr(
                       "Landmarks jitter in frames %1-%2 (peak %3 of the inter-ocular distance, "
                       "%4x the clip's typical %5): the face geometry moves in a way a real "
                       "face rarely does, as when a face is re-rendered frame by frame.")
                .arg(a)
                .arg(b)
                .arg(peak, 0, 'f', 3)
                .arg(peak / typical, 0, 'f', 1)
                .arg(typical, 0, 'f', 3);
        });
    s.reason = LandmarkSignalsText::tr("measured on %n frame(s)", nullptr, measured.count);
    return s;
}

double yawRatio(const std::array<cv::Point2f, 68>& points) {
    // Distances along the line through the eye centres, so a nodding head does not count.
    cv::Point2d axis = (points[42] + points[45]) * 0.5f - (points[36] + points[39]) * 0.5f;
    const double length = cv::norm(axis);
    if (length <= 0)
        return 0.0;
    axis /= length;
    const double left = std::abs(cv::Point2d(points[30] - points[0]).dot(axis));
    const double right = std::abs(cv::Point2d(points[16] - points[30]).dot(axis));
    return left + right > 0 ? (left - right) / (left + right) : 0.0;
}

SignalResult blinkSignal(const FaceTracks& tracks, double fps, const BlinkParameters& parameters) {
    SignalResult s;
    s.name = QStringLiteral("blink");
    s.title = LandmarkSignalsText::tr("Blinks");
    s.unit = QStringLiteral("eye aspect ratio");
    s.reference = QStringLiteral(
        "Soukupova & Cech, Real-Time Eye Blink Detection using Facial Landmarks, CVWW 2016; "
        "Li, Chang, Lyu, In Ictu Oculi: Exposing AI Created Fake Videos by Detecting Eye "
        "Blinking, WIFS 2018");
    s.limits = LandmarkSignalsText::tr(
        "Large head turns, glasses, low resolution and downcast eyes distort the eye aspect ratio; "
        "modern generators blink, so normal blinking is not evidence of authenticity.");
    s.parameters = QJsonObject{{QStringLiteral("baseline_window_s"), parameters.baselineSeconds},
                               {QStringLiteral("threshold_drop"), parameters.thresholdDrop},
                               {QStringLiteral("min_closed_frames"), parameters.minClosedFrames},
                               {QStringLiteral("max_closed_s"), parameters.maxClosedSeconds},
                               {QStringLiteral("long_gap_s"), parameters.longGapSeconds},
                               {QStringLiteral("max_yaw_ratio"), parameters.maxYawRatio}};
    s.perFrame.assign(size_t(tracks.frameCount), kNoValue);
    const FaceTrack* track = tracks.primary();
    if (!track) {
        s.abstained = true;
        s.reason = LandmarkSignalsText::tr("no face");
        return s;
    }
    int64_t turnedAway = 0;
    for (const FaceObservation& o : track->observations) {
        if (std::abs(yawRatio(o.points)) > parameters.maxYawRatio)
            ++turnedAway; // the far eye is foreshortened: no EAR, no blink judged
        else
            s.perFrame[size_t(o.frame)] = eyeAspectRatio(o.points);
    }

    // A blink: the EAR at least `thresholdDrop` below the eye's level around it (a centred
    // running median) for `minClosedFrames` to `maxClosedSeconds`. Comparing with the level
    // around rather than before keeps a smile or squint that narrows the eyes for a second or two
    // from counting as blinks (liveportrait d0), while a half blink of a generated face still
    // counts (sadtalker still1).
    const double rate = fps > 0 ? fps : 25.0;
    const int reach = std::max(5, int(std::lround(parameters.baselineSeconds * rate)));
    const std::vector<double> level = stats::runningMedian(s.perFrame, 2 * reach + 1);
    std::vector<double> depth(s.perFrame.size(), kNoValue);
    for (size_t f = 0; f < depth.size(); ++f)
        depth[f] = level[f] - s.perFrame[f]; // NaN stays NaN
    const auto longest = int64_t(std::floor(parameters.maxClosedSeconds * rate));
    QJsonArray blinks;
    std::vector<std::pair<int64_t, int64_t>> found;
    for (const stats::Run& run :
         stats::runsAtOrAbove(depth, parameters.thresholdDrop, parameters.minClosedFrames)) {
        if (run.last - run.first + 1 <= longest)
            found.emplace_back(run.first, run.last);
    }
    const double seconds = fps > 0 ? double(track->observations.size()) / fps : 0.0;
    double longestGap = 0;
    int64_t previousEnd = track->observations.front().frame;
    for (const auto& [a, b] : found) {
        blinks.append(QJsonObject{{QStringLiteral("start_frame"), qint64(a)},
                                  {QStringLiteral("end_frame"), qint64(b)}});
        longestGap = std::max(longestGap, double(a - previousEnd) / fps);
        previousEnd = b;
    }
    longestGap = std::max(longestGap, double(track->observations.back().frame - previousEnd) / fps);
    const double perMinute = seconds > 0 ? double(found.size()) * 60.0 / seconds : 0.0;
    s.score = perMinute;
    s.details = QJsonObject{{QStringLiteral("blinks"), blinks},
                            {QStringLiteral("blinks_per_minute"), perMinute},
                            {QStringLiteral("longest_gap_s"), longestGap},
                            {QStringLiteral("seconds_observed"), seconds},
                            {QStringLiteral("frames_suppressed_yaw"), qint64(turnedAway)}};
    s.reason = LandmarkSignalsText::tr("%n blink(s) in %1 s", nullptr, int(found.size()))
                   .arg(seconds, 0, 'f', 1);
    if (longestGap > parameters.longGapSeconds) {
        s.findings.push_back(
            Finding{s.name, track->observations.front().frame, track->observations.back().frame,
                    QStringLiteral("low"),
                    LandmarkSignalsText::tr(
                        "No blink for %1 s. People at rest blink every few seconds; long "
                        "stretches without blinking were typical of early face-swap videos, "
                        "though many genuine speakers also blink rarely.")
                        .arg(longestGap, 0, 'f', 1)});
    }
    return s;
}

namespace {

// Depth of each of the 68 points in front of (+) or behind (-) the eye plane, in inter-ocular
// distances: a coarse anthropometric profile (nose forward, jaw contour receding towards the
// ears). Together with the track's own mean 2D shape it makes the 3D face both pose
// estimates share, so their disagreement, not the model, is what is measured.
double depthOf(int i) {
    if (i <= 16) // jaw contour: ears at -0.9, chin at -0.1
        return -0.9 + 0.8 * std::sin(M_PI * i / 16.0);
    if (i <= 26) { // brows: outer ends back, inner ends forward
        const int k = i <= 21 ? i - 17 : 26 - i;
        return -0.15 + 0.25 * k / 4.0;
    }
    if (i <= 30) // nose bridge to tip
        return 0.15 + 0.15 * (i - 27);
    if (i <= 35) { // nostrils and columella
        static const double d[] = {0.25, 0.35, 0.45, 0.35, 0.25};
        return d[i - 31];
    }
    if (i <= 47) { // eyes: outer corners (36, 45) back, inner corners (39, 42) less so
        static const double d[] = {-0.15, -0.03, -0.03, -0.05, -0.05, -0.05,
                                   -0.05, -0.03, -0.03, -0.15, -0.05, -0.05};
        return d[i - 36];
    }
    if (i == 48 || i == 54 || i == 60 || i == 64) // mouth corners
        return 0.05;
    if (i == 51 || i == 57 || i == 62 || i == 66) // lip centres
        return 0.25;
    return 0.15;
}

// Angle in radians wrapped to (-pi, pi].
double wrappedAngle(double a) {
    return std::remainder(a, 2.0 * M_PI);
}

// In-plane rotation (radians) of the similarity that maps points first..last (0-based,
// inclusive) of `shape` onto the same points of `reference`.
double rollOnto(const Shape& shape, const Shape& reference, int first, int last) {
    const Eigen::Matrix3d t = Eigen::umeyama(shape.middleCols(first, last - first + 1),
                                             reference.middleCols(first, last - first + 1), true);
    return std::atan2(t(1, 0), t(0, 0));
}

struct Pose {
    cv::Mat rotation; // 3x3
    cv::Mat translation;
    bool ok = false;
};

Pose solvePose(const std::vector<cv::Point3d>& model, const std::array<cv::Point2f, 68>& points,
               const std::vector<int>& subset, const cv::Mat& camera) {
    std::vector<cv::Point3d> object;
    std::vector<cv::Point2d> image;
    for (int i : subset) {
        object.push_back(model[size_t(i)]);
        image.emplace_back(points[size_t(i)].x, points[size_t(i)].y);
    }
    // Start from a face looking at the camera at the distance its eye spacing implies: a nearly
    // planar point set otherwise lets the solver settle on the mirror solution behind the camera.
    const double iodPx =
        cv::norm((points[36] + points[39]) * 0.5f - (points[42] + points[45]) * 0.5f);
    const double f = camera.at<double>(0, 0);
    const double z = iodPx > 1.0 ? f / iodPx : 10.0;
    const cv::Point2f bridge = points[27];
    cv::Mat rvec = cv::Mat::zeros(3, 1, CV_64F);
    cv::Mat tvec = (cv::Mat_<double>(3, 1) << (bridge.x - camera.at<double>(0, 2)) / f * z,
                    (bridge.y - camera.at<double>(1, 2)) / f * z, z);
    Pose pose;
    pose.ok = cv::solvePnP(object, image, camera, cv::noArray(), rvec, tvec, true,
                           cv::SOLVEPNP_ITERATIVE) &&
              tvec.at<double>(2) > 0;
    if (pose.ok) {
        cv::Rodrigues(rvec, pose.rotation);
        pose.translation = tvec;
    }
    return pose;
}

// The signal with what it measures, its limits and its parameters, and nothing measured yet.
SignalResult describedHeadPoseSignal(const HeadPoseParameters& parameters) {
    SignalResult s;
    s.name = QStringLiteral("head_pose");
    s.title = LandmarkSignalsText::tr("Head-pose consistency");
    s.unit = QStringLiteral("degrees: inner-face vs contour roll, change from the track median");
    s.reference = QStringLiteral(
        "Yang, Li, Lyu, Exposing Deep Fakes Using Inconsistent Head Poses, ICASSP 2019");
    s.limits = LandmarkSignalsText::tr(
        "The per-frame series measures in-plane rotation of the inner face against the jaw "
        "contour; a pasted face turned left/right or up/down relative to the head shows only in "
        "the solvePnP figure, which a coarse 3D mean face makes noisy (about 2 degrees on genuine "
        "faces). Strong expressions and profile views raise both on genuine faces.");
    s.parameters = QJsonObject{
        {QStringLiteral("series"),
         QStringLiteral("|roll(inner face 18-36) - roll(jaw contour 1-17) - track median|, "
                        "each roll from a similarity fit (Umeyama) onto the track mean shape")},
        {QStringLiteral("pnp_solver"), QStringLiteral("solvePnP iterative")},
        {QStringLiteral("pnp_focal_length"), QStringLiteral("image width")},
        {QStringLiteral("pnp_central_points"), QStringLiteral("18-36, 49, 55 (1-based)")},
        {QStringLiteral("pnp_whole_face_points"), QStringLiteral("1-36, 49, 55 (1-based)")},
        {QStringLiteral("pnp_model"),
         QStringLiteral("track mean 2D shape with anthropometric depths")},
        {QStringLiteral("finding_window_frames"), parameters.findingWindow},
        {QStringLiteral("finding_factor"), parameters.findingFactor},
        {QStringLiteral("finding_floor_deg"), parameters.findingFloorDegrees}};
    return s;
}

// The two poses each frame is solved for, and the camera they are solved with.
struct PoseSetup {
    std::vector<int> central; // 0-based points 17..35, 48, 54: the inner face
    std::vector<int> whole;   // 0..35, 48, 54: with the jaw contour
    cv::Mat camera;           // focal length = image width, centred
};

PoseSetup poseSetup(int imageWidth, int imageHeight) {
    PoseSetup setup;
    for (int i = 17; i <= 35; ++i)
        setup.central.push_back(i);
    for (int i = 0; i <= 35; ++i)
        setup.whole.push_back(i);
    for (int i : {48, 54}) {
        setup.central.push_back(i);
        setup.whole.push_back(i);
    }
    const double focal = double(imageWidth);
    setup.camera = (cv::Mat_<double>(3, 3) << focal, 0, imageWidth / 2.0, 0, focal,
                    imageHeight / 2.0, 0, 0, 1);
    return setup;
}

// The component-wise median of rotation vectors.
cv::Vec3d medianRotation(const std::vector<cv::Vec3d>& rotations) {
    cv::Vec3d typical;
    for (int c = 0; c < 3; ++c) {
        std::vector<double> component;
        for (const cv::Vec3d& r : rotations)
            component.push_back(r[c]);
        typical[c] = stats::median(std::move(component));
    }
    return typical;
}

// One track: per frame, the inner face's roll against the jaw contour's, as a change from the
// track's median, into `perFrame` (the largest over faces, degrees); the change of the rotation
// between the two solvePnP poses from its median into `pnpDegrees`.
void measureTrackPose(const FaceTrack& track, const PoseSetup& setup, std::vector<double>& perFrame,
                      std::vector<double>& pnpDegrees) {
    const Shape mean = meanShape(track, nullptr);
    const double iod = interOcular(mean);
    if (iod <= 1.0)
        return;
    const Eigen::Vector2d centre = mean.col(27);
    std::vector<cv::Point3d> model(68);
    for (int i = 0; i < 68; ++i) {
        const Eigen::Vector2d p = (mean.col(i) - centre) / iod;
        model[size_t(i)] = cv::Point3d(p.x(), p.y(), depthOf(i));
    }
    // Both figures are compared with the track's median: the coarse 3D face and the
    // person's own asymmetry make them disagree by a steady amount on any face; a change in
    // the disagreement is what points to an inner face with a pose of its own. The median
    // ignores a manipulated stretch shorter than half the track.
    std::vector<int64_t> frames;
    std::vector<double> rolls;
    std::vector<cv::Vec3d> relativeRotations;
    for (const FaceObservation& o : track.observations) {
        const Shape shape = toShape(o.points);
        frames.push_back(o.frame);
        rolls.push_back(wrappedAngle(rollOnto(shape, mean, 17, 35) - rollOnto(shape, mean, 0, 16)));
        const Pose a = solvePose(model, o.points, setup.central, setup.camera);
        const Pose b = solvePose(model, o.points, setup.whole, setup.camera);
        if (a.ok && b.ok) {
            cv::Vec3d rvec;
            cv::Rodrigues(cv::Mat(a.rotation.t() * b.rotation), rvec);
            relativeRotations.push_back(rvec);
        }
    }
    const double typicalRoll = stats::median(rolls);
    for (size_t k = 0; k < frames.size(); ++k) {
        const double degrees = std::abs(wrappedAngle(rolls[k] - typicalRoll)) * 180.0 / M_PI;
        double& slot = perFrame[size_t(frames[k])];
        slot = std::isnan(slot) ? degrees : std::max(slot, degrees);
    }
    if (relativeRotations.empty())
        return;
    const cv::Vec3d typical = medianRotation(relativeRotations);
    for (const cv::Vec3d& r : relativeRotations)
        pnpDegrees.push_back(cv::norm(r - typical) * 180.0 / M_PI);
}

} // namespace

SignalResult headPoseSignal(const FaceTracks& tracks, int imageWidth, int imageHeight,
                            const HeadPoseParameters& parameters) {
    SignalResult s = describedHeadPoseSignal(parameters);
    s.perFrame.assign(size_t(tracks.frameCount), kNoValue);
    const PoseSetup setup = poseSetup(imageWidth, imageHeight);
    std::vector<double> pnpDegrees;
    for (const FaceTrack& track : tracks.tracks) {
        if (track.observations.size() < 2 || track.medianBoxWidth() < parameters.minFaceWidth)
            continue;
        measureTrackPose(track, setup, s.perFrame, pnpDegrees);
    }
    const FiniteSum measured = finiteSum(s.perFrame);
    const int n = measured.count;
    if (n == 0) {
        s.abstained = true;
        s.reason = tracks.tracks.empty()
                       ? LandmarkSignalsText::tr("no face")
                       : LandmarkSignalsText::tr("face under %1 px").arg(parameters.minFaceWidth);
        return s;
    }
    s.score = measured.sum / n;
    s.details = QJsonObject{{QStringLiteral("pnp_change_median_deg"),
                             pnpDegrees.empty() ? 0.0 : stats::median(pnpDegrees)},
                            {QStringLiteral("frames_measured"), n}};
    const std::vector<double> smoothed = runningMean(s.perFrame, parameters.findingWindow);
    const double typical = stats::median(smoothed);
    const double threshold =
        std::max(parameters.findingFactor * typical, parameters.findingFloorDegrees);
    s.findings = runsAbove(smoothed, threshold, parameters.findingMinFrames, s.name,
                           [&](int64_t a, int64_t b, double peak) {
                               return LandmarkSignalsText::tr(
                                          "The inner face turns against the jaw contour in frames "
                                          "%1-%2 (up to %3 deg, the clip's typical %4 deg): the "
                                          "inner face may have been replaced or re-rendered with a "
                                          "pose of its own.")
                                   .arg(a)
                                   .arg(b)
                                   .arg(peak, 0, 'f', 1)
                                   .arg(typical, 0, 'f', 1);
                           });
    s.reason = LandmarkSignalsText::tr("measured on %n frame(s)", nullptr, n);
    return s;
}

} // namespace fp
