#pragma once

// Analytic manipulation maps per face and frame (DESIGN.md, Analyses: noise residual, blending
// boundary, temporal flicker, spectral) and the `heatmap` signal fused from them.
//
// For every face the tracker observed on a frame, the region = the face box grown by
// `regionGrowth` (face plus surroundings), clamped to the frame, is cut on a `kGridSize` x
// `kGridSize` grid of cells, and four maps are computed on that grid:
// - noise: sigma of the finest Haar diagonal band (HH) per cell (see below), at the
//   frame's own resolution; map = log((sigma_cell + 0.25) / (median sigma of the surroundings
//   cells + 0.25)); scalar = the same for the median sigma of the face cells.
//   (Mahdian & Saic 2009.)
// - boundary: a band of +/- `boundaryBandFraction` of the face width on both sides of the
//   convex hull of the 68 landmarks and of the inner-face hull (points 17..67, which many swaps
//   blend); per cell (with its 8 neighbours) the jump across the hull line in mean luma / 8,
//   |log| gradient-magnitude ratio and |log| high-pass-level ratio, the larger of the two hulls;
//   0 away from them; scalar = mean jump over the cells a hull crosses. Luma only (no Lab). (Li et
//   al., Face X-ray, CVPR 2020.)
// - flicker: the previous frame's crop of the same face is aligned onto this one with a
//   similarity fitted to the stable landmarks (eye corners, nose); map = log((median |residual| of
//   the cell + 1) / (median residual of the surroundings + 1)); scalar = the same for the face
//   interior as a whole. Missing (0, no value) on a face's first frame or after a gap.
// - spectral: Hann-windowed power spectra of 4 x 4 patches (each covering 4 x 4 cells); per
//   patch the share of energy in the top 25 % of radial frequencies; map = log(share /
//   median share of the surroundings patches); scalar = the mean of that over the face
//   patches. (Durall et al. 2020; Frank et al. 2020.)
// - colour: the mean chroma (Cb and Cr of the decoded picture, 8-bit) of each cell minus the
//   median of the surroundings cells, per channel; scalar = the same for the mean over the face
//   cells. A pasted face is often graded to a slightly different skin tone than the head it
//   sits on, which luma-only maps miss. Judged per channel (see the fusion rule; the larger of
//   the two counts); the stored scalar is the length of the (Cb, Cr) difference in levels. No
//   value for pictures that are not 8-bit planar YUV. (Li et al., Face X-ray, use Lab colour
//   across the boundary; Cb/Cr are what the codec stores, so they cost no conversion.)
// "Face cells" are the cells the landmark hull covers by more than half, "surroundings" those
// it covers by less than 2 % (patches: less than 10 %); when there are too few, all cells.
// Each map is stored quantised to uint8 (128 + `kQuantum` x value, clamped), so the clip's
// distribution of every cell of every map is a histogram.
//
// Fusion rule (finish()), with u(z) = clamp((|z| - 2) / 4, 0, 1) (within 2 robust SD: 0; 6 SD or
// more: 1):
// - maps ("where"): per cell c of map k, the departure d = v - (the clip's median of that cell,
//   from its histogram); z = d / max(1.4826 x the median |d| over the frame's cells that have a
//   value, 2 quanta), i.e. the cells that changed more than the rest of this face region. The
//   stored map grids become 255 u; the fused grid = 255 x the weighted mean of u (below) over the
//   maps that have a value on that frame.
// - per frame ("when"): each map's scalar against the clip: z = (s - clip median) / max(1.4826 x
//   median |s(t) - s(t-1)| / sqrt 2 (the frame-to-frame spread, which a manipulated stretch
//   hardly changes), 0.5 x 1.4826 x median |s - clip median| (a share of the clip's spread, so
//   slow drifts as the head turns do not count), 5 % of |median| + 0.01); colour takes the
//   larger u of Cb and Cr; fused = mean of u over the available maps; the frame's score is the
//   largest over its faces.
// - colour has values on the face cells only (skin tone means nothing on the background); their
//   departures are judged against the typical departure of the frame's skin cells (the face
//   outside the inner face, the colour map's reference), at least 2 quanta.
// - the fused grid weights each map by how unusual its scalar is on that frame: weight = 0.25 +
//   u(scalar z), so on a frame where one map stands out, its "where" leads the picture.
// The noise sigma uses the mean of the lower 90 % of |HH| x 1.2533 instead of the median: on
// much compressed video most HH coefficients are 0 and the median says nothing.
//
// Memory: per face-frame the region rect, 7 grids of 256 bytes and 7 floats (~1.8 KB), plus
// 0.6 KB of raw chroma until finish(); one hour at 30 frames/s with one face is about 200 MB.
// Cost: about 9 ms per face-frame at 1080p on one core (crop work at 256 x 256 px).
// Coordinates are full-resolution frame pixels; frames are presentation indices.
// Thread-safety: FaceMapper belongs to one thread; FaceMapStore is a plain value (share const).

#include "core/analysis/AnalysisResult.h"
#include "core/analysis/FaceTracks.h"

#include <opencv2/core/mat.hpp>

#include <QRect>
#include <QRectF>
#include <QSize>

#include <array>
#include <bitset>
#include <cstdint>
#include <span>
#include <vector>

namespace fp {

inline constexpr int kGridSize = 16;
inline constexpr int kGridCells = kGridSize * kGridSize;

// Detector: the first learned detector's Grad-CAM (DetectorSignal.h), not part of the fusion.
enum class FaceMapKind : int { Fused = 0, Noise, Boundary, Flicker, Spectral, Colour, Detector };
inline constexpr int kFaceMapKinds = 7;
inline constexpr double kQuantum = 40.0; // quantisation steps per unit of a map's log value

struct FaceMapFrame {
    int64_t frame = 0; // presentation index
    int face = 0;      // 0-based, order of the tracker's observations on this frame
    QRect region;      // frame pixels, the area the grid covers
    // Row-major grids, kGridSize x kGridSize, indexed by FaceMapKind. After FaceMapper::finish():
    // 0..255 = how far the cell is outside the clip's usual (see the fusion rule).
    std::array<std::array<uint8_t, kGridCells>, kFaceMapKinds> grids{};
    // Per-frame scalars, indexed by FaceMapKind; NaN = no value. [Fused] is 0..1.
    std::array<float, kFaceMapKinds> scalars{};
    // Bit k set: map k has a value on this frame (flicker needs a previous frame).
    uint8_t available = 0;
};

struct FaceMapStore {
    int64_t frameCount = 0;
    QSize frameSize;                   // px, what the regions are in
    std::vector<FaceMapFrame> entries; // ordered by frame, then face
    // The entries of `frame` (empty when no face was mapped on it).
    std::span<const FaceMapFrame> at(int64_t frame) const;
};

// The area a face's maps cover: `box` grown by `growth` about its centre, clamped to the frame,
// even-sized; empty when under 2 x kGridSize px either way.
QRect faceMapRegion(const QRectF& box, double growth, QSize frameSize);

struct FaceMapParameters {
    double regionGrowth = 1.4;          // region side / face box side
    double boundaryBandFraction = 0.08; // of the face box width, each side of the hull
    double zFloor = 2.0;                // |z| at or below: 0
    double zSpan = 4.0;                 // ...rising to 1 at zFloor + zSpan
    int minFaceWidth = 40;              // px: smaller faces are not mapped
};

class FaceMapper {
public:
    explicit FaceMapper(FaceMapParameters parameters = {});
    // `gray`: the full-resolution 8-bit luma of `frame`; `cb`, `cr`: its 8-bit chroma planes at
    // their own (possibly subsampled) resolution, or empty (no colour map); `faces`: what the
    // tracker observed on it. Cost: a few ms per face at 1080p.
    void process(int64_t frame, const cv::Mat& gray, const cv::Mat& cb, const cv::Mat& cr,
                 const std::vector<FaceObservation>& faces);
    void process(int64_t frame, const cv::Mat& gray, const std::vector<FaceObservation>& faces) {
        process(frame, gray, cv::Mat(), cv::Mat(), faces);
    }
    // Normalises every map against the clip's own distribution and fuses (see above).
    FaceMapStore finish(int64_t frameCount);

private:
    struct Previous {
        QRect region;
        cv::Mat crop;                       // CV_32F working-size luma of that region
        std::array<cv::Point2f, 68> points; // in crop pixels
        int64_t frame = -1;
    };
    // Chroma maps and scalars before normalisation, one per entry of m_entries.
    struct RawColour {
        std::array<std::array<uint8_t, kGridCells>, 2> grids{}; // Cb, Cr
        std::array<float, 2> scalars{};
        std::bitset<kGridCells> face; // cells the landmark hull covers by more than half
        std::bitset<kGridCells> skin; // face cells outside the inner face (the reference)
    };
    FaceMapParameters m_parameters;
    std::vector<FaceMapFrame> m_entries;
    std::vector<RawColour> m_colour;
    std::vector<Previous> m_previous; // faces of the last processed frame
    QSize m_frameSize;
};

struct HeatmapParameters {
    int smoothingFrames = 9;    // running median of the per-frame score (odd)
    double findingScore = 0.25; // a frame's fused score at or above this is unusual...
    int findingMinFrames = 5;   // ...for at least this many consecutive frames
    int topFrames = 10;         // listed in details...
    int topFramesApart = 10;    // ...at least this many frames apart
};

// The `heatmap` signal: per-frame fused score (0..1; the largest over the frame's faces, then a
// centred running median over `smoothingFrames`), clip score = its 99th percentile, details
// with each map's clip mean of its per-frame scalar and the top frames; abstains without faces.
SignalResult heatmapSignal(const FaceMapStore& maps, const HeatmapParameters& parameters = {});

// The `count` frames with the highest score in `perFrame` (the `heatmap` signal's), highest
// first (ties: earlier first), each at least `minSeparation` frames from those before it;
// frames without a value are skipped.
std::vector<int64_t> topHeatmapFrames(const std::vector<double>& perFrame, int count,
                                      int minSeparation = 10);

// A grid as an 8-bit image of `size` (bilinear), for overlays.
cv::Mat gridToImage(const std::array<uint8_t, kGridCells>& grid, cv::Size size);

} // namespace fp
