// bench_media: the media engine's performance against plain FFmpeg decoding the same file in
// the same run (DESIGN.md, Performance targets). tests/bench/README.md explains how to make the
// clip, run this, and read its output. Not a CTest test: benchmarks are never timed tests.

#include "tests/bench/BenchSupport.h"

#include "core/media/FfmpegHandles.h"
#include "core/media/FrameCache.h"
#include "core/media/FrameIndex.h"
#include "core/media/FrameServer.h"
#include "core/media/VideoDecoder.h"
#include "core/media/VideoFrame.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using fp::bench::CpuTimer;
using fp::bench::DecodeRun;
using fp::bench::loadAverage;
using fp::bench::plainDecode;
using fp::bench::readFirstMatch;
using IndexPtr = std::shared_ptr<const fp::FrameIndex>;

// A held arrow key repeats at about 30 Hz.
constexpr auto kTick = std::chrono::microseconds(33333);
// Time given to the server's prefetch before a measured run starts (the user looked at the
// frame for a moment before holding the key).
constexpr auto kSettle = std::chrono::milliseconds(500);
// Time between random seeks, so the previous seek's prefetch has finished (a user clicking
// around the timeline), before the cache is cleared for the next one.
constexpr auto kSeekSettle = std::chrono::milliseconds(200);
constexpr int kSeekCount = 100;

// Targets (DESIGN.md, Performance targets).
constexpr double kForwardP95TargetMs = 5.0;
constexpr double kBackwardP95TargetMs = 40.0;
constexpr double kSeekP95TargetMs = 150.0;
constexpr double kFirstFrameTargetS = 1.0;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double msSince(Clock::time_point start) {
    return secondsSince(start) * 1000.0;
}

double median(std::vector<double> values) {
    if (values.empty())
        return kNaN;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

// Nearest-rank percentile: the smallest sample with at least p of the samples at or below it.
double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return kNaN;
    std::sort(values.begin(), values.end());
    auto rank = size_t(std::ceil(p * double(values.size())));
    rank = std::clamp<size_t>(rank, 1, values.size());
    return values[rank - 1];
}

struct Latency {
    double p50 = kNaN;
    double p95 = kNaN;
    double max = kNaN;
    double mean = kNaN;
    int samples = 0;
};

Latency summarize(const std::vector<double>& ms) {
    Latency l;
    if (ms.empty())
        return l;
    l.p50 = percentile(ms, 0.50);
    l.p95 = percentile(ms, 0.95);
    l.max = *std::max_element(ms.begin(), ms.end());
    double sum = 0;
    for (double v : ms)
        sum += v;
    l.mean = sum / double(ms.size());
    l.samples = int(ms.size());
    return l;
}

// The median of each statistic across repeats.
Latency medianAcross(const std::vector<Latency>& runs) {
    Latency m;
    std::vector<double> p50, p95, mx, mean;
    for (const Latency& l : runs) {
        p50.push_back(l.p50);
        p95.push_back(l.p95);
        mx.push_back(l.max);
        mean.push_back(l.mean);
    }
    m.p50 = median(p50);
    m.p95 = median(p95);
    m.max = median(mx);
    m.mean = median(mean);
    m.samples = runs.empty() ? 0 : runs.front().samples;
    return m;
}

QJsonValue num(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QJsonObject toJson(const Latency& l) {
    return QJsonObject{{QStringLiteral("p50Ms"), num(l.p50)},
                       {QStringLiteral("p95Ms"), num(l.p95)},
                       {QStringLiteral("maxMs"), num(l.max)},
                       {QStringLiteral("meanMs"), num(l.mean)},
                       {QStringLiteral("samples"), l.samples}};
}

QJsonArray toJson(const std::vector<double>& values) {
    QJsonArray a;
    for (double v : values)
        a.append(num(v));
    return a;
}

QString fmt(double v, int decimals = 2) {
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("-");
}

QString ratio(double numerator, double denominator) {
    if (!std::isfinite(numerator) || !std::isfinite(denominator) || denominator <= 0)
        return QStringLiteral("-");
    return QString::number(numerator / denominator, 'f', 2) + QLatin1Char('x');
}

void out(const QString& text) {
    std::fputs(qPrintable(text), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

void progress(const QString& text) {
    std::fputs(qPrintable(QStringLiteral("  ... ") + text), stderr);
    std::fputc('\n', stderr);
}

QString pad(const QString& s, int width) {
    return s.leftJustified(width, QLatin1Char(' '));
}
QString rpad(const QString& s, int width) {
    return s.rightJustified(width, QLatin1Char(' '));
}

QString status(double value, double target) {
    if (!std::isfinite(value))
        return QStringLiteral("n/a");
    return value <= target ? QStringLiteral("MET") : QStringLiteral("MISSED");
}

// ---- machine ------------------------------------------------------------------------------

int64_t peakRssBytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return int64_t(usage.ru_maxrss) * 1024;
}

QString mib(int64_t bytes) {
    return QString::number(double(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}

// ---- page cache ---------------------------------------------------------------------------

// Fraction of the file's pages resident in the page cache (mincore), or NaN.
double residentFraction(const QString& path) {
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return kNaN;
    struct stat st {};
    double fraction = kNaN;
    if (fstat(fd, &st) == 0 && st.st_size > 0) {
        const auto size = size_t(st.st_size);
        void* map = mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
        if (map != MAP_FAILED) {
            const auto page = size_t(sysconf(_SC_PAGESIZE));
            std::vector<unsigned char> resident((size + page - 1) / page);
            if (mincore(map, size, resident.data()) == 0) {
                size_t in = 0;
                for (unsigned char r : resident)
                    in += r & 1;
                fraction = double(in) / double(resident.size());
            }
            munmap(map, size);
        }
    }
    ::close(fd);
    return fraction;
}

struct Eviction {
    bool dropCaches = false; // /proc/sys/vm/drop_caches accepted "3"
    QString dropCachesError;
    bool fadvise = false; // posix_fadvise(DONTNEED) on the file succeeded
    double residentAfter = kNaN;
};

Eviction evictFromPageCache(const QString& path) {
    Eviction e;
    ::sync();
    if (FILE* f = std::fopen("/proc/sys/vm/drop_caches", "w")) {
        const bool wrote = std::fputs("3\n", f) >= 0;
        const int err = errno;
        if (std::fclose(f) == 0 && wrote)
            e.dropCaches = true;
        else
            e.dropCachesError = QString::fromLocal8Bit(std::strerror(err ? err : errno));
    } else {
        e.dropCachesError = QString::fromLocal8Bit(std::strerror(errno));
    }
    // Works without privileges, for this file's clean pages.
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) {
        e.fadvise = posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED) == 0;
        ::close(fd);
    }
    e.residentAfter = residentFraction(path);
    return e;
}

// ---- plain FFmpeg -------------------------------------------------------------------------

// DecodeRun, CpuTimer and plainDecode (the in-process reference) are in BenchSupport.h.

DecodeRun cliDecode(const QString& ffmpeg, const QString& path) {
    DecodeRun run;
    QProcess process;
    process.setProgram(ffmpeg);
    process.setArguments({QStringLiteral("-nostdin"), QStringLiteral("-v"), QStringLiteral("error"),
                          QStringLiteral("-threads"), QStringLiteral("0"), QStringLiteral("-i"),
                          path, QStringLiteral("-map"), QStringLiteral("0:v:0"),
                          QStringLiteral("-f"), QStringLiteral("null"), QStringLiteral("-")});
    process.setStandardOutputFile(QProcess::nullDevice());
    const CpuTimer cpu(RUSAGE_CHILDREN);
    const auto t0 = Clock::now();
    process.start();
    if (!process.waitForStarted(-1)) {
        run.error = process.errorString();
        return run;
    }
    process.waitForFinished(-1);
    run.seconds = secondsSince(t0);
    run.cpuSeconds = cpu.seconds();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0) {
        run.error = QStringLiteral("exit code %1: %2")
                        .arg(process.exitCode())
                        .arg(QString::fromLocal8Bit(process.readAllStandardError()).trimmed());
        run.seconds = kNaN;
    }
    return run;
}

// ---- Frameproof ---------------------------------------------------------------------------

DecodeRun frameproofDecode(const QString& path, const IndexPtr& index) {
    DecodeRun run;
    const CpuTimer cpu;
    const auto t0 = Clock::now();
    auto decoder = fp::VideoDecoder::open(path, index, 0);
    if (!decoder) {
        run.error = decoder.error().message;
        return run;
    }
    for (;;) {
        auto frame = (*decoder)->decodeNext();
        if (!frame)
            break;
        if ((*frame)->index() != run.frames && run.error.isEmpty())
            run.error = QStringLiteral("frame %1 came out as index %2")
                            .arg(run.frames)
                            .arg((*frame)->index());
        ++run.frames;
    }
    run.seconds = secondsSince(t0);
    run.cpuSeconds = cpu.seconds();
    if (run.frames != index->size() && run.error.isEmpty())
        run.error = QStringLiteral("decoded %1 of %2 frames").arg(run.frames).arg(index->size());
    return run;
}

// Experiment (--decoder-nice N): threads a FrameServer starts (its decoder thread and FFmpeg's
// codec threads) get N added to the caller's nice value, to see how much of a cached step's
// latency is the caller waiting for a CPU the decoder holds. 0: leave them alone.
int g_decoderNice = 0;

std::vector<pid_t> threadIds() {
    std::vector<pid_t> ids;
    // One directory per thread.
    const QStringList entries =
        QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& e : entries)
        ids.push_back(pid_t(e.toInt()));
    return ids;
}

fp::Result<std::unique_ptr<fp::FrameServer>> openServer(const QString& path,
                                                        const IndexPtr& index) {
    const std::vector<pid_t> before = threadIds();
    auto server = fp::FrameServer::open(path, index);
    if (server && g_decoderNice != 0) {
        const int base = getpriority(PRIO_PROCESS, 0); // this (calling) thread's nice value
        for (pid_t tid : threadIds()) {
            if (std::find(before.begin(), before.end(), tid) == before.end())
                setpriority(PRIO_PROCESS, id_t(tid), base + g_decoderNice);
        }
    }
    return server;
}

struct StepRun {
    std::vector<double> ms;
    std::vector<bool> cachedBefore; // the frame was in the cache when it was asked for
    fp::DecoderStats stats;         // during the measured steps only
    int64_t cacheBytes = 0;
    int64_t cacheFrames = 0;
    int failures = 0;
    QString error;
};

fp::DecoderStats operator-(const fp::DecoderStats& a, const fp::DecoderStats& b) {
    return fp::DecoderStats{a.seeks - b.seeks, a.framesDecoded - b.framesDecoded,
                            a.packetsRead - b.packetsRead};
}

// Opens a fresh FrameServer, shows `start`, lets the prefetch settle, then steps through
// `order` with frame(i), at 30 Hz or back-to-back.
StepRun runSteps(const QString& path, const IndexPtr& index, int64_t start,
                 const std::vector<int64_t>& order, bool cadence) {
    StepRun run;
    auto server = openServer(path, index);
    if (!server) {
        run.error = server.error().message;
        return run;
    }
    fp::FrameServer& s = **server;
    if (auto first = s.frame(start); !first) {
        run.error = first.error().message;
        return run;
    }
    std::this_thread::sleep_for(kSettle);
    const fp::DecoderStats before = s.stats();
    auto tick = Clock::now();
    for (int64_t i : order) {
        if (cadence) {
            tick += kTick;
            const auto now = Clock::now();
            if (tick < now)
                tick = now; // late: step at once and keep the cadence from here
            else
                std::this_thread::sleep_until(tick);
        }
        run.cachedBefore.push_back(s.cached(i) != nullptr);
        const auto t0 = Clock::now();
        auto frame = s.frame(i);
        run.ms.push_back(msSince(t0));
        if (!frame || (*frame)->index() != i)
            ++run.failures;
    }
    run.stats = s.stats() - before;
    run.cacheBytes = s.cache().bytes();
    run.cacheFrames = s.cache().frameCount();
    return run;
}

struct SeekRun {
    std::vector<double> ms;
    std::vector<int64_t> targets;
    fp::DecoderStats stats;
    int failures = 0;
    QString error;
};

std::vector<int64_t> seekTargets(const fp::FrameIndex& index, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<int64_t> pick(0, index.size() - 1);
    std::vector<int64_t> targets;
    for (int k = 0; k < kSeekCount; ++k)
        targets.push_back(pick(rng));
    return targets;
}

SeekRun runSeeks(const QString& path, const IndexPtr& index, const std::vector<int64_t>& targets) {
    SeekRun run;
    run.targets = targets;
    auto server = openServer(path, index);
    if (!server) {
        run.error = server.error().message;
        return run;
    }
    fp::FrameServer& s = **server;
    const fp::DecoderStats before = s.stats();
    for (int64_t i : targets) {
        std::this_thread::sleep_for(kSeekSettle);
        s.cache().clear();
        const auto t0 = Clock::now();
        auto frame = s.frame(i);
        run.ms.push_back(msSince(t0));
        if (!frame || (*frame)->index() != i)
            ++run.failures;
    }
    run.stats = s.stats() - before;
    return run;
}

// The plain-FFmpeg reference for seeks: one demuxer and decoder kept open (as FrameServer keeps
// one), and for each target: seek to the keyframe at or before it, flush, decode until the
// target's pts comes out. With skipNonRef, every packet but the target's is decoded with
// skip_frame = AVDISCARD_NONREF: frames no other frame references are not decoded at all, which
// leaves the target's pixels exactly as they are without skipping.
struct PlainSeekRun {
    std::vector<double> ms;
    int64_t framesOut = 0;
    QString error;
};

PlainSeekRun plainSeeks(const QString& path, const fp::FrameIndex& index,
                        const std::vector<int64_t>& targets, bool skipNonRef) {
    PlainSeekRun run;
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
    const int stream = index.streamIndex;
    for (unsigned i = 0; i < format->nb_streams; ++i) {
        if (int(i) != stream)
            format->streams[i]->discard = AVDISCARD_ALL;
    }
    const AVCodecParameters* par = format->streams[stream]->codecpar;
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    fp::av::CodecContextPtr context(avcodec_alloc_context3(codec));
    avcodec_parameters_to_context(context.get(), par);
    context->pkt_timebase = format->streams[stream]->time_base;
    context->thread_count = 0;
    if (int rc = avcodec_open2(context.get(), codec, nullptr); rc < 0) {
        run.error = fp::av::errorString(rc);
        return run;
    }
    fp::av::PacketPtr packet = fp::av::makePacket();
    fp::av::FramePtr frame = fp::av::makeFrame();
    for (int64_t target : targets) {
        const auto t0 = Clock::now();
        const int64_t targetPts = index.at(target).pts;
        av_seek_frame(format.get(), stream, index.at(index.keyframeAtOrBefore(target)).pts,
                      AVSEEK_FLAG_BACKWARD);
        avcodec_flush_buffers(context.get());
        bool found = false;
        bool flushed = false;
        while (!found) {
            const int rc = avcodec_receive_frame(context.get(), frame.get());
            if (rc == 0) {
                ++run.framesOut;
                found = frame->best_effort_timestamp == targetPts;
                av_frame_unref(frame.get());
                continue;
            }
            if (rc != AVERROR(EAGAIN) || flushed)
                break;
            if (av_read_frame(format.get(), packet.get()) < 0) {
                avcodec_send_packet(context.get(), nullptr);
                flushed = true;
                continue;
            }
            if (packet->stream_index == stream) {
                context->skip_frame =
                    skipNonRef && packet->pts != targetPts ? AVDISCARD_NONREF : AVDISCARD_DEFAULT;
                avcodec_send_packet(context.get(), packet.get());
            }
            av_packet_unref(packet.get());
        }
        run.ms.push_back(msSince(t0));
        if (!found && run.error.isEmpty())
            run.error = QStringLiteral("frame %1 never came out").arg(target);
    }
    return run;
}

QJsonObject toJson(const fp::DecoderStats& st) {
    return QJsonObject{{QStringLiteral("seeks"), qint64(st.seeks)},
                       {QStringLiteral("framesDecoded"), qint64(st.framesDecoded)},
                       {QStringLiteral("packetsRead"), qint64(st.packetsRead)}};
}

QJsonObject toJson(const DecodeRun& r) {
    QJsonObject o{{QStringLiteral("seconds"), num(r.seconds)},
                  {QStringLiteral("cpuSeconds"), num(r.cpuSeconds)},
                  {QStringLiteral("frames"), qint64(r.frames)}};
    if (!r.error.isEmpty())
        o.insert(QStringLiteral("error"), r.error);
    return o;
}

struct Summary {
    double seconds = kNaN;
    double cpuSeconds = kNaN; // of the run with the median wall time (or the median of both)
    int64_t frames = 0;
    QStringList errors;
    QJsonArray runs;
};

Summary summarizeRuns(const std::vector<DecodeRun>& runs) {
    Summary s;
    std::vector<double> secs, cpus;
    for (const DecodeRun& r : runs) {
        s.runs.append(toJson(r));
        if (!r.error.isEmpty())
            s.errors << r.error;
        if (std::isfinite(r.seconds) && r.error.isEmpty()) {
            secs.push_back(r.seconds);
            cpus.push_back(r.cpuSeconds);
            s.frames = r.frames;
        }
    }
    s.seconds = median(secs);
    s.cpuSeconds = median(cpus);
    return s;
}

QJsonObject toJson(const Summary& s, double plainSeconds) {
    QJsonObject o{{QStringLiteral("secondsMedian"), num(s.seconds)},
                  {QStringLiteral("frames"), qint64(s.frames)},
                  {QStringLiteral("fps"), num(s.frames > 0 ? double(s.frames) / s.seconds : kNaN)},
                  {QStringLiteral("cpuSecondsMedian"), num(s.cpuSeconds)},
                  {QStringLiteral("runs"), s.runs}};
    if (std::isfinite(plainSeconds))
        o.insert(QStringLiteral("timeRatioToPlainDecode"), num(s.seconds / plainSeconds));
    return o;
}

void printErrors(const QStringList& errors) {
    for (const QString& e : errors)
        out(QStringLiteral("     ERROR: ") + e);
}

struct TargetRow {
    QString name;
    double value = kNaN;
    double target = kNaN;
    QString unit;
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench_media"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Frameproof media benchmarks against plain FFmpeg on the same file "
                       "(tests/bench/README.md)."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("clip"),
        QStringLiteral("The 2-minute 1080p30 GOP-250 clip (make_bench_clip.sh)."));
    parser.addPositionalArgument(QStringLiteral("big"),
                                 QStringLiteral("Optional ~2 GB file (make_bench_clip.sh --big)."),
                                 QStringLiteral("[big]"));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Also write the results as JSON to <path>."),
                                        QStringLiteral("path"));
    const QCommandLineOption repeatsOption(
        QStringLiteral("repeats"), QStringLiteral("Repeats of each measurement (default 3)."),
        QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption seedOption(
        QStringLiteral("seed"),
        QStringLiteral("Seed of the random-seek targets (default 20240601)."), QStringLiteral("n"),
        QStringLiteral("20240601"));
    const QCommandLineOption ffmpegOption(
        QStringLiteral("ffmpeg"),
        QStringLiteral("The ffmpeg executable (default: ffmpeg on PATH)."), QStringLiteral("path"),
        QStringLiteral("ffmpeg"));
    const QCommandLineOption onlyOption(
        QStringLiteral("only"),
        QStringLiteral("Comma-separated sections to run: plain, cli, index, decode, forward, "
                       "backward, seek, seekref, first (default: all; seekref needs seek)."),
        QStringLiteral("list"));
    const QCommandLineOption decoderNiceOption(
        QStringLiteral("decoder-nice"),
        QStringLiteral(
            "Experiment: add <n> to the nice value of the threads each FrameServer starts "
            "(decoder and codec threads), relative to the calling thread (default 0: off)."),
        QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption noColdOption(
        QStringLiteral("no-cold"),
        QStringLiteral("Skip the cold (page cache evicted) first-frame measurements."));
    parser.addOptions({jsonOption, repeatsOption, seedOption, ffmpegOption, onlyOption,
                       decoderNiceOption, noColdOption});
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty() || positional.size() > 2) {
        std::fputs(qPrintable(parser.helpText()), stderr);
        return 2;
    }
    const QString clip = positional.at(0);
    const QString big = positional.size() > 1 ? positional.at(1) : QString();
    const int repeats = std::max(1, parser.value(repeatsOption).toInt());
    const uint64_t seed = parser.value(seedOption).toULongLong();
    const QString ffmpeg = parser.value(ffmpegOption);
    const bool cold = !parser.isSet(noColdOption);
    g_decoderNice = parser.value(decoderNiceOption).toInt();
    QSet<QString> only;
    for (const QString& s : parser.value(onlyOption).split(QLatin1Char(','), Qt::SkipEmptyParts))
        only.insert(s.trimmed());
    auto want = [&](const char* section) {
        return only.isEmpty() || only.contains(QLatin1String(section));
    };

    QJsonObject root;
    QJsonObject rss;
    std::vector<TargetRow> targets;
    auto noteRss = [&](const char* after) {
        rss.insert(QLatin1String(after), qint64(peakRssBytes()));
    };

    // ---- header: machine and clip ----
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    const QString cpu =
        readFirstMatch(QStringLiteral("/proc/cpuinfo"), QStringLiteral("model name"));
    const int64_t ramBytes =
        readFirstMatch(QStringLiteral("/proc/meminfo"), QStringLiteral("MemTotal"))
            .split(QLatin1Char(' '))
            .value(0)
            .toLongLong() *
        1024;
    const QString ffmpegVersion = QString::fromUtf8(av_version_info());
    out(QStringLiteral("Frameproof media benchmark (bench_media)"));
    out(QStringLiteral("Machine : nproc %1, %2, RAM %3 GiB")
            .arg(cpus)
            .arg(cpu.isEmpty() ? QStringLiteral("unknown CPU") : cpu)
            .arg(double(ramBytes) / double(int64_t(1) << 30), 0, 'f', 1));
    out(QStringLiteral("FFmpeg  : %1 (libavcodec %2.%3.%4)")
            .arg(ffmpegVersion)
            .arg(LIBAVCODEC_VERSION_MAJOR)
            .arg(LIBAVCODEC_VERSION_MINOR)
            .arg(LIBAVCODEC_VERSION_MICRO));
    root.insert(QStringLiteral("machine"),
                QJsonObject{{QStringLiteral("nproc"), int(cpus)},
                            {QStringLiteral("cpu"), cpu},
                            {QStringLiteral("ramBytes"), qint64(ramBytes)},
                            {QStringLiteral("ffmpeg"), ffmpegVersion}});
    root.insert(QStringLiteral("repeats"), repeats);
    root.insert(QStringLiteral("decoderNice"), g_decoderNice);
    if (g_decoderNice != 0)
        out(QStringLiteral("EXPERIMENT: FrameServer threads run at nice +%1 relative to the caller "
                           "(--decoder-nice)")
                .arg(g_decoderNice));
    const QString loadAtStart = loadAverage();
    out(QStringLiteral("Load    : %1 (1/5/15-min load average at start)%2")
            .arg(loadAtStart)
            .arg(loadAtStart.section(QLatin1Char(' '), 0, 0).toDouble() > 0.5
                     ? QStringLiteral(
                           "  WARNING: other processes are using the CPUs; figures will be noisy")
                     : QString()));
    root.insert(QStringLiteral("loadAverageAtStart"), loadAtStart);

    const double clipResidentAtStart = residentFraction(clip);
    const auto indexT0 = Clock::now();
    auto firstIndex = fp::buildFrameIndex(clip);
    const double firstIndexSeconds = secondsSince(indexT0);
    if (!firstIndex) {
        out(QStringLiteral("cannot index %1: %2").arg(clip, firstIndex.error().message));
        return 1;
    }
    IndexPtr index = std::make_shared<const fp::FrameIndex>(std::move(firstIndex).value());
    const std::vector<int64_t> keyframes = index->keyframes();
    {
        int width = 0, height = 0;
        if (auto first = fp::VideoDecoder::decodeFirstFrame(clip)) {
            width = (*first)->width();
            height = (*first)->height();
        }
        QStringList keys;
        for (size_t k = 0; k < keyframes.size() && k < 12; ++k)
            keys << QString::number(keyframes[k]);
        if (keyframes.size() > 12)
            keys << QStringLiteral("...");
        out(QStringLiteral("Clip    : %1  %2x%3, %4 frames, %5 fps, %6 keyframes (%7), %8 MB")
                .arg(clip)
                .arg(width)
                .arg(height)
                .arg(index->size())
                .arg(index->averageFrameRate.toDouble(), 0, 'f', 3)
                .arg(keyframes.size())
                .arg(keys.join(QLatin1Char(' ')))
                .arg(double(QFileInfo(clip).size()) / 1e6, 0, 'f', 1));
        out(QStringLiteral("          page cache at start: %1% resident (warm unless evicted)")
                .arg(clipResidentAtStart * 100, 0, 'f', 0));
        root.insert(QStringLiteral("clip"),
                    QJsonObject{{QStringLiteral("path"), clip},
                                {QStringLiteral("bytes"), qint64(QFileInfo(clip).size())},
                                {QStringLiteral("width"), width},
                                {QStringLiteral("height"), height},
                                {QStringLiteral("frames"), qint64(index->size())},
                                {QStringLiteral("keyframes"), qint64(keyframes.size())},
                                {QStringLiteral("residentAtStart"), num(clipResidentAtStart)}});
    }
    if (!big.isEmpty()) {
        out(QStringLiteral("Big     : %1  %2 MB, page cache at start: %3% resident")
                .arg(big)
                .arg(double(QFileInfo(big).size()) / 1e6, 0, 'f', 1)
                .arg(residentFraction(big) * 100, 0, 'f', 0));
    }
    out(QStringLiteral(
            "Repeats : %1. Throughputs are the median over repeats; latency percentiles are "
            "taken per repeat, then the median of each across repeats.")
            .arg(repeats));
    out(QStringLiteral(
        "Ratios  : 'x plain' = time / time of the in-process plain FFmpeg decode (1a) of "
        "the same file in this run."));
    out(QString());

    // ---- 1. plain FFmpeg ----
    double plainSeconds = kNaN;
    double plainFps = kNaN;
    QJsonObject sections;
    if (want("plain") || want("cli")) {
        out(QStringLiteral("1. Plain FFmpeg decode of every video frame (the reference)"));
        out(QStringLiteral("   ") + pad(QString(), 52) + rpad(QStringLiteral("seconds"), 9) +
            rpad(QStringLiteral("fps"), 9) + rpad(QStringLiteral("cpu s"), 9) +
            QStringLiteral("  note"));
        QJsonObject section;
        if (want("plain")) {
            std::vector<DecodeRun> runs;
            for (int r = 0; r < repeats; ++r) {
                progress(QStringLiteral("plain decode %1/%2").arg(r + 1).arg(repeats));
                runs.push_back(plainDecode(clip));
            }
            const Summary s = summarizeRuns(runs);
            plainSeconds = s.seconds;
            plainFps = s.frames > 0 ? double(s.frames) / s.seconds : kNaN;
            out(QStringLiteral("   ") +
                pad(QStringLiteral("(a) in-process libavformat+libavcodec, threads auto"), 52) +
                rpad(fmt(s.seconds), 9) + rpad(fmt(plainFps, 1), 9) +
                rpad(fmt(s.cpuSeconds, 1), 9) + QStringLiteral("  the denominator of every ratio"));
            printErrors(s.errors);
            section.insert(QStringLiteral("inProcess"), toJson(s, kNaN));
        }
        if (want("cli")) {
            std::vector<DecodeRun> runs;
            for (int r = 0; r < repeats; ++r) {
                progress(QStringLiteral("ffmpeg CLI %1/%2").arg(r + 1).arg(repeats));
                DecodeRun run = cliDecode(ffmpeg, clip);
                run.frames = index->size();
                runs.push_back(run);
            }
            const Summary s = summarizeRuns(runs);
            out(QStringLiteral("   ") +
                pad(QStringLiteral("(b) ffmpeg -threads 0 -i CLIP -map 0:v:0 -f null -"), 52) +
                rpad(fmt(s.seconds), 9) + rpad(fmt(double(index->size()) / s.seconds, 1), 9) +
                rpad(fmt(s.cpuSeconds, 1), 9) +
                QStringLiteral("  %1 of (a), incl. process start")
                    .arg(ratio(s.seconds, plainSeconds)));
            printErrors(s.errors);
            section.insert(QStringLiteral("ffmpegCli"), toJson(s, plainSeconds));
        }
        sections.insert(QStringLiteral("plainDecode"), section);
        noteRss("plainDecode");
        out(QString());
    }

    // ---- 2. index ----
    if (want("index")) {
        out(QStringLiteral("2. Index build: fp::buildFrameIndex (packet scan, no decoding)"));
        std::vector<DecodeRun> runs;
        for (int r = 0; r < repeats; ++r) {
            progress(QStringLiteral("index %1/%2").arg(r + 1).arg(repeats));
            DecodeRun run;
            const auto t0 = Clock::now();
            auto built = fp::buildFrameIndex(clip);
            run.seconds = secondsSince(t0);
            if (built)
                run.frames = built->size();
            else
                run.error = built.error().message;
            runs.push_back(run);
        }
        const Summary s = summarizeRuns(runs);
        out(QStringLiteral("   wall %1 s (%2 frames/s), %3 plain decode;  first (untimed-warmup) "
                           "build took %4 s")
                .arg(fmt(s.seconds, 3))
                .arg(fmt(double(s.frames) / s.seconds, 0))
                .arg(ratio(s.seconds, plainSeconds))
                .arg(fmt(firstIndexSeconds, 3)));
        printErrors(s.errors);
        QJsonObject o = toJson(s, plainSeconds);
        o.insert(QStringLiteral("firstBuildSeconds"), num(firstIndexSeconds));
        sections.insert(QStringLiteral("index"), o);
        noteRss("index");
        out(QString());
    }

    // ---- 3. Frameproof decode ----
    if (want("decode")) {
        out(QStringLiteral("3. Frameproof decode: VideoDecoder::decodeNext over the whole clip"));
        std::vector<DecodeRun> runs;
        for (int r = 0; r < repeats; ++r) {
            progress(QStringLiteral("VideoDecoder %1/%2").arg(r + 1).arg(repeats));
            runs.push_back(frameproofDecode(clip, index));
        }
        const Summary s = summarizeRuns(runs);
        const double fps = s.frames > 0 ? double(s.frames) / s.seconds : kNaN;
        out(QStringLiteral("   wall %1 s (cpu %6 s), %2 fps;  %3 plain decode time (fps ratio %4); "
                           " real time (>= 30 fps): %5")
                .arg(fmt(s.seconds))
                .arg(fmt(fps, 1))
                .arg(ratio(s.seconds, plainSeconds))
                .arg(fmt(fps / plainFps, 2))
                .arg(std::isfinite(fps) ? (fps >= 30 ? QStringLiteral("yes") : QStringLiteral("NO"))
                                        : QStringLiteral("-"))
                .arg(fmt(s.cpuSeconds, 1)));
        printErrors(s.errors);
        sections.insert(QStringLiteral("frameproofDecode"), toJson(s, plainSeconds));
        noteRss("frameproofDecode");
        out(QString());
    }

    const QString latencyHeader =
        QStringLiteral("   ") + pad(QString(), 30) + rpad(QStringLiteral("p50 ms"), 9) +
        rpad(QStringLiteral("p95 ms"), 9) + rpad(QStringLiteral("max ms"), 9) +
        rpad(QStringLiteral("mean ms"), 9) + QStringLiteral("  target         status");
    auto latencyLine = [&](const QString& label, const Latency& l, const QString& target,
                           const QString& st) {
        out(QStringLiteral("   ") + pad(label, 30) + rpad(fmt(l.p50), 9) + rpad(fmt(l.p95), 9) +
            rpad(fmt(l.max), 9) + rpad(fmt(l.mean), 9) + QStringLiteral("  ") + pad(target, 15) +
            st);
    };

    // ---- 4 and 5. stepping ----
    auto stepping = [&](const char* key, const QString& title, int64_t start,
                        const std::vector<int64_t>& order, double targetMs,
                        const QString& targetName) {
        out(title);
        if (index->size() <= std::max(start, *std::max_element(order.begin(), order.end()))) {
            out(QStringLiteral("   skipped: the clip has only %1 frames").arg(index->size()));
            out(QString());
            return;
        }
        out(latencyHeader);
        QJsonObject section;
        for (const bool cadence : {true, false}) {
            std::vector<Latency> lat;
            QJsonArray runsJson;
            StepRun last;
            int failures = 0;
            std::vector<double> hitMs, missMs;
            for (int r = 0; r < repeats; ++r) {
                progress(QStringLiteral("%1 %2 %3/%4")
                             .arg(QLatin1String(key), cadence ? QStringLiteral("30 Hz")
                                                              : QStringLiteral("back-to-back"))
                             .arg(r + 1)
                             .arg(repeats));
                StepRun run = runSteps(clip, index, start, order, cadence);
                if (!run.error.isEmpty())
                    out(QStringLiteral("     ERROR: ") + run.error);
                failures += run.failures;
                lat.push_back(summarize(run.ms));
                for (size_t k = 0; k < run.ms.size(); ++k)
                    (run.cachedBefore[k] ? hitMs : missMs).push_back(run.ms[k]);
                QJsonObject rj = toJson(lat.back());
                QJsonArray cachedJson;
                for (bool c : run.cachedBefore)
                    cachedJson.append(c);
                rj.insert(QStringLiteral("cachedBefore"), cachedJson);
                rj.insert(QStringLiteral("decoder"), toJson(run.stats));
                rj.insert(QStringLiteral("cacheBytes"), qint64(run.cacheBytes));
                rj.insert(QStringLiteral("cacheFrames"), qint64(run.cacheFrames));
                rj.insert(QStringLiteral("failures"), run.failures);
                rj.insert(QStringLiteral("samplesMs"), toJson(run.ms));
                runsJson.append(rj);
                last = std::move(run);
            }
            const Latency m = medianAcross(lat);
            const QString label = cadence ? QStringLiteral("at 30 Hz (held arrow key)")
                                          : QStringLiteral("back-to-back");
            latencyLine(label, m, cadence ? targetName : QStringLiteral("(none)"),
                        cadence ? status(m.p95, targetMs) : QString());
            out(QStringLiteral("     decoder during the steps (last repeat): %1 seeks, %2 frames "
                               "decoded; cache %3 "
                               "(%4 frames)%5")
                    .arg(last.stats.seeks)
                    .arg(last.stats.framesDecoded)
                    .arg(mib(last.cacheBytes))
                    .arg(last.cacheFrames)
                    .arg(failures ? QStringLiteral(";  %1 WRONG/FAILED frames").arg(failures)
                                  : QString()));
            const Latency hits = summarize(hitMs);
            const Latency misses = summarize(missMs);
            out(QStringLiteral(
                    "     all repeats: %1 of %2 steps were already cached when asked for (p50 %3, "
                    "p95 %4, "
                    "max %5 ms); the other %6 waited for the decoder (p50 %7, p95 %8 ms)")
                    .arg(hits.samples)
                    .arg(hits.samples + misses.samples)
                    .arg(fmt(hits.p50, 3), fmt(hits.p95, 3), fmt(hits.max))
                    .arg(misses.samples)
                    .arg(fmt(misses.p50), fmt(misses.p95)));
            QJsonObject o = toJson(m);
            o.insert(QStringLiteral("cachedSteps"), toJson(hits));
            o.insert(QStringLiteral("uncachedSteps"), toJson(misses));
            o.insert(QStringLiteral("runs"), runsJson);
            o.insert(QStringLiteral("failures"), failures);
            section.insert(cadence ? QStringLiteral("cadence30Hz") : QStringLiteral("backToBack"),
                           o);
            if (cadence)
                targets.push_back(
                    TargetRow{QStringLiteral("%1 step p95 at 30 Hz").arg(QLatin1String(key)), m.p95,
                              targetMs, QStringLiteral("ms")});
        }
        sections.insert(QLatin1String(key), section);
        noteRss(key);
        out(QString());
    };
    if (want("forward")) {
        std::vector<int64_t> order;
        for (int64_t i = 1000; i <= 1299; ++i)
            order.push_back(i);
        stepping("forward",
                 QStringLiteral(
                     "4. Forward step: FrameServer::frame(i), i = 1000..1299, after showing 999"),
                 999, order, kForwardP95TargetMs, QStringLiteral("p95 <= 5 ms"));
    }
    if (want("backward")) {
        std::vector<int64_t> order;
        for (int64_t i = 1999; i >= 1500; --i)
            order.push_back(i);
        stepping("backward",
                 QStringLiteral("5. Backward step: FrameServer::frame(i), i = 1999 down to 1500 "
                                "(keyframes 1750, 1500), "
                                "after showing 2000"),
                 2000, order, kBackwardP95TargetMs, QStringLiteral("p95 <= 40 ms"));
    }

    // ---- 6. random seeks ----
    if (want("seek")) {
        out(QStringLiteral("6. Random seek: %1 indices (seed %2), cache cleared before each, "
                           "frame(i) blocking")
                .arg(kSeekCount)
                .arg(seed));
        out(latencyHeader);
        const std::vector<int64_t> picks = seekTargets(*index, seed);
        std::vector<Latency> lat;
        QJsonArray runsJson;
        int failures = 0;
        SeekRun last;
        for (int r = 0; r < repeats; ++r) {
            progress(QStringLiteral("random seeks %1/%2").arg(r + 1).arg(repeats));
            SeekRun run = runSeeks(clip, index, picks);
            if (!run.error.isEmpty())
                out(QStringLiteral("     ERROR: ") + run.error);
            failures += run.failures;
            lat.push_back(summarize(run.ms));
            QJsonObject rj = toJson(lat.back());
            rj.insert(QStringLiteral("decoder"), toJson(run.stats));
            rj.insert(QStringLiteral("failures"), run.failures);
            rj.insert(QStringLiteral("samplesMs"), toJson(run.ms));
            runsJson.append(rj);
            last = std::move(run);
        }
        const Latency m = medianAcross(lat);
        latencyLine(QStringLiteral("frame(i) on a cleared cache"), m,
                    QStringLiteral("p95 <= 150 ms"), status(m.p95, kSeekP95TargetMs));
        // What decoding from the keyframe at plain-FFmpeg speed would cost: frames from the
        // keyframe to the target (inclusive), over the plain decode rate.
        std::vector<double> floorMs, distance;
        QJsonArray targetsJson;
        for (int64_t i : picks) {
            const int64_t d = i - index->keyframeAtOrBefore(i);
            distance.push_back(double(d));
            floorMs.push_back(double(d + 1) / plainFps * 1000.0);
            targetsJson.append(qint64(i));
        }
        const Latency floorLat = summarize(floorMs);
        if (std::isfinite(plainFps))
            latencyLine(QStringLiteral("(i-key+1) / plain fps (1a)"), floorLat, QString(),
                        QString());
        QJsonObject reference;
        if (want("seekref")) {
            for (const bool skip : {false, true}) {
                progress(QStringLiteral("plain libav seeks%1")
                             .arg(skip ? QStringLiteral(", skip_frame=NONREF") : QString()));
                const PlainSeekRun ref = plainSeeks(clip, *index, picks, skip);
                const Latency l = summarize(ref.ms);
                latencyLine(skip ? QStringLiteral("plain libav, NONREF skipped")
                                 : QStringLiteral("plain libav seek+decode"),
                            l, QStringLiteral("(1 run)"), QString());
                if (!ref.error.isEmpty())
                    out(QStringLiteral("     ERROR: ") + ref.error);
                QJsonObject rj = toJson(l);
                rj.insert(QStringLiteral("framesOut"), qint64(ref.framesOut));
                rj.insert(QStringLiteral("samplesMs"), toJson(ref.ms));
                reference.insert(skip ? QStringLiteral("plainSkipNonRef") : QStringLiteral("plain"),
                                 rj);
            }
            out(QStringLiteral("     p95 vs plain libav seek+decode of the same targets: %1")
                    .arg(ratio(m.p95, reference.value(QStringLiteral("plain"))
                                          .toObject()
                                          .value(QStringLiteral("p95Ms"))
                                          .toDouble(kNaN))));
        }
        out(QStringLiteral("     frames from keyframe to target: p50 %1, p95 %2, max %3;  decoder "
                           "(last repeat): %4 "
                           "seeks, %5 frames decoded for %6 seeks%7")
                .arg(percentile(distance, 0.5))
                .arg(percentile(distance, 0.95))
                .arg(*std::max_element(distance.begin(), distance.end()))
                .arg(last.stats.seeks)
                .arg(last.stats.framesDecoded)
                .arg(kSeekCount)
                .arg(failures ? QStringLiteral(";  %1 WRONG/FAILED frames").arg(failures)
                              : QString()));
        QJsonObject o = toJson(m);
        o.insert(QStringLiteral("targets"), targetsJson);
        o.insert(QStringLiteral("floorAtPlainFps"), toJson(floorLat));
        o.insert(QStringLiteral("reference"), reference);
        o.insert(QStringLiteral("runs"), runsJson);
        o.insert(QStringLiteral("failures"), failures);
        sections.insert(QStringLiteral("randomSeek"), o);
        targets.push_back(TargetRow{QStringLiteral("random seek p95"), m.p95, kSeekP95TargetMs,
                                    QStringLiteral("ms")});
        noteRss("randomSeek");
        out(QString());
    }

    // ---- 7. first frame ----
    if (want("first")) {
        out(QStringLiteral("7. First frame: VideoDecoder::decodeFirstFrame(path) from nothing "
                           "(open, probe, decode)"));
        out(QStringLiteral("   ") + pad(QString(), 44) + rpad(QStringLiteral("seconds"), 9) +
            QStringLiteral("  page cache   target       status"));
        QJsonObject section;
        auto firstFrameRuns = [&](const QString& path) {
            std::vector<DecodeRun> runs;
            for (int r = 0; r < repeats; ++r) {
                DecodeRun run;
                const auto t0 = Clock::now();
                auto frame = fp::VideoDecoder::decodeFirstFrame(path);
                run.seconds = secondsSince(t0);
                if (frame)
                    run.frames = 1;
                else
                    run.error = frame.error().message;
                runs.push_back(run);
            }
            return summarizeRuns(runs);
        };
        auto indexRuns = [&](const QString& path) {
            std::vector<DecodeRun> runs;
            for (int r = 0; r < repeats; ++r) {
                progress(QStringLiteral("index of %1 %2/%3")
                             .arg(QFileInfo(path).fileName())
                             .arg(r + 1)
                             .arg(repeats));
                DecodeRun run;
                const auto t0 = Clock::now();
                auto built = fp::buildFrameIndex(path);
                run.seconds = secondsSince(t0);
                if (built)
                    run.frames = built->size();
                else
                    run.error = built.error().message;
                runs.push_back(run);
            }
            return summarizeRuns(runs);
        };
        auto firstLine = [&](const QString& label, const Summary& s, double resident,
                             const QString& target, const QString& st) {
            out(QStringLiteral("   ") + pad(label, 44) + rpad(fmt(s.seconds, 3), 9) +
                QStringLiteral("  ") +
                pad(std::isfinite(resident)
                        ? QStringLiteral("%1% warm").arg(resident * 100, 0, 'f', 0)
                        : QStringLiteral("?"),
                    13) +
                pad(target, 13) + st);
            printErrors(s.errors);
        };

        progress(QStringLiteral("first frame of the clip"));
        const Summary clipFirst = firstFrameRuns(clip);
        firstLine(QStringLiteral("2-minute clip, warm"), clipFirst, residentFraction(clip),
                  QString(), QString());
        section.insert(QStringLiteral("clipWarm"), toJson(clipFirst, kNaN));
        Summary bigFirst, bigIndex;
        double bigResident = kNaN;
        if (!big.isEmpty()) {
            // Read the big file once so "warm" means warm.
            progress(QStringLiteral("warming the page cache with %1").arg(big));
            auto warm = fp::buildFrameIndex(big);
            const int64_t bigFrames = warm ? warm->size() : 0;
            bigResident = residentFraction(big);
            progress(QStringLiteral("first frame of the big file"));
            bigFirst = firstFrameRuns(big);
            firstLine(QStringLiteral("~2 GB file, warm"), bigFirst, bigResident,
                      QStringLiteral("<= 1 s"), status(bigFirst.seconds, kFirstFrameTargetS));
            bigIndex = indexRuns(big);
            out(QStringLiteral("   ") +
                pad(QStringLiteral("buildFrameIndex of the ~2 GB file, warm"), 44) +
                rpad(fmt(bigIndex.seconds, 3), 9) +
                QStringLiteral("  %1 frames, %2 MB/s (background in the app)")
                    .arg(bigFrames)
                    .arg(fmt(double(QFileInfo(big).size()) / 1e6 / bigIndex.seconds, 0)));
            printErrors(bigIndex.errors);
            section.insert(QStringLiteral("bigWarm"), toJson(bigFirst, kNaN));
            section.insert(QStringLiteral("bigIndexWarm"), toJson(bigIndex, kNaN));
            section.insert(QStringLiteral("bigBytes"), qint64(QFileInfo(big).size()));
            section.insert(QStringLiteral("bigFrames"), qint64(bigFrames));
            targets.push_back(TargetRow{QStringLiteral("first frame of ~2 GB file (warm)"),
                                        bigFirst.seconds, kFirstFrameTargetS, QStringLiteral("s")});
        }
        if (cold) {
            // One cold sample each: evict, then measure.
            QJsonArray coldJson;
            auto coldRun = [&](const QString& label, const QString& path, bool firstFrame) {
                progress(QStringLiteral("cold: %1").arg(label));
                const Eviction e = evictFromPageCache(path);
                DecodeRun run;
                const auto t0 = Clock::now();
                if (firstFrame) {
                    auto frame = fp::VideoDecoder::decodeFirstFrame(path);
                    run.seconds = secondsSince(t0);
                    if (!frame)
                        run.error = frame.error().message;
                } else {
                    auto built = fp::buildFrameIndex(path);
                    run.seconds = secondsSince(t0);
                    if (built)
                        run.frames = built->size();
                    else
                        run.error = built.error().message;
                }
                Summary s = summarizeRuns({run});
                const bool isBigFirst = firstFrame && path == big;
                out(QStringLiteral("   ") + pad(label, 44) + rpad(fmt(run.seconds, 3), 9) +
                    QStringLiteral("  ") +
                    pad(std::isfinite(e.residentAfter)
                            ? QStringLiteral("%1% (cold)").arg(e.residentAfter * 100, 0, 'f', 0)
                            : QStringLiteral("?"),
                        13) +
                    pad(isBigFirst ? QStringLiteral("<= 1 s") : QString(), 13) +
                    (isBigFirst ? status(run.seconds, kFirstFrameTargetS) : QString()));
                printErrors(s.errors);
                QJsonObject o = toJson(run);
                o.insert(QStringLiteral("what"), label);
                o.insert(QStringLiteral("dropCaches"), e.dropCaches);
                if (!e.dropCachesError.isEmpty())
                    o.insert(QStringLiteral("dropCachesError"), e.dropCachesError);
                o.insert(QStringLiteral("fadviseDontneed"), e.fadvise);
                o.insert(QStringLiteral("residentBefore"), num(e.residentAfter));
                coldJson.append(o);
                if (isBigFirst)
                    targets.push_back(TargetRow{QStringLiteral("first frame of ~2 GB file (cold)"),
                                                run.seconds, kFirstFrameTargetS,
                                                QStringLiteral("s")});
                return e;
            };
            const Eviction e = coldRun(QStringLiteral("2-minute clip, cold"), clip, true);
            if (!big.isEmpty()) {
                coldRun(QStringLiteral("~2 GB file, cold"), big, true);
                coldRun(QStringLiteral("buildFrameIndex of the ~2 GB file, cold"), big, false);
            }
            out(QStringLiteral("     eviction: echo 3 > /proc/sys/vm/drop_caches %1; "
                               "posix_fadvise(DONTNEED) on the "
                               "file %2. 'cold' is the file's own pages only: a VM host's cache "
                               "may still be warm.")
                    .arg(e.dropCaches ? QStringLiteral("worked")
                                      : QStringLiteral("failed (%1)").arg(e.dropCachesError))
                    .arg(e.fadvise ? QStringLiteral("worked") : QStringLiteral("failed")));
            section.insert(QStringLiteral("cold"), coldJson);
        } else {
            out(QStringLiteral("     cold measurements skipped (--no-cold): all figures above are "
                               "with a warm page cache"));
        }
        sections.insert(QStringLiteral("firstFrame"), section);
        noteRss("firstFrame");
        out(QString());
    }

    // ---- 8. memory ----
    const int64_t peak = peakRssBytes();
    out(QStringLiteral("8. Peak RSS (getrusage ru_maxrss) at the end: %1  (frame cache budget %2 "
                       "per FrameServer)")
            .arg(mib(peak))
            .arg(mib(fp::FrameCache::kDefaultBudgetBytes)));
    {
        QStringList parts;
        for (auto it = rss.begin(); it != rss.end(); ++it)
            parts << QStringLiteral("%1 %2").arg(it.key(), mib(it.value().toInteger()));
        if (!parts.isEmpty())
            out(QStringLiteral("   peak RSS after each section: ") +
                parts.join(QStringLiteral(", ")));
    }
    out(QString());

    // ---- summary ----
    out(QStringLiteral("Load average at the end: %1").arg(loadAverage()));
    root.insert(QStringLiteral("loadAverageAtEnd"), loadAverage());
    out(QString());
    out(QStringLiteral("Targets (DESIGN.md, Performance targets)"));
    QJsonArray targetsJson;
    for (const TargetRow& t : targets) {
        if (t.name.isEmpty())
            continue;
        const int decimals = t.unit == QStringLiteral("s") ? 3 : 2;
        out(QStringLiteral("   ") + pad(t.name, 40) +
            rpad(fmt(t.value, decimals) + QLatin1Char(' ') + t.unit, 12) +
            QStringLiteral("   target <= ") +
            pad(fmt(t.target, decimals == 3 ? 1 : 0) + QLatin1Char(' ') + t.unit, 8) +
            status(t.value, t.target));
        targetsJson.append(
            QJsonObject{{QStringLiteral("name"), t.name},
                        {QStringLiteral("value"), num(t.value)},
                        {QStringLiteral("target"), t.target},
                        {QStringLiteral("unit"), t.unit},
                        {QStringLiteral("met"), std::isfinite(t.value) && t.value <= t.target}});
    }

    root.insert(QStringLiteral("sections"), sections);
    root.insert(QStringLiteral("targets"), targetsJson);
    root.insert(QStringLiteral("peakRssBytes"), qint64(peak));
    root.insert(QStringLiteral("peakRssAfterSection"), rss);
    if (parser.isSet(jsonOption)) {
        QFile file(parser.value(jsonOption));
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            out(QStringLiteral("cannot write %1: %2").arg(file.fileName(), file.errorString()));
            return 1;
        }
        file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
        out(QStringLiteral("JSON written to %1").arg(file.fileName()));
    }
    return 0;
}
