#include "core/analysis/LipSync.h"

#include "core/analysis/SeriesStats.h"

#include <opencv2/core.hpp>

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace fp {

namespace {

struct LipSyncText {
    Q_DECLARE_TR_FUNCTIONS(fp::LipSync)
};

// Audio framing (DESIGN.md): 25 ms windows every 10 ms at 16 kHz.
constexpr int kFrameSamples = 400;
constexpr int kHopSamples = 160;
constexpr int kFftSize = 512;
constexpr int kMelBands = 26;
constexpr int kCepstra = 13;
constexpr double kSilenceDb = -100.0; // log-energy floor

bool finite(double v) {
    return std::isfinite(v);
}

double hzToMel(double hz) {
    return 2595.0 * std::log10(1.0 + hz / 700.0);
}

double melToHz(double mel) {
    return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0);
}

// Triangular mel filters over the FFT bins, 20 Hz to Nyquist: kMelBands rows of kFftSize/2 + 1.
cv::Mat melFilterBank(int sampleRate) {
    const int bins = kFftSize / 2 + 1;
    cv::Mat bank = cv::Mat::zeros(kMelBands, bins, CV_32F);
    const double low = hzToMel(20.0), high = hzToMel(sampleRate / 2.0);
    std::vector<double> edges(kMelBands + 2);
    for (int i = 0; i < kMelBands + 2; ++i)
        edges[size_t(i)] =
            melToHz(low + (high - low) * i / (kMelBands + 1)) * kFftSize / sampleRate;
    for (int m = 0; m < kMelBands; ++m) {
        const double a = edges[size_t(m)], b = edges[size_t(m) + 1], c = edges[size_t(m) + 2];
        for (int k = 0; k < bins; ++k) {
            double w = 0;
            if (k > a && k <= b)
                w = (k - a) / (b - a);
            else if (k > b && k < c)
                w = (c - k) / (c - b);
            bank.at<float>(m, k) = float(w);
        }
    }
    return bank;
}

struct AudioFrameFeatures {
    double energyDb = kSilenceDb;
    std::array<double, kCepstra> mfcc{};
};

std::vector<AudioFrameFeatures> audioFrames(const AudioTrack& audio) {
    std::vector<AudioFrameFeatures> out;
    const int64_t n = int64_t(audio.samples.size());
    if (n < kFrameSamples || audio.sampleRate <= 0)
        return out;
    const cv::Mat bank = melFilterBank(audio.sampleRate);
    cv::Mat window(1, kFrameSamples, CV_32F);
    for (int i = 0; i < kFrameSamples; ++i)
        window.at<float>(0, i) =
            float(0.54 - 0.46 * std::cos(2.0 * M_PI * i / (kFrameSamples - 1)));
    cv::Mat frame = cv::Mat::zeros(1, kFftSize, CV_32F), spectrum,
            power(1, kFftSize / 2 + 1, CV_32F);
    cv::Mat mel, cepstrum;
    const int64_t count = (n - kFrameSamples) / kHopSamples + 1;
    out.reserve(size_t(count));
    for (int64_t k = 0; k < count; ++k) {
        const float* x = audio.samples.data() + k * kHopSamples;
        double sum = 0;
        for (int i = 0; i < kFrameSamples; ++i)
            sum += double(x[i]) * x[i];
        AudioFrameFeatures f;
        f.energyDb = std::max(kSilenceDb, 10.0 * std::log10(sum / kFrameSamples + 1e-12));
        cv::Mat windowed = frame.colRange(0, kFrameSamples);
        cv::multiply(cv::Mat(1, kFrameSamples, CV_32F, const_cast<float*>(x)), window, windowed);
        cv::dft(frame, spectrum, cv::DFT_COMPLEX_OUTPUT);
        for (int b = 0; b <= kFftSize / 2; ++b) {
            const cv::Vec2f c = spectrum.at<cv::Vec2f>(0, b);
            power.at<float>(0, b) = c[0] * c[0] + c[1] * c[1];
        }
        mel = bank * power.t();
        cv::log(cv::max(mel, 1e-10f), mel);
        cv::dct(mel, cepstrum);
        for (int c = 0; c < kCepstra; ++c)
            f.mfcc[size_t(c)] = cepstrum.at<float>(c, 0);
        out.push_back(f);
    }
    return out;
}

// Runs of `mask` shorter than `minRun` frames are cleared; gaps shorter than `maxGap` between
// runs are filled.
std::vector<bool> smoothMask(std::vector<bool> mask, int minRun, int maxGap) {
    const int64_t n = int64_t(mask.size());
    for (int64_t i = 0; i < n;) { // fill short gaps between speech
        if (mask[size_t(i)]) {
            ++i;
            continue;
        }
        int64_t j = i;
        while (j < n && !mask[size_t(j)])
            ++j;
        if (i > 0 && j < n && j - i <= maxGap)
            std::fill(mask.begin() + i, mask.begin() + j, true);
        i = j;
    }
    for (int64_t i = 0; i < n;) { // drop short bursts
        if (!mask[size_t(i)]) {
            ++i;
            continue;
        }
        int64_t j = i;
        while (j < n && mask[size_t(j)])
            ++j;
        if (j - i < minRun)
            std::fill(mask.begin() + i, mask.begin() + j, false);
        i = j;
    }
    return mask;
}

std::vector<double> firstDifference(const std::vector<double>& v) {
    std::vector<double> d(v.size(), kNoValue);
    for (size_t i = 1; i < v.size(); ++i)
        d[i] = v[i] - v[i - 1]; // NaN propagates
    return d;
}

// Pearson correlation of v[t] with a[t + lag] over t in [first, last) where both are finite.
double correlationAt(const std::vector<double>& v, const std::vector<double>& a, int64_t first,
                     int64_t last, int lag) {
    const int64_t n = int64_t(v.size());
    double sv = 0, sa = 0, svv = 0, saa = 0, sva = 0;
    int count = 0;
    for (int64_t t = std::max<int64_t>(first, -lag); t < last && t + lag < n; ++t) {
        const double x = v[size_t(t)], y = a[size_t(t + lag)];
        if (!finite(x) || !finite(y))
            continue;
        sv += x;
        sa += y;
        svv += x * x;
        saa += y * y;
        sva += x * y;
        ++count;
    }
    if (count < 8)
        return 0.0;
    const double cov = sva - sv * sa / count;
    const double varV = svv - sv * sv / count, varA = saa - sa * sa / count;
    if (varV <= 1e-12 || varA <= 1e-12)
        return 0.0;
    return cov / std::sqrt(varV * varA);
}

struct FeaturePair {
    const std::vector<double>* video;
    const std::vector<double>* audio;
};

// The feature pairs' correlations averaged, per lag from -maxLag to +maxLag.
std::vector<double> combinedCorrelation(const std::vector<FeaturePair>& pairs, int64_t first,
                                        int64_t last, int maxLag) {
    std::vector<double> curve(size_t(2 * maxLag + 1), 0.0);
    for (int lag = -maxLag; lag <= maxLag; ++lag) {
        double sum = 0;
        for (const FeaturePair& p : pairs)
            sum += correlationAt(*p.video, *p.audio, first, last, lag);
        curve[size_t(lag + maxLag)] = sum / double(pairs.size());
    }
    return curve;
}

struct Peak {
    int lag = 0;
    double confidence = 0.0;
    double fineLag = 0.0; // the peak of a parabola through it and its neighbours
};

Peak peakOf(const std::vector<double>& curve, int maxLag) {
    const auto best = std::max_element(curve.begin(), curve.end());
    const size_t k = size_t(best - curve.begin());
    Peak p{int(k) - maxLag, *best - stats::median(curve), double(int(k) - maxLag)};
    if (k > 0 && k + 1 < curve.size()) {
        const double a = curve[k - 1], b = curve[k], c = curve[k + 1];
        const double bend = a - 2 * b + c;
        if (bend < 0)
            p.fineLag += std::clamp(0.5 * (a - c) / bend, -0.5, 0.5);
    }
    return p;
}

QString offsetPhrase(int frames, double fps) {
    const double ms = fps > 0 ? frames * 1000.0 / fps : 0.0;
    if (frames == 0)
        return LipSyncText::tr("in sync (0 frames)");
    if (frames > 0)
        return LipSyncText::tr("the audio lags the video by %1 frame(s) (%2 ms)")
            .arg(frames)
            .arg(ms, 0, 'f', 0);
    return LipSyncText::tr("the audio leads the video by %1 frame(s) (%2 ms)")
        .arg(-frames)
        .arg(-ms, 0, 'f', 0);
}

double stdevIn(const std::vector<double>& v, int64_t first, int64_t last) {
    double sum = 0, sum2 = 0;
    int count = 0;
    for (int64_t t = first; t <= last; ++t) {
        if (!finite(v[size_t(t)]))
            continue;
        sum += v[size_t(t)];
        sum2 += v[size_t(t)] * v[size_t(t)];
        ++count;
    }
    if (count < 2)
        return kNoValue;
    return std::sqrt(std::max(0.0, (sum2 - sum * sum / count) / (count - 1)));
}

// Where between frames `from` and `to` the offset changes from `lagA` to `lagB`: the frame c
// maximising the agreement of the first feature pair at lagA before c and at lagB from c on.
int64_t changePoint(const FeaturePair& pair, int64_t from, int64_t to, int lagA, int lagB) {
    const int64_t n = int64_t(pair.video->size());
    auto zscored = [&](const std::vector<double>& v, int lag) {
        std::vector<double> out(size_t(std::max<int64_t>(0, to - from)), 0.0);
        double sum = 0, sum2 = 0;
        int count = 0;
        for (int64_t t = from; t < to; ++t) {
            const int64_t i = t + lag;
            if (i < 0 || i >= n || !finite(v[size_t(i)]))
                continue;
            sum += v[size_t(i)];
            sum2 += v[size_t(i)] * v[size_t(i)];
            ++count;
        }
        const double mean = count ? sum / count : 0.0;
        const double sd = count > 1 ? std::sqrt(std::max(1e-12, sum2 / count - mean * mean)) : 1.0;
        for (int64_t t = from; t < to; ++t) {
            const int64_t i = t + lag;
            if (i >= 0 && i < n && finite(v[size_t(i)]))
                out[size_t(t - from)] = (v[size_t(i)] - mean) / sd;
        }
        return out;
    };
    const std::vector<double> video = zscored(*pair.video, 0);
    const std::vector<double> a = zscored(*pair.audio, lagA), b = zscored(*pair.audio, lagB);
    // score(c) = sum_{t<c} video*a + sum_{t>=c} video*b
    double score = 0;
    for (size_t i = 0; i < video.size(); ++i)
        score += video[i] * b[i];
    double best = score;
    int64_t at = from;
    for (size_t i = 0; i < video.size(); ++i) {
        score += video[i] * (a[i] - b[i]);
        if (score > best) {
            best = score;
            at = from + int64_t(i) + 1;
        }
    }
    return at;
}

struct Segment {
    size_t firstWindow = 0;
    size_t lastWindow = 0;
    int offset = 0;
    double confidence = 0; // mean over its windows
};

constexpr double kStillMouth = 0.02; // sd of opening/width: a closed or frozen mouth

// Consecutive confident windows grouped by offset (+-1 frame); groups of one window are dropped.
std::vector<Segment> confidentSegments(const std::vector<LipSyncWindow>& windows,
                                       const LipSyncParameters& p) {
    std::vector<Segment> segments;
    for (size_t i = 0; i < windows.size(); ++i) {
        const LipSyncWindow& w = windows[i];
        if (!w.judged || w.confidence < p.changeConfidence)
            continue;
        if (!segments.empty() && std::abs(w.offsetFrames - segments.back().offset) <= 1) {
            Segment& g = segments.back();
            const double count = double(g.lastWindow - g.firstWindow + 1);
            g.confidence = (g.confidence * count + w.confidence) / (count + 1);
            g.lastWindow = i;
            continue;
        }
        segments.push_back(Segment{i, i, w.offsetFrames, w.confidence});
    }
    segments.erase(std::remove_if(segments.begin(), segments.end(),
                                  [](const Segment& g) { return g.lastWindow == g.firstWindow; }),
                   segments.end());
    return segments;
}

// 1. Offset changes: a stretch of windows whose offset departs from the clip's, bounded where
// the first feature pair changes from one offset to the other.
void addOffsetChangeFindings(const LipSyncResult& r, const std::vector<FeaturePair>& pairs,
                             const LipSyncParameters& p, SignalResult* s) {
    const auto& windows = r.windows;
    auto centre = [&](size_t i) { return (windows[i].startFrame + windows[i].endFrame) / 2; };
    const std::vector<Segment> segments = confidentSegments(windows, p);
    for (size_t k = 0; k < segments.size(); ++k) {
        const Segment& g = segments[k];
        if (std::abs(g.offset - r.offsetFrames) < p.changeFrames)
            continue;
        int64_t first = windows[g.firstWindow].startFrame;
        int64_t last = windows[g.lastWindow].endFrame;
        if (k > 0)
            first = changePoint(pairs.front(), centre(segments[k - 1].lastWindow),
                                centre(g.firstWindow) + 1, segments[k - 1].offset, g.offset);
        if (k + 1 < segments.size())
            last = changePoint(pairs.front(), centre(g.lastWindow),
                               centre(segments[k + 1].firstWindow) + 1, g.offset,
                               segments[k + 1].offset) -
                   1;
        const bool strong = g.confidence >= 2 * p.changeConfidence;
        s->findings.push_back(Finding{
            s->name, first, last, strong ? QStringLiteral("high") : QStringLiteral("medium"),
            LipSyncText::tr(
                "In frames %1-%2 %3, while over the clip %4: the sound and the picture are out of "
                "step here in a different way than elsewhere, as when one of them was cut, "
                "replaced or re-timed.")
                .arg(first)
                .arg(last)
                .arg(offsetPhrase(g.offset, r.fps), offsetPhrase(r.offsetFrames, r.fps))});
    }
}

// 2. Speech with a still mouth: consecutive such windows as one finding.
void addStillMouthFindings(const LipSyncResult& r, SignalResult* s) {
    int64_t stillFirst = -1, stillLast = -1;
    auto flushStill = [&] {
        if (stillFirst < 0)
            return;
        s->findings.push_back(Finding{
            s->name, stillFirst, stillLast, QStringLiteral("medium"),
            LipSyncText::tr(
                "Speech is heard in frames %1-%2 but the mouth barely moves: the voice may not "
                "belong to this face, or the face was frozen or replaced.")
                .arg(stillFirst)
                .arg(stillLast)});
        stillFirst = stillLast = -1;
    };
    for (const LipSyncWindow& w : r.windows) {
        const double sd = stdevIn(r.mouthOpening, w.startFrame, w.endFrame);
        if (w.speechShare >= 0.5 && finite(sd) && sd < kStillMouth) {
            if (stillFirst < 0)
                stillFirst = w.startFrame;
            stillLast = w.endFrame;
        } else if (stillFirst >= 0 && w.startFrame > stillLast) {
            flushStill();
        }
    }
    flushStill();
}

// 3. A mouth moving like speech (more than in the typical speaking window) in silence.
void addSilentMouthFindings(const LipSyncResult& r, SignalResult* s) {
    std::vector<double> speakingSpread;
    for (const LipSyncWindow& w : r.windows) {
        if (w.speechShare >= 0.5) {
            const double sd = stdevIn(r.mouthOpening, w.startFrame, w.endFrame);
            if (finite(sd))
                speakingSpread.push_back(sd);
        }
    }
    const double typicalSpread = stats::median(speakingSpread);
    for (const LipSyncWindow& w : r.windows) {
        const double sd = stdevIn(r.mouthOpening, w.startFrame, w.endFrame);
        int64_t covered = 0;
        for (int64_t t = w.startFrame; t <= w.endFrame; ++t)
            covered += finite(r.audioEnergy[size_t(t)]) ? 1 : 0;
        if (w.speechShare < 0.1 && covered > (w.endFrame - w.startFrame) * 9 / 10 && finite(sd) &&
            finite(typicalSpread) && sd > typicalSpread && sd >= kStillMouth) {
            s->findings.push_back(Finding{
                s->name, w.startFrame, w.endFrame, QStringLiteral("low"),
                LipSyncText::tr(
                    "The mouth moves as much as in speech in frames %1-%2, but no speech is "
                    "heard (people also move their lips silently; check the frames).")
                    .arg(w.startFrame)
                    .arg(w.endFrame)});
        }
    }
}

// 4. Low confidence throughout speech.
void addLowConfidenceFinding(const LipSyncResult& r, const LipSyncParameters& p, SignalResult* s) {
    if (r.confidence >= p.lowConfidence)
        return;
    const int64_t lastSpeech =
        int64_t(r.speech.size()) - 1 -
        int64_t(std::find(r.speech.rbegin(), r.speech.rend(), true) - r.speech.rbegin());
    s->findings.push_back(Finding{
        s->name, r.firstSpeechFrame, lastSpeech, QStringLiteral("low"),
        LipSyncText::tr(
            "Mouth motion and speech do not move together anywhere in the clip (confidence "
            "%1): the voice may not belong to the visible face, or the face and the speech are "
            "too unclear to compare.")
            .arg(r.confidence, 0, 'f', 2)});
}

// Findings: an offset that changes across the clip; speech with a still mouth; a mouth moving
// like speech in silence; low confidence throughout speech.
void addFindings(const LipSyncResult& r, const std::vector<FeaturePair>& pairs,
                 const LipSyncParameters& p, SignalResult* s) {
    addOffsetChangeFindings(r, pairs, p, s);
    addStillMouthFindings(r, s);
    addSilentMouthFindings(r, s);
    addLowConfidenceFinding(r, p, s);
}

// The signal with what it measures, its limits and its parameters, and nothing measured yet.
SignalResult describedLipSyncSignal(const LipSyncParameters& parameters, int maxLagFrames) {
    SignalResult s;
    s.name = QStringLiteral("lipsync");
    s.title = LipSyncText::tr("Lip-sync");
    s.unit = QStringLiteral("confidence (correlation peak - median over lags)");
    s.reference = QStringLiteral(
        "Chung & Zisserman, Out of time: automated lip sync in the wild, ACCV 2016 workshops "
        "(offset and confidence); Hershey & Movellan, Audio-vision: using audio-visual synchrony "
        "to locate sounds, NIPS 2000");
    s.limits = LipSyncText::tr(
        "Measures how mouth motion and loudness move together; it needs a visible, frontal face "
        "and clear speech. Music, several speakers, off-screen voices and dubbing give low "
        "confidence without manipulation; a constant offset is common in honest footage (camera "
        "and recorder out of step) and is not evidence of manipulation on its own.");
    s.parameters = QJsonObject{
        {QStringLiteral("audio"), QStringLiteral("mono 16 kHz, 25 ms / 10 ms frames")},
        {QStringLiteral("audio_features"), QStringLiteral("log energy, 13 MFCC (26 mel bands)")},
        {QStringLiteral("video_features"),
         QStringLiteral("inner-lip opening / mouth width; mouth-region luma motion")},
        {QStringLiteral("pairs"),
         QStringLiteral("d(opening) with d(energy); mouth motion with |d(energy)|")},
        {QStringLiteral("window_s"), parameters.windowSeconds},
        {QStringLiteral("hop_s"), parameters.hopSeconds},
        {QStringLiteral("max_lag_frames"), maxLagFrames},
        {QStringLiteral("min_speech_share"), parameters.minSpeechShare},
        {QStringLiteral("change_frames"), parameters.changeFrames},
        {QStringLiteral("change_confidence"), parameters.changeConfidence},
        {QStringLiteral("low_confidence"), parameters.lowConfidence},
        {QStringLiteral("sign"), QStringLiteral("offset_frames > 0: audio lags video")}};
    return s;
}

// The judged windows' correlation curves summed, weighted by their confidence, and that weight.
struct WeightedCurve {
    std::vector<double> sum;
    double weight = 0;
};

// Windows of `windowSeconds` every `hopSeconds`, from just before the first speech, into
// r.windows; a window is judged (correlated over the lags) when it has enough speech and face.
WeightedCurve correlateWindows(LipSyncResult& r, const std::vector<FeaturePair>& pairs,
                               const LipSyncParameters& parameters) {
    const int64_t n = int64_t(r.speech.size());
    const double fps = r.fps;
    const int window = std::max(8, int(std::lround(parameters.windowSeconds * fps)));
    const int hop = std::max(1, int(std::lround(parameters.hopSeconds * fps)));
    const int64_t start =
        std::max<int64_t>(0, r.firstSpeechFrame - int64_t(std::lround(0.2 * fps)));
    WeightedCurve clip{std::vector<double>(size_t(2 * r.maxLagFrames + 1), 0.0), 0.0};
    for (int64_t a = start; a < n; a += hop) {
        const int64_t b = std::min<int64_t>(n, a + window); // exclusive
        if (b - a < window && !r.windows.empty())
            break; // the last full window already reaches the end
        LipSyncWindow w;
        w.startFrame = a;
        w.endFrame = b - 1;
        int64_t speech = 0, faceFrames = 0;
        for (int64_t t = a; t < b; ++t) {
            speech += r.speech[size_t(t)] ? 1 : 0;
            faceFrames += finite(r.mouthOpening[size_t(t)]) ? 1 : 0;
        }
        w.speechShare = double(speech) / double(b - a);
        w.judged = w.speechShare >= parameters.minSpeechShare && faceFrames >= (b - a) * 8 / 10 &&
                   b - a >= window / 2;
        if (w.judged) {
            w.correlation = combinedCorrelation(pairs, a, b, r.maxLagFrames);
            const Peak p = peakOf(w.correlation, r.maxLagFrames);
            w.offsetFrames = p.lag;
            w.confidence = p.confidence;
            for (size_t k = 0; k < clip.sum.size(); ++k)
                clip.sum[k] += w.confidence * w.correlation[k];
            clip.weight += w.confidence;
        }
        r.windows.push_back(std::move(w));
        if (b == n)
            break;
    }
    return clip;
}

// The clip's correlation curve: the weighted mean of the judged windows' curves, or their plain
// mean when no window correlates at all (a still mouth). `judged` > 0 windows are judged.
std::vector<double> clipCorrelation(const std::vector<LipSyncWindow>& windows, WeightedCurve clip,
                                    int judged) {
    if (clip.weight <= 0) {
        std::fill(clip.sum.begin(), clip.sum.end(), 0.0);
        for (const LipSyncWindow& w : windows) {
            for (size_t k = 0; w.judged && k < clip.sum.size(); ++k)
                clip.sum[k] += w.correlation[k];
        }
        clip.weight = judged;
    }
    for (double& v : clip.sum)
        v /= clip.weight;
    return std::move(clip.sum);
}

// Per frame: the confidence of the judged window centred nearest.
void setFrameConfidence(LipSyncResult& r) {
    std::vector<double> distance(r.frameConfidence.size(), std::numeric_limits<double>::infinity());
    for (const LipSyncWindow& w : r.windows) {
        if (!w.judged)
            continue;
        const double centre = 0.5 * double(w.startFrame + w.endFrame);
        for (int64_t t = w.startFrame; t <= w.endFrame; ++t) {
            const double d = std::abs(centre - double(t));
            if (d < distance[size_t(t)]) {
                distance[size_t(t)] = d;
                r.frameConfidence[size_t(t)] = w.confidence;
            }
        }
    }
}

// The clip's offset in words, with the caveats: a peak at the edge of the search, and a weak
// peak that no more than half the judged windows share, which is no offset to quote (KatieHill:
// +10 frames at 0.10, windows from -13 to +10).
QString offsetReason(const LipSyncResult& r, int judged, int agreeing,
                     const LipSyncParameters& parameters) {
    QString reason = LipSyncText::tr("%1, confidence %2 over %n judged window(s)", nullptr, judged)
                         .arg(offsetPhrase(r.offsetFrames, r.fps))
                         .arg(r.confidence, 0, 'f', 2);
    if (std::abs(r.offsetFrames) == r.maxLagFrames)
        reason += LipSyncText::tr(
                      "; the peak is at the edge of the +-%1 frame search, so the true offset "
                      "may lie beyond it or there may be none")
                      .arg(r.maxLagFrames);
    if (r.confidence < parameters.changeConfidence && 2 * agreeing <= judged)
        reason +=
            LipSyncText::tr("; weak: only %1 of %2 windows agree with it within 2 frames, so the "
                            "clip has no reliable offset")
                .arg(agreeing)
                .arg(judged);
    return reason;
}

} // namespace

double mouthOpening(const std::array<cv::Point2f, 68>& p) {
    const double width = cv::norm(p[60] - p[64]);
    if (width <= 1e-6)
        return kNoValue;
    const double gap =
        (cv::norm(p[61] - p[67]) + cv::norm(p[62] - p[66]) + cv::norm(p[63] - p[65])) / 3.0;
    return gap / width;
}

AudioFeatures audioFeaturesPerFrame(const AudioTrack& audio,
                                    const std::vector<double>& frameTimes) {
    const size_t n = frameTimes.size();
    AudioFeatures out;
    out.energy.assign(n, kNoValue);
    out.mfcc.assign(n, {});
    out.speech.assign(n, false);
    out.covered.assign(n, false);
    const std::vector<AudioFrameFeatures> frames = audioFrames(audio);
    if (frames.empty() || n == 0)
        return out;
    const double nominal = n > 1 ? (frameTimes.back() - frameTimes.front()) / double(n - 1) : 0.04;
    std::vector<int> counts(n, 0);
    std::vector<double> energySum(n, 0.0);
    std::vector<std::array<double, kCepstra>> mfccSum(n, std::array<double, kCepstra>{});
    size_t f = 0;
    for (size_t k = 0; k < frames.size(); ++k) {
        const double centre =
            audio.startSeconds + (double(k) * kHopSamples + kFrameSamples / 2.0) / audio.sampleRate;
        while (f + 1 < n && frameTimes[f + 1] <= centre)
            ++f;
        const double end = f + 1 < n ? frameTimes[f + 1] : frameTimes[f] + nominal;
        if (centre < frameTimes[f] || centre >= end)
            continue;
        ++counts[f];
        energySum[f] += frames[k].energyDb;
        for (int c = 0; c < kCepstra; ++c)
            mfccSum[f][size_t(c)] += frames[k].mfcc[size_t(c)];
    }
    std::vector<double> levels;
    for (size_t i = 0; i < n; ++i) {
        if (counts[i] == 0)
            continue;
        out.covered[i] = true;
        out.energy[i] = energySum[i] / counts[i];
        for (int c = 0; c < kCepstra; ++c)
            out.mfcc[i][size_t(c)] = mfccSum[i][size_t(c)] / counts[i];
        levels.push_back(out.energy[i]);
    }
    // Energy voice activity: above a threshold a third of the way from the quiet level (10th
    // percentile) to the loud one (95th), when the loud level is audible at all. Speech comes
    // in syllables and pauses: its level spans 18-40 dB on real talking heads, while music and
    // room noise under the LivePortrait clips span under 10 dB; a sound that never varies by
    // kMinSpeechRangeDb is not treated as speech.
    constexpr double kMinSpeechRangeDb = 12.0;
    const double quiet = stats::percentile(levels, 0.10), loud = stats::percentile(levels, 0.95);
    if (levels.empty() || loud - quiet < kMinSpeechRangeDb || loud < -55.0)
        return out;
    const double threshold = quiet + (loud - quiet) / 3.0;
    for (size_t i = 0; i < n; ++i)
        out.speech[i] = out.covered[i] && out.energy[i] > threshold;
    const double fps = nominal > 0 ? 1.0 / nominal : 25.0;
    out.speech = smoothMask(std::move(out.speech), std::max(2, int(std::lround(0.1 * fps))),
                            std::max(2, int(std::lround(0.25 * fps))));
    return out;
}

LipSyncResult lipSyncAnalysis(const FaceTracks& faces, const std::optional<AudioTrack>& audio,
                              const std::vector<double>& frameTimes, double fps,
                              SignalResult* signal, const LipSyncParameters& parameters) {
    const int64_t n = int64_t(frameTimes.size());
    LipSyncResult r;
    r.fps = fps;
    r.maxLagFrames =
        std::max(parameters.minLagFrames, int(std::lround(parameters.maxLagSeconds * fps)));
    r.audioEnergy.assign(size_t(n), kNoValue);
    r.mouthOpening.assign(size_t(n), kNoValue);
    r.mouthMotion.assign(size_t(n), kNoValue);
    r.speech.assign(size_t(n), false);
    r.frameConfidence.assign(size_t(n), kNoValue);

    SignalResult s = describedLipSyncSignal(parameters, r.maxLagFrames);
    s.perFrame.assign(size_t(n), kNoValue);
    auto finish = [&](QString reason) {
        r.abstained = true;
        r.reason = reason;
        s.abstained = true;
        s.reason = std::move(reason);
        s.perFrame = r.frameConfidence;
        if (signal)
            *signal = s;
        return r;
    };

    // Mouth, from the primary face.
    const FaceTrack* face = faces.primary();
    if (face) {
        for (const FaceObservation& o : face->observations) {
            r.mouthOpening[size_t(o.frame)] = mouthOpening(o.points);
            r.mouthMotion[size_t(o.frame)] = o.mouthMotion;
        }
    }
    // Audio.
    AudioFeatures features;
    if (audio && !audio->samples.empty()) {
        features = audioFeaturesPerFrame(*audio, frameTimes);
        r.audioEnergy = features.energy;
        r.speech = features.speech;
    }
    if (!face)
        return finish(LipSyncText::tr("no face"));
    if (!audio || audio->samples.empty())
        return finish(LipSyncText::tr("no audio"));
    const int64_t speechFrames = std::count(r.speech.begin(), r.speech.end(), true);
    if (speechFrames < std::max<int64_t>(int64_t(fps), 8))
        return finish(LipSyncText::tr("no speech"));
    if (face->medianBoxWidth() < 80.0)
        return finish(LipSyncText::tr("face under 80 px"));

    // Leading silence is trimmed; windows start where speech does.
    r.firstSpeechFrame =
        int64_t(std::find(r.speech.begin(), r.speech.end(), true) - r.speech.begin());

    const std::vector<double> dOpen = firstDifference(r.mouthOpening);
    const std::vector<double> dEnergy = firstDifference(r.audioEnergy);
    std::vector<double> energyActivity(dEnergy.size());
    std::transform(dEnergy.begin(), dEnergy.end(), energyActivity.begin(),
                   [](double v) { return std::abs(v); });
    const std::vector<FeaturePair> pairs = {{&dOpen, &dEnergy}, {&r.mouthMotion, &energyActivity}};

    WeightedCurve windowCurves = correlateWindows(r, pairs, parameters);
    int judged = 0;
    for (const LipSyncWindow& w : r.windows)
        judged += w.judged ? 1 : 0;
    if (judged == 0)
        return finish(LipSyncText::tr("too little speech with a visible face"));
    const Peak clip =
        peakOf(clipCorrelation(r.windows, std::move(windowCurves), judged), r.maxLagFrames);
    r.offsetFrames = clip.lag;
    r.offsetMs = clip.lag * 1000.0 / fps;
    r.offsetFramesFine = clip.fineLag;
    r.confidence = clip.confidence;
    r.abstained = false;
    setFrameConfidence(r);
    s.perFrame = r.frameConfidence;
    s.score = r.confidence;

    addFindings(r, pairs, parameters, &s);
    int agreeing = 0;
    for (const LipSyncWindow& w : r.windows)
        agreeing += w.judged && std::abs(w.offsetFrames - r.offsetFrames) <= 2 ? 1 : 0;
    r.reason = offsetReason(r, judged, agreeing, parameters);
    s.reason = r.reason;
    s.details = QJsonObject{{QStringLiteral("offset_frames"), r.offsetFrames},
                            {QStringLiteral("offset_ms"), r.offsetMs},
                            {QStringLiteral("windows_agreeing"), agreeing},
                            {QStringLiteral("first_speech_frame"), qint64(r.firstSpeechFrame)},
                            {QStringLiteral("speech_frames"), qint64(speechFrames)}};
    if (signal)
        *signal = s;
    return r;
}

} // namespace fp
