#pragma once

// Keeps an evidence file's bookmarks between sessions without touching the evidence: one JSON
// file per SHA-256 under the user's data folder (`<data>/bookmarks/<sha256>.json`), written
// atomically. The case file (a later issue) takes over this role.
// Thread-safety: free functions; call from one thread per file.

#include "core/case/Bookmarks.h"
#include "models/Result.h"

namespace fp {

// Where the bookmarks of the evidence with this SHA-256 live. `dataDir` empty means
// QStandardPaths::AppDataLocation.
QString bookmarkFilePath(const QString& sha256, const QString& dataDir = {});
// A missing file is an empty list, not an error.
Result<QVector<Bookmark>> loadBookmarks(const QString& filePath);
Result<void> saveBookmarks(const QString& filePath, const QVector<Bookmark>& bookmarks);

} // namespace fp
