#pragma once

// The examiner's window: the player in the middle, the timeline under it, docks for the frame
// facts, the evidence and the bookmarks, and every action with a keyboard shortcut. It wires
// widgets to the clip session and playback; it owns no media logic itself.
// Thread-safety: GUI thread only.

#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>

#include <memory>

class QAction;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QScrollArea;
class QSlider;
class QStackedWidget;
class QListWidget;
class QToolButton;

namespace fp {
struct AnalysisOutput;
class BookmarksPanel;
class CaseSession;
class ClipSession;
class EvidencePanel;
class FindingsView;
class FrameAxisGroup;
class LipSyncPanel;
class SignalPlot;
class FramePanel;
class PlayerView;
class Timeline;
class WelcomePage;
} // namespace fp

namespace fp::app {

class Playback;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // `bookmarkDir` empty: the user's data folder (tests pass a temporary one).
    explicit MainWindow(QString bookmarkDir = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    void openClip(const QString& path);
    void closeClip();
    // Parses a frame number, timecode or seconds and goes there; false if not understood.
    bool goToText(const QString& text);

    ClipSession* session() const { return m_session.get(); }
    // The open case, if any (File > New case, Open case, Save case as; MainWindowCase.cpp).
    CaseSession* caseSession() const { return m_case.get(); }
    // Without dialogs (the menu actions ask first). False, with the error shown, on failure.
    // openCase() reopens the clip last opened in the case, with its bookmarks and analysis.
    bool newCase(const QString& path, const QString& examiner);
    bool openCase(const QString& path, const QString& examiner);
    bool saveCaseAs(const QString& path);
    void closeCase();
    Playback* playback() const { return m_playback.get(); }
    PlayerView* playerView() const { return m_player; }
    // Shown in the centre instead of the player while no clip is open.
    WelcomePage* welcomePage() const { return m_welcome; }
    Timeline* timeline() const { return m_timeline; }
    FramePanel* framePanel() const { return m_framePanel; }
    EvidencePanel* evidencePanel() const { return m_evidencePanel; }
    BookmarksPanel* bookmarksPanel() const { return m_bookmarksPanel; }
    FindingsView* findingsView() const { return m_findings; }
    const std::vector<SignalPlot*>& plots() const { return m_plots; }
    // Keeps frame N at the same x on the timeline and every plot (FrameAxisGroup.h).
    FrameAxisGroup* frameAxes() const { return m_frameAxes; }
    LipSyncPanel* lipSyncPanel() const { return m_lipSync; }
    // File > Export report... (enabled once an analysis exists).
    QAction* exportReportAction() const { return m_exportReportAction; }
    // The open error dialog, if any (not modal: the window stays usable).
    QMessageBox* errorBox() const { return m_errorBox; }

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void createWidgets();
    // createWidgets()'s parts, in the order the docks are laid out; each returns the dock the
    // next one is tabbed or split against.
    void createCentre(); // the welcome page and the player
    QDockWidget* createTimelineDock();
    QDockWidget* createFactsDocks(); // frame and evidence; returns the evidence dock
    QDockWidget* createBookmarksDock(QDockWidget* evidenceDock);
    QDockWidget* createSignalPlotsDock(QDockWidget* timelineDock);
    void createLipSyncDock(QDockWidget* plotsDock);
    QDockWidget* createFindingsDock(QDockWidget* bookmarksDock);
    void createHeatmapPeaksDock(QDockWidget* findingsDock);
    void createStatusBar();
    // A dock of `content` that scrolls below `minimumHeight` (DockScroller), added in `area`.
    QDockWidget* addScrollingDock(const QString& title, const QString& objectName, QWidget* content,
                                  int minimumHeight, Qt::DockWidgetArea area);
    void seekTo(qint64 frame); // a view's seek request: the frame, when a clip is open
    void createActions();
    // createActions()'s parts, in menu order; the tool bar shows what they return.
    QAction* createFileMenu(); // returns Open clip
    void createGoMenu();
    void createPlaybackMenu();
    QList<QAction*> createViewMenu(); // returns Loupe, Side by side, Show overlays
    QAction* createAnalysisMenu();    // returns Analyse clip
    void createBookmarksMenu();
    void createPlayerToolBar(QAction* open, QAction* analyse, const QList<QAction*>& viewToggles);
    void createHelpMenu();
    QAction* addCommand(QMenu* menu, const QString& text, const QList<QKeySequence>& keys,
                        const std::function<void()>& slot);
    void connectSession();
    void showError(const QString& title, const QString& message);
    void updateRecentMenu();
    void addRecent(const QString& path);
    void updateBookmarkMarks();
    void updateStatus();
    void promptGoTo();
    void promptOpen();
    void showAnalysis();
    void showLipSync(const AnalysisOutput& output);
    void setOverlaysForFrame(qint64 frame);
    void showTopHeatmapFrames(const AnalysisOutput& output);
    void updateDetectorMapChoice(const AnalysisOutput& output);
    void exportReport();
    void createCaseActions(QMenu* file);
    void promptCase(int kind); // 0 new, 1 open, 2 save as
    void updateTitle();

    QString m_bookmarkDir;
    std::unique_ptr<ClipSession> m_session;
    std::unique_ptr<Playback> m_playback;
    std::unique_ptr<CaseSession> m_case;

    PlayerView* m_player = nullptr;
    WelcomePage* m_welcome = nullptr;
    QStackedWidget* m_centre = nullptr; // the welcome page or the player
    Timeline* m_timeline = nullptr;
    QScrollArea* m_timelineScroller = nullptr; // the timeline's dock content; tracks scroll
    FramePanel* m_framePanel = nullptr;
    EvidencePanel* m_evidencePanel = nullptr;
    BookmarksPanel* m_bookmarksPanel = nullptr;
    FindingsView* m_findings = nullptr;
    std::vector<SignalPlot*> m_plots; // jitter, head pose, eye aspect ratio
    LipSyncPanel* m_lipSync = nullptr;
    FrameAxisGroup* m_frameAxes = nullptr; // the timeline's frame x on every plot under it
    QMenu* m_recentMenu = nullptr;
    QLabel* m_frameStatus = nullptr;
    QLabel* m_zoomStatus = nullptr;
    QLabel* m_pixelStatus = nullptr;
    QProgressBar* m_progress = nullptr;
    QProgressBar* m_analysisProgress = nullptr;
    QToolButton* m_analysisCancel = nullptr;
    QAction* m_landmarksAction = nullptr;
    QAction* m_exportReportAction = nullptr; // enabled once an analysis exists
    QToolButton* m_cancel = nullptr;
    QAction* m_playAction = nullptr;
    QComboBox* m_speedBox = nullptr;
    QSlider* m_opacity = nullptr;
    QComboBox* m_mapBox = nullptr;      // which face map the heatmap overlay shows
    QListWidget* m_topFrames = nullptr; // highest heatmap scores, click to go there
    QPointer<QMessageBox> m_errorBox;
};

} // namespace fp::app
