#pragma once

// Reading and hashing model files: the hash a model card pins is taken over exactly the bytes
// that are then parsed, so a file swapped between the check and the load cannot slip through.
// Thread-safety: free functions without shared state; call them from any thread.

#include "models/Result.h"

#include <QByteArray>
#include <QString>

namespace fp::models {

// Model files above this size are refused before reading (a 2 GiB TorchScript archive is far
// beyond any face-crop detector; the cap keeps a wrong path from filling memory).
inline constexpr qint64 kMaxModelFileBytes = 2LL * 1024 * 1024 * 1024;

// The whole file in memory. `what` names the file in messages ("the learned detector model").
Result<QByteArray> readModelFile(const QString& path, const QString& what);

// Lower-case hex SHA-256 of `bytes` (OpenSSL, which uses the CPU's SHA instructions); empty if
// OpenSSL fails.
QString sha256Hex(const QByteArray& bytes);

// Lower-case hex SHA-256 of a file, read in chunks (nothing is kept in memory).
Result<QString> sha256OfFile(const QString& path);

} // namespace fp::models
