#include "core/analysis/FaceTracks.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace fp {

namespace {

double overlap(const QRectF& a, const QRectF& b) {
    const QRectF i = a.intersected(b);
    if (i.isEmpty())
        return 0.0;
    const double inter = i.width() * i.height();
    return inter / (a.width() * a.height() + b.width() * b.height() - inter);
}

cv::Point2f centroid(const std::array<cv::Point2f, 68>& points) {
    cv::Point2f sum(0, 0);
    for (const cv::Point2f& p : points)
        sum += p;
    return sum * (1.0f / 68.0f);
}

double interOcular(const std::array<cv::Point2f, 68>& p) {
    cv::Point2f left(0, 0), right(0, 0);
    for (int i = 36; i < 42; ++i)
        left += p[size_t(i)];
    for (int i = 42; i < 48; ++i)
        right += p[size_t(i)];
    return cv::norm((left - right) * (1.0f / 6.0f));
}

} // namespace

double FaceTrack::medianBoxWidth() const {
    if (observations.empty())
        return 0.0;
    std::vector<double> widths;
    widths.reserve(observations.size());
    for (const FaceObservation& o : observations)
        widths.push_back(o.box.width());
    std::nth_element(widths.begin(), widths.begin() + long(widths.size() / 2), widths.end());
    return widths[widths.size() / 2];
}

const FaceTrack* FaceTracks::primary() const {
    const FaceTrack* best = nullptr;
    for (const FaceTrack& t : tracks) {
        if (!best || t.observations.size() > best->observations.size())
            best = &t;
    }
    return best;
}

FaceTracker::FaceTracker(std::unique_ptr<models::FaceLandmarker> landmarker,
                         FaceTrackerOptions options)
    : m_landmarker(std::move(landmarker))
    , m_options(options) {}

FaceTracker::~FaceTracker() = default;

void FaceTracker::process(int64_t frame, const cv::Mat& gray) {
    m_lastObservations.clear();
    if (m_lost || m_detectNext || m_active.empty() ||
        frame - m_lastDetection >= m_options.detectEvery) {
        detect(frame, gray);
        return;
    }
    for (Active& active : m_active)
        fit(frame, gray, active, false);
}

void FaceTracker::detect(int64_t frame, const cv::Mat& gray) {
    m_lastDetection = frame;
    m_lost = false;
    m_detectNext = false;
    const double scale =
        gray.cols > m_options.detectWidth ? double(m_options.detectWidth) / gray.cols : 1.0;
    cv::Mat small;
    if (scale < 1.0)
        cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
    else
        small = gray;
    std::vector<models::FaceDetection> found = m_landmarker->detect(small);
    std::vector<QRectF> boxes;
    for (const models::FaceDetection& d : found) {
        const QRectF& b = d.box;
        boxes.emplace_back(b.x() / scale, b.y() / scale, b.width() / scale, b.height() / scale);
    }

    // Link each active track to its best-overlapping detection, greedily.
    std::vector<bool> used(boxes.size(), false);
    std::vector<Active> kept;
    for (Active& active : m_active) {
        // The best-overlapping free detection; failing that, one around the face's landmarks
        // (the box that follows the face between detections can lag a fast head).
        int best = -1;
        double bestOverlap = m_options.linkOverlap;
        for (size_t i = 0; i < boxes.size(); ++i) {
            const double o = overlap(active.box, boxes[i]);
            if (!used[i] && o >= bestOverlap) {
                best = int(i);
                bestOverlap = o;
            }
        }
        for (size_t i = 0; best < 0 && i < boxes.size(); ++i) {
            if (!used[i] && boxes[i].contains(QPointF(active.anchor.x, active.anchor.y)))
                best = int(i);
        }
        // Failing both, the nearest free detection of about the same size within one and a
        // half box widths: a head that moved faster than the box could follow between two
        // detector runs (the box left behind on the background, the face found beside it).
        if (best < 0) {
            double nearest = 1.5 * active.box.width();
            for (size_t i = 0; i < boxes.size(); ++i) {
                if (used[i])
                    continue;
                const double ratio = boxes[i].width() / std::max(active.box.width(), 1.0);
                const QPointF d = boxes[i].center() - active.box.center();
                const double distance = std::hypot(d.x(), d.y());
                if (ratio > 0.67 && ratio < 1.5 && distance < nearest) {
                    nearest = distance;
                    best = int(i);
                }
            }
        }
        if (best >= 0 && overlap(active.box, boxes[size_t(best)]) < m_options.jumpOverlap &&
            active.jumpFrame != frame - 1) {
            // A jump not yet confirmed: keep following the face, and look again next frame.
            used[size_t(best)] = true;
            active.jumpFrame = frame;
            m_detectNext = true;
            fit(frame, gray, active, false);
            kept.push_back(active);
        } else if (best >= 0) {
            used[size_t(best)] = true;
            active.jumpFrame = -1;
            active.box = boxes[size_t(best)];
            active.missed = 0;
            fit(frame, gray, active, true);
            kept.push_back(active);
        } else if (++active.missed <= m_options.maxMissedDetections) {
            fit(frame, gray, active, false); // keep following it for now
            kept.push_back(active);
        }
    }
    for (size_t i = 0; i < boxes.size(); ++i) {
        if (used[i])
            continue;
        // A second box on a face that is already tracked (its centre inside a tracked box) is
        // a duplicate detection, not another person.
        const QPointF centre = boxes[i].center();
        const bool duplicate = std::any_of(kept.begin(), kept.end(), [&](const Active& a) {
            return a.box.contains(centre) || overlap(a.box, boxes[i]) > 0.1 ||
                   boxes[i].contains(QPointF(a.anchor.x, a.anchor.y));
        });
        if (duplicate)
            continue;
        Active active;
        active.track = int(m_tracks.size());
        active.box = boxes[i];
        m_tracks.push_back(FaceTrack{active.track, {}});
        fit(frame, gray, active, true);
        kept.push_back(active);
    }
    m_active = std::move(kept);
}

double FaceTracker::mouthMotion(const cv::Mat& gray, const std::array<cv::Point2f, 68>& points,
                                int64_t frame, Active& active) {
    // The mouth's bounding box (points 49-68, 1-based) with a quarter of its size around it,
    // sampled onto a fixed grid so consecutive crops compare pixel for pixel.
    float left = points[48].x, right = left, top = points[48].y, bottom = top;
    for (int i = 49; i < 68; ++i) {
        left = std::min(left, points[size_t(i)].x);
        right = std::max(right, points[size_t(i)].x);
        top = std::min(top, points[size_t(i)].y);
        bottom = std::max(bottom, points[size_t(i)].y);
    }
    const float padX = 0.25f * (right - left),
                padY = 0.25f * (bottom - top) + 0.1f * (right - left);
    const cv::Rect box =
        cv::Rect(cv::Point(int(std::floor(left - padX)), int(std::floor(top - padY))),
                 cv::Point(int(std::ceil(right + padX)), int(std::ceil(bottom + padY)))) &
        cv::Rect(0, 0, gray.cols, gray.rows);
    double motion = std::numeric_limits<double>::quiet_NaN();
    if (box.width < 4 || box.height < 4) {
        active.mouth.release();
        return motion;
    }
    cv::Mat crop;
    cv::resize(gray(box), crop, cv::Size(48, 32), 0, 0, cv::INTER_AREA);
    crop.convertTo(crop, CV_32F);
    if (!active.mouth.empty() && active.mouthFrame == frame - 1)
        motion = cv::mean(cv::abs(crop - active.mouth))[0];
    active.mouth = crop;
    active.mouthFrame = frame;
    return motion;
}

void FaceTracker::fit(int64_t frame, const cv::Mat& gray, Active& active, bool detected) {
    if (!detected)
        active.box.translate(active.velocity.x, active.velocity.y); // where the face should be
    models::FaceShape shape = m_landmarker->landmarks(gray, active.box);
    cv::Point2f c = centroid(shape.points);
    if (!detected) {
        // Keep the box where the detector put it relative to the face: if the face moved other
        // than predicted, move the box onto it and fit once more in the moved box.
        const cv::Point2f miss = c - (active.anchor + active.velocity);
        if (std::hypot(miss.x, miss.y) > m_options.refitTolerance * active.box.width()) {
            active.box.translate(miss.x, miss.y);
            shape = m_landmarker->landmarks(gray, active.box);
            c = centroid(shape.points);
        }
        // The landmarks lean towards wherever the box is, so a box pushed by its own past speed
        // can run away from the face: half the speed, at most 2 % of the box width per frame.
        const cv::Point2f moved = c - active.anchor;
        if (std::hypot(moved.x, moved.y) > m_options.fastMotion * active.box.width())
            m_detectNext = true;
        const float limit = float(0.02 * active.box.width());
        active.velocity = cv::Point2f(std::clamp(0.5f * moved.x, -limit, limit),
                                      std::clamp(0.5f * moved.y, -limit, limit));
    } else {
        active.velocity = cv::Point2f(0, 0);
    }
    active.anchor = c;
    // Landmarks collapsed to a point or far outside the box: tracking is lost.
    const double iod = interOcular(shape.points);
    if (iod < 0.15 * active.box.width() || iod > 0.8 * active.box.width()) {
        m_lost = true;
        return;
    }
    FaceObservation observation;
    observation.mouthMotion = mouthMotion(gray, shape.points, frame, active);
    observation.frame = frame;
    observation.box = active.box;
    observation.points = shape.points;
    observation.detected = detected;
    m_tracks[size_t(active.track)].observations.push_back(observation);
    m_lastObservations.push_back(observation);
}

FaceTracks FaceTracker::finish(int64_t frameCount) {
    FaceTracks result;
    result.frameCount = frameCount;
    for (FaceTrack& t : m_tracks) {
        if (!t.observations.empty())
            result.tracks.push_back(std::move(t));
    }
    for (size_t i = 0; i < result.tracks.size(); ++i)
        result.tracks[i].id = int(i) + 1;
    m_tracks.clear();
    m_active.clear();
    return result;
}

} // namespace fp
