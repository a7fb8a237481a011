#pragma once
// A violation for the layering check to find (tests/CMakeLists.txt).
#include "core/media/FrameIndex.h"
