// bench_analysis: the full analysis (frame index + one decode pass feeding the face tracker and
// the signals) against plain FFmpeg decoding the same file in the same run (DESIGN.md,
// Performance targets: a 1080p30 H.264 talking head analyses at >= 30 frames/s and in no more
// than 3x the time of a plain decode). tests/bench/README.md explains how to make the clip,
// run this, and read its output. Not a CTest test: benchmarks are never timed tests.

#include "tests/bench/BenchSupport.h"

#include "core/analysis/AnalysisPipeline.h"
#include "core/media/FrameIndex.h"
#include "core/media/VideoDecoder.h"
#include "core/media/VideoFrame.h"
#include "models/FaceLandmarker.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

extern "C" {
#include <libavcodec/version.h>
#include <libavutil/avutil.h>
}

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <memory>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using fp::bench::CpuTimer;
using fp::bench::DecodeRun;
using fp::bench::loadAverage;
using fp::bench::plainDecode;
using fp::bench::readFirstMatch;

// Targets (DESIGN.md, Performance targets).
constexpr double kRealTimeFps = 30.0;
constexpr double kMaxRatioToPlainDecode = 3.0;
// A 1-minute load average above this on the 2-core machine means someone else is computing.
constexpr double kBusyLoad = 0.5;

const double kNaN = std::numeric_limits<double>::quiet_NaN();

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
    std::erase_if(values, [](double v) { return !std::isfinite(v); });
    if (values.empty())
        return kNaN;
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2.0;
}

QJsonValue num(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

QString fmt(double v, int decimals = 2) {
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("-");
}

QString times(double ratio) {
    return std::isfinite(ratio) ? QString::number(ratio, 'f', 2) + QLatin1Char('x')
                                : QStringLiteral("-");
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

int64_t peakRssBytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return int64_t(usage.ru_maxrss) * 1024;
}

double loadNow() {
    return loadAverage().section(QLatin1Char(' '), 0, 0).toDouble();
}

// CPU seconds every process on the machine has used since boot (busy time of /proc/stat's
// "cpu" line). Its change minus ours is what other processes took while we measured.
double machineBusySeconds() {
    QFile f(QStringLiteral("/proc/stat"));
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return kNaN;
    const QStringList fields =
        QString::fromLatin1(f.readLine()).simplified().split(QLatin1Char(' '));
    // cpu user nice system idle iowait irq softirq steal (guest time is already in user)
    if (fields.size() < 9 || fields.at(0) != QStringLiteral("cpu"))
        return kNaN;
    double ticks = 0;
    for (int i : {1, 2, 3, 6, 7, 8})
        ticks += fields.at(i).toDouble();
    return ticks / double(sysconf(_SC_CLK_TCK));
}

// ---- the analysis -------------------------------------------------------------------------

struct AnalysisRun {
    double indexSeconds = kNaN;    // fp::buildFrameIndex
    double analysisSeconds = kNaN; // fp::runAnalysis, from the call to its return
    double cpuSeconds = kNaN;      // both, user + system, all threads
    int64_t frames = 0;            // frames in the index (runAnalysis analyses each)
    // From runAnalysis's progress callbacks (every 8 frames and the last): the first and the
    // last callback, in seconds since runAnalysis was called, and the frames done by then.
    double firstProgressSeconds = kNaN;
    int64_t firstProgressFrames = 0;
    double lastProgressSeconds = kNaN;
    int64_t lastProgressFrames = 0;
    // What the analysis found, so a run that "finished" without analysing shows.
    int tracks = 0;
    int64_t primaryTrackFrames = 0;
    int signals = 0;
    QString error;

    double totalSeconds() const { return indexSeconds + analysisSeconds; }
    // Frames per second between the first and the last progress callback: the per-frame
    // work alone, without the start-up (model load, decoder open) or the signals at the end.
    double steadyFps() const {
        const double span = lastProgressSeconds - firstProgressSeconds;
        return span > 0 ? double(lastProgressFrames - firstProgressFrames) / span : kNaN;
    }
    // Time before the first frame's work began: the first callback less the time its frames
    // took at the steady rate.
    double startupSeconds() const {
        return firstProgressSeconds - double(firstProgressFrames) / steadyFps();
    }
    // From the last frame to the return: tracker.finish() and the signals.
    double tailSeconds() const { return analysisSeconds - lastProgressSeconds; }
};

AnalysisRun analyse(const QString& path, const fp::AnalysisOptions& options) {
    AnalysisRun run;
    const CpuTimer cpu;
    const auto t0 = Clock::now();
    auto built = fp::buildFrameIndex(path);
    run.indexSeconds = secondsSince(t0);
    if (!built) {
        run.error = QStringLiteral("frame index: ") + built.error().message;
        return run;
    }
    auto index = std::make_shared<const fp::FrameIndex>(std::move(built).value());
    run.frames = index->size();

    const auto t1 = Clock::now();
    auto onProgress = [&](int64_t done, int64_t) {
        const double at = secondsSince(t1);
        if (run.firstProgressFrames == 0) {
            run.firstProgressSeconds = at;
            run.firstProgressFrames = done;
        }
        run.lastProgressSeconds = at;
        run.lastProgressFrames = done;
    };
    auto output = fp::runAnalysis(path, index, options, onProgress);
    run.analysisSeconds = secondsSince(t1);
    run.cpuSeconds = cpu.seconds();
    if (!output) {
        run.error = QStringLiteral("analysis: ") + output.error().message;
        return run;
    }
    run.tracks = int(output->faces.tracks.size());
    if (const fp::FaceTrack* primary = output->faces.primary())
        run.primaryTrackFrames = int64_t(primary->observations.size());
    run.signals = int(output->result.signals.size());
    return run;
}

// FaceLandmarker::open() alone: reading, hashing and parsing the landmark model (and starting
// the detector), the fixed cost at the start of every analysis.
double landmarkerOpenSeconds(QString* error) {
    const auto t0 = Clock::now();
    auto landmarker = fp::models::FaceLandmarker::open();
    const double seconds = secondsSince(t0);
    if (!landmarker) {
        *error = landmarker.error().message;
        return kNaN;
    }
    return seconds;
}

struct Repeat {
    DecodeRun plain;
    AnalysisRun analysis;
    double openSeconds = kNaN;
    double loadAtStart = kNaN;
    double othersCpuSeconds = kNaN; // CPU time other processes used during this repeat

    double fps() const { return double(analysis.frames) / analysis.totalSeconds(); }
    double ratio() const { return analysis.totalSeconds() / plain.seconds; }
    double plainFps() const { return double(plain.frames) / plain.seconds; }
    // Without the fixed start-up: the model load measured on its own taken off.
    double fpsWithoutOpen() const {
        return double(analysis.frames) / (analysis.totalSeconds() - openSeconds);
    }
    double ratioWithoutOpen() const {
        return (analysis.totalSeconds() - openSeconds) / plain.seconds;
    }
};

// Reads the file once so the first repeat's plain decode does not pay for the disk.
void warmPageCache(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return;
    while (!f.read(int64_t(1) << 22).isEmpty()) {
    }
}

struct TargetRow {
    QString name;
    double value = kNaN;
    double target = kNaN;
    bool atLeast = false; // value >= target meets it (else value <= target)
    QString unit;

    bool met() const {
        return std::isfinite(value) && (atLeast ? value >= target : value <= target);
    }
};

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("bench_analysis"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Frameproof's full analysis against plain FFmpeg decoding the same file "
                       "(tests/bench/README.md)."));
    parser.addHelpOption();
    parser.addPositionalArgument(
        QStringLiteral("clip"),
        QStringLiteral("A talking-head clip, e.g. the 1080p30 one of make_bench_face_clip.sh."));
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Also write the results as JSON to <path>."),
                                        QStringLiteral("path"));
    const QCommandLineOption repeatsOption(
        QStringLiteral("repeats"), QStringLiteral("Repeats of each measurement (default 3)."),
        QStringLiteral("n"), QStringLiteral("3"));
    const QCommandLineOption noLipSyncOption(
        QStringLiteral("no-lipsync"),
        QStringLiteral(
            "Leave out the lip-sync analysis (and the audio decode) to measure its cost."));
    parser.addOptions({jsonOption, repeatsOption, noLipSyncOption});
    parser.process(app);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        std::fputs(qPrintable(parser.helpText()), stderr);
        return 2;
    }
    const QString clip = positional.at(0);
    const int repeats = std::max(1, parser.value(repeatsOption).toInt());
    fp::AnalysisOptions options;
    options.runLipSync = !parser.isSet(noLipSyncOption);
    QJsonObject root;

    // ---- header: machine and clip ----
    const long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    const QString cpu =
        readFirstMatch(QStringLiteral("/proc/cpuinfo"), QStringLiteral("model name"));
    const QString ffmpegVersion = QString::fromUtf8(av_version_info());
    out(QStringLiteral("Frameproof analysis benchmark (bench_analysis)"));
    out(QStringLiteral("Machine : nproc %1, %2")
            .arg(cpus)
            .arg(cpu.isEmpty() ? QStringLiteral("unknown CPU") : cpu));
    out(QStringLiteral("FFmpeg  : %1 (libavcodec %2.%3.%4)")
            .arg(ffmpegVersion)
            .arg(LIBAVCODEC_VERSION_MAJOR)
            .arg(LIBAVCODEC_VERSION_MINOR)
            .arg(LIBAVCODEC_VERSION_MICRO));
    root.insert(QStringLiteral("machine"), QJsonObject{{QStringLiteral("nproc"), int(cpus)},
                                                       {QStringLiteral("cpu"), cpu},
                                                       {QStringLiteral("ffmpeg"), ffmpegVersion}});
    root.insert(QStringLiteral("repeats"), repeats);
    const QString loadAtStart = loadAverage();
    out(QStringLiteral("Load    : %1 (1/5/15-min load average at start)%2")
            .arg(loadAtStart)
            .arg(loadNow() > kBusyLoad
                     ? QStringLiteral(
                           "  WARNING: other processes are using the CPUs; figures will be noisy")
                     : QString()));
    root.insert(QStringLiteral("loadAverageAtStart"), loadAtStart);

    // The clip's facts from an index that is not kept: each repeat builds its own.
    int64_t frameCount = 0, keyframes = 0;
    double clipFps = kNaN, duration = kNaN;
    {
        auto index = fp::buildFrameIndex(clip);
        if (!index) {
            out(QStringLiteral("cannot index %1: %2").arg(clip, index.error().message));
            return 1;
        }
        frameCount = index->size();
        clipFps = index->averageFrameRate.toDouble();
        duration = index->durationSeconds();
        keyframes = int64_t(index->keyframes().size());
    }
    int width = 0, height = 0;
    if (auto first = fp::VideoDecoder::decodeFirstFrame(clip)) {
        width = (*first)->width();
        height = (*first)->height();
    }
    const int64_t bytes = QFileInfo(clip).size();
    const double mbitPerSecond = duration > 0 ? double(bytes) * 8.0 / duration / 1e6 : kNaN;
    out(QStringLiteral("Clip    : %1  %2x%3, %4 frames, %5 fps, %6 s, %7 keyframes, %8 MB "
                       "(%9 Mbit/s)")
            .arg(clip)
            .arg(width)
            .arg(height)
            .arg(frameCount)
            .arg(fmt(clipFps))
            .arg(fmt(duration, 1))
            .arg(keyframes)
            .arg(fmt(double(bytes) / 1e6, 1))
            .arg(fmt(mbitPerSecond, 1)));
    root.insert(QStringLiteral("clip"),
                QJsonObject{{QStringLiteral("path"), clip},
                            {QStringLiteral("width"), width},
                            {QStringLiteral("height"), height},
                            {QStringLiteral("frames"), qint64(frameCount)},
                            {QStringLiteral("fps"), num(clipFps)},
                            {QStringLiteral("durationSeconds"), num(duration)},
                            {QStringLiteral("keyframes"), qint64(keyframes)},
                            {QStringLiteral("bytes"), qint64(bytes)}});

    // The first open reads the ~100 MB model from disk (or the page cache); later ones are the
    // warm fixed cost measured in each repeat.
    warmPageCache(clip);
    QString openError;
    const double firstOpenSeconds = landmarkerOpenSeconds(&openError);
    if (!openError.isEmpty()) {
        out(QStringLiteral("cannot open the landmark model: ") + openError);
        return 1;
    }
    out(QStringLiteral("Model   : FaceLandmarker::open() first call %1 s (model file read from "
                       "disk or page cache)")
            .arg(fmt(firstOpenSeconds, 3)));
    root.insert(QStringLiteral("firstLandmarkerOpenSeconds"), num(firstOpenSeconds));
    out(QString());

    // ---- the repeats ----
    std::vector<Repeat> runs;
    for (int r = 0; r < repeats; ++r) {
        Repeat rep;
        rep.loadAtStart = loadNow();
        const double busy0 = machineBusySeconds();
        const CpuTimer ours;
        progress(QStringLiteral("repeat %1/%2: plain FFmpeg decode").arg(r + 1).arg(repeats));
        rep.plain = plainDecode(clip);
        if (!rep.plain.error.isEmpty()) {
            out(QStringLiteral("plain decode failed: ") + rep.plain.error);
            return 1;
        }
        progress(
            QStringLiteral("repeat %1/%2: FaceLandmarker::open() alone").arg(r + 1).arg(repeats));
        rep.openSeconds = landmarkerOpenSeconds(&openError);
        progress(
            QStringLiteral("repeat %1/%2: buildFrameIndex + runAnalysis").arg(r + 1).arg(repeats));
        rep.analysis = analyse(clip, options);
        if (!rep.analysis.error.isEmpty()) {
            out(QStringLiteral("analysis failed: ") + rep.analysis.error);
            return 1;
        }
        rep.othersCpuSeconds = machineBusySeconds() - busy0 - ours.seconds();
        if (rep.plain.frames != rep.analysis.frames)
            out(QStringLiteral("NOTE: plain decode gave %1 frames, the index %2")
                    .arg(rep.plain.frames)
                    .arg(rep.analysis.frames));
        runs.push_back(rep);
    }

    // ---- per-repeat tables ----
    out(QStringLiteral("1. Per repeat: (a) plain FFmpeg decode, in process, thread_count 0 (the "
                       "reference);"));
    out(QStringLiteral("   (b) full analysis = fp::buildFrameIndex + fp::runAnalysis (default "
                       "AnalysisOptions, lip-sync %1). Times in s.")
            .arg(options.runLipSync ? QStringLiteral("on") : QStringLiteral("off")));
    out(QStringLiteral("   ") + pad(QStringLiteral("repeat"), 8) + rpad(QStringLiteral("load"), 6) +
        rpad(QStringLiteral("plain s"), 9) + rpad(QStringLiteral("cpu s"), 8) +
        rpad(QStringLiteral("fps"), 8) + rpad(QStringLiteral("index s"), 9) +
        rpad(QStringLiteral("analysis s"), 12) + rpad(QStringLiteral("total s"), 9) +
        rpad(QStringLiteral("cpu s"), 8) + rpad(QStringLiteral("fps"), 8) +
        rpad(QStringLiteral("ratio"), 8) + rpad(QStringLiteral("others cpu s"), 14));
    for (size_t r = 0; r < runs.size(); ++r) {
        const Repeat& p = runs[r];
        out(QStringLiteral("   ") + pad(QString::number(r + 1), 8) + rpad(fmt(p.loadAtStart), 6) +
            rpad(fmt(p.plain.seconds, 3), 9) + rpad(fmt(p.plain.cpuSeconds), 8) +
            rpad(fmt(p.plainFps(), 1), 8) + rpad(fmt(p.analysis.indexSeconds, 3), 9) +
            rpad(fmt(p.analysis.analysisSeconds, 3), 12) +
            rpad(fmt(p.analysis.totalSeconds(), 3), 9) + rpad(fmt(p.analysis.cpuSeconds), 8) +
            rpad(fmt(p.fps(), 1), 8) + rpad(times(p.ratio()), 8) +
            rpad(fmt(p.othersCpuSeconds, 1), 14));
    }
    out(QString());
    out(QStringLiteral("2. Per repeat, the analysis apart: start-up and steady state"));
    out(QStringLiteral("   ") + pad(QStringLiteral("repeat"), 8) +
        rpad(QStringLiteral("open() s"), 10) + rpad(QStringLiteral("start-up s"), 12) +
        rpad(QStringLiteral("steady fps"), 12) + rpad(QStringLiteral("tail s"), 8) +
        rpad(QStringLiteral("fps w/o open"), 14) + rpad(QStringLiteral("ratio w/o open"), 16) +
        rpad(QStringLiteral("tracks"), 8) + rpad(QStringLiteral("face frames"), 13) +
        rpad(QStringLiteral("signals"), 9));
    for (size_t r = 0; r < runs.size(); ++r) {
        const Repeat& p = runs[r];
        out(QStringLiteral("   ") + pad(QString::number(r + 1), 8) +
            rpad(fmt(p.openSeconds, 3), 10) + rpad(fmt(p.analysis.startupSeconds(), 3), 12) +
            rpad(fmt(p.analysis.steadyFps(), 1), 12) + rpad(fmt(p.analysis.tailSeconds(), 3), 8) +
            rpad(fmt(p.fpsWithoutOpen(), 1), 14) + rpad(times(p.ratioWithoutOpen()), 16) +
            rpad(QString::number(p.analysis.tracks), 8) +
            rpad(QStringLiteral("%1/%2").arg(p.analysis.primaryTrackFrames).arg(p.analysis.frames),
                 13) +
            rpad(QString::number(p.analysis.signals), 9));
    }
    out(QString());

    // ---- medians ----
    auto medianOf = [&](const std::function<double(const Repeat&)>& get) {
        std::vector<double> v;
        for (const Repeat& p : runs)
            v.push_back(get(p));
        return median(v);
    };
    const double plainSeconds = medianOf([](const Repeat& p) { return p.plain.seconds; });
    const double plainFps = medianOf([](const Repeat& p) { return p.plainFps(); });
    const double indexSeconds = medianOf([](const Repeat& p) { return p.analysis.indexSeconds; });
    const double analysisSeconds =
        medianOf([](const Repeat& p) { return p.analysis.analysisSeconds; });
    const double totalSeconds = medianOf([](const Repeat& p) { return p.analysis.totalSeconds(); });
    const double fps = medianOf([](const Repeat& p) { return p.fps(); });
    const double ratio = medianOf([](const Repeat& p) { return p.ratio(); });
    const double openSeconds = medianOf([](const Repeat& p) { return p.openSeconds; });
    const double startupSeconds =
        medianOf([](const Repeat& p) { return p.analysis.startupSeconds(); });
    const double steadyFps = medianOf([](const Repeat& p) { return p.analysis.steadyFps(); });
    const double tailSeconds = medianOf([](const Repeat& p) { return p.analysis.tailSeconds(); });
    const double fpsWithoutOpen = medianOf([](const Repeat& p) { return p.fpsWithoutOpen(); });
    const double ratioWithoutOpen = medianOf([](const Repeat& p) { return p.ratioWithoutOpen(); });
    // The steady rate against plain decoding's full-clip rate, as a time ratio.
    const double steadyRatio = plainFps / steadyFps;
    const double realTimeFactor = duration / totalSeconds;

    out(QStringLiteral("3. Medians over %1 repeats (ratios: analysis time / plain decode time of "
                       "the same repeat)")
            .arg(runs.size()));
    auto row = [](const QString& name, const QString& value, const QString& note = {}) {
        out(QStringLiteral("   ") + pad(name, 46) + rpad(value, 12) +
            (note.isEmpty() ? QString() : QStringLiteral("   ") + note));
    };
    row(QStringLiteral("(a) plain FFmpeg decode"), fmt(plainSeconds, 3) + QStringLiteral(" s"),
        fmt(plainFps, 1) + QStringLiteral(" fps"));
    row(QStringLiteral("(b) frame index (buildFrameIndex)"),
        fmt(indexSeconds, 3) + QStringLiteral(" s"));
    row(QStringLiteral("(b) runAnalysis"), fmt(analysisSeconds, 3) + QStringLiteral(" s"));
    row(QStringLiteral("(b) full analysis, total"), fmt(totalSeconds, 3) + QStringLiteral(" s"),
        fmt(fps, 1) + QStringLiteral(" fps, ") + times(ratio) + QStringLiteral(" plain, ") +
            fmt(realTimeFactor) + QStringLiteral("x real time"));
    row(QStringLiteral("    FaceLandmarker::open() alone (warm)"),
        fmt(openSeconds, 3) + QStringLiteral(" s"));
    row(QStringLiteral("    start-up before the first frame's work"),
        fmt(startupSeconds, 3) + QStringLiteral(" s"), QStringLiteral("(from progress callbacks)"));
    row(QStringLiteral("    steady state (progress callbacks)"),
        fmt(steadyFps, 1) + QStringLiteral(" fps"), times(steadyRatio) + QStringLiteral(" plain"));
    row(QStringLiteral("    tail (tracks finished, signals)"),
        fmt(tailSeconds, 3) + QStringLiteral(" s"));
    row(QStringLiteral("    full analysis without open()"),
        fmt(fpsWithoutOpen, 1) + QStringLiteral(" fps"),
        times(ratioWithoutOpen) + QStringLiteral(" plain"));
    const int64_t peak = peakRssBytes();
    row(QStringLiteral("Peak RSS (getrusage ru_maxrss)"),
        fmt(double(peak) / (1024.0 * 1024.0), 1) + QStringLiteral(" MiB"));
    out(QString());

    const QString loadAtEnd = loadAverage();
    out(QStringLiteral("Load average at the end: %1").arg(loadAtEnd));
    root.insert(QStringLiteral("loadAverageAtEnd"), loadAtEnd);
    out(QString());

    // ---- targets ----
    const std::vector<TargetRow> targets = {
        {QStringLiteral("full analysis frames/s"), fps, kRealTimeFps, true, QStringLiteral(" fps")},
        {QStringLiteral("full analysis time / plain decode time"), ratio, kMaxRatioToPlainDecode,
         false, QStringLiteral("x")},
    };
    out(QStringLiteral("Targets (DESIGN.md, Performance targets; medians, start-up included)"));
    QJsonArray targetsJson;
    for (const TargetRow& t : targets) {
        out(QStringLiteral("   ") + pad(t.name, 42) + rpad(fmt(t.value) + t.unit, 12) +
            QStringLiteral("   target ") +
            (t.atLeast ? QStringLiteral(">= ") : QStringLiteral("<= ")) +
            pad(fmt(t.target, 0) + t.unit, 8) +
            (t.met() ? QStringLiteral("MET") : QStringLiteral("MISSED")));
        targetsJson.append(QJsonObject{{QStringLiteral("name"), t.name},
                                       {QStringLiteral("value"), num(t.value)},
                                       {QStringLiteral("target"), t.target},
                                       {QStringLiteral("atLeast"), t.atLeast},
                                       {QStringLiteral("unit"), t.unit},
                                       {QStringLiteral("met"), t.met()}});
    }
    if (width != 1920 || height != 1080 || std::abs(clipFps - 30.0) > 0.5)
        out(QStringLiteral("   (the targets are set for 1080p30; this clip is %1x%2 at %3 fps)")
                .arg(width)
                .arg(height)
                .arg(fmt(clipFps)));

    // ---- JSON ----
    QJsonArray samples;
    for (const Repeat& p : runs) {
        const AnalysisRun& a = p.analysis;
        samples.append(QJsonObject{
            {QStringLiteral("loadAverage1AtStart"), num(p.loadAtStart)},
            {QStringLiteral("othersCpuSeconds"), num(p.othersCpuSeconds)},
            {QStringLiteral("plainDecode"),
             QJsonObject{{QStringLiteral("seconds"), num(p.plain.seconds)},
                         {QStringLiteral("cpuSeconds"), num(p.plain.cpuSeconds)},
                         {QStringLiteral("frames"), qint64(p.plain.frames)},
                         {QStringLiteral("fps"), num(p.plainFps())}}},
            {QStringLiteral("landmarkerOpenSeconds"), num(p.openSeconds)},
            {QStringLiteral("analysis"),
             QJsonObject{{QStringLiteral("indexSeconds"), num(a.indexSeconds)},
                         {QStringLiteral("runAnalysisSeconds"), num(a.analysisSeconds)},
                         {QStringLiteral("totalSeconds"), num(a.totalSeconds())},
                         {QStringLiteral("cpuSeconds"), num(a.cpuSeconds)},
                         {QStringLiteral("frames"), qint64(a.frames)},
                         {QStringLiteral("fps"), num(p.fps())},
                         {QStringLiteral("ratioToPlainDecode"), num(p.ratio())},
                         {QStringLiteral("startupSeconds"), num(a.startupSeconds())},
                         {QStringLiteral("steadyFps"), num(a.steadyFps())},
                         {QStringLiteral("tailSeconds"), num(a.tailSeconds())},
                         {QStringLiteral("fpsWithoutOpen"), num(p.fpsWithoutOpen())},
                         {QStringLiteral("ratioWithoutOpen"), num(p.ratioWithoutOpen())},
                         {QStringLiteral("firstProgress"),
                          QJsonObject{{QStringLiteral("seconds"), num(a.firstProgressSeconds)},
                                      {QStringLiteral("frames"), qint64(a.firstProgressFrames)}}},
                         {QStringLiteral("lastProgress"),
                          QJsonObject{{QStringLiteral("seconds"), num(a.lastProgressSeconds)},
                                      {QStringLiteral("frames"), qint64(a.lastProgressFrames)}}},
                         {QStringLiteral("tracks"), a.tracks},
                         {QStringLiteral("primaryTrackFrames"), qint64(a.primaryTrackFrames)},
                         {QStringLiteral("signals"), a.signals}}}});
    }
    root.insert(QStringLiteral("samples"), samples);
    root.insert(QStringLiteral("medians"),
                QJsonObject{{QStringLiteral("plainDecodeSeconds"), num(plainSeconds)},
                            {QStringLiteral("plainDecodeFps"), num(plainFps)},
                            {QStringLiteral("indexSeconds"), num(indexSeconds)},
                            {QStringLiteral("runAnalysisSeconds"), num(analysisSeconds)},
                            {QStringLiteral("totalSeconds"), num(totalSeconds)},
                            {QStringLiteral("fps"), num(fps)},
                            {QStringLiteral("ratioToPlainDecode"), num(ratio)},
                            {QStringLiteral("realTimeFactor"), num(realTimeFactor)},
                            {QStringLiteral("landmarkerOpenSeconds"), num(openSeconds)},
                            {QStringLiteral("startupSeconds"), num(startupSeconds)},
                            {QStringLiteral("steadyFps"), num(steadyFps)},
                            {QStringLiteral("steadyRatioToPlainDecode"), num(steadyRatio)},
                            {QStringLiteral("tailSeconds"), num(tailSeconds)},
                            {QStringLiteral("fpsWithoutOpen"), num(fpsWithoutOpen)},
                            {QStringLiteral("ratioWithoutOpen"), num(ratioWithoutOpen)}});
    root.insert(QStringLiteral("targets"), targetsJson);
    root.insert(QStringLiteral("peakRssBytes"), qint64(peak));
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
