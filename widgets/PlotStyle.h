#pragma once

// What the plots (SignalPlot, LipSyncPanel) and the timeline share: the playhead's colour and
// axis steps that read well. GUI thread only (QColor is a plain value; the functions are pure).

#include <QColor>

#include <cmath>

namespace fp::plot {

inline const QColor kPlayhead(0xff, 0xa8, 0x00);

// `colour` at `alpha` (0..255) over `background`, as one opaque colour: what a translucent fill
// looks like, without transparency (PDF/A-1b has none, so the report needs this).
inline QColor over(const QColor& colour, int alpha, const QColor& background) {
    const auto mix = [alpha](int c, int b) { return (c * alpha + b * (255 - alpha) + 127) / 255; };
    return QColor(mix(colour.red(), background.red()), mix(colour.green(), background.green()),
                  mix(colour.blue(), background.blue()));
}

// Ink on white for printed figures (the report), where the workstation draws light on dark.
struct PrintColours {
    QColor background{0xff, 0xff, 0xff};
    QColor lane{0xf4, 0xf5, 0xf7};
    QColor text{0x22, 0x26, 0x2b};
    QColor dimText{0x6a, 0x70, 0x78};
    QColor grid{0xe2, 0xe5, 0xe9};
    QColor axisLine{0x9a, 0xa0, 0xa8};
};
inline const PrintColours kPrint{};

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
