#pragma once

// The workstation window: opens a clip, runs intake (facts, index, hashes) in the background,
// shows frames from the FrameServer and steps through them with the keyboard.
// Thread-safety: GUI thread only; all work happens in IntakeJob and FrameServer threads.

#include "core/evidence/IntakeJob.h"
#include "core/media/FrameServer.h"

#include <QMainWindow>

#include <memory>

class QLabel;
class QProgressBar;
class QToolButton;

namespace fp {
class FrameView;
}

namespace fp::app {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    void openClip(const QString& path);
    // Presentation index of the frame on screen, -1 when none.
    int64_t currentFrame() const { return m_shown; }
    void goToFrame(int64_t index);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createActions();
    void step(int64_t delta);
    void onIndexReady(std::shared_ptr<const FrameIndex> index);
    void onFrameReady(const VideoFramePtr& frame);
    void showFrameFacts(const VideoFramePtr& frame);
    void closeClip();

    FrameView* m_view = nullptr;
    QLabel* m_frameFacts = nullptr;
    QLabel* m_evidenceFacts = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;

    QString m_path;
    std::unique_ptr<IntakeJob> m_intake;
    std::unique_ptr<FrameServer> m_frames;
    std::shared_ptr<const FrameIndex> m_index;
    int64_t m_requested = -1;
    int64_t m_shown = -1;
};

} // namespace fp::app
