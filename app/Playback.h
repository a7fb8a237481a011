#pragma once

// Playback of the open clip: a clock that asks the clip session for the frame due now (late
// frames are skipped, never queued, so video cannot drift), J/K/L shuttle, speeds 0.1x-2x with
// sound and up to 8x silent (and in reverse), and the audio through Qt Multimedia. With sound
// the audio device is the clock; without a device or at other speeds, a steady timer is.
// Thread-safety: GUI thread only. Audio is decoded once on a worker thread on first play.

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

class QAudioSink;
class QIODevice;

namespace fp {
class ClipSession;
}

namespace fp::app {

class Playback : public QObject {
    Q_OBJECT
public:
    static constexpr double kMaxSpeed = 8.0;
    static constexpr double kMaxSpeedWithSound = 2.0;

    explicit Playback(ClipSession* session, QObject* parent = nullptr);
    ~Playback() override;

    bool playing() const { return m_playing; }
    // Signed: negative plays backwards.
    double speed() const { return m_speed; }
    bool audioAvailable() const { return m_audioReady; }

    void play();
    void pause();
    void togglePlay();
    // The speed used by play(); clamped to [-8, 8], at least 0.1 in magnitude.
    void setSpeed(double speed);
    // J/K/L: L plays forward, again doubles; J the same backwards; K pauses.
    void shuttleForward();
    void shuttleBackward();
    // Plays frames [firstFrame, lastFrame] (presentation indices, clamped to the clip) once at
    // 1x with sound, then pauses on lastFrame. Any pause() ends the range.
    void playRange(qint64 firstFrame, qint64 lastFrame);

Q_SIGNALS:
    void stateChanged(bool playing, double speed);

private:
    void tick();
    void restartClock();
    void startAudio(double fromSeconds);
    void stopAudio();
    void ensureAudioDecoded();
    double clockSeconds() const;

    ClipSession* m_session;
    QTimer m_timer;
    QElapsedTimer m_elapsed;
    bool m_playing = false;
    double m_speed = 1.0;
    double m_startSeconds = 0.0; // media time at the clock's start
    qint64 m_stopAt = -1;        // playRange(): the last frame to show, -1 for none

    // Audio, mono float, on the video's clock (AudioTrack::startSeconds).
    std::thread m_audioWorker;
    std::atomic<bool> m_audioCancel{false};
    bool m_audioReady = false;
    bool m_audioRequested = false;
    int m_audioRate = 0;
    double m_audioStart = 0.0;
    std::vector<float> m_audio;
    std::unique_ptr<QAudioSink> m_sink;
    std::unique_ptr<QIODevice> m_source;
    double m_audioClockBase = 0.0; // media time when the sink started
};

} // namespace fp::app
