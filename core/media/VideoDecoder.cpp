#include "core/media/VideoDecoder.h"

#include "core/media/MediaOpen.h"

#include <QCoreApplication>

namespace fp {

namespace {

QString tr(const char* text) { return QCoreApplication::translate("fp::VideoDecoder", text); }

Error endOfStream() { return makeError(Error::Kind::Corrupt, tr("end of the video stream")); }

// How often a seek that lands after its target may back off to an earlier keyframe.
constexpr int kMaxSeekBackoffs = 4;
// Read errors in a row after which the rest of the file is treated as unreadable.
constexpr int kMaxConsecutiveReadErrors = 64;

} // namespace

Result<std::unique_ptr<VideoDecoder>> VideoDecoder::open(const QString& path,
                                                         std::shared_ptr<const FrameIndex> index,
                                                         int threads)
{
    if (!index || index->empty())
        return makeError(Error::Kind::Internal, tr("a decoder needs a non-empty frame index"));
    auto format = openContainer(path);
    if (!format)
        return format.error();
    const int stream = index->streamIndex;
    if (stream < 0 || unsigned(stream) >= (*format)->nb_streams
        || (*format)->streams[stream]->codecpar->codec_type != AVMEDIA_TYPE_VIDEO) {
        return makeError(Error::Kind::Internal, tr("the frame index does not match this file"));
    }
    for (unsigned i = 0; i < (*format)->nb_streams; ++i) {
        if (int(i) != stream)
            (*format)->streams[i]->discard = AVDISCARD_ALL;
    }
    auto codec = openDecoder((*format)->streams[stream], threads);
    if (!codec)
        return codec.error();

    std::unique_ptr<VideoDecoder> decoder(new VideoDecoder);
    decoder->m_path = path;
    decoder->m_index = std::move(index);
    decoder->m_format = std::move(format).value();
    decoder->m_codec = std::move(codec).value();
    decoder->m_packet = av::makePacket();
    decoder->m_frame = av::makeFrame();
    decoder->m_stream = stream;
    decoder->m_nextIndex = 0; // freshly opened: positioned at the start of the file
    return decoder;
}

VideoDecoder::~VideoDecoder() = default;

bool VideoDecoder::seekTo(int64_t keyframe)
{
    const FrameIndexEntry& entry = m_index->at(keyframe);
    ++m_stats.seeks;
    int rc = av_seek_frame(m_format.get(), m_stream, entry.pts, AVSEEK_FLAG_BACKWARD);
    if (rc < 0 && keyframe == 0)
        rc = av_seek_frame(m_format.get(), m_stream, INT64_MIN, AVSEEK_FLAG_BACKWARD);
    if (rc < 0 && entry.bytePos >= 0)
        rc = av_seek_frame(m_format.get(), m_stream, entry.bytePos, AVSEEK_FLAG_BYTE);
    avcodec_flush_buffers(m_codec.get());
    m_draining = false;
    m_drained = false;
    m_lastIndex = -1;
    m_nextIndex = -1;
    return rc >= 0;
}

int64_t VideoDecoder::indexForFrame(const AVFrame* frame)
{
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

Result<VideoFramePtr> VideoDecoder::receiveFrame()
{
    int readErrors = 0;
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
            // A broken frame: the decoder has given up on it; carry on with the next packet.
            if (m_draining) {
                m_drained = true;
                return endOfStream();
            }
        }
        if (m_draining) {
            m_drained = true;
            return endOfStream();
        }
        rc = av_read_frame(m_format.get(), m_packet.get());
        if (rc < 0) {
            if (rc != AVERROR_EOF && rc != AVERROR(EAGAIN) && ++readErrors < kMaxConsecutiveReadErrors
                && !(m_format->pb && m_format->pb->eof_reached))
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
        // Invalid data is concealed or dropped by the decoder; either way, keep reading.
        avcodec_send_packet(m_codec.get(), m_packet.get());
        av_packet_unref(m_packet.get());
    }
}

Result<VideoFramePtr> VideoDecoder::decode(int64_t target, const FrameSink& sink,
                                           const AbortCheck& abort)
{
    if (target < 0 || target >= m_index->size()) {
        return makeError(Error::Kind::Internal,
                         tr("frame %1 is outside the clip (0 to %2)").arg(target).arg(m_index->size() - 1));
    }
    int64_t keyframe = m_index->keyframeAtOrBefore(target);
    // Decode on without seeking when the target lies ahead in the current GOP.
    const bool sequential = m_nextIndex >= 0 && target >= m_nextIndex && keyframe <= m_nextIndex;
    bool firstAfterSeek = false;
    int backoffs = 0;
    if (!sequential) {
        seekTo(keyframe);
        firstAfterSeek = true;
    }
    for (;;) {
        if (abort && abort())
            return makeError(Error::Kind::Cancelled, tr("decoding of frame %1 abandoned").arg(target));
        auto received = receiveFrame();
        if (!received) {
            return makeError(Error::Kind::Corrupt,
                             tr("frame %1 could not be decoded: the decoder produced no picture "
                                "for it (damaged or missing data)")
                                 .arg(target));
        }
        const VideoFramePtr& frame = received.value();
        const int64_t got = frame->index();
        m_nextIndex = got + 1;
        if (got > target && firstAfterSeek && keyframe > 0 && backoffs < kMaxSeekBackoffs) {
            // The seek landed past the target (a container whose index is coarser than ours):
            // back off to the keyframe before and try again.
            keyframe = m_index->keyframeAtOrBefore(keyframe - 1);
            ++backoffs;
            seekTo(keyframe);
            continue;
        }
        firstAfterSeek = false;
        if (got > target) {
            return makeError(Error::Kind::Corrupt,
                             tr("frame %1 could not be decoded: the decoder skipped it "
                                "(damaged or missing data)")
                                 .arg(target));
        }
        if (sink)
            sink(frame);
        if (got == target)
            return frame;
    }
}

Result<VideoFramePtr> VideoDecoder::decodeNext()
{
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
