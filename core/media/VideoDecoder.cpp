#include "core/media/VideoDecoder.h"

#include "core/media/MediaOpen.h"

#include <QCoreApplication>

namespace fp {

namespace {

struct VideoDecoderText {
    Q_DECLARE_TR_FUNCTIONS(fp::VideoDecoder)
};

Error endOfStream() {
    return makeError(Error::Kind::Corrupt, VideoDecoderText::tr("end of the video stream"));
}

// How often a seek that lands badly may back off before decoding from the start of the file.
constexpr int kMaxSeekBackoffs = 6;
// Read errors in a row after which the rest of the file is treated as unreadable.
constexpr int kMaxConsecutiveReadErrors = 64;

} // namespace

Result<VideoDecoder::OpenedStream> VideoDecoder::openVideoStream(const QString& path, int stream,
                                                                 int threads) {
    auto format = openContainer(path);
    if (!format)
        return format.error();
    if (stream < 0) {
        stream = findVideoStream(format->get());
        if (stream < 0)
            return makeError(Error::Kind::Unsupported,
                             VideoDecoderText::tr("the file contains no video stream"));
    } else if (unsigned(stream) >= (*format)->nb_streams ||
               (*format)->streams[stream]->codecpar->codec_type != AVMEDIA_TYPE_VIDEO) {
        return makeError(Error::Kind::Internal,
                         VideoDecoderText::tr("the frame index does not match this file"));
    }
    keepOnlyStream(format->get(), stream);
    auto codec = openDecoder((*format)->streams[stream], threads);
    if (!codec)
        return codec.error();
    return OpenedStream{std::move(format).value(), std::move(codec).value(), stream};
}

Result<std::unique_ptr<VideoDecoder>>
VideoDecoder::open(const QString& path, std::shared_ptr<const FrameIndex> index, int threads) {
    if (!index || index->empty())
        return makeError(Error::Kind::Internal,
                         VideoDecoderText::tr("a decoder needs a non-empty frame index"));
    auto opened = openVideoStream(path, index->streamIndex, threads);
    if (!opened)
        return opened.error();
    auto& [format, codec, stream] = opened.value();

    std::unique_ptr<VideoDecoder> decoder(new VideoDecoder);
    decoder->m_path = path;
    decoder->m_index = std::move(index);
    decoder->m_format = std::move(format);
    decoder->m_codec = std::move(codec);
    decoder->m_packet = av::makePacket();
    decoder->m_frame = av::makeFrame();
    decoder->m_stream = stream;
    decoder->m_nextIndex = 0; // freshly opened: positioned at the start of the file
    return decoder;
}

VideoDecoder::~VideoDecoder() = default;

Result<VideoFramePtr> VideoDecoder::decodeFirstFrame(const QString& path) {
    auto opened = openVideoStream(path, -1, 0);
    if (!opened)
        return opened.error();
    auto& [format, codec, stream] = opened.value();
    av::PacketPtr packet = av::makePacket();
    av::FramePtr frame = av::makeFrame();
    bool draining = false;
    // Bounded: a stream whose first frame needs more packets than this is treated as damaged.
    for (int packets = 0; packets < 4096;) {
        const int rc = avcodec_receive_frame(codec.get(), frame.get());
        if (rc == 0)
            return VideoFramePtr(std::make_shared<const VideoFrame>(0, frame.get()));
        if (rc != AVERROR(EAGAIN) || draining)
            break;
        if (av_read_frame(format.get(), packet.get()) < 0) {
            avcodec_send_packet(codec.get(), nullptr);
            draining = true;
            continue;
        }
        if (packet->stream_index == stream) {
            avcodec_send_packet(codec.get(), packet.get());
            ++packets;
        }
        av_packet_unref(packet.get());
    }
    return makeError(Error::Kind::Corrupt,
                     VideoDecoderText::tr("the first frame could not be decoded"));
}

bool VideoDecoder::seekTo(int64_t keyframe, bool byDts) {
    ++m_stats.seeks;
    int rc = -1;
    if (keyframe >= 0) {
        const FrameIndexEntry& entry = m_index->at(keyframe);
        rc = av_seek_frame(m_format.get(), m_stream, byDts ? entry.dts : entry.pts,
                           AVSEEK_FLAG_BACKWARD);
    }
    if (rc < 0 && keyframe <= 0)
        rc = av_seek_frame(m_format.get(), m_stream, INT64_MIN, AVSEEK_FLAG_BACKWARD);
    if (rc < 0 && keyframe <= 0)
        rc = av_seek_frame(m_format.get(), m_stream, 0, AVSEEK_FLAG_BYTE);
    avcodec_flush_buffers(m_codec.get());
    m_draining = false;
    m_drained = false;
    m_lastIndex = -1;
    m_nextIndex = -1;
    m_checkFirstPacket = keyframe > 0;
    m_seekMissed = false;
    return rc >= 0;
}

int64_t VideoDecoder::indexForFrame(const AVFrame* frame) {
    const int64_t pts =
        frame->best_effort_timestamp != AV_NOPTS_VALUE ? frame->best_effort_timestamp : frame->pts;
    if (pts != AV_NOPTS_VALUE) {
        const int64_t found = m_index->indexOfPts(pts);
        if (found >= 0)
            return found;
    }
    // No usable timestamp: count on from the last identified frame.
    if (m_lastIndex >= 0 && m_lastIndex + 1 < m_index->size())
        return m_lastIndex + 1;
    return -1;
}

Result<VideoFramePtr> VideoDecoder::receiveFrame() {
    int readErrors = 0;
    int decodeErrors = 0;
    for (;;) {
        if (m_drained)
            return endOfStream();
        int rc = avcodec_receive_frame(m_codec.get(), m_frame.get());
        if (rc == 0) {
            ++m_stats.framesDecoded;
            const int64_t index = indexForFrame(m_frame.get());
            if (index < 0) {
                av_frame_unref(m_frame.get());
                continue; // a frame we cannot place (before the first indexed pts): skip it
            }
            auto frame = std::make_shared<const VideoFrame>(index, m_frame.get());
            av_frame_unref(m_frame.get());
            m_lastIndex = index;
            return VideoFramePtr(std::move(frame));
        }
        if (rc == AVERROR_EOF) {
            m_drained = true;
            return endOfStream();
        }
        if (rc != AVERROR(EAGAIN)) {
            // A broken frame: the decoder gave up on it. Carry on with the next one (while
            // draining, the frames still buffered behind it).
            if (++decodeErrors > kMaxConsecutiveReadErrors) {
                m_drained = true;
                return endOfStream();
            }
            if (m_draining)
                continue;
        }
        if (m_draining) {
            m_drained = true;
            return endOfStream();
        }
        rc = av_read_frame(m_format.get(), m_packet.get());
        if (rc < 0) {
            if (rc != AVERROR_EOF && rc != AVERROR(EAGAIN) &&
                ++readErrors < kMaxConsecutiveReadErrors &&
                !(m_format->pb && m_format->pb->eof_reached))
                continue;
            if (rc == AVERROR(EAGAIN) && ++readErrors < kMaxConsecutiveReadErrors)
                continue;
            avcodec_send_packet(m_codec.get(), nullptr);
            m_draining = true;
            continue;
        }
        readErrors = 0;
        if (m_packet->stream_index != m_stream) {
            av_packet_unref(m_packet.get());
            continue;
        }
        ++m_stats.packetsRead;
        if (m_checkFirstPacket) {
            m_checkFirstPacket = false;
            if (!(m_packet->flags & AV_PKT_FLAG_KEY)) {
                // The seek landed on a packet a decoder cannot start from.
                av_packet_unref(m_packet.get());
                m_seekMissed = true;
                return makeError(Error::Kind::Corrupt,
                                 VideoDecoderText::tr("seek missed its keyframe"));
            }
        }
        // Invalid data is concealed or dropped by the decoder; either way, keep reading.
        avcodec_send_packet(m_codec.get(), m_packet.get());
        av_packet_unref(m_packet.get());
    }
}

Result<VideoFramePtr> VideoDecoder::decode(int64_t target, const FrameSink& sink,
                                           const AbortCheck& abort) {
    if (target < 0 || target >= m_index->size()) {
        return makeError(Error::Kind::Internal,
                         VideoDecoderText::tr("frame %1 is outside the clip (0 to %2)")
                             .arg(target)
                             .arg(m_index->size() - 1));
    }
    int64_t keyframe = m_index->keyframeAtOrBefore(target);
    // Decode on without seeking when the target lies ahead in the current GOP.
    const bool sequential = m_nextIndex >= 0 && target >= m_nextIndex && keyframe <= m_nextIndex;
    bool byDts = false;
    bool firstAfterSeek = false;
    int backoffs = 0;
    // When a seek lands badly (past the target, or on a packet that is not a keyframe), try the
    // same keyframe by dts, then earlier keyframes, and finally the start of the file.
    auto backOff = [&]() -> bool {
        if (keyframe < 0 || backoffs >= kMaxSeekBackoffs)
            return false;
        ++backoffs;
        if (!byDts) {
            byDts = true;
        } else {
            keyframe = keyframe > 0 ? m_index->keyframeAtOrBefore(keyframe - 1) : -1;
            byDts = false;
        }
        if (backoffs == kMaxSeekBackoffs)
            keyframe = -1;
        seekTo(keyframe, byDts);
        return true;
    };
    if (!sequential) {
        seekTo(keyframe, byDts);
        firstAfterSeek = true;
    }
    for (;;) {
        if (abort && abort())
            return makeError(Error::Kind::Cancelled,
                             VideoDecoderText::tr("decoding of frame %1 abandoned").arg(target));
        auto received = receiveFrame();
        if (!received) {
            if (firstAfterSeek && backOff())
                continue;
            return makeError(Error::Kind::Corrupt,
                             VideoDecoderText::tr(
                                 "frame %1 could not be decoded: the decoder produced no picture "
                                 "for it (damaged or missing data)")
                                 .arg(target));
        }
        const VideoFramePtr& frame = received.value();
        const int64_t got = frame->index();
        m_nextIndex = got + 1;
        if (got > target && firstAfterSeek && backOff())
            continue;
        firstAfterSeek = false;
        if (got > target) {
            return makeError(
                Error::Kind::Corrupt,
                VideoDecoderText::tr("frame %1 could not be decoded: the decoder skipped it "
                                     "(damaged or missing data)")
                    .arg(target));
        }
        if (sink)
            sink(frame);
        if (got == target)
            return frame;
    }
}

Result<VideoFramePtr> VideoDecoder::decodeNext() {
    if (m_nextIndex < 0)
        return decode(0);
    if (m_nextIndex >= m_index->size())
        return endOfStream();
    auto received = receiveFrame();
    if (!received)
        return received.error();
    m_nextIndex = received.value()->index() + 1;
    return received;
}

} // namespace fp
