#pragma once

// The one place where times and frame positions become text, so the GUI, the JSON and the
// report agree (STYLE.md, habit 10).
// Thread-safety: pure functions.

#include "core/media/FrameIndex.h"

#include <QString>

namespace fp {

// HH:MM:SS:FF at the nominal frame rate (rounded to whole frames per second).
QString formatTimecode(int64_t frameIndex, Rational nominalFrameRate);
// H:MM:SS.mmm
QString formatSeconds(double seconds);

// What a user may type to go somewhere: a frame number ("1234"), a timecode at the nominal
// rate ("00:01:02:15"), seconds ("62.5", "62.5s") or minutes:seconds ("1:02.5"). Returns the
// presentation index (clamped to the clip), or -1 when the text is none of these.
int64_t parsePosition(const QString& text, const FrameIndex& index);

} // namespace fp
