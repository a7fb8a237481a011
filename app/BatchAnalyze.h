#pragma once

// `frameproof analyze DIR --report OUTDIR [--json OUTDIR] [--examiner NAME] [--case FILE]`:
// every file in DIR and its subfolders (sorted by relative path, hidden files skipped; the output
// folders themselves skipped when they lie inside DIR) is analysed like a single clip (the same
// analyzeClip() and writeClipOutputs() calls), giving OUTDIR/NAME.pdf with its NAME.report.json
// sidecar (and JSONDIR/NAME.json), NAME being the relative path with '/' as '_' and without its
// extension, plus OUTDIR/summary.csv with one row per file: file (relative path), sha256, frames,
// each signal's clip score and status, lip-sync offset and confidence, number of findings, report
// file, error. A file that cannot be read or analysed gets a row with its error; the batch goes
// on. Exit status: 0 when every file was reported, 2 when any failed, 64 usage.
// Thread-safety: the main thread of a QApplication.

#include <QString>
#include <QStringList>

#include <cstdio>

namespace fp::app {

struct BatchRequest {
    QString inputDir;
    QString reportDir; // required
    QString jsonDir;   // optional
    QString examiner;
    QString casePath; // optional: every clip recorded into this case
};

int runBatchAnalyze(const BatchRequest& request, FILE* out, FILE* err);

} // namespace fp::app
