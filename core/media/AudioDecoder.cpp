#include "core/media/AudioDecoder.h"

#include "core/media/FfmpegHandles.h"
#include "core/media/MediaOpen.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <algorithm>
#include <cmath>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

namespace fp {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("fp::AudioDecoder", text);
}

// Timestamp jitter below this is rounding in the container, not a gap (seconds).
constexpr double kGapTolerance = 0.002;
// Silence for a timestamp gap is fed to the resampler in steps of this many input samples,
// draining its output after each, so it never buffers more than one step.
constexpr int64_t kSilenceStep = 65536;

} // namespace

int64_t AudioTrack::sampleAt(double seconds) const {
    const auto i = int64_t(std::floor((seconds - startSeconds) * sampleRate));
    return i >= 0 && i < int64_t(samples.size()) ? i : -1;
}

Result<AudioTrack> decodeAudioMono(const QString& path, const FrameIndex* video,
                                   const AudioDecodeOptions& options) {
    auto opened = openContainer(path);
    if (!opened)
        return opened.error();
    AVFormatContext* fmt = opened->get();
    const int streamIndex = findAudioStream(fmt);
    if (streamIndex < 0) {
        return makeError(Error::Kind::Unsupported,
                         tr("%1: contains no audio stream").arg(QFileInfo(path).fileName()));
    }
    keepOnlyStream(fmt, streamIndex);
    const AVStream* stream = fmt->streams[streamIndex];
    auto codec = openDecoder(stream, 1);
    if (!codec)
        return codec.error();
    AVCodecContext* dec = codec->get();

    const double audioTb = av_q2d(stream->time_base);
    double videoZero = 0.0;
    const bool hasVideoClock = video && !video->empty();
    if (hasVideoClock)
        videoZero = double(video->at(0).pts) * video->timeBase.toDouble();

    AudioTrack track;
    track.sampleRate = options.sampleRate;
    track.codec = QString::fromUtf8(avcodec_get_name(stream->codecpar->codec_id));
    track.sourceSampleRate = stream->codecpar->sample_rate;
    track.sourceChannels = stream->codecpar->ch_layout.nb_channels;
    const auto maxSamples = int64_t(options.maxSeconds * options.sampleRate);

    av::SwrPtr swr;
    int swrInRate = 0;
    AVChannelLayout mono = AV_CHANNEL_LAYOUT_MONO;
    bool started = false;
    double firstSeconds = 0.0; // stream time of the first decoded sample
    int64_t inputSamples = 0;  // input-rate samples fed to the resampler so far
    std::vector<float> chunk;

    auto drain = [&](const uint8_t** in, int inCount) -> Result<void> {
        const int capacity = int(swr_get_out_samples(swr.get(), inCount));
        if (capacity <= 0)
            return {};
        chunk.resize(size_t(capacity));
        uint8_t* out[1] = {reinterpret_cast<uint8_t*>(chunk.data())};
        const int produced = swr_convert(swr.get(), out, capacity, in, inCount);
        if (produced < 0)
            return makeError(Error::Kind::Corrupt,
                             tr("audio resampling failed (%1)").arg(av::errorString(produced)));
        if (int64_t(track.samples.size()) + produced > maxSamples) {
            return makeError(Error::Kind::Limit,
                             tr("the audio is longer than %1 hours; analyse a shorter excerpt")
                                 .arg(options.maxSeconds / 3600.0));
        }
        track.samples.insert(track.samples.end(), chunk.begin(), chunk.begin() + produced);
        return {};
    };

    auto consume = [&](AVFrame* frame) -> Result<void> {
        if (!swr || frame->sample_rate != swrInRate) {
            if (swr) {
                if (auto r = drain(nullptr, 0); !r)
                    return r;
            }
            SwrContext* raw = nullptr;
            if (swr_alloc_set_opts2(&raw, &mono, AV_SAMPLE_FMT_FLT, options.sampleRate,
                                    &frame->ch_layout, AVSampleFormat(frame->format),
                                    frame->sample_rate, 0, nullptr) < 0 ||
                swr_init(raw) < 0) {
                swr_free(&raw);
                return makeError(Error::Kind::Unsupported,
                                 tr("cannot convert this audio layout to mono"));
            }
            swr.reset(raw);
            swrInRate = frame->sample_rate;
        }
        const int64_t ts = frame->best_effort_timestamp;
        if (ts != AV_NOPTS_VALUE) {
            const double seconds = double(ts) * audioTb;
            if (!started) {
                started = true;
                firstSeconds = seconds;
            } else {
                // Place the frame where its timestamp says: fill gaps with silence, drop overlap.
                const double expected = firstSeconds + double(inputSamples) / frame->sample_rate;
                const double drift = seconds - expected;
                if (drift > kGapTolerance) {
                    // The silence counts against maxSeconds: refuse before allocating any.
                    const double outputSeconds = double(track.samples.size()) / options.sampleRate;
                    if (outputSeconds + drift > options.maxSeconds) {
                        return makeError(Error::Kind::Limit,
                                         tr("the audio is longer than %1 hours; analyse a shorter "
                                            "excerpt")
                                             .arg(options.maxSeconds / 3600.0));
                    }
                    auto gap = int64_t(std::llround(drift * frame->sample_rate));
                    inputSamples += gap;
                    // A non-null input of zero samples makes swr_convert hand out what it holds
                    // without flushing (a null input would end the stream).
                    const uint8_t* noInput[AV_NUM_DATA_POINTERS] = {};
                    noInput[0] = reinterpret_cast<const uint8_t*>(&gap);
                    while (gap > 0) {
                        const int step = int(std::min(gap, kSilenceStep));
                        if (swr_inject_silence(swr.get(), step) < 0)
                            return makeError(Error::Kind::Internal,
                                             tr("out of memory filling an audio gap"));
                        if (auto r = drain(noInput, 0); !r)
                            return r;
                        gap -= step;
                    }
                } else if (drift < -kGapTolerance) {
                    const double drop = std::min(-drift * options.sampleRate, double(maxSamples));
                    swr_drop_output(swr.get(), int(std::lround(drop)));
                }
            }
        } else if (!started) {
            started = true;
        }
        inputSamples += frame->nb_samples;
        return drain(const_cast<const uint8_t**>(frame->extended_data), frame->nb_samples);
    };

    av::PacketPtr packet = av::makePacket();
    av::FramePtr frame = av::makeFrame();
    const int64_t totalBytes = fmt->pb ? avio_size(fmt->pb) : 0;
    int readErrors = 0;
    bool flushed = false;
    while (!flushed) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed))
            return makeError(Error::Kind::Cancelled, tr("audio decoding cancelled"));
        int rc = av_read_frame(fmt, packet.get());
        if (rc < 0) {
            if (rc != AVERROR_EOF && ++readErrors < 64 && !(fmt->pb && fmt->pb->eof_reached))
                continue;
            avcodec_send_packet(dec, nullptr);
            flushed = true;
        } else {
            readErrors = 0;
            if (packet->stream_index == streamIndex)
                avcodec_send_packet(dec, packet.get()); // damaged packets are skipped
            av_packet_unref(packet.get());
            if (options.progress && totalBytes > 0 && fmt->pb)
                options.progress(double(avio_tell(fmt->pb)) / double(totalBytes));
        }
        while ((rc = avcodec_receive_frame(dec, frame.get())) == 0) {
            auto consumed = consume(frame.get());
            av_frame_unref(frame.get());
            if (!consumed)
                return consumed.error();
        }
    }
    if (swr) {
        if (auto r = drain(nullptr, 0); !r)
            return r.error();
    }
    if (!started || track.samples.empty()) {
        return makeError(
            Error::Kind::Corrupt,
            tr("%1: the audio stream contains no decodable sound").arg(QFileInfo(path).fileName()));
    }
    track.startSeconds = hasVideoClock ? firstSeconds - videoZero : 0.0;
    return track;
}

} // namespace fp
