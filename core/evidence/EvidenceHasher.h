#pragma once

// SHA-256 and MD5 of an evidence file in one streamed pass (each block is read once and fed to
// both digests). The file is opened read-only and never modified.
// Thread-safety: hashEvidenceFile() may run on any thread; progress is called on that thread.

#include "models/Result.h"

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>

namespace fp {

struct EvidenceHashes {
    QString sha256; // lower-case hex
    QString md5;    // lower-case hex
    int64_t sizeBytes = 0;
};

struct HashOptions {
    // bytesDone, bytesTotal; called every few MiB.
    std::function<void(int64_t, int64_t)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

Result<EvidenceHashes> hashEvidenceFile(const QString& path, const HashOptions& options = {});

} // namespace fp
