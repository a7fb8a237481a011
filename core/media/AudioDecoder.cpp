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

struct AudioDecoderText {
    Q_DECLARE_TR_FUNCTIONS(fp::AudioDecoder)
};

// Timestamp jitter below this is rounding in the container, not a gap (seconds).
constexpr double kGapTolerance = 0.002;
// Silence for a timestamp gap is fed to the resampler in steps of this many input samples,
// draining its output after each, so it never buffers more than one step.
constexpr int64_t kSilenceStep = 65536;

Error tooLong(const AudioDecodeOptions& options) {
    return makeError(
        Error::Kind::Limit,
        AudioDecoderText::tr("the audio is longer than %1 hours; analyse a shorter excerpt")
            .arg(options.maxSeconds / 3600.0));
}

// Converts decoded frames to mono float samples at options.sampleRate, appended to
// track.samples, each placed where its timestamp says: gaps are filled with silence, overlaps
// dropped. Used from one thread.
class MonoResampler {
public:
    MonoResampler(AudioTrack& track, const AudioDecodeOptions& options, double timeBase)
        : m_track(track)
        , m_options(options)
        , m_timeBase(timeBase)
        , m_maxSamples(int64_t(options.maxSeconds * options.sampleRate)) {}

    Result<void> consume(AVFrame* frame) {
        if (!m_swr || frame->sample_rate != m_swrInRate) {
            if (auto r = reopenFor(frame); !r)
                return r;
        }
        const int64_t ts = frame->best_effort_timestamp;
        if (ts != AV_NOPTS_VALUE) {
            const double seconds = double(ts) * m_timeBase;
            if (!m_started) {
                m_started = true;
                m_firstSeconds = seconds;
            } else if (auto r = placeAt(seconds, frame->sample_rate); !r) {
                return r;
            }
        } else if (!m_started) {
            m_started = true;
        }
        m_inputSamples += frame->nb_samples;
        return drain(const_cast<const uint8_t**>(frame->extended_data), frame->nb_samples);
    }

    // Hands out what the resampler still holds.
    Result<void> flush() {
        if (!m_swr)
            return {};
        return drain(nullptr, 0);
    }

    bool started() const { return m_started; }
    // Stream time of the first decoded sample, seconds.
    double firstSeconds() const { return m_firstSeconds; }

private:
    Result<void> drain(const uint8_t** in, int inCount) {
        const int capacity = int(swr_get_out_samples(m_swr.get(), inCount));
        if (capacity <= 0)
            return {};
        m_chunk.resize(size_t(capacity));
        uint8_t* out[1] = {reinterpret_cast<uint8_t*>(m_chunk.data())};
        const int produced = swr_convert(m_swr.get(), out, capacity, in, inCount);
        if (produced < 0)
            return makeError(Error::Kind::Corrupt,
                             AudioDecoderText::tr("audio resampling failed (%1)")
                                 .arg(av::errorString(produced)));
        if (int64_t(m_track.samples.size()) + produced > m_maxSamples)
            return tooLong(m_options);
        m_track.samples.insert(m_track.samples.end(), m_chunk.begin(), m_chunk.begin() + produced);
        return {};
    }

    // A resampler for the frame's layout and rate, after draining the previous one.
    Result<void> reopenFor(AVFrame* frame) {
        if (m_swr) {
            if (auto r = drain(nullptr, 0); !r)
                return r;
        }
        SwrContext* raw = nullptr;
        if (swr_alloc_set_opts2(&raw, &m_mono, AV_SAMPLE_FMT_FLT, m_options.sampleRate,
                                &frame->ch_layout, AVSampleFormat(frame->format),
                                frame->sample_rate, 0, nullptr) < 0 ||
            swr_init(raw) < 0) {
            swr_free(&raw);
            return makeError(Error::Kind::Unsupported,
                             AudioDecoderText::tr("cannot convert this audio layout to mono"));
        }
        m_swr.reset(raw);
        m_swrInRate = frame->sample_rate;
        return {};
    }

    // Places a frame that starts at `seconds` (stream time) where its timestamp says: fills a
    // gap before it with silence, drops output it overlaps.
    Result<void> placeAt(double seconds, int sampleRate) {
        const double expected = m_firstSeconds + double(m_inputSamples) / sampleRate;
        const double drift = seconds - expected;
        if (drift > kGapTolerance) {
            // The silence counts against maxSeconds: refuse before allocating any.
            const double outputSeconds = double(m_track.samples.size()) / m_options.sampleRate;
            if (outputSeconds + drift > m_options.maxSeconds)
                return tooLong(m_options);
            auto gap = int64_t(std::llround(drift * sampleRate));
            m_inputSamples += gap;
            // A non-null input of zero samples makes swr_convert hand out what it holds
            // without flushing (a null input would end the stream).
            const uint8_t* noInput[AV_NUM_DATA_POINTERS] = {};
            noInput[0] = reinterpret_cast<const uint8_t*>(&gap);
            while (gap > 0) {
                const int step = int(std::min(gap, kSilenceStep));
                if (swr_inject_silence(m_swr.get(), step) < 0)
                    return makeError(Error::Kind::Internal,
                                     AudioDecoderText::tr("out of memory filling an audio gap"));
                if (auto r = drain(noInput, 0); !r)
                    return r;
                gap -= step;
            }
        } else if (drift < -kGapTolerance) {
            const double drop = std::min(-drift * m_options.sampleRate, double(m_maxSamples));
            swr_drop_output(m_swr.get(), int(std::lround(drop)));
        }
        return {};
    }

    AudioTrack& m_track;
    const AudioDecodeOptions& m_options;
    const double m_timeBase; // seconds per stream time-base unit
    const int64_t m_maxSamples;
    av::SwrPtr m_swr;
    int m_swrInRate = 0;
    AVChannelLayout m_mono = AV_CHANNEL_LAYOUT_MONO;
    bool m_started = false;
    double m_firstSeconds = 0.0;
    int64_t m_inputSamples = 0; // input-rate samples fed to the resampler so far
    std::vector<float> m_chunk;
};

// Reads the container to its end, decoding the packets of `streamIndex` into `resampler`
// (damaged packets are skipped), then flushes the decoder.
Result<void> decodePackets(AVFormatContext* fmt, AVCodecContext* dec, int streamIndex,
                           const AudioDecodeOptions& options, MonoResampler& resampler) {
    av::PacketPtr packet = av::makePacket();
    av::FramePtr frame = av::makeFrame();
    const int64_t totalBytes = fmt->pb ? avio_size(fmt->pb) : 0;
    int readErrors = 0;
    bool flushed = false;
    while (!flushed) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed))
            return makeError(Error::Kind::Cancelled,
                             AudioDecoderText::tr("audio decoding cancelled"));
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
            auto consumed = resampler.consume(frame.get());
            av_frame_unref(frame.get());
            if (!consumed)
                return consumed;
        }
    }
    return {};
}

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
        return makeError(
            Error::Kind::Unsupported,
            AudioDecoderText::tr("%1: contains no audio stream").arg(QFileInfo(path).fileName()));
    }
    keepOnlyStream(fmt, streamIndex);
    const AVStream* stream = fmt->streams[streamIndex];
    auto codec = openDecoder(stream, 1);
    if (!codec)
        return codec.error();

    double videoZero = 0.0;
    const bool hasVideoClock = video && !video->empty();
    if (hasVideoClock)
        videoZero = double(video->at(0).pts) * video->timeBase.toDouble();

    AudioTrack track;
    track.sampleRate = options.sampleRate;
    track.codec = QString::fromUtf8(avcodec_get_name(stream->codecpar->codec_id));
    track.sourceSampleRate = stream->codecpar->sample_rate;
    track.sourceChannels = stream->codecpar->ch_layout.nb_channels;

    MonoResampler resampler(track, options, av_q2d(stream->time_base));
    if (auto decoded = decodePackets(fmt, codec->get(), streamIndex, options, resampler); !decoded)
        return decoded.error();
    if (auto flushed = resampler.flush(); !flushed)
        return flushed.error();
    if (!resampler.started() || track.samples.empty()) {
        return makeError(Error::Kind::Corrupt,
                         AudioDecoderText::tr("%1: the audio stream contains no decodable sound")
                             .arg(QFileInfo(path).fileName()));
    }
    track.startSeconds = hasVideoClock ? resampler.firstSeconds() - videoZero : 0.0;
    return track;
}

} // namespace fp
