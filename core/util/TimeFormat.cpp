#include "core/util/TimeFormat.h"

#include <QRegularExpression>

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

int64_t parsePosition(const QString& input, const FrameIndex& index) {
    if (index.empty())
        return -1;
    const QString text = input.trimmed();
    const int64_t last = index.size() - 1;
    static const QRegularExpression frameRe(QStringLiteral("^#?(\\d+)$"));
    static const QRegularExpression timecodeRe(
        QStringLiteral("^(\\d+):(\\d{1,2}):(\\d{1,2})[:;](\\d{1,3})$"));
    static const QRegularExpression secondsRe(QStringLiteral("^(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*s?$"));
    static const QRegularExpression clockRe(
        QStringLiteral("^(?:(\\d+):)?(\\d{1,2}):(\\d{1,2}(?:\\.\\d*)?)$"));
    if (auto m = frameRe.match(text); m.hasMatch())
        return std::clamp<int64_t>(m.captured(1).toLongLong(), 0, last);
    if (auto m = timecodeRe.match(text); m.hasMatch()) {
        const int64_t fps = std::max<int64_t>(1, std::llround(index.nominalFrameRate.toDouble()));
        const int64_t frame = ((m.captured(1).toLongLong() * 60 + m.captured(2).toLongLong()) * 60 +
                               m.captured(3).toLongLong()) *
                                  fps +
                              m.captured(4).toLongLong();
        return std::clamp<int64_t>(frame, 0, last);
    }
    if (auto m = secondsRe.match(text);
        m.hasMatch() && (text.contains(QLatin1Char('.')) || text.endsWith(QLatin1Char('s'))))
        return index.indexAtSeconds(m.captured(1).toDouble());
    if (auto m = clockRe.match(text); m.hasMatch()) {
        const double seconds = (m.captured(1).toDouble() * 60 + m.captured(2).toDouble()) * 60 +
                               m.captured(3).toDouble();
        return index.indexAtSeconds(seconds);
    }
    return -1;
}

} // namespace fp
