#pragma once

// Shared by the benchmarks (tests/bench/README.md): the reference every ratio is taken against,
// plain in-process FFmpeg decoding of the same file, and the machine facts the headers print.
// Times are wall seconds (steady clock) and CPU seconds (user + system, all threads).
// Thread-safety: plain functions; call them from one thread at a time per file.

#include "core/media/FfmpegHandles.h"

#include <QFile>
#include <QString>
#include <QStringList>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
}

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <limits>

namespace fp::bench {

struct DecodeRun {
    double seconds = std::numeric_limits<double>::quiet_NaN();
    double cpuSeconds = std::numeric_limits<double>::quiet_NaN(); // user + system, all threads
                                                                  // (the child's, for a CLI)
    int64_t frames = 0;
    QString error;
};

inline double cpuSecondsOf(int who) {
    rusage usage{};
    getrusage(who, &usage);
    auto sec = [](const timeval& tv) { return double(tv.tv_sec) + double(tv.tv_usec) / 1e6; };
    return sec(usage.ru_utime) + sec(usage.ru_stime);
}

// CPU time of this process (all threads) since construction.
class CpuTimer {
public:
    explicit CpuTimer(int who = RUSAGE_SELF)
        : m_who(who)
        , m_start(cpuSecondsOf(who)) {}
    double seconds() const { return cpuSecondsOf(m_who) - m_start; }

private:
    int m_who;
    double m_start;
};

// The value after "key:" on the first line of `file` starting with `key` (e.g. /proc/cpuinfo's
// "model name"), or empty.
inline QString readFirstMatch(const QString& file, const QString& key) {
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    // /proc files report size 0, so read them whole rather than testing atEnd().
    const QStringList lines = QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        if (line.startsWith(key)) {
            const int colon = line.indexOf(QLatin1Char(':'));
            return colon < 0 ? QString() : line.mid(colon + 1).trimmed();
        }
    }
    return {};
}

// The 1-, 5- and 15-minute load averages, e.g. "0.52 1.10 1.40".
inline QString loadAverage() {
    QFile f(QStringLiteral("/proc/loadavg"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("?");
    return QString::fromLatin1(f.readAll()).section(QLatin1Char(' '), 0, 2);
}

// Every video frame of `path` through libavformat + libavcodec, the way any FFmpeg tool
// would: threads chosen by FFmpeg (thread_count 0, as Frameproof uses), nothing kept. Timed
// from opening the file.
inline DecodeRun plainDecode(const QString& path) {
    using Clock = std::chrono::steady_clock;
    DecodeRun run;
    const CpuTimer cpu;
    const auto t0 = Clock::now();
    AVFormatContext* raw = nullptr;
    const QByteArray native = QFile::encodeName(path);
    if (int rc = avformat_open_input(&raw, native.constData(), nullptr, nullptr); rc < 0) {
        run.error = fp::av::errorString(rc);
        return run;
    }
    fp::av::FormatContextPtr format(raw);
    if (int rc = avformat_find_stream_info(format.get(), nullptr); rc < 0) {
        run.error = fp::av::errorString(rc);
        return run;
    }
    const AVCodec* codec = nullptr;
    const int stream = av_find_best_stream(format.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &codec, 0);
    if (stream < 0 || !codec) {
        run.error = QStringLiteral("no decodable video stream");
        return run;
    }
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        if (int(i) != stream)
            format->streams[i]->discard = AVDISCARD_ALL;
    }
    fp::av::CodecContextPtr context(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(context.get(), format->streams[stream]->codecpar);
    context->pkt_timebase = format->streams[stream]->time_base;
    context->thread_count = 0;
    if (int rc = avcodec_open2(context.get(), codec, nullptr); rc < 0) {
        run.error = fp::av::errorString(rc);
        return run;
    }
    fp::av::PacketPtr packet = fp::av::makePacket();
    fp::av::FramePtr frame = fp::av::makeFrame();
    auto drain = [&] {
        while (avcodec_receive_frame(context.get(), frame.get()) == 0) {
            ++run.frames;
            av_frame_unref(frame.get());
        }
    };
    while (av_read_frame(format.get(), packet.get()) >= 0) {
        if (packet->stream_index == stream) {
            avcodec_send_packet(context.get(), packet.get());
            drain();
        }
        av_packet_unref(packet.get());
    }
    avcodec_send_packet(context.get(), nullptr);
    drain();
    run.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    run.cpuSeconds = cpu.seconds();
    return run;
}

} // namespace fp::bench
