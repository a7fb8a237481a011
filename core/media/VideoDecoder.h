#pragma once

// Frame-exact decoding by presentation index. Seeks to the keyframe at or before the target,
// decodes forward, and identifies every output frame by its pts in the FrameIndex; a seek that
// lands past the target backs off to an earlier keyframe and retries. Frames decoded on the way
// are handed to a sink (the frame cache), which is what makes backward stepping cheap.
//
// Thread-safety: none. A VideoDecoder belongs to one thread (FrameServer's decoder thread, an
// analysis job, a test). It owns its own demuxer, so several decoders may read one file at once.

#include "core/media/FfmpegHandles.h"
#include "core/media/FrameIndex.h"
#include "core/media/VideoFrame.h"
#include "models/Result.h"

#include <functional>
#include <memory>

namespace fp {

struct DecoderStats {
    int64_t seeks = 0;         // container seeks performed
    int64_t framesDecoded = 0; // frames that left the decoder
    int64_t packetsRead = 0;   // video packets sent to the decoder
};

class VideoDecoder {
public:
    using FrameSink = std::function<void(const VideoFramePtr&)>;
    // Asked between frames; returning true abandons the current decode with Error::Cancelled.
    using AbortCheck = std::function<bool()>;

    // threads: decoder threads (0 = FFmpeg's choice).
    static Result<std::unique_ptr<VideoDecoder>>
    open(const QString& path, std::shared_ptr<const FrameIndex> index, int threads = 0);
    ~VideoDecoder();

    // The first frame in presentation order (index 0), decoded straight from the file without
    // a frame index, so a window can show it while the index is still being built.
    static Result<VideoFramePtr> decodeFirstFrame(const QString& path);

    const FrameIndex& index() const { return *m_index; }

    // Decodes presentation frame `target` (0 <= target < index().size()). Every frame decoded
    // on the way, including the target, goes to `sink` if given.
    Result<VideoFramePtr> decode(int64_t target, const FrameSink& sink = {},
                                 const AbortCheck& abort = {});
    // The next frame in presentation order after the last one returned (no seek), or an
    // error at the end of the stream.
    Result<VideoFramePtr> decodeNext();
    // Index of the frame decodeNext() would return; -1 when the decoder must seek first.
    int64_t nextIndex() const { return m_nextIndex; }

    const DecoderStats& stats() const { return m_stats; }

private:
    VideoDecoder() = default;
    struct OpenedStream {
        av::FormatContextPtr format;
        av::CodecContextPtr codec;
        int stream = -1;
    };
    // Opens the container and a decoder for video `stream` (-1: the best video stream), with
    // the other streams dropped. Shared by open() and decodeFirstFrame().
    static Result<OpenedStream> openVideoStream(const QString& path, int stream, int threads);
    // Seeks so that decoding starts at `keyframe` (-1: the start of the file). Containers
    // index by pts (Matroska) or dts (MP4, MPEG-TS); byDts picks which timestamp to seek by.
    bool seekTo(int64_t keyframe, bool byDts);
    // Pulls the next frame out of the decoder, reading packets as needed. Empty at the end.
    Result<VideoFramePtr> receiveFrame();
    int64_t indexForFrame(const AVFrame* frame);

    QString m_path;
    std::shared_ptr<const FrameIndex> m_index;
    av::FormatContextPtr m_format;
    av::CodecContextPtr m_codec;
    av::PacketPtr m_packet;
    av::FramePtr m_frame;
    int m_stream = -1;
    bool m_draining = false;         // end of file reached, the decoder is being flushed
    bool m_drained = false;          // all frames are out
    bool m_checkFirstPacket = false; // just seeked: the first packet must be a keyframe
    bool m_seekMissed = false;       // ... and it was not
    int64_t m_lastIndex = -1;        // index of the last frame that came out of the decoder
    int64_t m_nextIndex = -1;
    DecoderStats m_stats;
};

} // namespace fp
