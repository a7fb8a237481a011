#pragma once

// Lets a list or table keep its navigation keys (Up, Down, Page Up, Page Down, Home, End,
// without modifiers) while it has keyboard focus, even though the main window binds Up/Down
// (keyframes) and Home/End (first and last frame) as window shortcuts: the view accepts the
// ShortcutOverride for those keys, so Qt delivers them to the view as key presses. Anywhere
// else (the player, the timeline) the shortcuts work as before.
// The filter is a child of `view` (owned by it). Thread-safety: GUI thread only.

#include <QtGlobal>

QT_BEGIN_NAMESPACE
class QAbstractItemView;
QT_END_NAMESPACE

namespace fp {

void keepNavigationKeys(QAbstractItemView* view);

} // namespace fp
