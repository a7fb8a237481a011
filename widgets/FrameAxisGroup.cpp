#include "widgets/FrameAxisGroup.h"

#include "widgets/LipSyncPanel.h"
#include "widgets/SignalPlot.h"
#include "widgets/Timeline.h"

#include <QEvent>
#include <QRect>
#include <QTimer>
#include <QWidget>

#include <algorithm>

namespace fp {

FrameAxisGroup::FrameAxisGroup(Timeline* timeline, QObject* parent)
    : QObject(parent)
    , m_timeline(timeline) {
    timeline->installEventFilter(this);
    connect(timeline, &Timeline::labelColumnChanged, this, &FrameAxisGroup::schedule);
    connect(timeline, &Timeline::visibleRangeChanged, this, [this](qint64 first, qint64 last) {
        for (const Follower& f : m_followers) {
            if (f.widget)
                f.setVisibleRange(first, last);
        }
    });
}

void FrameAxisGroup::addPlot(SignalPlot* plot) {
    addFollower({plot, [plot] { return plot->labelRoomLeft(); },
                 [plot] { return plot->labelRoomRight(); },
                 [plot](int left, int right) { plot->setFrameArea(left, right); },
                 [plot](qint64 first, qint64 last) { plot->setVisibleRange(first, last); }});
    connect(plot, &SignalPlot::labelRoomChanged, this, &FrameAxisGroup::schedule);
    connect(plot, &SignalPlot::visibleRangeChanged, this, &FrameAxisGroup::followerZoomed);
}

void FrameAxisGroup::addLipSync(LipSyncPanel* panel) {
    addFollower({panel->plotWidget(), [panel] { return panel->labelRoomLeft(); },
                 [panel] { return panel->labelRoomRight(); },
                 [panel](int left, int right) { panel->setFrameArea(left, right); },
                 [panel](qint64 first, qint64 last) { panel->setVisibleRange(first, last); }});
    connect(panel, &LipSyncPanel::visibleRangeChanged, this, &FrameAxisGroup::followerZoomed);
}

void FrameAxisGroup::addFollower(Follower follower) {
    follower.widget->installEventFilter(this);
    m_followers.push_back(std::move(follower));
    schedule();
}

void FrameAxisGroup::followerZoomed(qint64 first, qint64 last) {
    if (m_timeline)
        m_timeline->setVisibleRange(first, last); // and back to every plot
}

void FrameAxisGroup::syncRanges() {
    if (!m_timeline)
        return;
    for (const Follower& f : m_followers) {
        if (f.widget)
            f.setVisibleRange(m_timeline->visibleFirst(), m_timeline->visibleLast());
    }
}

bool FrameAxisGroup::eventFilter(QObject* watched, QEvent* event) {
    switch (event->type()) {
    case QEvent::Resize:
    case QEvent::Move:
    case QEvent::Show:
    case QEvent::ParentChange:
        schedule();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

void FrameAxisGroup::schedule() {
    if (m_scheduled || m_aligning)
        return;
    m_scheduled = true;
    QTimer::singleShot(0, this, [this] {
        m_scheduled = false;
        align();
    });
}

void FrameAxisGroup::align() {
    if (!m_timeline || m_aligning)
        return;
    m_aligning = true;
    Timeline* timeline = m_timeline;
    const int timelineLeft = timeline->mapToGlobal(QPoint(0, 0)).x();
    const int timelineRight = timelineLeft + timeline->width();
    const bool timelineShown = timeline->isVisible();
    // A follower is lined up when it is on screen in the timeline's window. A dock behind
    // another's tab stays "visible" but is moved outside the window: that one is hidden.
    QWidget* window = timeline->window();
    const auto aligned = [&](const Follower& f) {
        return timelineShown && f.widget && f.widget->isVisible() && f.widget->window() == window &&
               QRect(f.widget->mapTo(window, QPoint(0, 0)), f.widget->size())
                   .intersects(window->rect());
    };

    // Global x of the frame area's edges.
    int left = timelineLeft + timeline->naturalLabelColumnWidth();
    int right = timelineRight;
    for (const Follower& f : m_followers) {
        if (!f.widget)
            continue;
        if (aligned(f)) {
            const int x = f.widget->mapToGlobal(QPoint(0, 0)).x();
            left = std::max(left, x + f.roomLeft());
            right = std::min(right, x + f.widget->width() - f.roomRight());
        } else if (f.widget->window() == window) {
            // Hidden (another tab): as if it sat exactly under the timeline.
            left = std::max(left, timelineLeft + f.roomLeft());
            right = std::min(right, timelineRight - f.roomRight());
        }
    }
    if (right - left < 40) // too narrow to share: everything on its own layout
        right = left = -1;

    timeline->setLabelColumnMinimum(left < 0 ? 0 : left - timelineLeft);
    timeline->setRightMargin(left < 0 ? 0 : timelineRight - right);
    for (const Follower& f : m_followers) {
        if (!f.widget)
            continue;
        if (left >= 0 && aligned(f)) {
            const int x = f.widget->mapToGlobal(QPoint(0, 0)).x();
            f.setFrameArea(left - x, right - x);
        } else {
            f.setFrameArea(-1, -1);
        }
    }
    m_aligning = false;
}

} // namespace fp
