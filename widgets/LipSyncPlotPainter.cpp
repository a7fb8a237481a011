#include "widgets/LipSyncPlotPainter.h"

#include "core/util/FrameWindow.h"
#include "widgets/LipSyncPlotStyle.h"

#include <QFontMetrics>

#include <algorithm>
#include <cmath>
#include <tuple>

namespace fp {

using namespace lipsync;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Robust low and high of the finite values (1st and 99th percentile); NaN when there are none.
std::pair<double, double> robustRange(const std::vector<double>& values) {
    std::vector<double> finite;
    finite.reserve(values.size());
    for (double v : values) {
        if (std::isfinite(v))
            finite.push_back(v);
    }
    if (finite.empty())
        return {kNaN, kNaN};
    const size_t lowIndex = finite.size() / 100;
    const size_t highIndex = finite.size() - 1 - finite.size() / 100;
    std::nth_element(finite.begin(), finite.begin() + lowIndex, finite.end());
    const double low = finite[lowIndex];
    std::nth_element(finite.begin(), finite.begin() + highIndex, finite.end());
    double high = finite[highIndex];
    if (high - low <= std::abs(high) * 1e-9)
        high = low + (low != 0.0 ? std::abs(low) * 0.1 : 1.0);
    const double pad = (high - low) * 0.08;
    return {low - pad, high + pad};
}

} // namespace

QString signedNumber(long long value) {
    return value > 0 ? QStringLiteral("+%1").arg(value) : QString::number(value);
}

LipSyncPlotPainter::LipSyncPlotPainter()
    : m_ink(&kScreenInk) {}

void LipSyncPlotPainter::setPrintAppearance(bool print) {
    m_ink = print ? &kPrintInk : &kScreenInk;
}

void LipSyncPlotPainter::setSize(const QSize& size) {
    m_size = size;
}

void LipSyncPlotPainter::setFont(const QFont& font) {
    m_font = font;
    m_layoutSize = QSize(); // measure again
}

QFont LipSyncPlotPainter::smallFont() const {
    QFont f = m_font;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.9));
    else if (f.pixelSize() > 0)
        f.setPixelSize(std::max(9, int(std::lround(f.pixelSize() * 0.9))));
    return f;
}

void LipSyncPlotPainter::setResult(const LipSyncResult* result, qint64 frameCount) {
    m_result = result;
    m_frames = result ? frameCount : 0;
    ++m_revision;
    m_speechRuns.clear();
    m_tiles.clear();
    m_audioLow = m_audioHigh = m_mouthLow = m_mouthHigh = kNaN;
    m_currentWindow = -1;
    m_offsetLimit = 5.0;
    if (result) {
        std::tie(m_audioLow, m_audioHigh) = robustRange(result->audioEnergy);
        std::tie(m_mouthLow, m_mouthHigh) = robustRange(result->mouthOpening);
        qint64 runStart = -1;
        const qint64 speechFrames = qint64(result->speech.size());
        for (qint64 f = 0; f <= speechFrames; ++f) {
            const bool on = f < speechFrames && result->speech[size_t(f)];
            if (on && runStart < 0)
                runStart = f;
            else if (!on && runStart >= 0) {
                m_speechRuns.emplace_back(runStart, f - 1);
                runStart = -1;
            }
        }
        // Each window over the part of the clip nearest its centre.
        std::vector<std::pair<double, int>> centres;
        double largest = std::abs(double(result->offsetFrames));
        for (size_t i = 0; i < result->windows.size(); ++i) {
            const LipSyncWindow& w = result->windows[i];
            centres.emplace_back((double(w.startFrame) + double(w.endFrame) + 1.0) / 2.0, int(i));
            largest = std::max(largest, std::abs(double(w.offsetFrames)));
        }
        std::sort(centres.begin(), centres.end());
        for (size_t i = 0; i < centres.size(); ++i) {
            const LipSyncWindow& w = result->windows[size_t(centres[i].second)];
            Tile tile;
            tile.window = centres[i].second;
            tile.from = i == 0 ? double(w.startFrame)
                               : std::max(double(w.startFrame),
                                          (centres[i - 1].first + centres[i].first) / 2.0);
            tile.to = i + 1 == centres.size()
                          ? double(w.endFrame) + 1.0
                          : std::min(double(w.endFrame) + 1.0,
                                     (centres[i].first + centres[i + 1].first) / 2.0);
            if (tile.to > tile.from)
                m_tiles.push_back(tile);
        }
        m_offsetLimit = std::max(5.0, std::ceil(largest * 1.5 + 2.0));
        if (result->maxLagFrames > 0)
            m_offsetLimit = std::min(m_offsetLimit, double(result->maxLagFrames) + 1.0);
    }
    m_first = 0;
    m_last = std::max<qint64>(m_frames - 1, 0);
}

bool LipSyncPlotPainter::setPlayhead(qint64 frame) {
    m_playhead = frame;
    // Follow the playhead when it leaves a zoomed view: page to keep it in sight.
    if (m_frames > 0 && (frame < m_first || frame > m_last) && m_last - m_first + 1 < m_frames) {
        const qint64 span = m_last - m_first + 1;
        setVisibleRange(frame - span / 10, frame - span / 10 + span - 1);
        return true;
    }
    return false;
}

void LipSyncPlotPainter::setVisibleRange(qint64 first, qint64 last) {
    const FrameWindow window = FrameWindow::clamped(first, last, m_frames);
    m_first = window.first;
    m_last = window.last;
}

bool LipSyncPlotPainter::setFrameArea(int left, int right) {
    if (left < 0 || right <= left)
        left = right = -1;
    if (left == m_areaLeft && right == m_areaRight)
        return false;
    m_areaLeft = left;
    m_areaRight = right;
    m_layoutSize = QSize(); // lay out again
    return true;
}

int LipSyncPlotPainter::roomLeft() const {
    const QFontMetrics fm(m_font);
    const QFontMetrics small(smallFont());
    return std::max(small.horizontalAdvance(QStringLiteral("-0.000")),
                    fm.horizontalAdvance(LipSyncPanelText::tr("frames"))) +
           14;
}

int LipSyncPlotPainter::roomRight() const {
    const QFontMetrics fm(m_font);
    const QFontMetrics small(smallFont());
    return std::max(small.horizontalAdvance(QStringLiteral("-1000")),
                    fm.horizontalAdvance(LipSyncPanelText::tr("ms"))) +
           14;
}

const LipSyncPlotPainter::Layout& LipSyncPlotPainter::layoutRects() const {
    if (m_layoutSize != m_size) {
        m_layout = computeLayout();
        m_layoutSize = m_size;
    }
    return m_layout;
}

LipSyncPlotPainter::Layout LipSyncPlotPainter::computeLayout() const {
    const QFontMetrics fm(m_font);
    const QFontMetrics small(smallFont());
    Layout l;
    if (m_areaLeft >= 0) {
        l.left = m_areaLeft;
        l.right = m_areaRight;
    } else {
        l.left = roomLeft();
        l.right = m_size.width() - roomRight();
    }
    const int titleHeight = fm.height() + 6;
    const int axisRow = small.height() + 4;
    const int axisHeight = 2 * axisRow + 6;
    const int available =
        std::max(40, m_size.height() - 2 * titleHeight - axisHeight - kLaneGap - 2);
    const int offsetsHeight = available * 2 / 5;
    const int width = std::max(1, l.right - l.left);
    int y = 1;
    l.offsetsTitle = QRect(0, y, m_size.width(), titleHeight);
    y += titleHeight;
    l.offsets = QRect(l.left, y, width, offsetsHeight);
    y += offsetsHeight + kLaneGap;
    l.curvesTitle = QRect(0, y, m_size.width(), titleHeight);
    y += titleHeight;
    l.curves = QRect(l.left, y, width, available - offsetsHeight);
    y += available - offsetsHeight;
    l.frameAxis = QRect(l.left, y + 4, width, axisRow);
    l.timeAxis = QRect(l.left, y + 4 + axisRow, width, axisRow);
    return l;
}

QRectF LipSyncPlotPainter::plotColumn() const {
    const Layout& l = layoutRects();
    return QRectF(l.left, 0, std::max(1, l.right - l.left), m_size.height());
}

qint64 LipSyncPlotPainter::frameAtX(double x) const {
    if (m_frames <= 0)
        return -1;
    const QRectF area = plotColumn();
    const double span = double(m_last - m_first + 1);
    const double frame = double(m_first) + (x - area.left()) / area.width() * span;
    return std::clamp<qint64>(qint64(std::floor(frame)), 0, m_frames - 1);
}

double LipSyncPlotPainter::xOfEdge(double frame) const {
    const QRectF area = plotColumn();
    const double span = double(std::max<qint64>(m_last - m_first + 1, 1));
    return area.left() + (frame - double(m_first)) / span * area.width();
}

double LipSyncPlotPainter::msOfFrames(double frames) const {
    return m_result && m_result->fps > 0 ? frames * 1000.0 / m_result->fps : kNaN;
}

double LipSyncPlotPainter::frameStep() const {
    const double span = double(m_last - m_first + 1);
    return std::max(
        1.0, plot::niceStep(span * kXLabelSpacing / std::max(1, layoutRects().curves.width())));
}

const DecimatedSeries& LipSyncPlotPainter::audio() {
    ensureDecimated();
    return m_audioDrawn;
}

const DecimatedSeries& LipSyncPlotPainter::mouth() {
    ensureDecimated();
    return m_mouthDrawn;
}

void LipSyncPlotPainter::ensureDecimated() {
    const int columns = std::max(2, layoutRects().curves.width());
    const Key key{m_revision, m_first, m_last, columns, m_shift};
    if (key == m_key)
        return;
    m_key = key;
    m_audioDrawn = {};
    m_mouthDrawn = {};
    if (!m_result || m_frames <= 0)
        return;
    // The audio shown at screen frame f is the audio of frame f + shift.
    m_audioDrawn =
        decimateMinMax(m_result->audioEnergy, m_first + m_shift, m_last + m_shift, columns);
    if (m_shift != 0) {
        for (QList<QPointF>& segment : m_audioDrawn.segments) {
            for (QPointF& point : segment)
                point.rx() -= m_shift;
        }
        for (QPointF& point : m_audioDrawn.dots)
            point.rx() -= m_shift;
    }
    m_mouthDrawn = decimateMinMax(m_result->mouthOpening, m_first, m_last, columns);
}

double LipSyncPlotPainter::secondsAtFrame(double frame) const {
    if (m_index && !m_index->empty()) {
        const int64_t f = std::clamp<int64_t>(int64_t(std::floor(frame)), 0, m_index->size() - 1);
        const double t0 = m_index->secondsAt(f);
        const double t1 = f + 1 < m_index->size()
                              ? m_index->secondsAt(f + 1)
                              : t0 + (m_result && m_result->fps > 0 ? 1.0 / m_result->fps : 0.0);
        return t0 + (frame - double(f)) * (t1 - t0);
    }
    return m_result && m_result->fps > 0 ? frame / m_result->fps : kNaN;
}

double LipSyncPlotPainter::frameAtSeconds(double seconds) const {
    if (m_index && !m_index->empty()) {
        const int64_t f = m_index->indexAtSeconds(seconds);
        const double t0 = m_index->secondsAt(f);
        const double t1 = f + 1 < m_index->size() ? m_index->secondsAt(f + 1) : t0;
        return double(f) + (t1 > t0 ? std::clamp((seconds - t0) / (t1 - t0), 0.0, 1.0) : 0.0);
    }
    return m_result && m_result->fps > 0 ? seconds * m_result->fps : kNaN;
}

int LipSyncPlotPainter::tileAt(double frame) const {
    auto it = std::upper_bound(m_tiles.begin(), m_tiles.end(), frame,
                               [](double f, const Tile& t) { return f < t.to; });
    if (it == m_tiles.end() || frame < it->from)
        return -1;
    return int(it - m_tiles.begin());
}

QString LipSyncPlotPainter::windowText(int window) const {
    const LipSyncWindow& w = m_result->windows[size_t(window)];
    QString text = LipSyncPanelText::tr("Window frames %1–%2").arg(w.startFrame).arg(w.endFrame);
    const double t0 = secondsAtFrame(double(w.startFrame));
    const double t1 = secondsAtFrame(double(w.endFrame) + 1.0);
    if (std::isfinite(t0) && std::isfinite(t1))
        text += LipSyncPanelText::tr(" (%1–%2 s)").arg(t0, 0, 'f', 2).arg(t1, 0, 'f', 2);
    if (w.judged) {
        const double ms = msOfFrames(w.offsetFrames);
        text += QLatin1Char('\n') +
                LipSyncPanelText::tr("Offset %1 frames").arg(signedNumber(w.offsetFrames));
        if (std::isfinite(ms))
            text += LipSyncPanelText::tr(" (%1 ms)").arg(signedNumber(std::llround(ms)));
        text +=
            QLatin1Char('\n') + LipSyncPanelText::tr("Confidence %1").arg(w.confidence, 0, 'f', 2);
    } else {
        text += QLatin1Char('\n') +
                LipSyncPanelText::tr("Not judged: too little speech or no face in this window");
    }
    text += QLatin1Char('\n') +
            LipSyncPanelText::tr("Speech %1 % of the window").arg(qRound(w.speechShare * 100.0));
    return text;
}

QString LipSyncPlotPainter::toolTipAt(const QPoint& pos) const {
    if (!m_result || m_frames <= 0)
        return {};
    const Layout l = layoutRects();
    if (l.offsets.adjusted(0, -2, 0, 2).contains(pos)) {
        const int tile = tileAt(double(frameAtX(pos.x())) + 0.5);
        return tile >= 0 ? windowText(m_tiles[size_t(tile)].window) : QString();
    }
    if (!l.curves.contains(pos))
        return {};
    const qint64 frame = frameAtX(pos.x());
    QString text = LipSyncPanelText::tr("Frame %1").arg(frame);
    const double seconds = secondsAtFrame(double(frame));
    if (std::isfinite(seconds))
        text += LipSyncPanelText::tr(" (%1 s)").arg(seconds, 0, 'f', 3);
    const qint64 audioFrame = frame + m_shift;
    const auto valueAt = [](const std::vector<double>& v, qint64 f) {
        return f >= 0 && f < qint64(v.size()) ? v[size_t(f)] : kNaN;
    };
    const double energy = valueAt(m_result->audioEnergy, audioFrame);
    text +=
        QLatin1Char('\n') + (std::isfinite(energy)
                                 ? LipSyncPanelText::tr("Audio energy %1 dB").arg(energy, 0, 'f', 1)
                                 : LipSyncPanelText::tr("Audio energy: no audio"));
    if (m_shift != 0)
        text += LipSyncPanelText::tr(" (audio of frame %1)").arg(audioFrame);
    const bool speech = audioFrame >= 0 && audioFrame < qint64(m_result->speech.size()) &&
                        m_result->speech[size_t(audioFrame)];
    if (speech)
        text += LipSyncPanelText::tr(", speech");
    const double mouth = valueAt(m_result->mouthOpening, frame);
    text += QLatin1Char('\n') +
            (std::isfinite(mouth) ? LipSyncPanelText::tr("Mouth opening %1").arg(mouth, 0, 'f', 3)
                                  : LipSyncPanelText::tr("Mouth opening: no face"));
    return text;
}

LipSyncHeaderText lipSyncHeaderText(const LipSyncResult& result, const QColor& dimColour) {
    const QString dim = dimColour.name();
    QString html;
    QString plain;
    QString tip;
    if (result.abstained) {
        const QString reason = result.reason.trimmed();
        plain = reason.isEmpty()
                    ? lipsync::LipSyncPanelText::tr("Lip sync not assessed.")
                    : lipsync::LipSyncPanelText::tr("Lip sync not assessed: %1.").arg(reason);
        html = reason.isEmpty() ? lipsync::LipSyncPanelText::tr("<b>Lip sync not assessed.</b>")
                                : lipsync::LipSyncPanelText::tr("<b>Lip sync not assessed:</b> %1.")
                                      .arg(reason.toHtmlEscaped());
        tip = lipsync::LipSyncPanelText::tr(
            "The lip-sync analysis needs speech in the audio and a visible face at the same "
            "time. Without them it abstains; an abstention is not a finding.");
    } else {
        const int frames = result.offsetFrames;
        const QString frameText =
            std::abs(frames) == 1
                ? lipsync::LipSyncPanelText::tr("%1 frame").arg(signedNumber(frames))
                : lipsync::LipSyncPanelText::tr("%1 frames").arg(signedNumber(frames));
        const QString msText =
            lipsync::LipSyncPanelText::tr("%1 ms").arg(signedNumber(std::llround(result.offsetMs)));
        const QString direction = frames > 0   ? lipsync::LipSyncPanelText::tr("audio after video")
                                  : frames < 0 ? lipsync::LipSyncPanelText::tr("audio before video")
                                               : lipsync::LipSyncPanelText::tr("in sync");
        int judged = 0;
        int low = std::numeric_limits<int>::max();
        int high = std::numeric_limits<int>::min();
        for (const LipSyncWindow& w : result.windows) {
            if (!w.judged)
                continue;
            ++judged;
            low = std::min(low, w.offsetFrames);
            high = std::max(high, w.offsetFrames);
        }
        const QString confidence =
            lipsync::LipSyncPanelText::tr("confidence %1").arg(result.confidence, 0, 'f', 2);
        const QString windows =
            result.windows.size() == 1
                ? lipsync::LipSyncPanelText::tr("%1 of 1 window judged").arg(judged)
                : lipsync::LipSyncPanelText::tr("%1 of %2 windows judged")
                      .arg(judged)
                      .arg(result.windows.size());
        const QString separator = QStringLiteral("  ·  ");
        plain = lipsync::LipSyncPanelText::tr("Clip offset %1 (%2), %3")
                    .arg(frameText, msText, direction) +
                separator + confidence + separator + windows;
        html = lipsync::LipSyncPanelText::tr("Clip offset <b>%1 (%2)</b>, %3")
                   .arg(frameText, msText, direction) +
               QStringLiteral("<span style='color:%1'>%2%3%2%4</span>")
                   .arg(dim, separator, confidence, windows);
        if (judged > 0 && high - low >= kVaryingFrames) {
            const QString varying =
                lipsync::LipSyncPanelText::tr("window offsets vary from %1 to %2 frames")
                    .arg(signedNumber(low), signedNumber(high));
            plain += separator + varying;
            html +=
                QStringLiteral("<span style='color:%1'>%2</span><span style='color:%3'>%4</span>")
                    .arg(dim, separator, palette::kOffsetVaries.name(), varying);
        }
        tip = lipsync::LipSyncPanelText::tr(
            "Offset of the sound against the lips over the speech, combined from the "
            "windows by confidence. Positive: the sound comes after the lips move.\n"
            "Confidence: peak minus median of the audio-mouth correlation over the lags "
            "searched.");
        if (!result.reason.trimmed().isEmpty())
            tip += QStringLiteral("\n\n") + result.reason.trimmed();
    }
    return {plain, html, tip};
}

} // namespace fp
