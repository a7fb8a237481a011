#include "app/Playback.h"

#include "core/media/AudioDecoder.h"
#include "core/session/ClipSession.h"

#include <QAudioDevice>
#include <QAudioFormat>
#include <QAudioSink>
#include <QIODevice>
#include <QMediaDevices>
#include <QMetaObject>

#include <cmath>
#include <cstring>

namespace fp::app {

namespace {

// Plays a slice of mono float samples to a QAudioSink.
class SampleSource : public QIODevice {
public:
    // `first` may be negative: the audio starts after that point, so silence comes first.
    SampleSource(const std::vector<float>& samples, int64_t first)
        : m_samples(samples)
        , m_position(first) {
        open(QIODevice::ReadOnly);
    }
    bool isSequential() const override { return true; }
    qint64 bytesAvailable() const override {
        const int64_t left = std::max<int64_t>(int64_t(m_samples.size()) - m_position, 0);
        return qint64(left) * qint64(sizeof(float)) + QIODevice::bytesAvailable();
    }

protected:
    qint64 readData(char* data, qint64 maxSize) override {
        auto* out = reinterpret_cast<float*>(data);
        const int64_t wanted = maxSize / qint64(sizeof(float));
        int64_t written = 0;
        for (; written < wanted && m_position < 0; ++written, ++m_position)
            out[written] = 0.0f;
        const int64_t count =
            std::min<int64_t>(int64_t(m_samples.size()) - m_position, wanted - written);
        if (count > 0) {
            std::memcpy(out + written, m_samples.data() + m_position,
                        size_t(count) * sizeof(float));
            m_position += count;
            written += count;
        }
        return written * qint64(sizeof(float));
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    const std::vector<float>& m_samples;
    int64_t m_position;
};

constexpr double kMinSpeed = 0.1;

} // namespace

Playback::Playback(ClipSession* session, QObject* parent)
    : QObject(parent)
    , m_session(session) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(4);
    connect(&m_timer, &QTimer::timeout, this, &Playback::tick);
}

Playback::~Playback() {
    stopAudio();
    m_audioCancel = true;
    if (m_audioWorker.joinable())
        m_audioWorker.join();
}

void Playback::setSpeed(double speed) {
    const double magnitude = std::clamp(std::abs(speed), kMinSpeed, kMaxSpeed);
    m_speed = speed < 0 ? -magnitude : magnitude;
    if (m_playing)
        restartClock();
    Q_EMIT stateChanged(m_playing, m_speed);
}

void Playback::play() {
    auto index = m_session->index();
    if (!index || index->empty())
        return;
    // From the end going forward (or the start going back), begin again.
    const qint64 current = std::max<qint64>(m_session->requestedFrame(), 0);
    if (m_speed > 0 && current >= index->size() - 1)
        m_session->goTo(0);
    else if (m_speed < 0 && current <= 0)
        m_session->goTo(index->size() - 1);
    m_playing = true;
    ensureAudioDecoded();
    restartClock();
    m_timer.start();
    Q_EMIT stateChanged(true, m_speed);
}

void Playback::pause() {
    m_stopAt = -1;
    if (!m_playing)
        return;
    m_playing = false;
    m_timer.stop();
    stopAudio();
    Q_EMIT stateChanged(false, m_speed);
}

void Playback::togglePlay() {
    if (m_playing)
        pause();
    else
        play();
}

void Playback::shuttleForward() {
    if (m_playing && m_speed > 0)
        setSpeed(std::min(m_speed * 2, kMaxSpeed));
    else
        setSpeed(1.0);
    if (!m_playing)
        play();
}

void Playback::shuttleBackward() {
    if (m_playing && m_speed < 0)
        setSpeed(std::max(m_speed * 2, -kMaxSpeed));
    else
        setSpeed(-1.0);
    if (!m_playing)
        play();
}

void Playback::playRange(qint64 firstFrame, qint64 lastFrame) {
    auto index = m_session->index();
    if (!index || index->empty())
        return;
    pause();
    const qint64 first = std::clamp<qint64>(std::min(firstFrame, lastFrame), 0, index->size() - 1);
    const qint64 last = std::clamp<qint64>(std::max(firstFrame, lastFrame), 0, index->size() - 1);
    m_session->goTo(first);
    if (first == last)
        return;
    setSpeed(1.0);
    play();
    m_stopAt = last;
}

void Playback::restartClock() {
    auto index = m_session->index();
    if (!index)
        return;
    m_startSeconds = index->secondsAt(std::max<qint64>(m_session->requestedFrame(), 0));
    m_elapsed.restart();
    stopAudio();
    if (m_audioReady && m_speed > 0 && m_speed <= kMaxSpeedWithSound)
        startAudio(m_startSeconds);
}

double Playback::clockSeconds() const {
    if (m_sink) {
        // The device's clock: what it has played, less what is still buffered.
        const double played = double(m_sink->processedUSecs()) / 1e6;
        return m_audioClockBase + played * m_speed;
    }
    return m_startSeconds + double(m_elapsed.nsecsElapsed()) / 1e9 * m_speed;
}

void Playback::tick() {
    auto index = m_session->index();
    if (!index) {
        pause();
        return;
    }
    const double now = clockSeconds();
    int64_t frame = index->indexAtSeconds(now);
    const bool rangeDone = m_stopAt >= 0 && frame >= m_stopAt;
    if (rangeDone)
        frame = m_stopAt;
    if (frame != m_session->requestedFrame())
        m_session->goTo(frame);
    if (rangeDone) {
        pause();
        return;
    }
    const bool atEnd =
        (m_speed > 0 && now >= index->durationSeconds()) || (m_speed < 0 && now <= 0.0);
    if (atEnd)
        pause();
}

void Playback::ensureAudioDecoded() {
    if (m_audioRequested || !m_session->facts() || m_session->facts()->audioStream < 0)
        return;
    if (QMediaDevices::defaultAudioOutput().isNull())
        return; // nowhere to play it: play silently
    m_audioRequested = true;
    const QString path = m_session->path();
    auto index = m_session->index();
    // Long clips are played at speech quality to bound memory.
    const double duration = index ? index->durationSeconds() : 0.0;
    const int rate = duration <= 30 * 60 ? 48000 : 16000;
    m_audioWorker = std::thread([this, path, index, rate] {
        AudioDecodeOptions options;
        options.sampleRate = rate;
        options.cancel = &m_audioCancel;
        auto track = decodeAudioMono(path, index.get(), options);
        if (!track)
            return;
        auto shared = std::make_shared<AudioTrack>(std::move(track).value());
        QMetaObject::invokeMethod(
            this,
            [this, shared] {
                m_audio = std::move(shared->samples);
                m_audioRate = shared->sampleRate;
                m_audioStart = shared->startSeconds;
                m_audioReady = true;
                if (m_playing) {
                    m_startSeconds = clockSeconds();
                    m_elapsed.restart();
                    if (m_speed > 0 && m_speed <= kMaxSpeedWithSound)
                        startAudio(m_startSeconds);
                }
            },
            Qt::QueuedConnection);
    });
}

void Playback::startAudio(double fromSeconds) {
    const QAudioDevice device = QMediaDevices::defaultAudioOutput();
    if (device.isNull() || m_audio.empty())
        return;
    QAudioFormat format;
    format.setChannelCount(1);
    format.setSampleFormat(QAudioFormat::Float);
    // Speed with sound: play the samples faster (pitch follows, as on a tape machine).
    format.setSampleRate(int(std::lround(m_audioRate * m_speed)));
    if (!device.isFormatSupported(format))
        return; // silent at this speed
    m_sink = std::make_unique<QAudioSink>(device, format);
    m_source = std::make_unique<SampleSource>(
        m_audio, int64_t(std::llround((fromSeconds - m_audioStart) * m_audioRate)));
    m_audioClockBase = fromSeconds;
    m_sink->start(m_source.get());
}

void Playback::stopAudio() {
    if (m_sink) {
        m_startSeconds = clockSeconds();
        m_elapsed.restart();
        m_sink->stop();
    }
    m_sink.reset();
    m_source.reset();
}

} // namespace fp::app
