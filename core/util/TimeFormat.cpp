#include "core/util/TimeFormat.h"

#include <algorithm>
#include <cmath>

namespace fp {

QString formatTimecode(int64_t frameIndex, Rational nominalFrameRate) {
    const int64_t fps = std::max<int64_t>(1, std::llround(nominalFrameRate.toDouble()));
    const int64_t frames = frameIndex % fps;
    const int64_t totalSeconds = frameIndex / fps;
    return QStringLiteral("%1:%2:%3:%4")
        .arg(totalSeconds / 3600, 2, 10, QLatin1Char('0'))
        .arg((totalSeconds / 60) % 60, 2, 10, QLatin1Char('0'))
        .arg(totalSeconds % 60, 2, 10, QLatin1Char('0'))
        .arg(frames, 2, 10, QLatin1Char('0'));
}

QString formatSeconds(double seconds) {
    const bool negative = seconds < 0;
    const auto ms = int64_t(std::llround(std::abs(seconds) * 1000.0));
    return QStringLiteral("%1%2:%3:%4.%5")
        .arg(negative ? QStringLiteral("-") : QString())
        .arg(ms / 3600000)
        .arg((ms / 60000) % 60, 2, 10, QLatin1Char('0'))
        .arg((ms / 1000) % 60, 2, 10, QLatin1Char('0'))
        .arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

} // namespace fp
