#pragma once

// The one place where times and frame positions become text, so the GUI, the JSON and the
// report agree (STYLE.md, habit 10).
// Thread-safety: pure functions.

#include "core/util/Rational.h"

#include <QString>

#include <cstdint>

namespace fp {

// HH:MM:SS:FF at the nominal frame rate (rounded to whole frames per second).
QString formatTimecode(int64_t frameIndex, Rational nominalFrameRate);
// H:MM:SS.mmm
QString formatSeconds(double seconds);

} // namespace fp
