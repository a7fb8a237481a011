#pragma once

// One decoded video frame, immutable once made. Shared between the decoder thread, the frame
// cache and readers as VideoFramePtr; the pixel data is reference-counted by FFmpeg, so copies
// are cheap and never partial (a frame is either whole or not delivered).
// Thread-safety: all const methods may be called from any thread.

#include "core/media/FfmpegHandles.h"

#include <QByteArray>
#include <QImage>
#include <QMetaType>

#include <cstdint>
#include <memory>

namespace fp {

class VideoFrame {
public:
    // Takes a new reference to `decoded`; the caller keeps its own.
    VideoFrame(int64_t index, const AVFrame* decoded);

    int64_t index() const { return m_index; }    // presentation index
    int64_t pts() const { return m_frame->pts; } // stream time base
    int width() const { return m_frame->width; }
    int height() const { return m_frame->height; }
    AVPixelFormat pixelFormat() const { return AVPixelFormat(m_frame->format); }
    // True when the decoder reported errors in this frame (concealment was applied).
    bool damaged() const { return m_damaged; }
    // Bytes held by the pixel planes (what the cache budget counts).
    int64_t byteSize() const { return m_byteSize; }
    const AVFrame* avFrame() const { return m_frame.get(); }

    // The planes packed without padding in the decoder's own pixel format: byte-for-byte what
    // FFmpeg's framemd5 muxer hashes.
    QByteArray packedPixels() const;
    // An 8-bit RGB image for display or analysis (converted on the calling thread).
    QImage toImage() const;

private:
    int64_t m_index = -1;
    av::FramePtr m_frame;
    int64_t m_byteSize = 0;
    bool m_damaged = false;
};

using VideoFramePtr = std::shared_ptr<const VideoFrame>;

} // namespace fp

Q_DECLARE_METATYPE(fp::VideoFramePtr)
