#pragma once
// A violation for the layering check to find (tests/CMakeLists.txt).
#include "core/validation/Roc.h"
