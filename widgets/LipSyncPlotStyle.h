#pragma once

// Internal to the lip-sync plots (LipSyncPlotPainter.cpp, LipSyncPlotPaint.cpp): their colours,
// spacings and small helpers. Plain values and pure functions; any thread.

#include "widgets/Palette.h"
#include "widgets/PlotStyle.h"

#include <QColor>
#include <QCoreApplication>
#include <QRectF>
#include <QString>

#include <algorithm>
#include <cmath>

namespace fp {

// The dark plot look of SignalPlot, so the docks read as one family; or ink on white for the
// printed report.
struct LipSyncInk {
    QColor background;
    QColor laneBackground;
    QColor text;
    QColor dimText;
    QColor grid;
    QColor axisLine;
    QColor clipOffset;
    QColor laneShade; // the window under the playhead, the visible range
};

namespace lipsync {

inline LipSyncInk lipSyncInkOf(const palette::Surfaces& s) {
    return {s.background, s.plotLane, s.text,     s.dimText,
            s.grid,       s.axisLine, s.emphasis, s.laneBackground};
}
inline const LipSyncInk kScreenInk = lipSyncInkOf(palette::kScreen);
inline const LipSyncInk kPrintInk = lipSyncInkOf(palette::kPaper);

constexpr double kXLabelSpacing = 90.0; // px between frame labels, at least
constexpr double kYLabelSpacing = 26.0; // px between value labels, at least
constexpr int kLaneGap = 6;
constexpr int kVaryingFrames = 3; // judged windows this far apart: say the offset varies

// The panel's translation context, so the texts keep their translations.
struct LipSyncPanelText {
    Q_DECLARE_TR_FUNCTIONS(fp::LipSyncPanel)
};

inline QColor withAlpha(QColor colour, int alpha) {
    colour.setAlpha(std::clamp(alpha, 0, 255));
    return colour;
}

inline int decimalsFor(double step) {
    return std::clamp(int(-std::floor(std::log10(step) + 1e-9)), 0, 4);
}

// A step for time ticks, in seconds: decimal below a second, then clock-like steps.
inline double niceSecondsStep(double raw) {
    static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
    if (raw < 1.0)
        return plot::niceStep(raw);
    for (double s : steps) {
        if (s >= raw)
            return s;
    }
    return 3600.0 * std::ceil(raw / 3600.0);
}

// An axis label `w` wide centred at x in `row`, pulled in at either end (not dropped) so it
// stays between the plots' left edge and the right of a `totalWidth` wide area.
inline QRectF axisLabelRect(double x, int w, const QRect& row, int left, int totalWidth) {
    const double x0 = std::clamp(x - w / 2.0, double(left) - 3.0, double(totalWidth - w - 2));
    return QRectF(x0 - 1, row.top(), w + 2, row.height());
}

} // namespace lipsync
} // namespace fp
