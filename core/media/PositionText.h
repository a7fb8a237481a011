#pragma once

// What a user types to go somewhere in a clip, turned into a frame (the Go to field).
// Thread-safety: pure functions.

#include "core/media/FrameIndex.h"

#include <QString>

namespace fp {

// A frame number ("1234"), a timecode at the nominal rate ("00:01:02:15"), seconds ("62.5",
// "62.5s") or minutes:seconds ("1:02.5"). Returns the presentation index (clamped to the
// clip), or -1 when the text is none of these.
int64_t parsePosition(const QString& text, const FrameIndex& index);

} // namespace fp
