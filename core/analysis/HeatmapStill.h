#pragma once

// Heatmap stills: a decoded frame with the fused face map blended over each face region
// (inferno colours; cells at the clip's usual level stay clear, any departure is at least a
// third opaque and the colour says how far). Used by `analyze --heatmaps` (PNG files) and by the
// report (figures of the top frames). Frames are presentation indices; pixels are the frame's
// own (full resolution).
// Colours and blending are HeatColours.h's, shared with the on-screen overlay.
// Thread-safety: pure functions; renderHeatmapStills() decodes on the calling thread.

#include "core/analysis/AnalysisPipeline.h"
#include "core/media/FrameIndex.h"
#include "models/Result.h"

#include <QImage>

#include <memory>
#include <vector>

namespace fp {

struct HeatmapStill {
    int64_t frame = 0;       // presentation index
    double score = kNoValue; // the `heatmap` signal's per-frame value
    QImage image;            // RGB888, the frame with the overlay
};

// Blends the fused map of every face mapped on `frame` over `image` (the decoded frame,
// converted to RGB888 if it is not already).
QImage blendHeatmap(QImage image, const FaceMapStore& maps, int64_t frame);

// The `count` frames with the highest heatmap score (topHeatmapFrames), decoded from `clip` and
// blended. Empty when the heatmap abstained.
Result<std::vector<HeatmapStill>>
renderHeatmapStills(const QString& clip, const std::shared_ptr<const FrameIndex>& index,
                    const AnalysisOutput& output, int count);

} // namespace fp
