// fuzz_media_open: libFuzzer target for the media engine's path-based entry points.
//
// Every input is written to a scratch file (the engine opens evidence by path, read-only),
// then driven through what opening a clip does in the app: probeMediaFacts,
// VideoDecoder::decodeFirstFrame, buildFrameIndex and the FrameIndex queries, a single-threaded
// VideoDecoder (first frames with decodeNext, then random access to the last and the middle
// frame) and decodeAudioMono with a short length limit. Results are checked against the
// documented contracts (frame indices in range, the 8192x8192 picture limit); a broken contract
// aborts, which libFuzzer reports as a crash.
//
// Nothing is printed per input: openContainer() silences FFmpeg's log and the core itself
// never prints. No QCoreApplication is created: QCoreApplication::translate() returns the
// source text when there is no instance (Qt 6.4), which is all the core needs.
//
// The scratch file is /dev/shm/frameproof-fuzz-<pid> (override the directory with
// FRAMEPROOF_FUZZ_TMPDIR), unique per process so -jobs/-workers and -fork runs do not share
// it; it is rewritten for every input and removed at normal exit. See README.md.

#include "core/evidence/MediaFacts.h"
#include "core/media/AudioDecoder.h"
#include "core/media/FrameIndex.h"
#include "core/media/MediaOpen.h"
#include "core/media/VideoDecoder.h"
#include "core/media/VideoFrame.h"

#include <QByteArray>
#include <QImage>
#include <QString>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <vector>

namespace {

// Frames pulled with decodeNext() after opening the decoder.
constexpr int kSequentialFrames = 5;
// Audio longer than this is refused by decodeAudioMono (bounds memory per input).
constexpr double kMaxAudioSeconds = 30.0;
// Frames up to this many pixels also go through VideoFrame::toImage() (the display path).
constexpr int64_t kMaxImagePixels = int64_t(1920) * 1080;

std::string g_nativePath;
QString g_path;

// A broken contract: say which, then abort so libFuzzer records the input as a crash.
[[noreturn]] void contractBroken(const char* what) {
    std::fprintf(stderr, "fuzz_media_open: contract broken: %s\n", what);
    std::abort();
}

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            contractBroken(#cond);                                                                 \
    } while (false)

void removeScratch() {
    ::unlink(g_nativePath.c_str());
}

bool writeScratch(const uint8_t* data, size_t size) {
    const int fd = ::open(g_nativePath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    size_t done = 0;
    while (done < size) {
        const ssize_t n = ::write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            ::close(fd);
            return false;
        }
        done += size_t(n);
    }
    return ::close(fd) == 0;
}

void exerciseIndex(const fp::FrameIndex& index) {
    const int64_t n = index.size();
    (void)index.durationSeconds();
    (void)index.isVariableFrameRate();
    const std::vector<int64_t> keys = index.keyframes();
    for (const int64_t k : keys)
        FUZZ_CHECK(k >= 0 && k < n && index.at(k).key);
    for (const int64_t i : {int64_t(0), n / 2, n - 1}) {
        const double seconds = index.secondsAt(i);
        const int64_t key = index.keyframeAtOrBefore(i);
        FUZZ_CHECK(key >= 0 && key <= i);
        const int64_t after = index.keyframeAfter(i);
        FUZZ_CHECK(after == -1 || (after > i && after < n));
        // Entries are sorted by pts: the lookup finds this frame or an earlier one with its pts.
        const int64_t found = index.indexOfPts(index.at(i).pts);
        FUZZ_CHECK(found >= 0 && found <= i && index.at(found).pts == index.at(i).pts);
        const int64_t shown = index.indexAtSeconds(seconds);
        FUZZ_CHECK(shown >= 0 && shown < n);
    }
}

void checkFrame(const fp::VideoFrame& frame, const fp::FrameIndex& index, bool toImage) {
    FUZZ_CHECK(frame.index() >= 0 && frame.index() < index.size());
    FUZZ_CHECK(frame.width() >= 0 && frame.height() >= 0);
    FUZZ_CHECK(int64_t(frame.width()) * frame.height() <= fp::kMaxPixelsPerFrame);
    (void)frame.packedPixels();
    if (toImage && int64_t(frame.width()) * frame.height() <= kMaxImagePixels)
        (void)frame.toImage();
}

void exerciseDecoder(const std::shared_ptr<const fp::FrameIndex>& index) {
    auto opened = fp::VideoDecoder::open(g_path, index, /*threads=*/1);
    if (!opened)
        return;
    fp::VideoDecoder& decoder = *opened.value();

    for (int i = 0; i < kSequentialFrames; ++i) {
        auto frame = decoder.decodeNext();
        if (!frame)
            break;
        checkFrame(*frame.value(), *index, /*toImage=*/i == 0);
    }

    const int64_t n = index->size();
    for (const int64_t target : {n - 1, n / 2}) {
        int64_t lastSunk = -1;
        auto sink = [&](const fp::VideoFramePtr& f) {
            FUZZ_CHECK(f && f->index() <= target);
            lastSunk = f->index();
        };
        auto frame = decoder.decode(target, sink);
        if (!frame)
            continue;
        FUZZ_CHECK(frame.value()->index() == target);
        FUZZ_CHECK(lastSunk == target); // the target itself goes to the sink too
        checkFrame(*frame.value(), *index, /*toImage=*/false);
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
    std::string dir = "/dev/shm";
    if (const char* env = std::getenv("FRAMEPROOF_FUZZ_TMPDIR"); env && *env)
        dir = env;
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
        dir = "/tmp";
    g_nativePath = dir + "/frameproof-fuzz-" + std::to_string(::getpid());
    g_path = QString::fromStdString(g_nativePath);
    std::atexit(removeScratch);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (!writeScratch(data, size)) {
        std::fprintf(stderr, "fuzz_media_open: cannot write the scratch file %s: %s\n",
                     g_nativePath.c_str(), std::strerror(errno));
        std::abort(); // the environment is broken; fuzzing on would test nothing
    }

    auto facts = fp::probeMediaFacts(g_path);
    if (facts) {
        (void)facts->video();
        (void)facts->audio();
    }

    // What a window shows while the index is being built (IntakeJob). It picks its own decoder
    // thread count, so this one call may use more than one thread.
    if (auto first = fp::VideoDecoder::decodeFirstFrame(g_path)) {
        const fp::VideoFramePtr& frame = first.value();
        FUZZ_CHECK(frame != nullptr);
        FUZZ_CHECK(frame->index() == 0);
        FUZZ_CHECK(int64_t(frame->width()) * frame->height() <= fp::kMaxPixelsPerFrame);
        (void)frame->packedPixels();
    }

    std::shared_ptr<const fp::FrameIndex> index;
    if (auto built = fp::buildFrameIndex(g_path)) {
        FUZZ_CHECK(!built->empty()); // an empty index is an error, never a value
        index = std::make_shared<const fp::FrameIndex>(std::move(built).value());
        exerciseIndex(*index);
        exerciseDecoder(index);
    }

    fp::AudioDecodeOptions audioOptions;
    audioOptions.maxSeconds = kMaxAudioSeconds;
    if (auto track = fp::decodeAudioMono(g_path, index.get(), audioOptions)) {
        FUZZ_CHECK(!track->samples.empty());
        FUZZ_CHECK(track->durationSeconds() <= kMaxAudioSeconds);
        (void)track->sampleAt(track->startSeconds);
    }
    return 0;
}
