#pragma once

// Keeps the timeline and the plots under it on one frame axis, so an examiner can read across:
// frame N is at the same screen x on the Timeline, on every SignalPlot and on the lip-sync
// plots, at every zoom.
//
// How: one label column and one right margin for all. The frame area's left edge is the
// widest of what the timeline's labels and each plot's y-axis labels need; its right edge is
// the narrowest of the widgets' right edges less the room each plot's labels need there (a
// scroll bar in one dock and not the other is absorbed here). Each plot's frame area is fixed
// to that extent, and the timeline gets it as its label column minimum and right margin. The
// visible range is shared too: the timeline's range goes to every plot, and a plot the user
// zooms or pans moves the timeline (and through it the other plots).
// A plot that is hidden (a tab not shown) still counts for the label column, so switching tabs
// does not move the timeline; a plot in another window (a floating dock) goes back to its own
// layout.
//
// Positions are logical pixels; frames are presentation indices. Lines up again after the
// widgets resize, move or show (coalesced to one pass per event-loop turn), or when align() is
// called.
// Thread-safety: GUI thread only. Ownership: the group is a QObject (give it a parent); it does
// not own the widgets and forgets any that are destroyed.

#include <QObject>
#include <QPointer>

#include <functional>
#include <vector>

class QWidget;

namespace fp {

class LipSyncPanel;
class SignalPlot;
class Timeline;

class FrameAxisGroup : public QObject {
    Q_OBJECT
public:
    FrameAxisGroup(Timeline* timeline, QObject* parent = nullptr);

    void addPlot(SignalPlot* plot);
    void addLipSync(LipSyncPanel* panel);

    // Lines everything up now (normally done after the next event-loop turn).
    void align();
    // Gives every plot the timeline's visible range (after new series reset a plot's range).
    void syncRanges();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Follower {
        QPointer<QWidget> widget; // whose coordinates the frame area is in
        std::function<int()> roomLeft;
        std::function<int()> roomRight;
        std::function<void(int, int)> setFrameArea;
        std::function<void(qint64, qint64)> setVisibleRange;
    };
    void addFollower(Follower follower);
    void schedule();
    void followerZoomed(qint64 first, qint64 last);

    QPointer<Timeline> m_timeline;
    std::vector<Follower> m_followers;
    bool m_scheduled = false;
    bool m_aligning = false;
};

} // namespace fp
