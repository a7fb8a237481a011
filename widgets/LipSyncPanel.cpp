#include "widgets/LipSyncPanel.h"
#include "widgets/PlotStyle.h"
#include "widgets/WheelGesture.h"

#include <QCheckBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QMouseEvent>
#include <QPainter>
#include <QPushButton>
#include <QStyle>
#include <QToolTip>
#include <QVBoxLayout>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>

namespace fp {

namespace {

constexpr qint64 kMinVisibleFrames = 10;
constexpr double kZoomPerNotch = 1.25;
constexpr double kPanPerNotch = 0.1;
constexpr double kXLabelSpacing = 90.0; // px between frame labels, at least
constexpr double kYLabelSpacing = 26.0; // px between value labels, at least
constexpr int kLaneGap = 6;
constexpr int kVaryingFrames = 3; // judged windows this far apart: say the offset varies
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The dark plot look of SignalPlot, so the docks read as one family; or ink on white for the
// printed report (LipSyncPanel::setPrintAppearance).
struct Ink {
    QColor background;
    QColor laneBackground;
    QColor text;
    QColor dimText;
    QColor grid;
    QColor axisLine;
    QColor clipOffset;
    QColor laneShade; // the window under the playhead, the visible range
};
const Ink kScreenInk{QColor(0x20, 0x20, 0x20), QColor(0x19, 0x19, 0x19), QColor(0xdc, 0xdc, 0xdc),
                     QColor(0x9a, 0x9a, 0x9a), QColor(0x30, 0x30, 0x30), QColor(0x5a, 0x5a, 0x5a),
                     QColor(0xee, 0xee, 0xee), QColor(0x26, 0x26, 0x26)};
const Ink kPrintInk{plot::kPrint.background,  plot::kPrint.lane,       plot::kPrint.text,
                    plot::kPrint.dimText,     plot::kPrint.grid,       plot::kPrint.axisLine,
                    QColor(0x22, 0x26, 0x2b), QColor(0xea, 0xec, 0xef)};
const QColor kDimText = kScreenInk.dimText; // the header label (a widget palette of its own)
using plot::kPlayhead;
const QColor kWindowFill(70, 200, 150);
const QColor kUnjudged(0x80, 0x80, 0x80);
const QColor kAudio(100, 170, 255);
const QColor kMouth(235, 110, 190);
const QColor kSpeech(100, 170, 255, 40);
const QColor kVarying(230, 180, 60);

using plot::niceStep;

// A step for time ticks, in seconds: decimal below a second, then clock-like steps.
double niceSecondsStep(double raw) {
    static const double steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600};
    if (raw < 1.0)
        return niceStep(raw);
    for (double s : steps) {
        if (s >= raw)
            return s;
    }
    return 3600.0 * std::ceil(raw / 3600.0);
}

int decimalsFor(double step) {
    return std::clamp(int(-std::floor(std::log10(step) + 1e-9)), 0, 4);
}

// "+4", "-3", "0": offsets are signed, and the sign is the point.
QString signedNumber(long long value) {
    return value > 0 ? QStringLiteral("+%1").arg(value) : QString::number(value);
}

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

QColor withAlpha(QColor colour, int alpha) {
    colour.setAlpha(std::clamp(alpha, 0, 255));
    return colour;
}

} // namespace

// Both plots, painted on one widget so they share the x axis exactly: the offsets per window
// above, the audio and mouth curves below, the frame and time axis at the bottom.
class LipSyncPlots final : public QWidget {
public:
    void setPrintAppearance(bool print) {
        m_ink = print ? &kPrintInk : &kScreenInk;
        update();
    }
    explicit LipSyncPlots(LipSyncPanel* panel)
        : QWidget(panel)
        , m_panel(panel) {
        setMouseTracking(false);
        setAttribute(Qt::WA_OpaquePaintEvent);
        setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
        setAccessibleName(LipSyncPanel::tr("Lip-sync plots"));
    }

    void setResult(const LipSyncResult* result, qint64 frameCount);
    void setFrameIndex(std::shared_ptr<const FrameIndex> index) {
        m_index = std::move(index);
        update();
    }
    void setPlaceholder(const QString& text) {
        m_placeholder = text;
        update();
    }
    void setPlayhead(qint64 frame);
    void setCurrentWindow(int window) {
        if (window == m_currentWindow)
            return;
        m_currentWindow = window;
        update();
    }
    void setShift(int frames) {
        if (frames == m_shift)
            return;
        m_shift = frames;
        update();
    }
    int shift() const { return m_shift; }
    void setVisibleRange(qint64 first, qint64 last);
    qint64 first() const { return m_first; }
    qint64 last() const { return m_last; }
    qint64 frameCount() const { return m_frames; }

    qint64 frameAtX(double x) const {
        if (m_frames <= 0)
            return -1;
        const QRectF area = plotColumn();
        const double span = double(m_last - m_first + 1);
        const double frame = double(m_first) + (x - area.left()) / area.width() * span;
        return std::clamp<qint64>(qint64(std::floor(frame)), 0, m_frames - 1);
    }
    // x of the left edge of frame unit `frame` (fractional frames allowed).
    double xOfEdge(double frame) const {
        const QRectF area = plotColumn();
        const double span = double(std::max<qint64>(m_last - m_first + 1, 1));
        return area.left() + (frame - double(m_first)) / span * area.width();
    }
    double xOfFrame(qint64 frame) const { return xOfEdge(double(frame) + 0.5); }
    QRect offsetRect() const { return layoutRects().offsets; }
    QRect curveRect() const { return layoutRects().curves; }
    double yOfOffset(double offset) const { return offsetY(offset, layoutRects().offsets); }

    const DecimatedSeries& audio() {
        ensureDecimated();
        return m_audioDrawn;
    }
    const DecimatedSeries& mouth() {
        ensureDecimated();
        return m_mouthDrawn;
    }

    // The plots' horizontal extent fixed to [left, right) (left < 0: from the labels' room).
    void setFrameArea(int left, int right) {
        if (left < 0 || right <= left)
            left = right = -1;
        if (left == m_areaLeft && right == m_areaRight)
            return;
        m_areaLeft = left;
        m_areaRight = right;
        m_layoutSize = QSize(); // lay out again
        update();
    }
    int roomLeft() const;
    int roomRight() const;

    QSize sizeHint() const override { return {900, 260}; }
    QSize minimumSizeHint() const override { return {320, 170}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override {
        if (event->button() != Qt::LeftButton || m_frames <= 0)
            return QWidget::mousePressEvent(event);
        m_dragging = true;
        m_lastEmitted = -1;
        seekTo(event->position().x());
        event->accept();
    }
    void mouseMoveEvent(QMouseEvent* event) override {
        if (m_dragging)
            seekTo(event->position().x());
    }
    void mouseReleaseEvent(QMouseEvent* event) override {
        if (event->button() == Qt::LeftButton) {
            m_dragging = false;
            m_lastEmitted = -1;
        }
    }
    void wheelEvent(QWheelEvent* event) override;
    void changeEvent(QEvent* event) override {
        if (event->type() == QEvent::FontChange)
            m_layoutSize = QSize(); // measure again
        QWidget::changeEvent(event);
    }
    bool event(QEvent* event) override {
        if (event->type() == QEvent::ToolTip) {
            auto* help = static_cast<QHelpEvent*>(event);
            const QString text = toolTipAt(help->pos());
            if (text.isEmpty())
                QToolTip::hideText();
            else
                QToolTip::showText(help->globalPos(), text, this);
            return true;
        }
        return QWidget::event(event);
    }

private:
    struct Layout {
        QRect offsetsTitle;
        QRect offsets;
        QRect curvesTitle;
        QRect curves;
        QRect frameAxis;
        QRect timeAxis;
        int left = 0;
        int right = 0;
    };
    struct Tile {
        double from = 0.0; // frame units, [from, to)
        double to = 0.0;
        int window = 0;
    };

    // Measured with the font, so cached: the x mapping asks for it for every point drawn.
    const Layout& layoutRects() const {
        if (m_layoutSize != size()) {
            m_layout = computeLayout();
            m_layoutSize = size();
        }
        return m_layout;
    }
    Layout computeLayout() const;
    QRectF plotColumn() const {
        const Layout& l = layoutRects();
        return QRectF(l.left, 0, std::max(1, l.right - l.left), height());
    }
    QFont smallFont() const {
        QFont f = font();
        f.setPointSizeF(std::max(7.0, f.pointSizeF() * 0.9));
        return f;
    }
    void ensureDecimated();
    void seekTo(double x) {
        const qint64 frame = frameAtX(x);
        if (frame < 0 || frame == m_lastEmitted)
            return;
        m_lastEmitted = frame;
        Q_EMIT m_panel->seekRequested(frame);
    }
    double secondsAtFrame(double frame) const;
    double frameAtSeconds(double seconds) const;
    double offsetY(double offset, const QRect& lane) const {
        return lane.top() + (m_offsetLimit - offset) / (2.0 * m_offsetLimit) * lane.height();
    }
    double msOfFrames(double frames) const {
        return m_result && m_result->fps > 0 ? frames * 1000.0 / m_result->fps : kNaN;
    }
    int tileAt(double frame) const;
    QString toolTipAt(const QPoint& pos) const;
    QString windowText(int window) const;

    void paintTitles(QPainter& p, const Layout& l);
    void paintOffsets(QPainter& p, const Layout& l);
    void paintCurves(QPainter& p, const Layout& l);
    double frameStep() const {
        const double span = double(m_last - m_first + 1);
        return std::max(
            1.0, niceStep(span * kXLabelSpacing / std::max(1, layoutRects().curves.width())));
    }
    void paintFrameGrid(QPainter& p, const Layout& l);
    void paintAxis(QPainter& p, const Layout& l);
    void paintPlayhead(QPainter& p, const Layout& l);
    void drawSeries(QPainter& p, const DecimatedSeries& s, const QRect& lane, double low,
                    double high, const QColor& colour);

    LipSyncPanel* m_panel;
    const Ink* m_ink = &kScreenInk;
    const LipSyncResult* m_result = nullptr; // owned by the panel
    std::shared_ptr<const FrameIndex> m_index;
    QString m_placeholder;
    qint64 m_frames = 0;
    qint64 m_first = 0;
    qint64 m_last = 0;
    qint64 m_playhead = 0;
    int m_currentWindow = -1;
    int m_shift = 0;
    double m_offsetLimit = 5.0; // the offsets plot spans +-this many frames
    double m_audioLow = kNaN, m_audioHigh = kNaN;
    double m_mouthLow = kNaN, m_mouthHigh = kNaN;
    std::vector<std::pair<qint64, qint64>> m_speechRuns; // inclusive frames
    std::vector<Tile> m_tiles;                           // by frame
    // Decimation cache.
    quint64 m_revision = 0;
    struct Key {
        quint64 revision = ~0ull;
        qint64 first = -1, last = -1;
        int columns = 0, shift = 0;
        bool operator==(const Key&) const = default;
    } m_key;
    DecimatedSeries m_audioDrawn;
    DecimatedSeries m_mouthDrawn;
    bool m_dragging = false;
    qint64 m_lastEmitted = -1;
    double m_wheel = 0.0;
    mutable Layout m_layout;
    mutable QSize m_layoutSize; // invalid: not measured yet
    int m_areaLeft = -1;        // setFrameArea(); -1: automatic
    int m_areaRight = -1;
};

void LipSyncPlots::setResult(const LipSyncResult* result, qint64 frameCount) {
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
    update();
}

void LipSyncPlots::setPlayhead(qint64 frame) {
    if (frame == m_playhead)
        return;
    const auto strip = [this](qint64 f) {
        const int x = int(std::floor(xOfFrame(f)));
        return QRect(x - 7, 0, 15, height());
    };
    const QRect before = strip(m_playhead);
    m_playhead = frame;
    // Follow the playhead when it leaves a zoomed view: page to keep it in sight.
    if (m_frames > 0 && (frame < m_first || frame > m_last) && m_last - m_first + 1 < m_frames) {
        const qint64 span = m_last - m_first + 1;
        setVisibleRange(frame - span / 10, frame - span / 10 + span - 1);
        return;
    }
    update(before);
    update(strip(m_playhead));
}

void LipSyncPlots::setVisibleRange(qint64 first, qint64 last) {
    if (first > last)
        std::swap(first, last);
    if (m_frames <= 0) {
        m_first = m_last = 0;
        update();
        return;
    }
    const qint64 minSpan = std::min(kMinVisibleFrames, m_frames);
    if (last - first + 1 < minSpan) {
        const qint64 centre = first + (last - first) / 2;
        first = centre - minSpan / 2;
        last = first + minSpan - 1;
    }
    if (last - first + 1 > m_frames) {
        first = 0;
        last = m_frames - 1;
    }
    if (first < 0) {
        last -= first;
        first = 0;
    }
    if (last > m_frames - 1) {
        first -= last - (m_frames - 1);
        last = m_frames - 1;
    }
    m_first = first;
    m_last = last;
    update();
}

int LipSyncPlots::roomLeft() const {
    const QFontMetrics fm(font());
    const QFontMetrics small(smallFont());
    return std::max(small.horizontalAdvance(QStringLiteral("-0.000")),
                    fm.horizontalAdvance(LipSyncPanel::tr("frames"))) +
           14;
}

int LipSyncPlots::roomRight() const {
    const QFontMetrics fm(font());
    const QFontMetrics small(smallFont());
    return std::max(small.horizontalAdvance(QStringLiteral("-1000")),
                    fm.horizontalAdvance(LipSyncPanel::tr("ms"))) +
           14;
}

LipSyncPlots::Layout LipSyncPlots::computeLayout() const {
    const QFontMetrics fm(font());
    const QFontMetrics small(smallFont());
    Layout l;
    if (m_areaLeft >= 0) {
        l.left = m_areaLeft;
        l.right = m_areaRight;
    } else {
        l.left = roomLeft();
        l.right = width() - roomRight();
    }
    const int titleHeight = fm.height() + 6;
    const int axisRow = small.height() + 4;
    const int axisHeight = 2 * axisRow + 6;
    const int available = std::max(40, height() - 2 * titleHeight - axisHeight - kLaneGap - 2);
    const int offsetsHeight = available * 2 / 5;
    const int width = std::max(1, l.right - l.left);
    int y = 1;
    l.offsetsTitle = QRect(0, y, this->width(), titleHeight);
    y += titleHeight;
    l.offsets = QRect(l.left, y, width, offsetsHeight);
    y += offsetsHeight + kLaneGap;
    l.curvesTitle = QRect(0, y, this->width(), titleHeight);
    y += titleHeight;
    l.curves = QRect(l.left, y, width, available - offsetsHeight);
    y += available - offsetsHeight;
    l.frameAxis = QRect(l.left, y + 4, width, axisRow);
    l.timeAxis = QRect(l.left, y + 4 + axisRow, width, axisRow);
    return l;
}

void LipSyncPlots::ensureDecimated() {
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

double LipSyncPlots::secondsAtFrame(double frame) const {
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

double LipSyncPlots::frameAtSeconds(double seconds) const {
    if (m_index && !m_index->empty()) {
        const int64_t f = m_index->indexAtSeconds(seconds);
        const double t0 = m_index->secondsAt(f);
        const double t1 = f + 1 < m_index->size() ? m_index->secondsAt(f + 1) : t0;
        return double(f) + (t1 > t0 ? std::clamp((seconds - t0) / (t1 - t0), 0.0, 1.0) : 0.0);
    }
    return m_result && m_result->fps > 0 ? seconds * m_result->fps : kNaN;
}

int LipSyncPlots::tileAt(double frame) const {
    auto it = std::upper_bound(m_tiles.begin(), m_tiles.end(), frame,
                               [](double f, const Tile& t) { return f < t.to; });
    if (it == m_tiles.end() || frame < it->from)
        return -1;
    return int(it - m_tiles.begin());
}

QString LipSyncPlots::windowText(int window) const {
    const LipSyncWindow& w = m_result->windows[size_t(window)];
    QString text = LipSyncPanel::tr("Window frames %1–%2").arg(w.startFrame).arg(w.endFrame);
    const double t0 = secondsAtFrame(double(w.startFrame));
    const double t1 = secondsAtFrame(double(w.endFrame) + 1.0);
    if (std::isfinite(t0) && std::isfinite(t1))
        text += LipSyncPanel::tr(" (%1–%2 s)").arg(t0, 0, 'f', 2).arg(t1, 0, 'f', 2);
    if (w.judged) {
        const double ms = msOfFrames(w.offsetFrames);
        text += QLatin1Char('\n') +
                LipSyncPanel::tr("Offset %1 frames").arg(signedNumber(w.offsetFrames));
        if (std::isfinite(ms))
            text += LipSyncPanel::tr(" (%1 ms)").arg(signedNumber(std::llround(ms)));
        text += QLatin1Char('\n') + LipSyncPanel::tr("Confidence %1").arg(w.confidence, 0, 'f', 2);
    } else {
        text += QLatin1Char('\n') +
                LipSyncPanel::tr("Not judged: too little speech or no face in this window");
    }
    text += QLatin1Char('\n') +
            LipSyncPanel::tr("Speech %1 % of the window").arg(qRound(w.speechShare * 100.0));
    return text;
}

QString LipSyncPlots::toolTipAt(const QPoint& pos) const {
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
    QString text = LipSyncPanel::tr("Frame %1").arg(frame);
    const double seconds = secondsAtFrame(double(frame));
    if (std::isfinite(seconds))
        text += LipSyncPanel::tr(" (%1 s)").arg(seconds, 0, 'f', 3);
    const qint64 audioFrame = frame + m_shift;
    const auto valueAt = [](const std::vector<double>& v, qint64 f) {
        return f >= 0 && f < qint64(v.size()) ? v[size_t(f)] : kNaN;
    };
    const double energy = valueAt(m_result->audioEnergy, audioFrame);
    text += QLatin1Char('\n') + (std::isfinite(energy)
                                     ? LipSyncPanel::tr("Audio energy %1 dB").arg(energy, 0, 'f', 1)
                                     : LipSyncPanel::tr("Audio energy: no audio"));
    if (m_shift != 0)
        text += LipSyncPanel::tr(" (audio of frame %1)").arg(audioFrame);
    const bool speech = audioFrame >= 0 && audioFrame < qint64(m_result->speech.size()) &&
                        m_result->speech[size_t(audioFrame)];
    if (speech)
        text += LipSyncPanel::tr(", speech");
    const double mouth = valueAt(m_result->mouthOpening, frame);
    text += QLatin1Char('\n') + (std::isfinite(mouth)
                                     ? LipSyncPanel::tr("Mouth opening %1").arg(mouth, 0, 'f', 3)
                                     : LipSyncPanel::tr("Mouth opening: no face"));
    return text;
}

void LipSyncPlots::wheelEvent(QWheelEvent* event) {
    const WheelGesture wheel = wheelGesture(*event);
    if (m_frames <= 0 || wheel.kind == WheelGesture::Kind::Scroll) {
        event->ignore(); // the plain wheel scrolls whatever the panel sits in
        return;
    }
    const bool pan = wheel.kind == WheelGesture::Kind::Pan;
    event->accept();
    m_wheel += wheel.delta / 120.0;
    if (std::abs(m_wheel) < 1.0 && !pan)
        return;
    const double notches = m_wheel;
    m_wheel = 0.0;
    const double span = double(m_last - m_first + 1);
    if (pan) {
        const qint64 shift = std::llround(-notches * span * kPanPerNotch);
        setVisibleRange(m_first + shift, m_last + shift);
    } else {
        const double anchor = double(frameAtX(event->position().x()));
        const double newSpan =
            std::clamp(span * std::pow(1.0 / kZoomPerNotch, notches),
                       double(std::min(kMinVisibleFrames, m_frames)), double(m_frames));
        const double ratio = (anchor - double(m_first)) / span;
        const qint64 first = std::llround(anchor - ratio * newSpan);
        setVisibleRange(first, first + std::llround(newSpan) - 1);
    }
    Q_EMIT m_panel->visibleRangeChanged(m_first, m_last);
}

void LipSyncPlots::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), m_ink->background);
    const Layout l = layoutRects();
    if (!m_result || m_frames <= 0) {
        p.fillRect(l.offsets, m_ink->laneBackground);
        p.fillRect(l.curves, m_ink->laneBackground);
        p.setPen(m_ink->dimText);
        QString text = m_placeholder;
        if (m_result) { // a result with nothing per frame: say why instead of the placeholder
            const QString reason = m_result->reason.trimmed();
            text = !m_result->abstained ? LipSyncPanel::tr("No lip-sync values")
                   : reason.isEmpty()   ? LipSyncPanel::tr("Lip sync not assessed")
                                        : LipSyncPanel::tr("Lip sync not assessed: %1").arg(reason);
        }
        p.drawText(l.offsets.united(l.curves), Qt::AlignCenter | Qt::TextWordWrap, text);
        return;
    }
    ensureDecimated();
    p.fillRect(l.offsets, m_ink->laneBackground);
    p.fillRect(l.curves, m_ink->laneBackground);
    paintFrameGrid(p, l);
    paintTitles(p, l);
    paintOffsets(p, l);
    paintCurves(p, l);
    paintAxis(p, l);
    paintPlayhead(p, l);
}

void LipSyncPlots::paintTitles(QPainter& p, const Layout& l) {
    const QFontMetrics fm(font());
    QFont bold = font();
    bold.setBold(true);
    const QFontMetrics boldFm(bold);

    // Left and right gutters: the units of the axes under them.
    const auto gutterText = [&](const QRect& title, const QString& left, const QColor& leftColour,
                                const QString& right, const QColor& rightColour) {
        p.setFont(font());
        p.setPen(leftColour);
        p.drawText(QRect(0, title.top(), l.left - 6, title.height()),
                   Qt::AlignRight | Qt::AlignVCenter, left);
        p.setPen(rightColour);
        p.drawText(QRect(l.right + 6, title.top(), width() - l.right - 6, title.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, right);
    };
    gutterText(l.offsetsTitle, LipSyncPanel::tr("frames"), m_ink->dimText, LipSyncPanel::tr("ms"),
               m_ink->dimText);
    gutterText(l.curvesTitle, LipSyncPanel::tr("mouth"), kMouth, LipSyncPanel::tr("dB"), kAudio);

    // Legend entries, right-aligned in the title row; dropped from the left when there is no
    // room, never overlapping the title.
    struct Entry {
        enum Kind { Filled, Hollow, Dashed, Line, Band } kind;
        QColor colour;
        QString text;
    };
    // `heading` in bold, then `note` in the dim colour.
    const auto drawRow = [&](const QRect& title, const QString& heading, const QString& note,
                             const std::vector<Entry>& entries) {
        const int swatch = 14;
        const int spacing = 14;
        std::vector<int> widths;
        for (const Entry& e : entries)
            widths.push_back(swatch + 5 + fm.horizontalAdvance(e.text));
        const int boldWidth = boldFm.horizontalAdvance(heading);
        const int noteWidth = note.isEmpty() ? 0 : fm.horizontalAdvance(note) + 8;
        const int headingWidth = boldWidth + noteWidth;
        int available = l.right - l.left - headingWidth - 20;
        size_t firstShown = 0;
        int total = 0;
        for (size_t i = entries.size(); i-- > 0;) {
            if (total + widths[i] + spacing > available) {
                firstShown = i + 1;
                break;
            }
            total += widths[i] + spacing;
        }
        p.setFont(bold);
        p.setPen(m_ink->text);
        p.drawText(QRect(l.left, title.top(), boldWidth + 2, title.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, heading);
        p.setFont(font());
        if (!note.isEmpty()) {
            p.setPen(m_ink->dimText);
            p.drawText(QRect(l.left + boldWidth + 8, title.top(), noteWidth, title.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, note);
        }
        int x = l.right - total + spacing;
        const int cy = title.center().y() + 1;
        for (size_t i = firstShown; i < entries.size(); ++i) {
            const Entry& e = entries[i];
            const QRectF box(x, cy - 4.5, swatch, 9);
            p.save();
            p.setRenderHint(QPainter::Antialiasing, true);
            switch (e.kind) {
            case Entry::Filled:
                p.fillRect(box, e.colour);
                break;
            case Entry::Hollow:
                p.setPen(QPen(e.colour, 1.0));
                p.setBrush(Qt::NoBrush);
                p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
                break;
            case Entry::Dashed:
                p.setPen(QPen(e.colour, 1.2, Qt::DashLine));
                p.drawLine(QPointF(box.left(), cy), QPointF(box.right(), cy));
                break;
            case Entry::Line:
                p.setPen(QPen(e.colour, 2.0));
                p.drawLine(QPointF(box.left(), cy), QPointF(box.right(), cy));
                break;
            case Entry::Band:
                p.fillRect(box, e.colour);
                break;
            }
            p.restore();
            p.setPen(m_ink->text);
            p.drawText(
                QRect(x + swatch + 5, title.top(), widths[i] - swatch - 5 + 2, title.height()),
                Qt::AlignLeft | Qt::AlignVCenter, e.text);
            x += widths[i] + spacing;
        }
    };
    drawRow(l.offsetsTitle, LipSyncPanel::tr("Offset per window"),
            LipSyncPanel::tr("positive: audio after video"),
            {{Entry::Filled, withAlpha(kWindowFill, 230),
              LipSyncPanel::tr("judged (opacity = confidence)")},
             {Entry::Hollow, kUnjudged, LipSyncPanel::tr("not judged")},
             {Entry::Dashed, m_ink->clipOffset,
              m_result->abstained
                  ? LipSyncPanel::tr("clip offset")
                  // "frames" spelled out: the right gutter's "ms" follows this entry and read
                  // as "clip offset +8 ms" when the offset was +8 frames (320 ms).
                  : LipSyncPanel::tr("clip offset %1 frames")
                        .arg(signedNumber(m_result->offsetFrames))}});
    std::vector<Entry> curves = {
        {Entry::Line, kAudio, LipSyncPanel::tr("Audio energy (dB)")},
        {Entry::Line, kMouth, LipSyncPanel::tr("Mouth opening")},
        {Entry::Band, withAlpha(kSpeech, 110), LipSyncPanel::tr("Speech")}};
    const QString note =
        m_shift != 0 ? LipSyncPanel::tr("audio drawn %1 frames earlier").arg(m_shift) : QString();
    drawRow(l.curvesTitle, LipSyncPanel::tr("Audio and mouth"), note, curves);
}

void LipSyncPlots::paintOffsets(QPainter& p, const Layout& l) {
    const QRect lane = l.offsets;
    const QFont small = smallFont();
    const QFontMetrics sfm(small);
    p.setFont(small);

    // Horizontal grid with frames on the left and milliseconds on the right.
    const double step =
        std::max(1.0, niceStep(2.0 * m_offsetLimit * kYLabelSpacing / std::max(20, lane.height())));
    for (double v = -std::floor(m_offsetLimit / step) * step; v <= m_offsetLimit; v += step) {
        const double y = offsetY(v, lane);
        if (y < lane.top() + 2 || y > lane.bottom() - 1)
            continue;
        p.setPen(v == 0.0 ? m_ink->axisLine : m_ink->grid);
        p.drawLine(QPointF(lane.left(), y), QPointF(lane.right(), y));
        p.setPen(m_ink->dimText);
        const QRectF labelRect(0, y - sfm.height() / 2.0, lane.left() - 6, sfm.height());
        p.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter, signedNumber(std::llround(v)));
        const double ms = msOfFrames(v);
        if (std::isfinite(ms))
            p.drawText(QRectF(lane.right() + 6, y - sfm.height() / 2.0, width() - lane.right() - 6,
                              sfm.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, signedNumber(std::llround(ms)));
    }

    p.save();
    p.setClipRect(lane);
    const double pxPerOffset = lane.height() / (2.0 * m_offsetLimit);
    const double barHeight = std::clamp(pxPerOffset * 0.8, 5.0, 12.0);
    // The window under the playhead: a faint band over its whole span, in both plots.
    if (m_currentWindow >= 0) {
        const LipSyncWindow& w = m_result->windows[size_t(m_currentWindow)];
        const double x0 = xOfEdge(double(w.startFrame));
        const double x1 = xOfEdge(double(w.endFrame) + 1.0);
        p.fillRect(QRectF(x0, lane.top(), x1 - x0, lane.height()), m_ink->laneShade);
    }

    // The clip offset, under the windows so that they stay readable.
    if (!m_result->abstained) {
        const double y = offsetY(m_result->offsetFrames, lane);
        p.setPen(QPen(m_ink->clipOffset, 1.2, Qt::DashLine));
        p.drawLine(QPointF(lane.left(), y), QPointF(lane.right(), y));
    }
    // Windows, merged per pixel column when they are narrower than a pixel: each column keeps
    // its lowest and highest judged offset at the opacity of its most confident window.
    struct Column {
        int x = std::numeric_limits<int>::min();
        double x0 = 0, x1 = 0;
        int lowOffset = 0, highOffset = 0;
        double confidence = -1.0; // -1: no judged window in the column
        int unjudgedOffset = 0;
        bool any = false;
    } column;
    const auto flush = [&] {
        if (!column.any)
            return;
        const QRectF base(column.x0, 0, std::max(1.0, column.x1 - column.x0), barHeight);
        if (column.confidence >= 0.0) {
            const int alpha =
                45 + int(210.0 *
                         std::clamp(column.confidence / LipSyncPanel::kFullConfidence, 0.0, 1.0));
            const QColor fill = plot::over(kWindowFill, alpha, m_ink->laneBackground);
            for (int offset : {column.lowOffset, column.highOffset}) {
                QRectF r = base;
                r.moveTop(offsetY(offset, lane) - barHeight / 2.0);
                p.fillRect(r, fill);
                if (column.lowOffset == column.highOffset)
                    break;
            }
        } else {
            QRectF r = base;
            r.moveTop(offsetY(column.unjudgedOffset, lane) - barHeight / 2.0);
            p.setPen(QPen(kUnjudged, 1.0));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
        }
        column = Column{};
    };
    const double firstVisible = double(m_first);
    const double lastVisible = double(m_last) + 1.0;
    auto it = std::upper_bound(m_tiles.begin(), m_tiles.end(), firstVisible,
                               [](double f, const Tile& t) { return f < t.to; });
    for (; it != m_tiles.end() && it->from < lastVisible; ++it) {
        const LipSyncWindow& w = m_result->windows[size_t(it->window)];
        const double x0 = xOfEdge(it->from);
        const double x1 = xOfEdge(it->to);
        const bool narrow = x1 - x0 < 1.5;
        const int px = int(std::floor(x0));
        if (!narrow || px != column.x)
            flush();
        if (!column.any) {
            column.x = narrow ? px : std::numeric_limits<int>::min();
            column.x0 = x0;
            column.lowOffset = column.highOffset = w.offsetFrames;
            column.unjudgedOffset = w.offsetFrames;
            column.any = true;
        }
        column.x1 = std::max(column.x1, x1);
        if (w.judged) {
            if (column.confidence < 0.0) {
                column.lowOffset = column.highOffset = w.offsetFrames;
            } else {
                column.lowOffset = std::min(column.lowOffset, w.offsetFrames);
                column.highOffset = std::max(column.highOffset, w.offsetFrames);
            }
            column.confidence = std::max(column.confidence, w.confidence);
        }
        if (!narrow)
            flush();
    }
    flush();

    // The window "Play window" plays, outlined over its full span.
    if (m_currentWindow >= 0) {
        const LipSyncWindow& w = m_result->windows[size_t(m_currentWindow)];
        const double x0 = xOfEdge(double(w.startFrame));
        const double x1 = xOfEdge(double(w.endFrame) + 1.0);
        const double y = offsetY(w.offsetFrames, lane);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(withAlpha(kPlayhead, 220), 1.2));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(x0, y - barHeight / 2.0 - 2.5, x1 - x0, barHeight + 5.0), 2, 2);
        p.setRenderHint(QPainter::Antialiasing, false);
    }
    if (m_result->windows.empty() || m_result->abstained) {
        const QString reason = m_result->reason.trimmed();
        const QString text =
            m_result->abstained
                ? (reason.isEmpty() ? LipSyncPanel::tr("Not judged")
                                    : LipSyncPanel::tr("Not judged: %1").arg(reason))
                : LipSyncPanel::tr("No analysis windows");
        p.setFont(font());
        p.setPen(m_ink->dimText);
        if (m_result->windows.empty())
            p.drawText(lane, Qt::AlignCenter, text);
    }
    p.restore();
    p.setPen(m_ink->axisLine);
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(lane).adjusted(-0.5, -0.5, 0.5, 0.5));
}

void LipSyncPlots::drawSeries(QPainter& p, const DecimatedSeries& s, const QRect& lane, double low,
                              double high, const QColor& colour) {
    if (!std::isfinite(low) || !std::isfinite(high))
        return;
    const double span = high - low;
    const auto map = [&](const QPointF& point) {
        return QPointF(xOfEdge(point.x() + 0.5),
                       lane.bottom() - (point.y() - low) / span * lane.height());
    };
    // Where points are denser than one per two pixels, the 1-px cosmetic line (the raster
    // engine's fast path, no path stroking); a wider pen where the line is sparse enough to
    // show it. Stroking a min/max zig-zag with a wide pen costs hundreds of ms per paint.
    const bool dense = double(s.pointCount()) > lane.width() / 2.0;
    QPen pen(colour, dense ? 1.0 : 1.6);
    pen.setCosmetic(true);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    // In short pieces: stroking one long min/max zig-zag as a single path costs time that grows
    // much faster than its length (the stroke outline intersects itself everywhere).
    constexpr qsizetype kPiece = 48;
    QPolygonF piece;
    for (const QList<QPointF>& segment : s.segments) {
        for (qsizetype start = 0; start + 1 < segment.size(); start += kPiece) {
            const qsizetype end = std::min(segment.size(), start + kPiece + 1);
            piece.resize(end - start);
            for (qsizetype i = start; i < end; ++i)
                piece[i - start] = map(segment[i]);
            p.drawPolyline(piece);
        }
    }
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    for (const QPointF& dot : s.dots)
        p.drawEllipse(map(dot), 2.2, 2.2);
}

void LipSyncPlots::paintCurves(QPainter& p, const Layout& l) {
    const QRect lane = l.curves;
    const QFont small = smallFont();
    const QFontMetrics sfm(small);
    p.setFont(small);

    // Left axis: mouth opening; right axis: audio energy. Each in its curve's colour.
    const auto axis = [&](double low, double high, bool left, const QColor& colour) {
        if (!std::isfinite(low))
            return;
        const double step = niceStep((high - low) * kYLabelSpacing / std::max(20, lane.height()));
        const int decimals = decimalsFor(step);
        for (double v = std::ceil(low / step) * step; v <= high; v += step) {
            const double y = lane.bottom() - (v - low) / (high - low) * lane.height();
            if (y < lane.top() + 4 || y > lane.bottom() - 4)
                continue;
            if (left) {
                p.setPen(m_ink->grid);
                p.drawLine(QPointF(lane.left(), y), QPointF(lane.right(), y));
            }
            p.setPen(colour);
            const QString label = QString::number(v, 'f', decimals);
            if (left)
                p.drawText(QRectF(0, y - sfm.height() / 2.0, lane.left() - 6, sfm.height()),
                           Qt::AlignRight | Qt::AlignVCenter, label);
            else
                p.drawText(QRectF(lane.right() + 6, y - sfm.height() / 2.0,
                                  width() - lane.right() - 6, sfm.height()),
                           Qt::AlignLeft | Qt::AlignVCenter, label);
        }
    };
    axis(m_mouthLow, m_mouthHigh, true, withAlpha(kMouth, 230));
    axis(m_audioLow, m_audioHigh, false, withAlpha(kAudio, 230));

    p.save();
    p.setClipRect(lane);
    if (m_currentWindow >= 0) {
        const LipSyncWindow& w = m_result->windows[size_t(m_currentWindow)];
        const double x0 = xOfEdge(double(w.startFrame));
        const double x1 = xOfEdge(double(w.endFrame) + 1.0);
        p.fillRect(QRectF(x0, lane.top(), x1 - x0, lane.height()), m_ink->laneShade);
    }
    // Speech, shifted with the audio; runs narrower than a pixel still get one.
    double lastX1 = -1e9;
    QRectF pending;
    for (auto [a, b] : m_speechRuns) {
        const double from = double(a - m_shift);
        const double to = double(b - m_shift) + 1.0;
        if (to < double(m_first) || from > double(m_last) + 1.0)
            continue;
        double x0 = xOfEdge(from);
        double x1 = xOfEdge(to);
        if (x1 - x0 < 1.0)
            x1 = x0 + 1.0;
        if (pending.isValid() && x0 <= lastX1 + 0.5) {
            pending.setRight(std::max(pending.right(), x1));
        } else {
            if (pending.isValid())
                p.fillRect(pending, plot::over(kSpeech, kSpeech.alpha(), m_ink->laneBackground));
            pending = QRectF(x0, lane.top(), x1 - x0, lane.height());
        }
        lastX1 = pending.right();
    }
    if (pending.isValid())
        p.fillRect(pending, plot::over(kSpeech, kSpeech.alpha(), m_ink->laneBackground));

    p.setRenderHint(QPainter::Antialiasing, true);
    drawSeries(p, m_mouthDrawn, lane, m_mouthLow, m_mouthHigh, kMouth);
    drawSeries(p, m_audioDrawn, lane, m_audioLow, m_audioHigh, kAudio);
    p.setRenderHint(QPainter::Antialiasing, false);
    if (!std::isfinite(m_audioLow) && !std::isfinite(m_mouthLow)) {
        p.setFont(font());
        p.setPen(m_ink->dimText);
        p.drawText(lane, Qt::AlignCenter, LipSyncPanel::tr("No audio or mouth values"));
    }
    p.restore();
    p.setPen(m_ink->axisLine);
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(lane).adjusted(-0.5, -0.5, 0.5, 0.5));
}

void LipSyncPlots::paintFrameGrid(QPainter& p, const Layout& l) {
    const double step = frameStep();
    p.setPen(m_ink->grid);
    for (double f = std::ceil(double(m_first) / step) * step; f <= double(m_last); f += step) {
        const double x = std::round(xOfFrame(qint64(f))) + 0.5;
        p.drawLine(QPointF(x, l.offsets.top() + 1), QPointF(x, l.offsets.bottom()));
        p.drawLine(QPointF(x, l.curves.top() + 1), QPointF(x, l.curves.bottom()));
    }
}

void LipSyncPlots::paintAxis(QPainter& p, const Layout& l) {
    const QFont small = smallFont();
    const QFontMetrics sfm(small);
    p.setFont(small);
    const double width = std::max(1, l.curves.width());

    // Row labels in the left gutter.
    p.setPen(m_ink->dimText);
    p.drawText(QRect(0, l.frameAxis.top(), l.left - 6, l.frameAxis.height()),
               Qt::AlignRight | Qt::AlignVCenter, LipSyncPanel::tr("frame"));
    p.drawText(QRect(0, l.timeAxis.top(), l.left - 6, l.timeAxis.height()),
               Qt::AlignRight | Qt::AlignVCenter, LipSyncPanel::tr("time"));

    // Frames: ticks and labels on round numbers (their grid lines are under the plots).
    // A label that would stick out at either end is pulled in, not dropped.
    const auto labelRect = [&](double x, int w, const QRect& row) {
        const double x0 =
            std::clamp(x - w / 2.0, double(l.left) - 3.0, double(this->width() - w - 2));
        return QRectF(x0 - 1, row.top(), w + 2, row.height());
    };
    const double fStep = frameStep();
    double lastRight = -1e9;
    for (double f = std::ceil(double(m_first) / fStep) * fStep; f <= double(m_last); f += fStep) {
        const double x = xOfFrame(qint64(f));
        p.setPen(m_ink->axisLine);
        p.drawLine(QPointF(x, l.curves.bottom() + 1), QPointF(x, l.curves.bottom() + 4));
        const QString label = QString::number(qint64(f));
        const QRectF r = labelRect(x, sfm.horizontalAdvance(label), l.frameAxis);
        if (r.left() < lastRight + 6)
            continue;
        lastRight = r.right();
        p.setPen(m_ink->text);
        p.drawText(r, Qt::AlignCenter, label);
    }

    // Time: ticks on round seconds, placed through the frame times (exact for VFR).
    const double t0 = secondsAtFrame(double(m_first));
    const double t1 = secondsAtFrame(double(m_last) + 1.0);
    if (!std::isfinite(t0) || !std::isfinite(t1) || t1 <= t0)
        return;
    const double timeStep = niceSecondsStep((t1 - t0) * kXLabelSpacing / width);
    const int decimals = timeStep < 1.0 ? decimalsFor(timeStep) : 0;
    // Clock style (M:SS, or H:MM:SS past an hour) once the view reaches a minute; seconds below.
    const bool clock = t1 >= 60.0 && timeStep >= 1.0;
    const bool hours = t1 >= 3600.0;
    lastRight = -1e9;
    for (double t = std::ceil(t0 / timeStep - 1e-9) * timeStep; t <= t1; t += timeStep) {
        const double x = xOfEdge(frameAtSeconds(t));
        QString label;
        if (clock) {
            const qint64 whole = std::llround(t);
            const QString ss = QStringLiteral("%1").arg(whole % 60, 2, 10, QLatin1Char('0'));
            label = hours ? QStringLiteral("%1:%2:%3")
                                .arg(whole / 3600)
                                .arg((whole / 60) % 60, 2, 10, QLatin1Char('0'))
                                .arg(ss)
                          : QStringLiteral("%1:%2").arg(whole / 60).arg(ss);
        } else {
            label = LipSyncPanel::tr("%1 s").arg(t, 0, 'f', decimals);
        }
        p.setPen(m_ink->axisLine);
        p.drawLine(QPointF(x, l.timeAxis.top()), QPointF(x, l.timeAxis.top() + 3));
        QRectF r = labelRect(x, sfm.horizontalAdvance(label), l.timeAxis);
        r.translate(0, 2);
        if (r.left() < lastRight + 6)
            continue;
        lastRight = r.right();
        p.setPen(m_ink->dimText);
        p.drawText(r, Qt::AlignCenter, label);
    }
}

void LipSyncPlots::paintPlayhead(QPainter& p, const Layout& l) {
    if (m_playhead < m_first || m_playhead > m_last)
        return;
    const double x = std::round(xOfFrame(m_playhead)) + 0.5;
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(kPlayhead, 1.0));
    p.drawLine(QPointF(x, l.offsets.top()), QPointF(x, l.curves.bottom()));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(kPlayhead);
    const double top = l.offsets.top();
    p.drawPolygon(QPolygonF({QPointF(x - 5, top), QPointF(x + 5, top), QPointF(x, top + 6)}));
}

// ---------------------------------------------------------------------------------------------

LipSyncPanel::LipSyncPanel(QWidget* parent)
    : QWidget(parent)
    , m_placeholder(tr("No lip-sync analysis yet")) {
    m_header = new QLabel(this);
    m_header->setTextFormat(Qt::RichText);
    m_header->setWordWrap(true);
    m_header->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    m_shift = new QCheckBox(tr("Shift audio by offset"), this);
    m_shift->setShortcut(QKeySequence(Qt::Key_A));
    connect(m_shift, &QCheckBox::toggled, this,
            [this](bool) { m_plots->setShift(audioShiftFrames()); });

    m_play = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Play window"), this);
    m_play->setShortcut(QKeySequence(Qt::Key_W));
    connect(m_play, &QPushButton::clicked, this, &LipSyncPanel::playCurrentWindow);

    m_plots = new LipSyncPlots(this);

    auto* header = new QHBoxLayout;
    header->setContentsMargins(8, 4, 8, 4);
    header->setSpacing(12);
    header->addWidget(m_header, 1);
    header->addWidget(m_shift);
    header->addWidget(m_play);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(header);
    layout->addWidget(m_plots, 1);
    clear();
}

LipSyncPanel::~LipSyncPanel() = default;

void LipSyncPanel::setResult(const LipSyncResult& result) {
    m_result = result;
    m_hasResult = true;
    qint64 frames = 0;
    for (size_t size :
         {m_result.audioEnergy.size(), m_result.mouthOpening.size(), m_result.mouthMotion.size(),
          m_result.speech.size(), m_result.frameConfidence.size()})
        frames = std::max(frames, qint64(size));
    for (const LipSyncWindow& w : m_result.windows)
        frames = std::max(frames, qint64(w.endFrame) + 1);
    m_plots->setResult(&m_result, frames);
    m_plots->setShift(audioShiftFrames());
    m_plots->setPlayhead(m_playhead);
    updateHeader();
    updatePlayButton();
}

void LipSyncPanel::clear() {
    m_result = {};
    m_hasResult = false;
    m_plots->setResult(nullptr, 0);
    m_plots->setShift(0);
    updateHeader();
    updatePlayButton();
}

void LipSyncPanel::setPlaceholder(const QString& text) {
    m_placeholder = text;
    m_plots->setPlaceholder(text);
    updateHeader();
}

void LipSyncPanel::setFrameIndex(std::shared_ptr<const FrameIndex> index) {
    m_plots->setFrameIndex(std::move(index));
}

void LipSyncPanel::setPlayhead(int64_t frame) {
    m_playhead = frame;
    m_plots->setPlayhead(frame);
    updatePlayButton();
}

void LipSyncPanel::setShiftAudio(bool shift) {
    m_shift->setChecked(shift);
}

bool LipSyncPanel::shiftAudio() const {
    return m_shift->isChecked();
}

void LipSyncPanel::setPrintAppearance(bool print) {
    m_plots->setPrintAppearance(print);
}

int LipSyncPanel::audioShiftFrames() const {
    return m_hasResult && !m_result.abstained && m_shift->isChecked() ? m_result.offsetFrames : 0;
}

void LipSyncPanel::setVisibleRange(qint64 first, qint64 last) {
    m_plots->setVisibleRange(first, last);
}

void LipSyncPanel::zoomToAll() {
    m_plots->setVisibleRange(0, m_plots->frameCount() - 1);
}

qint64 LipSyncPanel::visibleFirst() const {
    return m_plots->first();
}

qint64 LipSyncPanel::visibleLast() const {
    return m_plots->last();
}

qint64 LipSyncPanel::frameCount() const {
    return m_plots->frameCount();
}

int LipSyncPanel::currentWindow() const {
    if (!m_hasResult)
        return -1;
    int best = -1;
    bool bestJudged = false;
    double bestDistance = 0.0;
    for (size_t i = 0; i < m_result.windows.size(); ++i) {
        const LipSyncWindow& w = m_result.windows[i];
        if (m_playhead < w.startFrame || m_playhead > w.endFrame)
            continue;
        const double distance =
            std::abs((double(w.startFrame) + double(w.endFrame)) / 2.0 - double(m_playhead));
        const bool better = best < 0 || (w.judged && !bestJudged) ||
                            (w.judged == bestJudged && distance < bestDistance);
        if (better) {
            best = int(i);
            bestJudged = w.judged;
            bestDistance = distance;
        }
    }
    return best;
}

QString LipSyncPanel::headerText() const {
    return m_headerPlain;
}

QWidget* LipSyncPanel::plotWidget() const {
    return m_plots;
}

void LipSyncPanel::setFrameArea(int left, int right) {
    m_plots->setFrameArea(left, right);
}

int LipSyncPanel::labelRoomLeft() const {
    return m_plots->roomLeft();
}

int LipSyncPanel::labelRoomRight() const {
    return m_plots->roomRight();
}

qint64 LipSyncPanel::frameAtX(double x) const {
    return m_plots->frameAtX(x);
}

double LipSyncPanel::xOfFrame(qint64 frame) const {
    return m_plots->xOfFrame(frame);
}

QRect LipSyncPanel::offsetPlotRect() const {
    return m_plots->offsetRect();
}

double LipSyncPanel::yOfOffset(double offsetFrames) const {
    return m_plots->yOfOffset(offsetFrames);
}

QRect LipSyncPanel::curvePlotRect() const {
    return m_plots->curveRect();
}

const DecimatedSeries& LipSyncPanel::drawnAudio() const {
    return m_plots->audio();
}

const DecimatedSeries& LipSyncPanel::drawnMouth() const {
    return m_plots->mouth();
}

void LipSyncPanel::updateHeader() {
    const QString dim = kDimText.name();
    QString html;
    QString plain;
    QString tip;
    if (!m_hasResult) {
        plain = m_placeholder;
        html = QStringLiteral("<span style='color:%1'>%2</span>")
                   .arg(palette().color(QPalette::PlaceholderText).name(), plain.toHtmlEscaped());
    } else if (m_result.abstained) {
        const QString reason = m_result.reason.trimmed();
        plain = reason.isEmpty() ? tr("Lip sync not assessed.")
                                 : tr("Lip sync not assessed: %1.").arg(reason);
        html = reason.isEmpty()
                   ? tr("<b>Lip sync not assessed.</b>")
                   : tr("<b>Lip sync not assessed:</b> %1.").arg(reason.toHtmlEscaped());
        tip = tr("The lip-sync analysis needs speech in the audio and a visible face at the same "
                 "time. Without them it abstains; an abstention is not a finding.");
    } else {
        const int frames = m_result.offsetFrames;
        const QString frameText = std::abs(frames) == 1 ? tr("%1 frame").arg(signedNumber(frames))
                                                        : tr("%1 frames").arg(signedNumber(frames));
        const QString msText = tr("%1 ms").arg(signedNumber(std::llround(m_result.offsetMs)));
        const QString direction = frames > 0   ? tr("audio after video")
                                  : frames < 0 ? tr("audio before video")
                                               : tr("in sync");
        int judged = 0;
        int low = std::numeric_limits<int>::max();
        int high = std::numeric_limits<int>::min();
        for (const LipSyncWindow& w : m_result.windows) {
            if (!w.judged)
                continue;
            ++judged;
            low = std::min(low, w.offsetFrames);
            high = std::max(high, w.offsetFrames);
        }
        const QString confidence = tr("confidence %1").arg(m_result.confidence, 0, 'f', 2);
        const QString windows =
            m_result.windows.size() == 1
                ? tr("%1 of 1 window judged").arg(judged)
                : tr("%1 of %2 windows judged").arg(judged).arg(m_result.windows.size());
        const QString separator = QStringLiteral("  ·  ");
        plain = tr("Clip offset %1 (%2), %3").arg(frameText, msText, direction) + separator +
                confidence + separator + windows;
        html = tr("Clip offset <b>%1 (%2)</b>, %3").arg(frameText, msText, direction) +
               QStringLiteral("<span style='color:%1'>%2%3%2%4</span>")
                   .arg(dim, separator, confidence, windows);
        if (judged > 0 && high - low >= kVaryingFrames) {
            const QString varying = tr("window offsets vary from %1 to %2 frames")
                                        .arg(signedNumber(low), signedNumber(high));
            plain += separator + varying;
            html +=
                QStringLiteral("<span style='color:%1'>%2</span><span style='color:%3'>%4</span>")
                    .arg(dim, separator, kVarying.name(), varying);
        }
        tip = tr("Offset of the sound against the lips over the speech, combined from the "
                 "windows by confidence. Positive: the sound comes after the lips move.\n"
                 "Confidence: peak minus median of the audio-mouth correlation over the lags "
                 "searched.");
        if (!m_result.reason.trimmed().isEmpty())
            tip += QStringLiteral("\n\n") + m_result.reason.trimmed();
    }
    m_headerPlain = plain;
    m_header->setText(html);
    m_header->setToolTip(tip);
    m_header->setAccessibleName(plain);

    const bool canShift = m_hasResult && !m_result.abstained;
    m_shift->setEnabled(canShift);
    m_shift->setToolTip(
        canShift ? tr("Draw the audio curve %1 frames earlier (the clip offset), so that with a "
                      "good estimate the audio and mouth curves line up (A)")
                       .arg(m_result.offsetFrames)
                 : tr("Needs a judged clip offset (A)"));
}

void LipSyncPanel::updatePlayButton() {
    const int window = currentWindow();
    m_plots->setCurrentWindow(window);
    m_play->setEnabled(window >= 0);
    if (window < 0) {
        m_play->setToolTip(m_hasResult ? tr("No analysis window under the playhead (W)")
                                       : tr("Plays the analysis window under the playhead (W)"));
        return;
    }
    const LipSyncWindow& w = m_result.windows[size_t(window)];
    m_play->setToolTip(tr("Play frames %1–%2, the analysis window under the playhead, at normal "
                          "speed with sound (W)")
                           .arg(w.startFrame)
                           .arg(w.endFrame));
}

void LipSyncPanel::playCurrentWindow() {
    const int window = currentWindow();
    if (window < 0)
        return;
    const LipSyncWindow& w = m_result.windows[size_t(window)];
    Q_EMIT playRangeRequested(w.startFrame, w.endFrame);
}

} // namespace fp
