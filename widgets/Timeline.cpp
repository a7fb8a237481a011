#include "widgets/Timeline.h"

#include "core/util/TimeFormat.h"
#include "widgets/WheelGesture.h"

#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <limits>

namespace fp {

namespace {

using namespace timeline;

constexpr qint64 kMinVisibleFrames = 10;
constexpr double kZoomPerNotch = 1.25; // one wheel notch (120 units)

} // namespace

Timeline::Timeline(QWidget* parent)
    : QWidget(parent)
    , m_ink(&timelineInk(false)) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // Clicking to seek must not take keyboard focus from the player's frame-step keys.
    setFocusPolicy(Qt::NoFocus);
    updateGutter();
}

void Timeline::setFrameIndex(std::shared_ptr<const FrameIndex> index) {
    m_index = std::move(index);
    m_maxPacketSize = m_index ? timeline::maxPacketSize(*m_index) : 1;
    ++m_tracksRevision; // a new index at the old address must not reuse the cached cells
    m_playhead = hasClip() ? std::clamp<qint64>(m_playhead, 0, m_index->size() - 1) : 0;
    m_lastEmitted = -1;
    m_scrubbing = false;
    updateGutter();
    if (hasClip()) {
        zoomToAll();
    } else {
        m_first = 0;
        m_last = 0;
    }
    update();
}

void Timeline::setPlayhead(qint64 frame) {
    if (!hasClip()) {
        m_playhead = std::max<qint64>(0, frame);
        return;
    }
    frame = std::clamp<qint64>(frame, 0, m_index->size() - 1);
    if (frame == m_playhead && frame >= m_first && frame <= m_last)
        return;
    const qint64 previous = m_playhead;
    m_playhead = frame;
    if (frame < m_first || frame > m_last) {
        scrollToShow(frame);
        update();
        return;
    }
    // Only the old and new playhead strips change; the cached cells make this cheap.
    updateAroundFrame(previous);
    updateAroundFrame(frame);
    update(QRect(0, 0, m_gutter, kRulerHeight));
}

void Timeline::setBookmarks(const QVector<TimelineMark>& marks) {
    m_marks = marks;
    update();
}

void Timeline::setTrack(const TimelineTrack& track) {
    auto it = std::find_if(m_tracks.begin(), m_tracks.end(),
                           [&](const TimelineTrack& t) { return t.name == track.name; });
    if (it != m_tracks.end())
        *it = track;
    else
        m_tracks.push_back(track);
    ++m_tracksRevision;
    updateGutter();
    updateGeometry();
    update();
}

void Timeline::removeTrack(const QString& name) {
    const auto removed =
        std::erase_if(m_tracks, [&](const TimelineTrack& t) { return t.name == name; });
    if (removed == 0)
        return;
    ++m_tracksRevision;
    updateGutter();
    updateGeometry();
    update();
}

QStringList Timeline::trackNames() const {
    QStringList names;
    for (const TimelineTrack& track : m_tracks)
        names << track.name;
    return names;
}

void Timeline::setVisibleRange(qint64 first, qint64 last) {
    if (!hasClip()) {
        m_first = 0;
        m_last = 0;
        return;
    }
    if (last < first)
        std::swap(first, last);
    const qint64 frames = m_index->size();
    const qint64 wanted = last - first + 1;
    const qint64 count = std::clamp(wanted, std::min(kMinVisibleFrames, frames), frames);
    if (count != wanted)
        first = first + (wanted - count) / 2; // grow or shrink around the middle
    first = std::clamp<qint64>(first, 0, frames - count);
    if (first == m_first && first + count - 1 == m_last)
        return;
    m_first = first;
    m_last = first + count - 1;
    update();
    Q_EMIT visibleRangeChanged(m_first, m_last);
}

void Timeline::zoomToAll() {
    if (hasClip())
        setVisibleRange(0, m_index->size() - 1);
}

int Timeline::frameAreaWidth() const {
    return std::max(1, width() - m_gutter - m_rightMargin);
}

void Timeline::setLabelColumnMinimum(int pixels) {
    pixels = std::max(0, pixels);
    if (pixels == m_minGutter)
        return;
    m_minGutter = pixels;
    updateGutter();
    updateGeometry();
}

void Timeline::setRightMargin(int pixels) {
    pixels = std::max(0, pixels);
    if (pixels == m_rightMargin)
        return;
    m_rightMargin = pixels;
    update();
}

double Timeline::pixelsPerFrame() const {
    return view().pixelsPerFrame();
}

qint64 Timeline::frameAtX(double x) const {
    return view().frameAtX(x);
}

double Timeline::xOfFrame(qint64 frame) const {
    return view().xOfFrame(frame);
}

QRect Timeline::laneRect(Lane lane, int track) const {
    return view().laneRect(lane, track);
}

int Timeline::totalHeight() const {
    return timeline::height(m_tracks.size());
}

QSize Timeline::sizeHint() const {
    return {800, totalHeight()};
}

QSize Timeline::minimumSizeHint() const {
    return {m_gutter + m_rightMargin + 120, totalHeight()};
}

QFont Timeline::smallFont() const {
    return timeline::smallFont(font());
}

void Timeline::updateGutter() {
    const int natural = timeline::naturalGutter(smallFont(), m_tracks);
    const int gutter = std::max(natural, m_minGutter);
    if (gutter != m_gutter) {
        m_gutter = gutter;
        update();
    }
    if (natural != m_naturalGutter) {
        m_naturalGutter = natural;
        Q_EMIT labelColumnChanged();
    }
}

void Timeline::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        updateGutter();
        updateGeometry();
    }
    QWidget::changeEvent(event);
}

void Timeline::setPrintAppearance(bool print) {
    m_ink = &timelineInk(print);
    update();
}

TimelineView Timeline::view() const {
    TimelineView v;
    v.index = m_index.get();
    v.tracks = &m_tracks;
    v.marks = &m_marks;
    v.ink = m_ink;
    v.smallFont = smallFont();
    v.first = m_first;
    v.last = m_last;
    v.playhead = m_playhead;
    // A printed figure is an overview of the whole clip, not a position in it: a playhead
    // there would read as a marked frame (and its gutter label as a stray "0").
    v.showPlayhead = m_ink != &timelineInk(true);
    v.width = width();
    v.height = height();
    v.gutter = m_gutter;
    v.rightMargin = m_rightMargin;
    v.maxPacketSize = m_maxPacketSize;
    v.tracksRevision = m_tracksRevision;
    return v;
}

void Timeline::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    m_painter.paint(painter, view(), event->rect());
}

void Timeline::updateAroundFrame(qint64 frame) {
    const double x0 = xOfFrame(frame);
    const double x1 = xOfFrame(frame + 1);
    update(QRectF(x0 - 8.0, 0.0, (x1 - x0) + 16.0, height()).toAlignedRect());
}

void Timeline::scrollToShow(qint64 frame) {
    const qint64 count = m_last - m_first + 1;
    qint64 first = 0;
    if (frame > m_last && frame <= m_last + count)
        first = frame - count / 10; // stepping forward past the edge: turn the page
    else if (frame < m_first && frame >= m_first - count)
        first = frame - (count - 1 - count / 10); // stepping back: page back
    else
        first = frame - count / 2; // a jump: centre it
    setVisibleRange(first, first + count - 1);
}

void Timeline::scrubTo(double x) {
    const qint64 frame = std::clamp(frameAtX(x), m_first, m_last);
    if (frame == m_lastEmitted)
        return;
    m_lastEmitted = frame;
    Q_EMIT seekRequested(frame);
}

void Timeline::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !hasClip() || event->position().x() < m_gutter) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_scrubbing = true;
    m_lastEmitted = -1;
    scrubTo(event->position().x());
    event->accept();
}

void Timeline::mouseMoveEvent(QMouseEvent* event) {
    if (!m_scrubbing || !hasClip()) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    scrubTo(event->position().x());
    event->accept();
}

void Timeline::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_scrubbing || event->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    if (hasClip())
        scrubTo(event->position().x());
    m_scrubbing = false;
    event->accept();
}

void Timeline::zoomAround(double x, qint64 frameCount) {
    const qint64 frames = m_index->size();
    frameCount = std::clamp(frameCount, std::min(kMinVisibleFrames, frames), frames);
    const double fraction = std::clamp((x - m_gutter) / frameAreaWidth(), 0.0, 1.0);
    const qint64 anchor = frameAtX(x);
    const double position = double(m_first) + fraction * double(m_last - m_first + 1);
    qint64 first = std::llround(position - fraction * double(frameCount));
    // Make the frame under the cursor exactly the same one (rounding could move it by one).
    const qint64 landed =
        first +
        qint64(std::floor((x - m_gutter) * double(frameCount) / frameAreaWidth() + kFrameEpsilon));
    first += anchor - landed;
    setVisibleRange(first, first + frameCount - 1);
}

void Timeline::wheelEvent(QWheelEvent* event) {
    if (!hasClip()) {
        QWidget::wheelEvent(event);
        return;
    }
    const WheelGesture wheel = wheelGesture(*event);
    if (wheel.kind == WheelGesture::Kind::Scroll) {
        event->ignore(); // the plain wheel belongs to the scroll area the timeline sits in
        return;
    }
    const qint64 count = m_last - m_first + 1;
    if (wheel.kind == WheelGesture::Kind::Pan) {
        // Pan a tenth of the view per notch; wheel down / right moves later in the clip.
        m_panAccumulator += -double(wheel.delta) / 120.0 * std::max(1.0, double(count) / 10.0);
        const auto shift = qint64(m_panAccumulator);
        m_panAccumulator -= double(shift);
        if (shift != 0)
            setVisibleRange(m_first + shift, m_last + shift);
        event->accept();
        return;
    }
    // Zoom: wheel up shows fewer frames. Small (touchpad) deltas accumulate until they add up
    // to at least one frame.
    m_zoomAccumulator += wheel.delta;
    const double factor = std::pow(kZoomPerNotch, m_zoomAccumulator / 120.0);
    const qint64 frames = m_index->size();
    const qint64 minCount = std::min(kMinVisibleFrames, frames);
    const qint64 target =
        std::clamp<qint64>(std::llround(double(count) / factor), minCount, frames);
    if (target != count) {
        zoomAround(event->position().x(), target);
        m_zoomAccumulator = 0;
    } else if ((count == minCount && m_zoomAccumulator > 0) ||
               (count == frames && m_zoomAccumulator < 0)) {
        m_zoomAccumulator = 0; // at the limit: do not bank wheel turns
    }
    event->accept();
}

QString Timeline::frameToolTip(qint64 frame) const {
    const FrameIndexEntry& entry = m_index->at(frame);
    QString time = formatSeconds(m_index->secondsAt(frame));
    if (m_index->nominalFrameRate.valid())
        time += QStringLiteral(" (") + formatTimecode(frame, m_index->nominalFrameRate) +
                QLatin1Char(')');
    QString text = tr("Frame %1  pts %2  t=%3  type %4")
                       .arg(frame)
                       .arg(entry.pts)
                       .arg(time)
                       .arg(QChar::fromLatin1(entry.pictureType));
    if (entry.key)
        text += tr("  key");
    if (entry.corrupt)
        text += tr("  corrupt");
    text += tr("  size %1 bytes").arg(entry.packetSize);
    return text;
}

QString Timeline::toolTipAt(const QPoint& pos) const {
    if (!hasClip() || pos.y() < 0 || pos.y() >= height())
        return {};
    const int trackRow = pos.y() >= kTracksTop ? (pos.y() - kTracksTop) / kTrackHeight : -1;
    if (pos.x() < m_gutter) {
        if (trackRow >= 0 && trackRow < int(m_tracks.size()))
            return m_tracks[size_t(trackRow)].name;
        return {};
    }
    const qint64 frame = std::clamp(frameAtX(pos.x()), m_first, m_last);

    if (pos.y() >= kMarksTop && pos.y() < kTracksTop) {
        // The topmost (last drawn) mark under the cursor, with a few pixels of slack for pins.
        for (auto it = m_marks.crbegin(); it != m_marks.crend(); ++it) {
            const double x0 = xOfFrame(it->firstFrame);
            const double x1 = xOfFrame(it->lastFrame + 1);
            const double centre = (x0 + x1) / 2.0;
            const double half = std::max((x1 - x0) / 2.0, 4.0);
            if (std::abs(pos.x() + 0.5 - centre) <= half) {
                if (!it->tooltip.isEmpty())
                    return it->tooltip;
                return tr("Bookmark, frames %1–%2").arg(it->firstFrame).arg(it->lastFrame);
            }
        }
    }

    if (trackRow >= 0 && trackRow < int(m_tracks.size())) {
        const TimelineTrack& track = m_tracks[size_t(trackRow)];
        // The same frames the pixel column aggregates when zoomed out.
        qint64 last = frame;
        if (pixelsPerFrame() < 1.0)
            last = std::clamp(frameAtX(std::floor(double(pos.x())) + 1.0) - 1, frame, m_last);
        float best = std::numeric_limits<float>::quiet_NaN();
        for (qint64 f = frame; f <= last; ++f) {
            const float value = track.valueAt(f);
            if (!std::isnan(value) && (std::isnan(best) || value > best))
                best = value;
        }
        const QString value =
            std::isnan(best) ? tr("no value") : QString::number(double(best), 'g', 5);
        if (last > frame)
            return tr("%1  frames %2–%3  max %4").arg(track.name).arg(frame).arg(last).arg(value);
        return tr("%1  frame %2  %3").arg(track.name).arg(frame).arg(value);
    }
    return frameToolTip(frame);
}

bool Timeline::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
}

} // namespace fp
