#pragma once

// What the plots (SignalPlot, LipSyncPanel) and the timeline share besides their colours
// (widgets/Palette.h): axis steps that read well, and translucency made opaque. GUI thread only
// (QColor is a plain value; the functions are pure).

#include <QColor>

#include <cmath>

namespace fp::plot {

// `colour` at `alpha` (0..255) over `background`, as one opaque colour: what a translucent fill
// looks like, without transparency (PDF/A-1b has none, so the report needs this).
inline QColor over(const QColor& colour, int alpha, const QColor& background) {
    const auto mix = [alpha](int c, int b) { return (c * alpha + b * (255 - alpha) + 127) / 255; };
    return QColor(mix(colour.red(), background.red()), mix(colour.green(), background.green()),
                  mix(colour.blue(), background.blue()));
}

// 1, 2 or 5 times a power of ten, at least `raw`.
inline double niceStep(double raw) {
    if (!(raw > 0.0) || !std::isfinite(raw))
        return 1.0;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    const double normalised = raw / magnitude;
    const double step = normalised <= 1.0   ? 1.0
                        : normalised <= 2.0 ? 2.0
                        : normalised <= 5.0 ? 5.0
                                            : 10.0;
    return step * magnitude;
}

} // namespace fp::plot
