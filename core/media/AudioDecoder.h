#pragma once

// The first audio stream, decoded to mono float at a requested rate (16 kHz for analysis),
// placed on the video's clock: startSeconds is the video presentation time (seconds since
// frame index 0) at which samples[0] plays. Start-time offsets, edit lists (skip samples and
// discarded packets) and timestamp gaps are honoured, so a sound at video time t sits at
// sample (t - startSeconds) * sampleRate.
// Thread-safety: decodeAudioMono() may run on any thread; AudioTrack is a plain value.

#include "core/media/FrameIndex.h"
#include "models/Result.h"

#include <QString>

#include <atomic>
#include <functional>
#include <vector>

namespace fp {

struct AudioTrack {
    int sampleRate = 0;
    double startSeconds = 0.0;  // video time (seconds since frame 0) of samples[0]
    std::vector<float> samples; // mono, nominally in [-1, 1]
    QString codec;
    int sourceSampleRate = 0;
    int sourceChannels = 0;

    double durationSeconds() const {
        return sampleRate ? double(samples.size()) / sampleRate : 0.0;
    }
    // The sample playing at video time `seconds`, or -1 outside the track.
    int64_t sampleAt(double seconds) const;
};

struct AudioDecodeOptions {
    int sampleRate = 16000;
    double maxSeconds = 4 * 3600.0; // longer audio is refused rather than allocated
    const std::atomic<bool>* cancel = nullptr;
    std::function<void(double fraction)> progress;
};

// `video` gives the clock (its frame 0 is time 0); pass nullptr for an audio-only file, whose
// first sample is then time 0.
Result<AudioTrack> decodeAudioMono(const QString& path, const FrameIndex* video,
                                   const AudioDecodeOptions& options = {});

} // namespace fp
