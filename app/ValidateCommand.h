#pragma once

// `frameproof validate LABELS.csv [--root DIR] [--json FILE] [--report FILE.pdf] [--cache DIR]
// [--jobs N]`: the command line's side of core/validation. Progress, one line per clip, on
// stderr; Ctrl+C stops after the analyses under way are abandoned, and the cache keeps every
// clip finished before it. A table of the AUCs goes to stdout (the JSON instead when neither
// --json nor --report is given); --report writes the PDF (widgets/ValidationReport).
// Thread-safety: the calling (main) thread.

#include <QStringList>

#include <cstdio>

namespace fp::app {

// `args` are the words after "validate". Exit status: 0, 2 unreadable labels file, 64 usage,
// 130 interrupted (the cache is kept).
int runValidate(const QStringList& args, FILE* out, FILE* err);

} // namespace fp::app
