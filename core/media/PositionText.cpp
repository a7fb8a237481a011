#include "core/media/PositionText.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace fp {

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
