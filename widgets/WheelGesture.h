#pragma once

// What the mouse wheel means over the timeline and the plots under it, one rule for all of them
// so they behave alike: Ctrl+wheel zooms around the pointer, Shift+wheel (or a horizontal wheel)
// pans, and the plain wheel belongs to the scroll area they sit in (the handler ignores the
// event, and Qt passes it on).
// Thread-safety: GUI thread (it reads a QWheelEvent).

#include <QWheelEvent>

#include <cstdlib>

namespace fp {

struct WheelGesture {
    enum class Kind { Scroll, Zoom, Pan };
    Kind kind = Kind::Scroll;
    int delta = 0; // along the wheel's dominant axis, 120 per notch
};

inline WheelGesture wheelGesture(const QWheelEvent& event) {
    const QPoint angle = event.angleDelta();
    const bool horizontal = std::abs(angle.x()) > std::abs(angle.y());
    WheelGesture g;
    g.delta = horizontal ? angle.x() : angle.y();
    if (event.modifiers().testFlag(Qt::ControlModifier))
        g.kind = WheelGesture::Kind::Zoom;
    else if (horizontal || event.modifiers().testFlag(Qt::ShiftModifier))
        g.kind = WheelGesture::Kind::Pan;
    return g;
}

} // namespace fp
