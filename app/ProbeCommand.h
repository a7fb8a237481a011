#pragma once

// `frameproof probe CLIP`: container, streams, hashes and frame-index summary as one JSON
// object on stdout. Runs on the calling thread (the command line has no GUI).

#include <QString>

#include <cstdio>

namespace fp::app {

// Exit status per DESIGN.md: 0 done, 2 unreadable or unsupported input.
int runProbe(const QString& path, FILE* out, FILE* err);

} // namespace fp::app
