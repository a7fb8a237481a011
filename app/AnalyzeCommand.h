#pragma once

// `frameproof analyze CLIP [--json FILE]`: the whole analysis headless, written as DESIGN.md's
// analysis JSON (stdout when no --json is given). Runs on the calling thread.

#include <QStringList>

#include <cstdio>

namespace fp::app {

// `args` are the words after "analyze". Exit status per DESIGN.md: 0, 2 bad input, 64 usage.
int runAnalyze(const QStringList& args, FILE* out, FILE* err);

} // namespace fp::app
