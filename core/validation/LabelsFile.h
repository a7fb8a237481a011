#pragma once

// The labelled corpus `frameproof validate` reads: a CSV file (RFC 4180: commas, "quoted"
// fields with "" for a quote) whose header names at least `path` and `label`. `label` is
// `genuine` or `generated`; every other column is kept as a condition of the clip (e.g.
// `family`) to split the figures by. Paths are relative to the root (the labels file's folder
// unless told otherwise). A row that cannot be used is reported with its line number and
// skipped; only a file without the two columns is refused.
// Thread-safety: pure functions.

#include "models/Result.h"

#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

namespace fp::validation {

struct LabelledClip {
    int line = 0;     // in the labels file, 1-based (the header is line 1)
    QString path;     // absolute
    QString relative; // as written in the file
    bool generated = false;
    QMap<QString, QString> conditions; // the other columns, by header name (empty values kept)
};

struct SkippedRow {
    int line = 0;
    QString message;
};

struct LabelsFile {
    QString path;        // absolute
    QString sha256;      // of the file's bytes, for the calibration's record of its corpus
    QStringList columns; // the header
    std::vector<LabelledClip> clips;
    std::vector<SkippedRow> skipped;
};

// Splits one CSV record; false when a quoted field is not closed on this line.
bool splitCsvLine(const QString& line, QStringList& fields);

Result<LabelsFile> readLabelsFile(const QString& path, const QString& root = {});

} // namespace fp::validation
