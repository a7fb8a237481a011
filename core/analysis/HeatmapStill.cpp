#include "core/analysis/HeatmapStill.h"

#include "core/analysis/HeatColours.h"
#include "core/media/VideoDecoder.h"

namespace fp {

QImage blendHeatmap(QImage image, const FaceMapStore& maps, int64_t frame) {
    if (image.format() != QImage::Format_RGB888)
        image = image.convertToFormat(QImage::Format_RGB888);
    for (const FaceMapFrame& e : maps.at(frame))
        blendFaceMap(image, e.region, e.grids[size_t(FaceMapKind::Fused)]);
    return image;
}

Result<std::vector<HeatmapStill>>
renderHeatmapStills(const QString& clip, const std::shared_ptr<const FrameIndex>& index,
                    const AnalysisOutput& output, int count) {
    std::vector<HeatmapStill> stills;
    const SignalResult* heat = output.result.signal(QStringLiteral("heatmap"));
    if (!heat || heat->abstained || count <= 0)
        return stills;
    auto decoder = VideoDecoder::open(clip, index);
    if (!decoder)
        return decoder.error();
    for (int64_t f : topHeatmapFrames(heat->perFrame, count)) {
        auto frame = (*decoder)->decode(f);
        if (!frame)
            return frame.error();
        stills.push_back(HeatmapStill{f, heat->perFrame[size_t(f)],
                                      blendHeatmap((*frame)->toImage(), output.maps, f)});
    }
    return stills;
}

} // namespace fp
