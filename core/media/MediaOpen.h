#pragma once

// Opening evidence read-only: path checks with messages a user can act on, demuxer probing,
// stream selection and safety limits. Every reader in core/media goes through here so a bad
// file fails the same way everywhere.
// Thread-safety: free functions; each returned context belongs to the calling thread.

#include "core/media/FfmpegHandles.h"
#include "models/Result.h"

#include <QString>

namespace fp {

// Largest picture a decoder is allowed to allocate (about 8K x 8K). A file declaring more is
// refused before any allocation.
inline constexpr int64_t kMaxPixelsPerFrame = int64_t(8192) * 8192;

// Checks that `path` names a readable regular file that is not empty.
Result<void> checkEvidencePath(const QString& path);

// Opens the container read-only and reads stream information.
Result<av::FormatContextPtr> openContainer(const QString& path);

// The stream Frameproof analyses: the best video stream that is not an attached picture.
// Returns -1 if there is none.
int findVideoStream(const AVFormatContext* ctx);
int findAudioStream(const AVFormatContext* ctx);

// Tells the demuxer to drop every stream but `stream` (their packets are skipped cheaply).
void keepOnlyStream(AVFormatContext* ctx, int stream);

// A decoder context for `stream`, opened, with the resolution limit enforced.
// threads: 0 lets FFmpeg pick (all cores), 1 decodes on the calling thread only.
Result<av::CodecContextPtr> openDecoder(const AVStream* stream, int threads);

} // namespace fp
