#pragma once

// ENFSI-style verbal scale for the support the findings give to the proposition that the faces
// were manipulated, against the proposition that they were not (DESIGN.md, Report). One type
// and one set of keys for the case file, the report, its sidecar and the window.
// Thread-safety: pure functions.

#include <QString>

#include <vector>

namespace fp {

enum class ConclusionScale { NotGiven, NoSupport, Weak, Moderate, Strong, VeryStrong };

// Stable keys: not_given, no_support, weak, moderate, strong, very_strong.
QString conclusionScaleKey(ConclusionScale scale);
QString conclusionScaleText(ConclusionScale scale); // translated: "moderate support"
// The scale of a key; also reads "no", which case files before this key set stored for
// no_support. NotGiven for anything else.
ConclusionScale conclusionScaleFromKey(const QString& key);
const std::vector<ConclusionScale>& conclusionScales(); // all, NotGiven first

} // namespace fp
