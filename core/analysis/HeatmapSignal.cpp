// The `heatmap` signal (declared in FaceMaps.h): the fused face-map score per frame, smoothed,
// with its top frames and findings.

#include "core/analysis/FaceMaps.h"

#include "core/analysis/SeriesStats.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace fp {

namespace {

// The face maps' translation context: these strings moved here from FaceMaps.cpp.
struct FaceMapsText {
    Q_DECLARE_TR_FUNCTIONS(fp::FaceMaps)
};

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
    s.title = FaceMapsText::tr("Manipulation heatmap");
    s.unit = FaceMapsText::tr("score 0-1");
    s.reference = QStringLiteral(
        "Mahdian & Saic 2009 (noise); Li et al., Face X-ray, CVPR 2020 (blending boundary); "
        "Durall et al. 2020, Frank et al. 2020 (spectral); colour: skin-tone difference between "
        "the "
        "inner face and the rest of the face (Cb/Cr)");
    s.limits = FaceMapsText::tr(
        "Each map is judged against the clip's own behaviour, so a manipulation "
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
        s.reason = FaceMapsText::tr("no face");
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
            FaceMapsText::tr(
                "Frames %1-%2: the face's noise, blending boundary, flicker, spectrum and colour "
                "maps together depart from the rest of the clip (peak score %3 of 1).")
                .arg(run.first)
                .arg(run.last)
                .arg(run.peak, 0, 'f', 2)});
    }
    s.reason = s.findings.empty()
                   ? FaceMapsText::tr("no face region departs from the clip's usual maps")
                   : FaceMapsText::tr("%n frame range(s) with unusual face maps", nullptr,
                                      int(s.findings.size()));
    return s;
}

} // namespace fp
