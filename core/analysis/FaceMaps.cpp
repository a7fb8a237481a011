#include "core/analysis/FaceMaps.h"

#include "core/analysis/SeriesStats.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <functional>

namespace fp {

namespace {

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

template <typename Value>
double medianOver(const std::vector<int>& cells, const Value& value) {
    std::vector<double> v;
    v.reserve(cells.size());
    for (int c : cells)
        v.push_back(value(c));
    return stats::median(std::move(v));
}

// The convex hull of `points` (crop pixels), rounded to whole pixels, as a kWork mask.
cv::Mat1b filledHull(std::span<const cv::Point2f> points) {
    std::vector<cv::Point2f> hullF;
    cv::convexHull(std::vector<cv::Point2f>(points.begin(), points.end()), hullF);
    std::vector<cv::Point> hull;
    for (const cv::Point2f& p : hullF)
        hull.emplace_back(cvRound(p.x), cvRound(p.y));
    cv::Mat1b mask = cv::Mat1b::zeros(kWork, kWork);
    cv::fillConvexPoly(mask, hull, cv::Scalar(255), cv::LINE_8);
    return mask;
}

// A face on the working crop (kWork x kWork): its landmarks, hulls and the grid cells they cover.
struct FaceShape {
    std::array<cv::Point2f, 68> points; // crop pixels
    cv::Mat1b mask;                     // hull of all points
    // The inner face (brows, eyes, nose, mouth: points 17..67), which many face swaps blend.
    cv::Mat1b innerMask;
    cv::Mat1f coverage;         // per cell, the share of it inside the hull
    std::vector<int> faceCells; // cells the hull covers by more than half
    std::vector<int> ringCells; // cells it hardly touches (all cells when under 8 are)
};

// The shape of `face` on the crop of `region`, which the crop scales by `sx`, `sy`; no face
// cells when the hull covers none.
FaceShape faceShapeOf(const FaceObservation& face, const QRect& region, float sx, float sy) {
    FaceShape shape;
    for (size_t i = 0; i < 68; ++i)
        shape.points[i] = cv::Point2f((face.points[i].x - float(region.x())) * sx,
                                      (face.points[i].y - float(region.y())) * sy);
    shape.mask = filledHull(shape.points);
    shape.innerMask = filledHull(std::span<const cv::Point2f>(shape.points).subspan(17));
    cv::Mat coverageBytes;
    cv::resize(shape.mask, coverageBytes, cv::Size(kGridSize, kGridSize), 0, 0, cv::INTER_AREA);
    coverageBytes.convertTo(shape.coverage, CV_32F, 1.0 / 255);
    for (int c = 0; c < kGridCells; ++c) {
        const float v = shape.coverage(c / kGridSize, c % kGridSize);
        if (v > 0.5f)
            shape.faceCells.push_back(c);
        else if (v < 0.02f)
            shape.ringCells.push_back(c);
    }
    if (shape.ringCells.size() < 8) {
        shape.ringCells.resize(kGridCells);
        for (int c = 0; c < kGridCells; ++c)
            shape.ringCells[size_t(c)] = c;
    }
    return shape;
}

void setMap(FaceMapFrame& entry, FaceMapKind kind, double scalar) {
    entry.scalars[size_t(kind)] = float(scalar);
    entry.available |= uint8_t(bit(kind));
}

// Noise residual, at the frame's own resolution (`roi`: the region in the frame's luma).
void addNoiseMap(const cv::Mat& roi, const FaceShape& shape, FaceMapFrame& entry) {
    const auto sigma = noiseSigmas(roi);
    const double ref = medianOver(shape.ringCells, [&](int c) { return sigma[size_t(c)]; });
    const double inside = medianOver(shape.faceCells, [&](int c) { return sigma[size_t(c)]; });
    auto& grid = entry.grids[size_t(FaceMapKind::Noise)];
    for (int c = 0; c < kGridCells; ++c)
        grid[size_t(c)] =
            quantise(std::log((sigma[size_t(c)] + kNoiseFloor) / (ref + kNoiseFloor)));
    setMap(entry, FaceMapKind::Noise, std::log((inside + kNoiseFloor) / (ref + kNoiseFloor)));
}

// Blending boundary: luma, gradient and high-pass level just inside vs just outside the
// hull, per cell with its neighbours, on the cells the hull line crosses. `band`: crop pixels
// each side of the hull.
void addBoundaryMap(const cv::Mat1f& luma, const FaceShape& shape, float band,
                    FaceMapFrame& entry) {
    cv::Mat1f gx, gy, gradient, smooth, highPass;
    cv::Sobel(luma, gx, CV_32F, 1, 0);
    cv::Sobel(luma, gy, CV_32F, 0, 1);
    cv::magnitude(gx, gy, gradient);
    cv::blur(luma, smooth, cv::Size(3, 3));
    highPass = cv::abs(luma - smooth);
    std::array<double, kGridCells> jumps{};
    std::array<bool, kGridCells> onHull{};
    for (const cv::Mat1b* hullMask : {&shape.mask, &shape.innerMask}) {
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
        const cv::Mat1f lIn = bandMean(luma, inBand, sumIn), lOut = bandMean(luma, outBand, sumOut);
        const cv::Mat1f gIn = bandMean(gradient, inBand, sumIn),
                        gOut = bandMean(gradient, outBand, sumOut);
        const cv::Mat1f hIn = bandMean(highPass, inBand, sumIn),
                        hOut = bandMean(highPass, outBand, sumOut);
        for (int c = 0; c < kGridCells; ++c) {
            const int y = c / kGridSize, x = c % kGridSize;
            if (nIn(y, x) > 0.02f && nOut(y, x) > 0.02f) {
                const double jump = std::abs(lIn(y, x) - lOut(y, x)) / 8.0 +
                                    std::abs(std::log((gIn(y, x) + 1.0) / (gOut(y, x) + 1.0))) +
                                    std::abs(std::log((hIn(y, x) + 0.5) / (hOut(y, x) + 0.5)));
                jumps[size_t(c)] = std::max(jumps[size_t(c)], jump);
                onHull[size_t(c)] = true;
            }
        }
    }
    double total = 0;
    int crossed = 0;
    auto& grid = entry.grids[size_t(FaceMapKind::Boundary)];
    for (int c = 0; c < kGridCells; ++c) {
        if (onHull[size_t(c)]) {
            total += jumps[size_t(c)];
            ++crossed;
        }
        grid[size_t(c)] = quantise(jumps[size_t(c)]);
    }
    if (crossed > 0)
        setMap(entry, FaceMapKind::Boundary, total / crossed);
}

// Intersection over union of two regions.
double overlapShare(const QRect& a, const QRect& b) {
    const QRect common = a.intersected(b);
    return double(common.width()) * common.height() /
           (double(a.width()) * a.height() + double(b.width()) * b.height() -
            double(common.width()) * common.height());
}

// Temporal flicker against the same face on the previous frame (`beforeLuma`, CV_32F crop, and
// `beforePoints` on it), aligned on stable points.
void addFlickerMap(const cv::Mat1f& luma, const FaceShape& shape, const cv::Mat& beforeLuma,
                   const std::array<cv::Point2f, 68>& beforePoints, FaceMapFrame& entry) {
    std::vector<cv::Point2f> from, to;
    for (int i : kStablePoints) {
        from.push_back(beforePoints[size_t(i)]);
        to.push_back(shape.points[size_t(i)]);
    }
    const cv::Mat similarity = cv::estimateAffinePartial2D(from, to, cv::noArray(), cv::LMEDS);
    if (similarity.empty())
        return;
    cv::Mat1f warped, residual;
    cv::warpAffine(beforeLuma, warped, similarity, luma.size(), cv::INTER_LINEAR,
                   cv::BORDER_REPLICATE);
    cv::absdiff(luma, warped, residual);
    // The median per cell: fresh noise fills a cell, misaligned edges do not.
    cv::Mat1f cells(kGridSize, kGridSize);
    std::vector<float> values(size_t(kCell * kCell));
    for (int c = 0; c < kGridCells; ++c) {
        const int y0 = (c / kGridSize) * kCell, x0 = (c % kGridSize) * kCell;
        for (int y = 0; y < kCell; ++y)
            std::copy_n(residual.ptr<float>(y0 + y) + x0, kCell, values.begin() + y * kCell);
        std::nth_element(values.begin(), values.begin() + long(values.size() / 2), values.end());
        cells(c / kGridSize, c % kGridSize) = values[values.size() / 2];
    }
    const double ref = medianOver(
        shape.ringCells, [&](int c) { return double(cells(c / kGridSize, c % kGridSize)); });
    double inside = 0;
    for (int c : shape.faceCells)
        inside += cells(c / kGridSize, c % kGridSize);
    inside /= double(shape.faceCells.size());
    auto& grid = entry.grids[size_t(FaceMapKind::Flicker)];
    for (int c = 0; c < kGridCells; ++c)
        grid[size_t(c)] =
            quantise(std::log((cells(c / kGridSize, c % kGridSize) + 1.0) / (ref + 1.0)));
    setMap(entry, FaceMapKind::Flicker, std::log((inside + 1.0) / (ref + 1.0)));
}

// Spectral: share of high-frequency energy per patch against the surroundings.
void addSpectralMap(const cv::Mat1f& luma, const cv::Mat1f& coverage, FaceMapFrame& entry) {
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
    auto& grid = entry.grids[size_t(FaceMapKind::Spectral)];
    for (int c = 0; c < kGridCells; ++c) {
        const int p = (c / kGridSize / 4) * kPatches + (c % kGridSize) / 4;
        grid[size_t(c)] = quantise(share[size_t(p)] - ref);
    }
    if (!inside.empty()) {
        double mean = 0;
        for (double v : inside)
            mean += v;
        entry.scalars[size_t(FaceMapKind::Spectral)] = float(mean / double(inside.size()) - ref);
    }
    entry.available |= uint8_t(bit(FaceMapKind::Spectral));
}

// What the colour map compares on a face: how much of each cell the inner face covers (bytes,
// 255 = all), and the reference cells, the face's own skin outside the inner face (cheeks,
// jaw), which turns with the head; the background does not.
struct SkinReference {
    cv::Mat innerBytes;
    std::vector<int> skinCells; // the ring instead when under 4
};

SkinReference skinReferenceOf(const FaceShape& shape) {
    SkinReference skin;
    cv::resize(shape.innerMask, skin.innerBytes, cv::Size(kGridSize, kGridSize), 0, 0,
               cv::INTER_AREA);
    for (int c : shape.faceCells) {
        if (skin.innerBytes.at<uchar>(c / kGridSize, c % kGridSize) < 26)
            skin.skinCells.push_back(c);
    }
    if (skin.skinCells.size() < 4)
        skin.skinCells = shape.ringCells;
    return skin;
}

// One chroma channel over the region (`plane`: its 8-bit pixels): each cell's mean against
// the skin's, and the inner face's mean against it.
struct ChromaCells {
    std::array<uint8_t, kGridCells> grid{};
    double inside = 0;
};

ChromaCells chromaCellsOf(const cv::Mat& plane, const FaceShape& shape, const SkinReference& skin) {
    cv::Mat1f values, cells;
    plane.convertTo(values, CV_32F);
    cv::resize(values, cells, cv::Size(kGridSize, kGridSize), 0, 0, cv::INTER_AREA);
    const double ref = medianOver(
        skin.skinCells, [&](int c) { return double(cells(c / kGridSize, c % kGridSize)); });
    double inside = 0;
    int n = 0;
    for (int c : shape.faceCells) {
        if (skin.innerBytes.at<uchar>(c / kGridSize, c % kGridSize) > 127) {
            inside += cells(c / kGridSize, c % kGridSize);
            ++n;
        }
    }
    ChromaCells out;
    out.inside = n ? inside / n - ref : 0.0;
    for (int c = 0; c < kGridCells; ++c)
        out.grid[size_t(c)] =
            quantise((cells(c / kGridSize, c % kGridSize) - ref) / kChromaLevelsPerUnit);
    return out;
}

// `region` (luma pixels of a `lumaSize` frame) on chroma planes of `chromaSize`, clipped to them.
cv::Rect chromaRect(const QRect& region, QSize lumaSize, cv::Size chromaSize) {
    const double fx = double(chromaSize.width) / lumaSize.width(),
                 fy = double(chromaSize.height) / lumaSize.height();
    return cv::Rect(int(region.x() * fx), int(region.y() * fy),
                    std::max(1, int(region.width() * fx)), std::max(1, int(region.height() * fy))) &
           cv::Rect(0, 0, chromaSize.width, chromaSize.height);
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
    const bool hasChroma = !cb.empty() && !cr.empty() && cb.size() == cr.size();
    std::vector<Previous> current;
    for (size_t faceIndex = 0; faceIndex < faces.size(); ++faceIndex) {
        const FaceObservation& face = faces[faceIndex];
        if (face.box.width() < m_parameters.minFaceWidth)
            continue;
        const QRect region = faceMapRegion(face.box, m_parameters.regionGrowth, m_frameSize);
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
        const FaceShape shape = faceShapeOf(face, region, sx, sy);
        if (shape.faceCells.empty())
            continue;
        addNoiseMap(roi, shape, entry);
        cv::Mat1f luma;
        crop.convertTo(luma, CV_32F);
        addBoundaryMap(
            luma, shape,
            std::max(2.0f, float(m_parameters.boundaryBandFraction * face.box.width()) * sx),
            entry);
        // The same face on the previous frame: the one whose region overlaps this one most.
        const Previous* before = nullptr;
        double bestOverlap = 0.3;
        for (const Previous& p : m_previous) {
            const double overlap = p.frame == frame - 1 ? overlapShare(p.region, region) : 0.0;
            if (overlap > bestOverlap) {
                bestOverlap = overlap;
                before = &p;
            }
        }
        if (before)
            addFlickerMap(luma, shape, before->crop, before->points, entry);
        addSpectralMap(luma, shape.coverage, entry);

        // Colour: each cell's mean chroma against the face's skin, per channel.
        RawColour colour;
        if (hasChroma) {
            const cv::Rect r = chromaRect(region, m_frameSize, cb.size());
            const SkinReference skin = skinReferenceOf(shape);
            for (int c : shape.faceCells)
                colour.face.set(size_t(c));
            for (int c : skin.skinCells)
                colour.skin.set(size_t(c));
            if (r.width >= kGridSize && r.height >= kGridSize) {
                float length2 = 0;
                for (size_t ch = 0; ch < 2; ++ch) {
                    const ChromaCells cells = chromaCellsOf((ch == 0 ? cb : cr)(r), shape, skin);
                    colour.grids[ch] = cells.grid;
                    colour.scalars[ch] = float(cells.inside);
                    length2 += float(cells.inside * cells.inside);
                }
                setMap(entry, FaceMapKind::Colour, std::sqrt(length2));
            }
        }

        m_entries.push_back(entry);
        m_colour.push_back(colour);
        current.push_back(Previous{region, luma, shape.points, frame});
    }
    m_previous = std::move(current);
}

namespace {

// Each entry's predecessor: the same face on the frame before (null when none).
std::vector<const FaceMapFrame*> predecessors(const std::vector<FaceMapFrame>& entries) {
    std::vector<const FaceMapFrame*> previous(entries.size(), nullptr);
    std::vector<size_t> lastByFace;
    for (size_t i = 0; i < entries.size(); ++i) {
        const FaceMapFrame& e = entries[i];
        if (size_t(e.face) >= lastByFace.size())
            lastByFace.resize(size_t(e.face) + 1, SIZE_MAX);
        size_t& last = lastByFace[size_t(e.face)];
        if (last != SIZE_MAX && entries[last].frame == e.frame - 1)
            previous[i] = &entries[last];
        last = i;
    }
    return previous;
}

// The maps are judged channel by channel: one per map, two for colour (Cb, Cr). A channel
// reads entry i's grid and scalar as measured, before normalisation.
struct MapChannel {
    FaceMapKind kind;
    std::function<const std::array<uint8_t, kGridCells>&(size_t)> grid;
    std::function<float(size_t)> scalar;
};

// A channel's level over the clip (median) in every cell and of its scalar, with their spreads.
struct ChannelLevels {
    std::array<MedianMad, kGridCells> cells{};
    MedianMad scalar;
};

// The clip's level of every cell of a channel and of its scalar, and its spread from one frame
// to the next (1.4826 x median |successive difference| / sqrt 2): a manipulated stretch moves
// the level for a while but hardly the frame-to-frame spread.
ChannelLevels channelLevels(const MapChannel& channel, const std::vector<FaceMapFrame>& entries,
                            const std::vector<const FaceMapFrame*>& previous) {
    const int k = int(channel.kind);
    std::vector<std::array<uint32_t, 256>> levels(kGridCells);
    std::vector<double> scalars, scalarSteps;
    uint64_t n = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        const FaceMapFrame& e = entries[i];
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
                const float before = channel.scalar(size_t(p - entries.data()));
                if (!std::isnan(before))
                    scalarSteps.push_back(std::abs(s - before));
            }
        }
    }
    ChannelLevels out;
    if (n == 0)
        return out;
    for (int c = 0; c < kGridCells; ++c)
        out.cells[size_t(c)] = fromHistogram(levels[size_t(c)], n);
    if (!scalars.empty()) {
        // The scalar's spread: its frame-to-frame change, but at least 0.5 x its spread over
        // the clip, so a slow drift (a head turning against the background) is not taken
        // for a manipulated stretch.
        MedianMad& m = out.scalar;
        m.median = stats::median(scalars);
        for (double& v : scalars)
            v = std::abs(v - m.median);
        const double level = stats::median(std::move(scalars));
        const double step =
            scalarSteps.empty() ? level : stats::median(std::move(scalarSteps)) / std::sqrt(2.0);
        m.mad = std::max(step, kLevelShare * level);
    }
    return out;
}

// |z| on 0..1: 0 up to zFloor, rising to 1 at zFloor + zSpan.
struct UnitScale {
    double floor = 0;
    double span = 1;
    double operator()(double z) const { return std::clamp((std::abs(z) - floor) / span, 0.0, 1.0); }
};

// One map of one entry on the unit scale, the larger of its channels: per cell and for the
// scalar (-1: no scalar).
struct MapUnits {
    std::array<double, kGridCells> cells{};
    double scalar = -1;
};

// Per channel of map `kind` on entry `i`, each cell's departure from its own clip median,
// judged against how far the frame's cells typically depart (1.4826 x their median
// |departure|): the cells that changed more than the rest of this face region. `face` and
// `skin`: the entry's colour cells.
MapUnits mapUnits(FaceMapKind kind, size_t i, const std::vector<MapChannel>& channels,
                  const std::vector<ChannelLevels>& levels, const std::bitset<kGridCells>& face,
                  const std::bitset<kGridCells>& skin, const UnitScale& unit) {
    MapUnits units;
    for (size_t h = 0; h < channels.size(); ++h) {
        if (channels[h].kind != kind)
            continue;
        const auto& grid = channels[h].grid(i);
        const bool colour = kind == FaceMapKind::Colour;
        std::array<double, kGridCells> departure{};
        std::vector<double> sizes;
        for (int c = 0; c < kGridCells; ++c) {
            const double median = levels[h].cells[size_t(c)].median;
            departure[size_t(c)] = grid[size_t(c)] - median;
            // Cells that never have a value (the boundary map away from the hull) are
            // left out of the typical departure; colour takes the skin cells only.
            if (colour ? skin.test(size_t(c)) : (grid[size_t(c)] != 128 || median != 128))
                sizes.push_back(std::abs(departure[size_t(c)]));
        }
        const double spread =
            sizes.empty() ? 2.0 : std::max(1.4826 * stats::median(std::move(sizes)), 2.0);
        for (int c = 0; c < kGridCells; ++c) {
            if (colour && !face.test(size_t(c)))
                continue;
            units.cells[size_t(c)] =
                std::max(units.cells[size_t(c)], unit(departure[size_t(c)] / spread));
        }
        const float s = channels[h].scalar(i);
        if (!std::isnan(s)) {
            const MedianMad& m = levels[h].scalar;
            const double scalarSpread = std::max(1.4826 * m.mad, 0.05 * std::abs(m.median) + 0.01);
            units.scalar = std::max(units.scalar, unit((s - m.median) / scalarSpread));
        }
    }
    return units;
}

} // namespace

FaceMapStore FaceMapper::finish(int64_t frameCount) {
    FaceMapStore store;
    store.frameCount = frameCount;
    store.frameSize = m_frameSize;
    const UnitScale unit{m_parameters.zFloor, std::max(m_parameters.zSpan, 1e-6)};
    const std::vector<const FaceMapFrame*> previous = predecessors(m_entries);
    std::vector<MapChannel> channels;
    for (int k = 1; k < int(FaceMapKind::Colour); ++k)
        channels.push_back(
            MapChannel{FaceMapKind(k),
                       [this, k](size_t i) -> const std::array<uint8_t, kGridCells>& {
                           return m_entries[i].grids[size_t(k)];
                       },
                       [this, k](size_t i) { return m_entries[i].scalars[size_t(k)]; }});
    for (size_t ch = 0; ch < 2; ++ch)
        channels.push_back(
            MapChannel{FaceMapKind::Colour,
                       [this, ch](size_t i) -> const std::array<uint8_t, kGridCells>& {
                           return m_colour[i].grids[ch];
                       },
                       [this, ch](size_t i) { return m_colour[i].scalars[ch]; }});
    std::vector<ChannelLevels> levels;
    for (const MapChannel& channel : channels)
        levels.push_back(channelLevels(channel, m_entries, previous));

    for (size_t i = 0; i < m_entries.size(); ++i) {
        FaceMapFrame& e = m_entries[i];
        std::array<double, kGridCells> fused{};
        double weights = 0;
        double fusedScalar = 0;
        int scalarMaps = 0;
        for (int k = 1; k <= int(FaceMapKind::Colour); ++k) {
            if (!(e.available & (1 << k)))
                continue;
            const MapUnits units = mapUnits(FaceMapKind(k), i, channels, levels, m_colour[i].face,
                                            m_colour[i].skin, unit);
            // A map whose scalar stands out on this frame leads the fused picture.
            const double weight = kBaseWeight + std::max(units.scalar, 0.0);
            auto& grid = e.grids[size_t(k)];
            for (int c = 0; c < kGridCells; ++c) {
                fused[size_t(c)] += weight * units.cells[size_t(c)];
                grid[size_t(c)] = uint8_t(std::lround(255.0 * units.cells[size_t(c)]));
            }
            weights += weight;
            if (units.scalar >= 0) {
                fusedScalar += units.scalar;
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

cv::Mat gridToImage(const std::array<uint8_t, kGridCells>& grid, cv::Size size) {
    const cv::Mat small(kGridSize, kGridSize, CV_8UC1, const_cast<uint8_t*>(grid.data()));
    cv::Mat out;
    cv::resize(small, out, size, 0, 0, cv::INTER_LINEAR);
    return out;
}

} // namespace fp
