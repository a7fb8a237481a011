#pragma once

// What the plots (SignalPlot, LipSyncPanel) and the timeline share: the playhead's colour and
// axis steps that read well. GUI thread only (QColor is a plain value; the functions are pure).

#include <QColor>

#include <cmath>

namespace fp::plot {

inline const QColor kPlayhead(0xff, 0xa8, 0x00);

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
