#include "core/analysis/HeatmapStill.h"

#include "core/media/VideoDecoder.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace fp {

QImage blendHeatmap(QImage image, const FaceMapStore& maps, int64_t frame) {
    if (image.format() != QImage::Format_RGB888)
        image = image.convertToFormat(QImage::Format_RGB888);
    for (const FaceMapFrame& e : maps.at(frame)) {
        const QRect r = e.region.intersected(image.rect());
        if (r.isEmpty())
            continue;
        const cv::Mat grid = gridToImage(e.grids[size_t(FaceMapKind::Fused)],
                                         cv::Size(e.region.width(), e.region.height()));
        cv::Mat colours;
        cv::applyColorMap(grid, colours, cv::COLORMAP_INFERNO); // BGR
        for (int y = r.top(); y <= r.bottom(); ++y) {
            uchar* px = image.scanLine(y) + 3 * r.x();
            const uchar* v = grid.ptr<uchar>(y - e.region.y()) + (r.x() - e.region.x());
            const uchar* c = colours.ptr<uchar>(y - e.region.y()) + 3 * (r.x() - e.region.x());
            for (int x = 0; x < r.width(); ++x, px += 3, c += 3) {
                // Any departure shows (a third opaque at least); the colour says how far.
                const double a = v[x] ? 0.35 + 0.5 * v[x] / 255.0 : 0.0;
                for (int ch = 0; ch < 3; ++ch)
                    px[ch] = uchar(std::lround((1 - a) * px[ch] + a * c[2 - ch]));
            }
        }
    }
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
