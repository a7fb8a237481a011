#include "core/analysis/FaceMaps.h"

#include "core/analysis/SeriesStats.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <functional>

namespace fp {

namespace {

QString tr(const char* text, const char* disambiguation = nullptr, int n = -1) {
    return QCoreApplication::translate("fp::FaceMaps", text, disambiguation, n);
}

constexpr int kWork = 256;               // working crop side, px
constexpr int kCell = kWork / kGridSize; // 16 px
constexpr int kPatches = 4;              // spectral patches per side
constexpr int kPatch = kWork / kPatches; // 64 px
constexpr double kNoiseFloor = 0.25;     // grey levels added to every sigma
constexpr double kBaseWeight = 0.25;     // fused grid: a map's weight when its scalar is usual
constexpr double kLevelShare = 0.5;      // share of a scalar's clip spread its spread is at least
constexpr double kChromaLevelsPerUnit = 16.0; // colour map: chroma levels per unit (0.4/quantum)
constexpr int kStablePoints[] = {36, 39, 42, 45, 27, 28, 29, 30, 33}; // 0-based

int bit(FaceMapKind k) {
    return 1 << int(k);
}

uint8_t quantise(double value) {
    return uint8_t(std::clamp(std::lround(128.0 + kQuantum * value), 0L, 255L));
}

// Median |HH| / 0.6745 of the finest Haar diagonal band per cell, at the ROI's own resolution.
std::array<double, kGridCells> noiseSigmas(const cv::Mat& roi) {
    const int h2 = roi.rows / 2, w2 = roi.cols / 2;
    std::array<double, kGridCells> sigma{};
    std::vector<float> values;
    for (int cy = 0; cy < kGridSize; ++cy) {
        const int y0 = cy * h2 / kGridSize, y1 = std::max(y0 + 1, (cy + 1) * h2 / kGridSize);
        for (int cx = 0; cx < kGridSize; ++cx) {
            const int x0 = cx * w2 / kGridSize, x1 = std::max(x0 + 1, (cx + 1) * w2 / kGridSize);
            values.clear();
            for (int y = y0; y < y1 && y < h2; ++y) {
                const uchar* a = roi.ptr<uchar>(2 * y);
                const uchar* b = roi.ptr<uchar>(2 * y + 1);
                for (int x = x0; x < x1 && x < w2; ++x) {
                    const int hh =
                        int(a[2 * x]) - int(a[2 * x + 1]) - int(b[2 * x]) + int(b[2 * x + 1]);
                    values.push_back(0.5f * float(std::abs(hh)));
                }
            }
            // The median |HH| is 0 on much compressed video (most diagonal coefficients are
            // quantised away), so the mean of the lower 90 % (edges trimmed) stands in for it:
            // for Gaussian noise, sigma = 1.2533 x mean |HH|.
            double s = 0;
            if (!values.empty()) {
                const size_t keep = std::max<size_t>(1, values.size() * 9 / 10);
                std::nth_element(values.begin(), values.begin() + long(keep - 1), values.end());
                double sum = 0;
                for (size_t i = 0; i < keep; ++i)
                    sum += values[i];
                s = 1.2533 * sum / double(keep);
            }
            sigma[size_t(cy * kGridSize + cx)] = s;
        }
    }
    return sigma;
}

// The radial-frequency masks of a kPatch spectrum: all non-DC bins up to Nyquist, and the top
// quarter of that band.
struct SpectralBands {
    cv::Mat1f all, top, window;
    SpectralBands() {
        all = cv::Mat1f::zeros(kPatch, kPatch);
        top = cv::Mat1f::zeros(kPatch, kPatch);
        for (int y = 0; y < kPatch; ++y) {
            const double fy = (y <= kPatch / 2 ? y : y - kPatch) / double(kPatch);
            for (int x = 0; x < kPatch; ++x) {
                const double fx = (x <= kPatch / 2 ? x : x - kPatch) / double(kPatch);
                const double r = std::hypot(fx, fy) / 0.5; // 1 = Nyquist
                if (r > 0 && r <= 1.0)
                    all(y, x) = 1;
                if (r >= 0.75 && r <= 1.0)
                    top(y, x) = 1;
            }
        }
        cv::createHanningWindow(window, cv::Size(kPatch, kPatch), CV_32F);
    }
};

const SpectralBands& spectralBands() {
    static const SpectralBands bands;
    return bands;
}

double highFrequencyShare(const cv::Mat1f& patch) {
    const SpectralBands& bands = spectralBands();
    cv::Mat1f p = patch - cv::mean(patch)[0];
    p = p.mul(bands.window);
    cv::Mat spectrum;
    cv::dft(p, spectrum, cv::DFT_COMPLEX_OUTPUT);
    cv::Mat planes[2];
    cv::split(spectrum, planes);
    cv::Mat1f power = planes[0].mul(planes[0]) + planes[1].mul(planes[1]);
    const double all = cv::sum(power.mul(bands.all))[0];
    const double top = cv::sum(power.mul(bands.top))[0];
    return (top + 1e-3) / (all + 1e-3);
}

// Sum of a 16x16 grid over each cell and its 8 neighbours.
cv::Mat1f neighbourhoodSum(const cv::Mat1f& grid) {
    cv::Mat1f out;
    cv::boxFilter(grid, out, CV_32F, cv::Size(3, 3), cv::Point(-1, -1), false, cv::BORDER_CONSTANT);
    return out;
}

// Cell means of `image` (kWork x kWork) as a kGridSize grid.
cv::Mat1f cellMeans(const cv::Mat& image) {
    cv::Mat1f grid;
    cv::resize(image, grid, cv::Size(kGridSize, kGridSize), 0, 0, cv::INTER_AREA);
    return grid;
}

struct MedianMad {
    double median = 0, mad = 0;
};

MedianMad fromHistogram(const std::array<uint32_t, 256>& histogram, uint64_t n) {
    auto quantile = [&](const std::array<uint32_t, 256>& h) {
        uint64_t seen = 0;
        for (int i = 0; i < 256; ++i) {
            seen += h[size_t(i)];
            if (2 * seen >= n)
                return i;
        }
        return 255;
    };
    MedianMad m;
    const int median = quantile(histogram);
    std::array<uint32_t, 256> deviations{};
    for (int i = 0; i < 256; ++i)
        deviations[size_t(std::abs(i - median))] += histogram[size_t(i)];
    m.median = median;
    m.mad = quantile(deviations);
    return m;
}

} // namespace

QRect faceMapRegion(const QRectF& box, double growth, QSize frameSize) {
    const QPointF centre = box.center();
    const double w = box.width() * growth, h = box.height() * growth;
    QRect region = QRectF(centre.x() - w / 2, centre.y() - h / 2, w, h).toAlignedRect();
    region = region.intersected(QRect(QPoint(0, 0), frameSize));
    region.setWidth(region.width() & ~1);
    region.setHeight(region.height() & ~1);
    if (region.width() < 2 * kGridSize || region.height() < 2 * kGridSize)
        return {};
    return region;
}

std::span<const FaceMapFrame> FaceMapStore::at(int64_t frame) const {
    const auto first =
        std::lower_bound(entries.begin(), entries.end(), frame,
                         [](const FaceMapFrame& e, int64_t f) { return e.frame < f; });
    const auto last = std::upper_bound(
        first, entries.end(), frame, [](int64_t f, const FaceMapFrame& e) { return f < e.frame; });
    return {first, last};
}

FaceMapper::FaceMapper(FaceMapParameters parameters)
    : m_parameters(parameters) {}

void FaceMapper::process(int64_t frame, const cv::Mat& gray, const cv::Mat& cb, const cv::Mat& cr,
                         const std::vector<FaceObservation>& faces) {
    m_frameSize = QSize(gray.cols, gray.rows);
    std::vector<Previous> current;
    for (size_t faceIndex = 0; faceIndex < faces.size(); ++faceIndex) {
        const FaceObservation& face = faces[faceIndex];
        if (face.box.width() < m_parameters.minFaceWidth)
            continue;
        const QRect region =
            faceMapRegion(face.box, m_parameters.regionGrowth, QSize(gray.cols, gray.rows));
        if (region.isEmpty())
            continue;
        const cv::Mat roi = gray(cv::Rect(region.x(), region.y(), region.width(), region.height()));
        const float sx = float(kWork) / float(region.width());
        const float sy = float(kWork) / float(region.height());

        FaceMapFrame entry;
        entry.frame = frame;
        entry.face = int(faceIndex);
        entry.region = region;
        entry.scalars.fill(std::numeric_limits<float>::quiet_NaN());

        cv::Mat crop;
        cv::resize(roi, crop, cv::Size(kWork, kWork), 0, 0, cv::INTER_AREA);
        std::array<cv::Point2f, 68> points;
        for (size_t i = 0; i < 68; ++i)
            points[i] = cv::Point2f((face.points[i].x - float(region.x())) * sx,
                                    (face.points[i].y - float(region.y())) * sy);
        std::vector<cv::Point2f> hullF;
        cv::convexHull(std::vector<cv::Point2f>(points.begin(), points.end()), hullF);
        std::vector<cv::Point> hull;
        for (const cv::Point2f& p : hullF)
            hull.emplace_back(cvRound(p.x), cvRound(p.y));
        cv::Mat1b mask = cv::Mat1b::zeros(kWork, kWork);
        cv::fillConvexPoly(mask, hull, cv::Scalar(255), cv::LINE_8);
        // The inner face (brows, eyes, nose, mouth: points 17..67), which many face swaps blend.
        cv::Mat1b innerMask = cv::Mat1b::zeros(kWork, kWork);
        {
            std::vector<cv::Point2f> innerF;
            cv::convexHull(std::vector<cv::Point2f>(points.begin() + 17, points.end()), innerF);
            std::vector<cv::Point> inner;
            for (const cv::Point2f& p : innerF)
                inner.emplace_back(cvRound(p.x), cvRound(p.y));
            cv::fillConvexPoly(innerMask, inner, cv::Scalar(255), cv::LINE_8);
        }
        cv::Mat coverageBytes;
        cv::resize(mask, coverageBytes, cv::Size(kGridSize, kGridSize), 0, 0, cv::INTER_AREA);
        cv::Mat1f coverage;
        coverageBytes.convertTo(coverage, CV_32F, 1.0 / 255);
        std::vector<int> faceCells, ringCells;
        for (int c = 0; c < kGridCells; ++c) {
            const float v = coverage(c / kGridSize, c % kGridSize);
            if (v > 0.5f)
                faceCells.push_back(c);
            else if (v < 0.02f)
                ringCells.push_back(c);
        }
        if (faceCells.empty())
            continue;
        if (ringCells.size() < 8) {
            ringCells.resize(kGridCells);
            for (int c = 0; c < kGridCells; ++c)
                ringCells[size_t(c)] = c;
        }
        auto medianOver = [](const std::vector<int>& cells, const auto& value) {
            std::vector<double> v;
            v.reserve(cells.size());
            for (int c : cells)
                v.push_back(value(c));
            return stats::median(std::move(v));
        };
        auto& noiseGrid = entry.grids[size_t(FaceMapKind::Noise)];
        auto& boundaryGrid = entry.grids[size_t(FaceMapKind::Boundary)];
        auto& flickerGrid = entry.grids[size_t(FaceMapKind::Flicker)];
        auto& spectralGrid = entry.grids[size_t(FaceMapKind::Spectral)];

        // Noise residual, at the frame's own resolution.
        {
            const auto sigma = noiseSigmas(roi);
            const double ref = medianOver(ringCells, [&](int c) { return sigma[size_t(c)]; });
            const double inside = medianOver(faceCells, [&](int c) { return sigma[size_t(c)]; });
            for (int c = 0; c < kGridCells; ++c)
                noiseGrid[size_t(c)] =
                    quantise(std::log((sigma[size_t(c)] + kNoiseFloor) / (ref + kNoiseFloor)));
            entry.scalars[size_t(FaceMapKind::Noise)] =
                float(std::log((inside + kNoiseFloor) / (ref + kNoiseFloor)));
            entry.available |= uint8_t(bit(FaceMapKind::Noise));
        }

        cv::Mat1f luma;
        crop.convertTo(luma, CV_32F);

        // Blending boundary: luma, gradient and high-pass level just inside vs just outside the
        // hull, per cell with its neighbours, on the cells the hull line crosses.
        {
            const float band =
                std::max(2.0f, float(m_parameters.boundaryBandFraction * face.box.width()) * sx);
            cv::Mat1f gx, gy, gradient, smooth, highPass;
            cv::Sobel(luma, gx, CV_32F, 1, 0);
            cv::Sobel(luma, gy, CV_32F, 0, 1);
            cv::magnitude(gx, gy, gradient);
            cv::blur(luma, smooth, cv::Size(3, 3));
            highPass = cv::abs(luma - smooth);
            std::array<double, kGridCells> jumps{};
            std::array<bool, kGridCells> onHull{};
            for (const cv::Mat1b* hullMask : {&mask, &innerMask}) {
                cv::Mat1f distIn, distOut;
                cv::distanceTransform(*hullMask, distIn, cv::DIST_L2, 3);
                cv::distanceTransform(255 - *hullMask, distOut, cv::DIST_L2, 3);
                cv::Mat1f inBand, outBand;
                cv::Mat((*hullMask > 0) & (distIn <= band)).convertTo(inBand, CV_32F, 1.0 / 255);
                cv::Mat((*hullMask == 0) & (distOut <= band)).convertTo(outBand, CV_32F, 1.0 / 255);
                const cv::Mat1f nIn = cellMeans(inBand), nOut = cellMeans(outBand);
                const cv::Mat1f sumIn = neighbourhoodSum(nIn), sumOut = neighbourhoodSum(nOut);
                auto bandMean = [&](const cv::Mat1f& feature, const cv::Mat1f& bandMask,
                                    const cv::Mat1f& count) {
                    cv::Mat1f sum = neighbourhoodSum(cellMeans(feature.mul(bandMask)));
                    return cv::Mat1f(sum / cv::max(count, 1e-6f));
                };
                const cv::Mat1f lIn = bandMean(luma, inBand, sumIn),
                                lOut = bandMean(luma, outBand, sumOut);
                const cv::Mat1f gIn = bandMean(gradient, inBand, sumIn),
                                gOut = bandMean(gradient, outBand, sumOut);
                const cv::Mat1f hIn = bandMean(highPass, inBand, sumIn),
                                hOut = bandMean(highPass, outBand, sumOut);
                for (int c = 0; c < kGridCells; ++c) {
                    const int y = c / kGridSize, x = c % kGridSize;
                    if (nIn(y, x) > 0.02f && nOut(y, x) > 0.02f) {
                        const double jump =
                            std::abs(lIn(y, x) - lOut(y, x)) / 8.0 +
                            std::abs(std::log((gIn(y, x) + 1.0) / (gOut(y, x) + 1.0))) +
                            std::abs(std::log((hIn(y, x) + 0.5) / (hOut(y, x) + 0.5)));
                        jumps[size_t(c)] = std::max(jumps[size_t(c)], jump);
                        onHull[size_t(c)] = true;
                    }
                }
            }
            double total = 0;
            int crossed = 0;
            for (int c = 0; c < kGridCells; ++c) {
                if (onHull[size_t(c)]) {
                    total += jumps[size_t(c)];
                    ++crossed;
                }
                boundaryGrid[size_t(c)] = quantise(jumps[size_t(c)]);
            }
            if (crossed > 0) {
                entry.scalars[size_t(FaceMapKind::Boundary)] = float(total / crossed);
                entry.available |= uint8_t(bit(FaceMapKind::Boundary));
            }
        }

        // Temporal flicker against the same face on the previous frame, aligned on stable points.
        {
            const Previous* before = nullptr;
            double bestOverlap = 0.3;
            for (const Previous& p : m_previous) {
                if (p.frame != frame - 1)
                    continue;
                const QRect common = p.region.intersected(region);
                const double overlap = double(common.width()) * common.height() /
                                       (double(p.region.width()) * p.region.height() +
                                        double(region.width()) * region.height() -
                                        double(common.width()) * common.height());
                if (overlap > bestOverlap) {
                    bestOverlap = overlap;
                    before = &p;
                }
            }
            if (before) {
                std::vector<cv::Point2f> from, to;
                for (int i : kStablePoints) {
                    from.push_back(before->points[size_t(i)]);
                    to.push_back(points[size_t(i)]);
                }
                const cv::Mat similarity =
                    cv::estimateAffinePartial2D(from, to, cv::noArray(), cv::LMEDS);
                if (!similarity.empty()) {
                    cv::Mat1f warped, residual;
                    cv::warpAffine(before->crop, warped, similarity, crop.size(), cv::INTER_LINEAR,
                                   cv::BORDER_REPLICATE);
                    cv::absdiff(luma, warped, residual);
                    // The median per cell: fresh noise fills a cell, misaligned edges do not.
                    cv::Mat1f cells(kGridSize, kGridSize);
                    std::vector<float> values(size_t(kCell * kCell));
                    for (int c = 0; c < kGridCells; ++c) {
                        const int y0 = (c / kGridSize) * kCell, x0 = (c % kGridSize) * kCell;
                        for (int y = 0; y < kCell; ++y)
                            std::copy_n(residual.ptr<float>(y0 + y) + x0, kCell,
                                        values.begin() + y * kCell);
                        std::nth_element(values.begin(), values.begin() + long(values.size() / 2),
                                         values.end());
                        cells(c / kGridSize, c % kGridSize) = values[values.size() / 2];
                    }
                    const double ref = medianOver(ringCells, [&](int c) {
                        return double(cells(c / kGridSize, c % kGridSize));
                    });
                    double inside = 0;
                    for (int c : faceCells)
                        inside += cells(c / kGridSize, c % kGridSize);
                    inside /= double(faceCells.size());
                    for (int c = 0; c < kGridCells; ++c)
                        flickerGrid[size_t(c)] = quantise(
                            std::log((cells(c / kGridSize, c % kGridSize) + 1.0) / (ref + 1.0)));
                    entry.scalars[size_t(FaceMapKind::Flicker)] =
                        float(std::log((inside + 1.0) / (ref + 1.0)));
                    entry.available |= uint8_t(bit(FaceMapKind::Flicker));
                }
            }
        }

        // Spectral: share of high-frequency energy per patch against the surroundings.
        {
            std::array<double, kPatches * kPatches> share{};
            std::array<float, kPatches * kPatches> patchCoverage{};
            for (int py = 0; py < kPatches; ++py) {
                for (int px = 0; px < kPatches; ++px) {
                    const cv::Rect r(px * kPatch, py * kPatch, kPatch, kPatch);
                    share[size_t(py * kPatches + px)] = std::log(highFrequencyShare(luma(r)));
                    patchCoverage[size_t(py * kPatches + px)] =
                        float(cv::mean(coverage(cv::Rect(px * 4, py * 4, 4, 4)))[0]);
                }
            }
            std::vector<double> around, inside;
            for (size_t p = 0; p < share.size(); ++p) {
                if (patchCoverage[p] < 0.1f)
                    around.push_back(share[p]);
                else if (patchCoverage[p] > 0.5f)
                    inside.push_back(share[p]);
            }
            if (around.size() < 3)
                around.assign(share.begin(), share.end());
            const double ref = stats::median(around);
            for (int c = 0; c < kGridCells; ++c) {
                const int p = (c / kGridSize / 4) * kPatches + (c % kGridSize) / 4;
                spectralGrid[size_t(c)] = quantise(share[size_t(p)] - ref);
            }
            if (!inside.empty()) {
                double mean = 0;
                for (double v : inside)
                    mean += v;
                entry.scalars[size_t(FaceMapKind::Spectral)] =
                    float(mean / double(inside.size()) - ref);
            }
            entry.available |= uint8_t(bit(FaceMapKind::Spectral));
        }

        // Colour: each cell's mean chroma against the surroundings, per channel.
        RawColour colour;
        if (!cb.empty() && !cr.empty() && cb.size() == cr.size()) {
            const double fx = double(cb.cols) / gray.cols, fy = double(cb.rows) / gray.rows;
            const cv::Rect r = cv::Rect(int(region.x() * fx), int(region.y() * fy),
                                        std::max(1, int(region.width() * fx)),
                                        std::max(1, int(region.height() * fy))) &
                               cv::Rect(0, 0, cb.cols, cb.rows);
            // The reference is the face's own skin outside the inner face (cheeks, jaw), which
            // turns with the head; the background does not.
            cv::Mat innerBytes;
            cv::resize(innerMask, innerBytes, cv::Size(kGridSize, kGridSize), 0, 0, cv::INTER_AREA);
            std::vector<int> skinCells;
            for (int c : faceCells) {
                if (innerBytes.at<uchar>(c / kGridSize, c % kGridSize) < 26)
                    skinCells.push_back(c);
            }
            if (skinCells.size() < 4)
                skinCells = ringCells;
            for (int c : faceCells)
                colour.face.set(size_t(c));
            for (int c : skinCells)
                colour.skin.set(size_t(c));
            if (r.width >= kGridSize && r.height >= kGridSize) {
                float length2 = 0;
                for (int ch = 0; ch < 2; ++ch) {
                    cv::Mat1f plane, cells;
                    (ch == 0 ? cb : cr)(r).convertTo(plane, CV_32F);
                    cv::resize(plane, cells, cv::Size(kGridSize, kGridSize), 0, 0, cv::INTER_AREA);
                    const double ref = medianOver(skinCells, [&](int c) {
                        return double(cells(c / kGridSize, c % kGridSize));
                    });
                    double inside = 0;
                    int n = 0;
                    for (int c : faceCells) {
                        if (innerBytes.at<uchar>(c / kGridSize, c % kGridSize) > 127) {
                            inside += cells(c / kGridSize, c % kGridSize);
                            ++n;
                        }
                    }
                    inside = n ? inside / n - ref : 0.0;
                    for (int c = 0; c < kGridCells; ++c)
                        colour.grids[size_t(ch)][size_t(c)] = quantise(
                            (cells(c / kGridSize, c % kGridSize) - ref) / kChromaLevelsPerUnit);
                    colour.scalars[size_t(ch)] = float(inside);
                    length2 += float(inside * inside);
                }
                entry.scalars[size_t(FaceMapKind::Colour)] = std::sqrt(length2);
                entry.available |= uint8_t(bit(FaceMapKind::Colour));
            }
        }

        m_entries.push_back(entry);
        m_colour.push_back(colour);
        current.push_back(Previous{region, luma, points, frame});
    }
    m_previous = std::move(current);
}

FaceMapStore FaceMapper::finish(int64_t frameCount) {
    FaceMapStore store;
    store.frameCount = frameCount;
    store.frameSize = m_frameSize;
    const double zFloor = m_parameters.zFloor, zSpan = std::max(m_parameters.zSpan, 1e-6);
    auto unit = [&](double z) { return std::clamp((std::abs(z) - zFloor) / zSpan, 0.0, 1.0); };

    // Each entry's predecessor: the same face on the frame before (null when none).
    std::vector<const FaceMapFrame*> previous(m_entries.size(), nullptr);
    {
        std::vector<size_t> lastByFace;
        for (size_t i = 0; i < m_entries.size(); ++i) {
            const FaceMapFrame& e = m_entries[i];
            if (size_t(e.face) >= lastByFace.size())
                lastByFace.resize(size_t(e.face) + 1, SIZE_MAX);
            size_t& last = lastByFace[size_t(e.face)];
            if (last != SIZE_MAX && m_entries[last].frame == e.frame - 1)
                previous[i] = &m_entries[last];
            last = i;
        }
    }
    // The maps are judged channel by channel: one per map, two for colour (Cb, Cr).
    struct Channel {
        FaceMapKind kind;
        std::function<const std::array<uint8_t, kGridCells>&(size_t)> grid;
        std::function<float(size_t)> scalar;
    };
    std::vector<Channel> channels;
    for (int k = 1; k < int(FaceMapKind::Colour); ++k)
        channels.push_back(
            Channel{FaceMapKind(k),
                    [this, k](size_t i) -> const std::array<uint8_t, kGridCells>& {
                        return m_entries[i].grids[size_t(k)];
                    },
                    [this, k](size_t i) { return m_entries[i].scalars[size_t(k)]; }});
    for (size_t ch = 0; ch < 2; ++ch)
        channels.push_back(Channel{FaceMapKind::Colour,
                                   [this, ch](size_t i) -> const std::array<uint8_t, kGridCells>& {
                                       return m_colour[i].grids[ch];
                                   },
                                   [this, ch](size_t i) { return m_colour[i].scalars[ch]; }});

    // The clip's level (median) of every cell of every channel and of every channel's scalar,
    // and its spread from one frame to the next (1.4826 x median |successive difference| /
    // sqrt 2): a manipulated stretch moves the level for a while but hardly the frame-to-frame
    // spread.
    std::vector<std::array<MedianMad, kGridCells>> cellStats(channels.size());
    std::vector<MedianMad> scalarStats(channels.size());
    for (size_t h = 0; h < channels.size(); ++h) {
        const Channel& channel = channels[h];
        const int k = int(channel.kind);
        std::vector<std::array<uint32_t, 256>> levels(kGridCells);
        std::vector<double> scalars, scalarSteps;
        uint64_t n = 0;
        for (size_t i = 0; i < m_entries.size(); ++i) {
            const FaceMapFrame& e = m_entries[i];
            if (!(e.available & (1 << k)))
                continue;
            ++n;
            const auto& grid = channel.grid(i);
            for (int c = 0; c < kGridCells; ++c)
                ++levels[size_t(c)][grid[size_t(c)]];
            const float s = channel.scalar(i);
            if (!std::isnan(s)) {
                scalars.push_back(s);
                const FaceMapFrame* p = previous[i];
                if (p && (p->available & (1 << k))) {
                    const float before = channel.scalar(size_t(p - m_entries.data()));
                    if (!std::isnan(before))
                        scalarSteps.push_back(std::abs(s - before));
                }
            }
        }
        if (n == 0)
            continue;
        for (int c = 0; c < kGridCells; ++c)
            cellStats[h][size_t(c)] = fromHistogram(levels[size_t(c)], n);
        if (!scalars.empty()) {
            // The scalar's spread: its frame-to-frame change, but at least 0.5 x its spread over
            // the clip, so a slow drift (a head turning against the background) is not taken
            // for a manipulated stretch.
            MedianMad& m = scalarStats[h];
            m.median = stats::median(scalars);
            for (double& v : scalars)
                v = std::abs(v - m.median);
            const double level = stats::median(std::move(scalars));
            const double step = scalarSteps.empty()
                                    ? level
                                    : stats::median(std::move(scalarSteps)) / std::sqrt(2.0);
            m.mad = std::max(step, kLevelShare * level);
        }
    }

    for (size_t i = 0; i < m_entries.size(); ++i) {
        FaceMapFrame& e = m_entries[i];
        std::array<double, kGridCells> fused{};
        double weights = 0;
        double fusedScalar = 0;
        int scalarMaps = 0;
        for (int k = 1; k <= int(FaceMapKind::Colour); ++k) {
            if (!(e.available & (1 << k)))
                continue;
            // Per channel of this map, each cell's departure from its own clip median, judged
            // against how far the frame's cells typically depart (1.4826 x their median
            // |departure|): the cells that changed more than the rest of this face region. The
            // map keeps the larger of its channels.
            std::array<double, kGridCells> cellUnit{};
            double scalarUnit = -1;
            for (size_t h = 0; h < channels.size(); ++h) {
                if (int(channels[h].kind) != k)
                    continue;
                const auto& grid = channels[h].grid(i);
                const bool colour = channels[h].kind == FaceMapKind::Colour;
                std::array<double, kGridCells> departure{};
                std::vector<double> sizes;
                for (int c = 0; c < kGridCells; ++c) {
                    const double median = cellStats[h][size_t(c)].median;
                    departure[size_t(c)] = grid[size_t(c)] - median;
                    // Cells that never have a value (the boundary map away from the hull) are
                    // left out of the typical departure; colour takes the skin cells only.
                    if (colour ? m_colour[i].skin.test(size_t(c))
                               : (grid[size_t(c)] != 128 || median != 128))
                        sizes.push_back(std::abs(departure[size_t(c)]));
                }
                const double spread =
                    sizes.empty() ? 2.0 : std::max(1.4826 * stats::median(std::move(sizes)), 2.0);
                for (int c = 0; c < kGridCells; ++c) {
                    if (colour && !m_colour[i].face.test(size_t(c)))
                        continue;
                    cellUnit[size_t(c)] =
                        std::max(cellUnit[size_t(c)], unit(departure[size_t(c)] / spread));
                }
                const float s = channels[h].scalar(i);
                if (!std::isnan(s)) {
                    const MedianMad& m = scalarStats[h];
                    const double scalarSpread =
                        std::max(1.4826 * m.mad, 0.05 * std::abs(m.median) + 0.01);
                    scalarUnit = std::max(scalarUnit, unit((s - m.median) / scalarSpread));
                }
            }
            // A map whose scalar stands out on this frame leads the fused picture.
            const double weight = kBaseWeight + std::max(scalarUnit, 0.0);
            auto& grid = e.grids[size_t(k)];
            for (int c = 0; c < kGridCells; ++c) {
                fused[size_t(c)] += weight * cellUnit[size_t(c)];
                grid[size_t(c)] = uint8_t(std::lround(255.0 * cellUnit[size_t(c)]));
            }
            weights += weight;
            if (scalarUnit >= 0) {
                fusedScalar += scalarUnit;
                ++scalarMaps;
            }
        }
        auto& fusedGrid = e.grids[size_t(FaceMapKind::Fused)];
        for (int c = 0; c < kGridCells; ++c)
            fusedGrid[size_t(c)] =
                uint8_t(std::lround(255.0 * (weights > 0 ? fused[size_t(c)] / weights : 0.0)));
        e.scalars[size_t(FaceMapKind::Fused)] =
            scalarMaps ? float(fusedScalar / scalarMaps) : std::numeric_limits<float>::quiet_NaN();
        e.available |= uint8_t(bit(FaceMapKind::Fused));
    }
    store.entries = std::move(m_entries);
    m_entries.clear();
    m_colour.clear();
    m_previous.clear();
    return store;
}

namespace {

std::vector<double> frameScores(const FaceMapStore& maps) {
    std::vector<double> score(size_t(std::max<int64_t>(maps.frameCount, 0)), kNoValue);
    for (const FaceMapFrame& e : maps.entries) {
        if (e.frame < 0 || e.frame >= int64_t(score.size()))
            continue;
        const double s = e.scalars[size_t(FaceMapKind::Fused)];
        if (std::isnan(s))
            continue;
        double& slot = score[size_t(e.frame)];
        slot = std::isnan(slot) ? s : std::max(slot, s);
    }
    return score;
}

} // namespace

std::vector<int64_t> topHeatmapFrames(const std::vector<double>& score, int count,
                                      int minSeparation) {
    std::vector<int64_t> frames;
    for (int64_t i = 0; i < int64_t(score.size()); ++i) {
        if (!std::isnan(score[size_t(i)]))
            frames.push_back(i);
    }
    std::stable_sort(frames.begin(), frames.end(),
                     [&](int64_t a, int64_t b) { return score[size_t(a)] > score[size_t(b)]; });
    std::vector<int64_t> chosen;
    for (int64_t f : frames) {
        if (int64_t(chosen.size()) >= count)
            break;
        if (std::none_of(chosen.begin(), chosen.end(),
                         [&](int64_t c) { return std::abs(c - f) < minSeparation; }))
            chosen.push_back(f);
    }
    return chosen;
}

SignalResult heatmapSignal(const FaceMapStore& maps, const HeatmapParameters& parameters) {
    SignalResult s;
    s.name = QStringLiteral("heatmap");
    s.title = tr("Manipulation heatmap");
    s.unit = tr("score 0-1");
    s.reference = QStringLiteral(
        "Mahdian & Saic 2009 (noise); Li et al., Face X-ray, CVPR 2020 (blending boundary); "
        "Durall et al. 2020, Frank et al. 2020 (spectral); colour: skin-tone difference between "
        "the "
        "inner face and the rest of the face (Cb/Cr)");
    s.limits = tr("Each map is judged against the clip's own behaviour, so a manipulation "
                  "present on every frame of the clip does not stand out; a face that is "
                  "manipulated for more than half the clip shifts the baseline. Strong "
                  "compression, motion blur and lighting changes also change noise and spectra.");
    s.parameters = QJsonObject{
        {QStringLiteral("grid_cells"), kGridSize},
        {QStringLiteral("fusion"),
         QStringLiteral("u(z) = clamp((|z| - 2) / 4, 0, 1); per frame: each map's scalar "
                        "against the clip (median; spread = max(1.4826 x median frame-to-frame "
                        "change / sqrt 2, 0.5 x 1.4826 x median absolute deviation)), colour = "
                        "max of Cb and Cr, fused = mean of u over available maps, max over "
                        "faces, running median over smoothing_frames; per cell: departure from "
                        "the cell's clip median against the frame's cells' typical departure "
                        "(colour: face cells only, against the skin cells' typical departure); "
                        "fused grid = mean of the maps weighted 0.25 + u(scalar)")},
        {QStringLiteral("maps"), QStringLiteral("noise, boundary, flicker, spectral, colour")},
        {QStringLiteral("smoothing_frames"), parameters.smoothingFrames},
        {QStringLiteral("finding_score"), parameters.findingScore},
        {QStringLiteral("finding_min_frames"), parameters.findingMinFrames},
    };
    // A centred running median over `smoothingFrames` (ignoring frames without a face): single
    // odd frames (a keyframe, a blink) fade, a manipulated stretch keeps its edges.
    s.perFrame = stats::runningMedian(frameScores(maps), parameters.smoothingFrames);
    if (maps.entries.empty()) {
        s.abstained = true;
        s.reason = tr("no face");
        return s;
    }
    std::vector<double> values;
    for (double v : s.perFrame) {
        if (!std::isnan(v))
            values.push_back(v);
    }
    std::sort(values.begin(), values.end());
    s.score = values[std::min(values.size() - 1, values.size() * 99 / 100)];

    static const char* const names[] = {"fused",   "noise",    "boundary",
                                        "flicker", "spectral", "colour"};
    QJsonObject means;
    for (int k = 1; k <= int(FaceMapKind::Colour); ++k) {
        double sum = 0;
        int n = 0;
        for (const FaceMapFrame& e : maps.entries) {
            if (!std::isnan(e.scalars[size_t(k)])) {
                sum += e.scalars[size_t(k)];
                ++n;
            }
        }
        means.insert(QLatin1String(names[k]), n ? QJsonValue(sum / n) : QJsonValue());
    }
    QJsonArray top;
    for (int64_t f : topHeatmapFrames(s.perFrame, parameters.topFrames, parameters.topFramesApart))
        top.append(QJsonObject{{QStringLiteral("frame"), qint64(f)},
                               {QStringLiteral("score"), s.perFrame[size_t(f)]}});
    s.details = QJsonObject{{QStringLiteral("map_means"), means},
                            {QStringLiteral("top_frames"), top},
                            {QStringLiteral("mapped_face_frames"), qint64(maps.entries.size())}};

    for (const stats::Run& run :
         stats::runsAtOrAbove(s.perFrame, parameters.findingScore, parameters.findingMinFrames)) {
        s.findings.push_back(Finding{
            s.name, run.first, run.last,
            run.peak >= 0.6   ? QStringLiteral("high")
            : run.peak >= 0.4 ? QStringLiteral("medium")
                              : QStringLiteral("low"),
            tr("Frames %1-%2: the face's noise, blending boundary, flicker, spectrum and colour "
               "maps together depart from the rest of the clip (peak score %3 of 1).")
                .arg(run.first)
                .arg(run.last)
                .arg(run.peak, 0, 'f', 2)});
    }
    s.reason = s.findings.empty() ? tr("no face region departs from the clip's usual maps")
                                  : tr("%n frame range(s) with unusual face maps", nullptr,
                                       int(s.findings.size()));
    return s;
}

cv::Mat gridToImage(const std::array<uint8_t, kGridCells>& grid, cv::Size size) {
    const cv::Mat small(kGridSize, kGridSize, CV_8UC1, const_cast<uint8_t*>(grid.data()));
    cv::Mat out;
    cv::resize(small, out, size, 0, 0, cv::INTER_LINEAR);
    return out;
}

} // namespace fp
