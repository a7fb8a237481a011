#include "app/MainWindow.h"
#include "widgets/Palette.h"

#include "app/DemoClip.h"
#include "app/Playback.h"
#include "core/session/CaseSession.h"
#include "core/session/ClipSession.h"
#include "core/session/ReportAssembly.h"

#include "core/analysis/FaceMaps.h"
#include "core/media/PositionText.h"
#include "core/util/TimeFormat.h"
#include "widgets/BookmarksPanel.h"
#include "widgets/EvidencePanel.h"
#include "widgets/FindingsView.h"
#include "widgets/FrameAxisGroup.h"
#include "widgets/FramePanel.h"
#include "widgets/LipSyncPanel.h"
#include "widgets/PlayerView.h"
#include "widgets/ReportDialog.h"
#include "widgets/SignalPlot.h"
#include "widgets/Timeline.h"
#include "widgets/WelcomePage.h"
#include <algorithm>
#include <cmath>

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QScreen>
#include <QScrollArea>
#include <QSettings>
#include <QSlider>
#include <QStackedWidget>
#include <QStandardItemModel>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QVBoxLayout>

namespace fp::app {

namespace {

constexpr int kMaxRecent = 10;

QString shortcutText(const QList<QKeySequence>& keys) {
    QStringList names;
    for (const QKeySequence& k : keys)
        names << k.toString(QKeySequence::NativeText);
    return names.join(QStringLiteral(", "));
}

// Docks whose content has a large minimum height (the timeline grows a track per signal, the
// plots and the lip-sync panel need their height to be read, the frame panel has ten rows)
// scroll instead, and their minimum height is a constant `minimum`: were it the content's, the
// docks' minimums would add up to a window taller than a laptop screen (Qt then grows the window
// past the screen's edge), and a minimum that rises when an analysis adds timeline tracks grows
// the window on its own. The content still asks for its whole height as the preferred size.
class DockScroller : public QScrollArea {
public:
    DockScroller(QWidget* content, int minimum, QWidget* parent)
        : QScrollArea(parent)
        , m_minimum(minimum) {
        setWidget(content);
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    }
    QSize minimumSizeHint() const override {
        QSize hint = QScrollArea::minimumSizeHint();
        hint.setHeight(m_minimum);
        return hint;
    }

private:
    int m_minimum;
};

// Minimum heights of the docks, logical pixels. With the menu, tool and status bars and the dock
// titles they leave a 1366x768 screen's player at least ~200 px (tst_main_window checks).
constexpr int kTimelineMinimum = 96; // ruler, keyframes, types, bytes, marks; tracks scroll
constexpr int kPlotsMinimum = 110;   // one plot
constexpr int kFrameFactsMinimum = 100;
constexpr int kSideTabsMinimum = 140; // evidence, bookmarks, findings, heatmap peaks

} // namespace

MainWindow::MainWindow(QString bookmarkDir, QWidget* parent)
    : QMainWindow(parent)
    , m_bookmarkDir(std::move(bookmarkDir)) {
    setWindowTitle(tr("Frameproof"));
    setAcceptDrops(true);
    createWidgets();
    createActions();
    // Never larger than the screen: on a 1366x768 laptop a fixed 1400x900 has no title bar.
    const QSize available = screen() ? screen()->availableGeometry().size() : QSize(1400, 900);
    resize(std::min(1400, available.width()), std::min(900, available.height()));
    // After the window has its size (before, the docks' share is taken of a 640x480 window and
    // the four tabs on the right are cut to "Evide...", "Bookm...").
    if (auto* frameDock = findChild<QDockWidget*>(QStringLiteral("frameDock"))) {
        auto* evidenceDock = findChild<QDockWidget*>(QStringLiteral("evidenceDock"));
        // Shares, not pixels, when the column is shorter: the frame panel's ten rows first.
        resizeDocks({frameDock, evidenceDock}, {240, 200}, Qt::Vertical);
        resizeDocks({frameDock}, {440}, Qt::Horizontal);
        // The bottom docks share the height with the player: on a 768 px screen the timeline
        // shows its lanes and a few tracks and the plots one or two, the rest scrolls; on a
        // taller one the timeline's tracks and the three plots fit.
        auto* timelineDock = findChild<QDockWidget*>(QStringLiteral("timelineDock"));
        auto* signalsDock = findChild<QDockWidget*>(QStringLiteral("signalsDock"));
        const int room = height() - 90; // menu, tool and status bars
        if (timelineDock && signalsDock)
            resizeDocks({timelineDock, signalsDock},
                        {std::clamp(room * 30 / 100, kTimelineMinimum + 24, 250),
                         std::clamp(room * 32 / 100, kPlotsMinimum + 24, 390)},
                        Qt::Vertical);
    }
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    closeClip();
}

MainWindow::~MainWindow() {
    m_playback.reset();
    m_session.reset();
}

// The centre first, then the docks in the order they were first laid out (the tab order on the
// right follows it), then the status bar.
void MainWindow::createWidgets() {
    createCentre();
    QDockWidget* timelineDock = createTimelineDock();
    QDockWidget* evidenceDock = createFactsDocks();
    QDockWidget* bookmarksDock = createBookmarksDock(evidenceDock);
    QDockWidget* plotsDock = createSignalPlotsDock(timelineDock);
    createLipSyncDock(plotsDock);
    // Frame N at the same x on the timeline and on every plot under it, at every zoom.
    m_frameAxes = new FrameAxisGroup(m_timeline, this);
    for (SignalPlot* plot : m_plots)
        m_frameAxes->addPlot(plot);
    m_frameAxes->addLipSync(m_lipSync);
    QDockWidget* findingsDock = createFindingsDock(bookmarksDock);
    createHeatmapPeaksDock(findingsDock);
    evidenceDock->raise();
    createStatusBar();
}

void MainWindow::seekTo(qint64 frame) {
    if (m_session)
        m_session->goTo(frame);
}

QDockWidget* MainWindow::addScrollingDock(const QString& title, const QString& objectName,
                                          QWidget* content, int minimumHeight,
                                          Qt::DockWidgetArea area) {
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(new DockScroller(content, minimumHeight, dock));
    addDockWidget(area, dock);
    return dock;
}

void MainWindow::createCentre() {
    m_player = new PlayerView(this);
    m_welcome = new WelcomePage(this);
    m_welcome->setDemoClip(findDemoClip(QCoreApplication::applicationDirPath()));
    connect(m_welcome, &WelcomePage::openClipRequested, this, [this] { promptOpen(); });
    connect(m_welcome, &WelcomePage::openDemoRequested, this, &MainWindow::openClip);
    connect(m_welcome, &WelcomePage::openRecentRequested, this, &MainWindow::openClip);
    connect(m_welcome, &WelcomePage::openCaseRequested, this, [this] { promptCase(1); });
    m_centre = new QStackedWidget(this);
    // The welcome page never sets the centre's minimum height: a stacked widget keeps every
    // page's minimum (hidden or not, and cached by the main window's layout), and the welcome
    // page's ~440 px with the docks made the window taller than a 768 px screen. On a short
    // screen its stretches shrink first.
    m_welcome->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    m_centre->addWidget(m_welcome);
    m_centre->addWidget(m_player);
    setCentralWidget(m_centre);
    connect(m_player, &PlayerView::zoomChanged, this, [this](double factor, bool fit) {
        m_zoomStatus->setText(fit ? tr("Fit (%1 %)").arg(qRound(factor * 100))
                                  : tr("%1 %").arg(qRound(factor * 100)));
    });
    connect(m_player, &PlayerView::pixelHovered, this, [this](QPoint p, QColor c) {
        m_pixelStatus->setText(tr("x %1 y %2  RGB %3 %4 %5")
                                   .arg(p.x())
                                   .arg(p.y())
                                   .arg(c.red())
                                   .arg(c.green())
                                   .arg(c.blue()));
    });
}

QDockWidget* MainWindow::createTimelineDock() {
    m_timeline = new Timeline(this);
    connect(m_timeline, &Timeline::seekRequested, this, &MainWindow::seekTo);
    auto* timelineDock = new QDockWidget(tr("Timeline"), this);
    timelineDock->setObjectName(QStringLiteral("timelineDock"));
    m_timelineScroller = new DockScroller(m_timeline, kTimelineMinimum, timelineDock);
    timelineDock->setWidget(m_timelineScroller);
    timelineDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::BottomDockWidgetArea, timelineDock);
    return timelineDock;
}

// The frame's facts and the evidence's, on the right; returns the evidence dock.
QDockWidget* MainWindow::createFactsDocks() {
    m_framePanel = new FramePanel(this);
    addScrollingDock(tr("Frame"), QStringLiteral("frameDock"), m_framePanel, kFrameFactsMinimum,
                     Qt::RightDockWidgetArea);
    m_evidencePanel = new EvidencePanel(this);
    return addScrollingDock(tr("Evidence"), QStringLiteral("evidenceDock"), m_evidencePanel,
                            kSideTabsMinimum, Qt::RightDockWidgetArea);
}

QDockWidget* MainWindow::createBookmarksDock(QDockWidget* evidenceDock) {
    m_bookmarksPanel = new BookmarksPanel(this);
    QDockWidget* bookmarksDock =
        addScrollingDock(tr("Bookmarks"), QStringLiteral("bookmarksDock"), m_bookmarksPanel,
                         kSideTabsMinimum, Qt::RightDockWidgetArea);
    tabifyDockWidget(evidenceDock, bookmarksDock);
    evidenceDock->raise();
    connect(m_bookmarksPanel, &BookmarksPanel::seekRequested, this, &MainWindow::seekTo);
    connect(m_bookmarksPanel, &BookmarksPanel::addRequested, this, [this] {
        if (m_session)
            m_session->addBookmark();
    });
    return bookmarksDock;
}

// Signal plots under the timeline, synchronised with the playhead; click to seek.
QDockWidget* MainWindow::createSignalPlotsDock(QDockWidget* timelineDock) {
    auto* plots = new QWidget(this);
    auto* plotLayout = new QVBoxLayout(plots);
    plotLayout->setContentsMargins(0, 0, 0, 0);
    plotLayout->setSpacing(0);
    for (int i = 0; i < 3; ++i) {
        auto* plot = new SignalPlot(plots);
        plot->setPlaceholder(tr("Run an analysis (Ctrl+R)"));
        plot->setMinimumHeight(kPlotsMinimum);
        connect(plot, &SignalPlot::seekRequested, this, &MainWindow::seekTo);
        plotLayout->addWidget(plot);
        m_plots.push_back(plot);
    }
    QDockWidget* plotsDock = addScrollingDock(tr("Signals"), QStringLiteral("signalsDock"), plots,
                                              kPlotsMinimum, Qt::BottomDockWidgetArea);
    splitDockWidget(timelineDock, plotsDock, Qt::Vertical);
    return plotsDock;
}

// Lip sync, a tab beside the signal plots: the offset per window, the audio and mouth curves,
// and "Play window" (plays the window under the playhead with sound).
void MainWindow::createLipSyncDock(QDockWidget* plotsDock) {
    m_lipSync = new LipSyncPanel(this);
    m_lipSync->setPlaceholder(tr("Run an analysis (Ctrl+R)"));
    connect(m_lipSync, &LipSyncPanel::seekRequested, this, &MainWindow::seekTo);
    connect(m_lipSync, &LipSyncPanel::playRangeRequested, this,
            [this](qint64 firstFrame, qint64 lastFrame) {
                if (m_playback)
                    m_playback->playRange(firstFrame, lastFrame);
            });
    QDockWidget* lipSyncDock = addScrollingDock(tr("Lip sync"), QStringLiteral("lipSyncDock"),
                                                m_lipSync, kPlotsMinimum, Qt::BottomDockWidgetArea);
    tabifyDockWidget(plotsDock, lipSyncDock);
    plotsDock->raise();
}

QDockWidget* MainWindow::createFindingsDock(QDockWidget* bookmarksDock) {
    m_findings = new FindingsView(this);
    m_findings->setPlaceholder(tr("Run an analysis (Ctrl+R)"));
    connect(m_findings, &FindingsView::seekRequested, this, &MainWindow::seekTo);
    QDockWidget* findingsDock =
        addScrollingDock(tr("Findings"), QStringLiteral("findingsDock"), m_findings,
                         kSideTabsMinimum, Qt::RightDockWidgetArea);
    tabifyDockWidget(bookmarksDock, findingsDock);
    return findingsDock;
}

void MainWindow::createHeatmapPeaksDock(QDockWidget* findingsDock) {
    m_topFrames = new QListWidget(this);
    m_topFrames->setToolTip(tr("Frames with the highest manipulation heatmap score; click to go"));
    auto goToItem = [this](QListWidgetItem* item) {
        if (m_session && item)
            m_session->goTo(item->data(Qt::UserRole).toLongLong());
    };
    connect(m_topFrames, &QListWidget::itemActivated, this, goToItem);
    connect(m_topFrames, &QListWidget::itemClicked, this, goToItem);
    QDockWidget* topDock =
        addScrollingDock(tr("Heatmap peaks"), QStringLiteral("topHeatmapFramesDock"), m_topFrames,
                         kSideTabsMinimum, Qt::RightDockWidgetArea);
    tabifyDockWidget(findingsDock, topDock);
}

// The current frame on the left; pixel, zoom, intake and analysis progress on the right.
void MainWindow::createStatusBar() {
    m_frameStatus = new QLabel(this);
    m_zoomStatus = new QLabel(this);
    m_pixelStatus = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(220);
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop indexing and hashing (Esc)"));
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_session)
            m_session->cancelIntake();
    });
    m_analysisProgress = new QProgressBar(this);
    m_analysisProgress->setMaximumWidth(220);
    m_analysisProgress->setFormat(tr("Analysing %p%"));
    m_analysisProgress->setVisible(false);
    m_analysisCancel = new QToolButton(this);
    m_analysisCancel->setText(tr("Stop analysis"));
    m_analysisCancel->setVisible(false);
    connect(m_analysisCancel, &QToolButton::clicked, this, [this] {
        if (m_session)
            m_session->cancelAnalysis();
    });
    statusBar()->addWidget(m_frameStatus, 1);
    statusBar()->addPermanentWidget(m_pixelStatus);
    statusBar()->addPermanentWidget(m_zoomStatus);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    statusBar()->addPermanentWidget(m_analysisProgress);
    statusBar()->addPermanentWidget(m_analysisCancel);
}

QAction* MainWindow::addCommand(QMenu* menu, const QString& text, const QList<QKeySequence>& keys,
                                const std::function<void()>& slot) {
    auto* action = new QAction(text, this);
    action->setShortcuts(keys);
    action->setShortcutContext(Qt::WindowShortcut);
    if (!keys.isEmpty())
        action->setToolTip(QStringLiteral("%1 (%2)").arg(text, shortcutText(keys)));
    connect(action, &QAction::triggered, this, slot);
    menu->addAction(action);
    addAction(action);
    return action;
}

// The menus in menu-bar order, then the tool bar; "Keyboard shortcuts" lists the window's
// actions in this order too.
void MainWindow::createActions() {
    QAction* open = createFileMenu();
    createGoMenu();
    createPlaybackMenu();
    const QList<QAction*> viewToggles = createViewMenu();
    QAction* analyse = createAnalysisMenu();
    createBookmarksMenu();
    createPlayerToolBar(open, analyse, viewToggles);
    createHelpMenu();
}

QAction* MainWindow::createFileMenu() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open =
        addCommand(file, tr("&Open clip..."), {QKeySequence::Open}, [this] { promptOpen(); });
    m_recentMenu = file->addMenu(tr("Open &recent"));
    updateRecentMenu();
    addCommand(file, tr("&Close clip"), {QKeySequence::Close}, [this] { closeClip(); });
    addCommand(file, tr("Cancel indexing and hashing"), {QKeySequence(Qt::Key_Escape)}, [this] {
        if (m_session && m_session->intakeRunning())
            m_session->cancelIntake();
    });
    file->addSeparator();
    createCaseActions(file); // New case, Open case, Save case as (MainWindowCase.cpp)
    file->addSeparator();
    m_exportReportAction =
        addCommand(file, tr("&Export report..."), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_E)},
                   [this] { exportReport(); });
    m_exportReportAction->setEnabled(false);
    file->addSeparator();
    addCommand(file, tr("&Quit"), {QKeySequence::Quit}, [this] { close(); });
    return open;
}

void MainWindow::createGoMenu() {
    auto session = [this] { return m_session.get(); };
    QMenu* go = menuBar()->addMenu(tr("&Go"));
    addCommand(go, tr("Next frame"), {Qt::Key_Right, Qt::Key_Period}, [session] {
        if (session())
            session()->step(1);
    });
    addCommand(go, tr("Previous frame"), {Qt::Key_Left, Qt::Key_Comma}, [session] {
        if (session())
            session()->step(-1);
    });
    addCommand(go, tr("Forward 10 frames"), {QKeySequence(Qt::SHIFT | Qt::Key_Right)}, [session] {
        if (session())
            session()->step(10);
    });
    addCommand(go, tr("Back 10 frames"), {QKeySequence(Qt::SHIFT | Qt::Key_Left)}, [session] {
        if (session())
            session()->step(-10);
    });
    addCommand(go, tr("Previous keyframe"), {Qt::Key_Up}, [session] {
        if (session())
            session()->previousKeyframe();
    });
    addCommand(go, tr("Next keyframe"), {Qt::Key_Down}, [session] {
        if (session())
            session()->nextKeyframe();
    });
    addCommand(go, tr("First frame"), {Qt::Key_Home}, [session] {
        if (session())
            session()->goTo(0);
    });
    addCommand(go, tr("Last frame"), {Qt::Key_End}, [session] {
        if (session())
            session()->goTo(session()->frameCount() - 1);
    });
    go->addSeparator();
    addCommand(go, tr("Go to frame, timecode or time..."), {QKeySequence(Qt::CTRL | Qt::Key_G)},
               [this] { promptGoTo(); });
}

void MainWindow::createPlaybackMenu() {
    QMenu* play = menuBar()->addMenu(tr("&Playback"));
    m_playAction = addCommand(play, tr("Play / pause"), {Qt::Key_Space}, [this] {
        if (m_playback)
            m_playback->togglePlay();
    });
    addCommand(play, tr("Shuttle backward (J)"), {Qt::Key_J}, [this] {
        if (m_playback)
            m_playback->shuttleBackward();
    });
    addCommand(play, tr("Pause (K)"), {Qt::Key_K}, [this] {
        if (m_playback)
            m_playback->pause();
    });
    addCommand(play, tr("Shuttle forward (L)"), {Qt::Key_L}, [this] {
        if (m_playback)
            m_playback->shuttleForward();
    });
}

QList<QAction*> MainWindow::createViewMenu() {
    QMenu* view = menuBar()->addMenu(tr("&View"));
    addCommand(view, tr("Zoom to fit"), {QKeySequence(Qt::CTRL | Qt::Key_0)},
               [this] { m_player->zoomToFit(); });
    addCommand(view, tr("Actual size (1:1)"), {QKeySequence(Qt::CTRL | Qt::Key_1)},
               [this] { m_player->zoomActualSize(); });
    addCommand(view, tr("Zoom in"), {QKeySequence::ZoomIn, QKeySequence(Qt::CTRL | Qt::Key_Equal)},
               [this] { m_player->zoomIn(); });
    addCommand(view, tr("Zoom out"), {QKeySequence::ZoomOut}, [this] { m_player->zoomOut(); });
    view->addSeparator();
    QAction* loupe = addCommand(view, tr("Loupe"), {QKeySequence(Qt::Key_Z)}, [] {});
    loupe->setCheckable(true);
    connect(loupe, &QAction::toggled, m_player, &PlayerView::setLoupeEnabled);
    QAction* sideBySide =
        addCommand(view, tr("Side by side (original | overlay)"), {QKeySequence(Qt::Key_S)}, [] {});
    sideBySide->setCheckable(true);
    connect(sideBySide, &QAction::toggled, m_player, &PlayerView::setSideBySide);
    QAction* overlays = addCommand(view, tr("Show overlays"), {QKeySequence(Qt::Key_V)}, [] {});
    overlays->setCheckable(true);
    overlays->setChecked(true);
    connect(overlays, &QAction::toggled, m_player, &PlayerView::setOverlaysVisible);

    m_landmarksAction =
        addCommand(view, tr("Show 68 landmarks"), {QKeySequence(Qt::Key_P)}, [this] {
            if (m_session)
                setOverlaysForFrame(m_session->shownFrame());
        });
    m_landmarksAction->setCheckable(true);
    m_landmarksAction->setChecked(true);
    return {loupe, sideBySide, overlays};
}

QAction* MainWindow::createAnalysisMenu() {
    QMenu* analysis = menuBar()->addMenu(tr("&Analysis"));
    QAction* analyse =
        addCommand(analysis, tr("Analyse clip"), {QKeySequence(Qt::CTRL | Qt::Key_R)}, [this] {
            if (!m_session || !m_session->index() || m_session->analysing())
                return;
            m_analysisProgress->setValue(0);
            m_analysisProgress->setVisible(true);
            m_analysisCancel->setVisible(true);
            statusBar()->clearMessage(); // not the last run's "Analysis done" beside "Analysing"
            m_session->analyse();
        });
    addCommand(analysis, tr("Stop analysis"), {}, [this] {
        if (m_session)
            m_session->cancelAnalysis();
    });
    return analyse;
}

void MainWindow::createBookmarksMenu() {
    auto session = [this] { return m_session.get(); };
    QMenu* marks = menuBar()->addMenu(tr("&Bookmarks"));
    addCommand(marks, tr("Mark in"), {Qt::Key_I}, [session] {
        if (session())
            session()->setMarkIn();
    });
    addCommand(marks, tr("Mark out"), {Qt::Key_O}, [session] {
        if (session())
            session()->setMarkOut();
    });
    addCommand(marks, tr("Add bookmark (frame or marked range)"), {Qt::Key_M}, [session] {
        if (session())
            session()->addBookmark();
    });
}

void MainWindow::createPlayerToolBar(QAction* open, QAction* analyse,
                                     const QList<QAction*>& viewToggles) {
    QToolBar* bar = addToolBar(tr("Player"));
    bar->setObjectName(QStringLiteral("playerToolBar"));
    bar->addAction(open);
    bar->addSeparator();
    bar->addAction(m_playAction);
    m_speedBox = new QComboBox(this);
    m_speedBox->setToolTip(tr("Playback speed (sound from 0.1x to 2x)"));
    for (double s : {0.1, 0.25, 0.5, 1.0, 1.5, 2.0})
        m_speedBox->addItem(QStringLiteral("%1x").arg(s), s);
    m_speedBox->setCurrentIndex(3);
    connect(m_speedBox, &QComboBox::activated, this, [this](int i) {
        if (m_playback)
            m_playback->setSpeed(m_speedBox->itemData(i).toDouble());
    });
    bar->addWidget(m_speedBox);
    bar->addSeparator();
    bar->addAction(analyse);
    bar->addSeparator();
    bar->addActions(viewToggles);
    bar->addWidget(new QLabel(tr(" Heatmap opacity "), this));
    m_opacity = new QSlider(Qt::Horizontal, this);
    m_opacity->setRange(0, 100);
    m_opacity->setValue(100); // the report's picture
    m_opacity->setMaximumWidth(120);
    m_opacity->setToolTip(tr("Opacity of the heatmap overlay (appears once an analysis has made "
                             "one); at 100 % it is the report's heatmap still"));
    connect(m_opacity, &QSlider::valueChanged, this,
            [this](int v) { m_player->setHeatmapOpacity(v / 100.0); });
    bar->addWidget(m_opacity);
    bar->addWidget(new QLabel(tr(" Map: "), this));
    m_mapBox = new QComboBox(this);
    m_mapBox->addItem(tr("Fused"), int(FaceMapKind::Fused));
    m_mapBox->addItem(tr("Noise residual"), int(FaceMapKind::Noise));
    m_mapBox->addItem(tr("Blending boundary"), int(FaceMapKind::Boundary));
    m_mapBox->addItem(tr("Temporal flicker"), int(FaceMapKind::Flicker));
    m_mapBox->addItem(tr("Spectral"), int(FaceMapKind::Spectral));
    m_mapBox->addItem(tr("Colour (skin tone)"), int(FaceMapKind::Colour));
    m_mapBox->addItem(tr("Learned detector (Grad-CAM)"), int(FaceMapKind::Detector));
    m_mapBox->setToolTip(tr("Which face map the heatmap overlay shows"));
    connect(m_mapBox, &QComboBox::activated, this, [this] {
        if (m_session)
            setOverlaysForFrame(m_session->shownFrame());
    });
    bar->addWidget(m_mapBox);
}

void MainWindow::createHelpMenu() {
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    addCommand(help, tr("Keyboard shortcuts"), {QKeySequence::HelpContents}, [this] {
        QStringList lines;
        for (QAction* a : actions()) {
            if (!a->shortcuts().isEmpty())
                lines << QStringLiteral("%1\t%2").arg(shortcutText(a->shortcuts()), a->text());
        }
        lines << QString() << tr("Mouse, over the timeline and the plots:")
              << tr("Click, drag\tGo to a frame, scrub")
              << tr("Ctrl+Wheel\tZoom around the pointer (timeline and plots together)")
              << tr("Shift+Wheel\tPan") << tr("Wheel\tScroll the panel");
        QMessageBox::information(this, tr("Keyboard shortcuts"), lines.join(QLatin1Char('\n')));
    });
}

void MainWindow::promptOpen() {
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open clip"), settings.value(QStringLiteral("lastDir")).toString(),
        tr("Video (*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.ts *.mts *.m2ts *.mxf *.3gp *.flv "
           "*.wmv);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDir"), QFileInfo(path).absolutePath());
    openClip(path);
}

void MainWindow::closeClip() {
    m_playback.reset();
    if (m_case)
        m_case->detach();
    m_session.reset();
    updateTitle();
    m_player->clearFrame(tr("Open a clip (Ctrl+O) or drop one here"));
    m_centre->setCurrentWidget(m_welcome);
    m_timeline->setFrameIndex(nullptr);
    for (const QString& name : m_timeline->trackNames())
        m_timeline->removeTrack(name);
    m_timelineScroller->updateGeometry();
    for (SignalPlot* plot : m_plots) {
        plot->clear();
        plot->setPlaceholder(tr("Run an analysis (Ctrl+R)")); // not the last clip's "abstained"
    }
    m_lipSync->clear();
    m_lipSync->setFrameIndex(nullptr);
    m_findings->clear();
    m_topFrames->clear();
    m_player->clearHeatmap();
    m_player->setOverlayBoxes({});
    m_player->setOverlayPoints({});
    m_framePanel->clear();
    m_evidencePanel->clear();
    m_bookmarksPanel->setModel(nullptr);
    m_progress->setVisible(false);
    m_cancel->setVisible(false);
    m_frameStatus->clear();
    if (m_exportReportAction)
        m_exportReportAction->setEnabled(false);
}

void MainWindow::openClip(const QString& path) {
    closeClip();
    const QString name = QFileInfo(path).fileName();
    setWindowTitle(tr("%1 - Frameproof").arg(name));
    m_player->clearFrame(tr("Reading %1...").arg(name));
    m_centre->setCurrentWidget(m_player);
    m_session = std::make_unique<ClipSession>(path, m_bookmarkDir);
    m_playback = std::make_unique<Playback>(m_session.get());
    connectSession();
    if (m_case)
        m_case->attach(m_session.get()); // the open case records the intake, bookmarks, analyses
    updateTitle();
    m_bookmarksPanel->setModel(m_session->bookmarks());
    m_progress->setVisible(true);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Indexing %p%"));
    m_cancel->setVisible(true);
    m_session->start();
}

void MainWindow::connectSession() {
    ClipSession* s = m_session.get();
    connect(s, &ClipSession::factsReady, this, [this](std::shared_ptr<const MediaFacts> facts) {
        m_evidencePanel->setFacts(std::move(facts));
    });
    connect(s, &ClipSession::indexProgress, this, [this](qint64 done, qint64 total) {
        m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
    });
    connect(s, &ClipSession::indexReady, this, [this](std::shared_ptr<const FrameIndex> index) {
        m_evidencePanel->setIndex(index);
        m_timeline->setFrameIndex(index);
        m_lipSync->setFrameIndex(index);
        if (!index)
            m_player->clearFrame(tr("This file has no video stream (audio only)."));
        m_progress->setFormat(tr("Hashing %p%"));
        m_progress->setValue(0);
    });
    connect(s, &ClipSession::hashProgress, this, [this](qint64 done, qint64 total) {
        m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
        m_evidencePanel->setHashProgress(done, total);
    });
    connect(s, &ClipSession::hashesReady, this, [this](const EvidenceHashes& hashes) {
        m_evidencePanel->setHashes(hashes);
        updateBookmarkMarks();
    });
    connect(s, &ClipSession::intakeFinished, this, [this](const QString& error) {
        m_progress->setVisible(false);
        m_cancel->setVisible(false);
        if (!error.isEmpty()) {
            const QString path = m_session ? m_session->path() : QString();
            const bool haveFrames = m_session && m_session->frames();
            if (!haveFrames) {
                closeClip();
                m_player->clearFrame(error);
            } else {
                m_evidencePanel->setHashError(error);
            }
            // A case file given as a clip (Open clip, the command line, a drop) is not "not a
            // video FFmpeg can read" to its examiner: say where cases are opened.
            const bool isCase = QFileInfo(path).suffix().compare(QStringLiteral("fpcase"),
                                                                 Qt::CaseInsensitive) == 0;
            showError(tr("Cannot open %1").arg(QFileInfo(path).fileName()),
                      isCase ? tr("This is a Frameproof case, not a clip: open it with File > "
                                  "Open case (Ctrl+Shift+O).")
                             : error);
            return;
        }
        addRecent(m_session->path());
    });
    connect(s, &ClipSession::analysisProgress, this, [this](qint64 done, qint64 total) {
        m_analysisProgress->setRange(0, int(std::max<qint64>(total, 1)));
        m_analysisProgress->setValue(int(done));
    });
    connect(s, &ClipSession::analysisFinished, this,
            [this](std::shared_ptr<const AnalysisOutput> output, const QString& error) {
                m_analysisProgress->setVisible(false);
                m_analysisCancel->setVisible(false);
                if (!output) {
                    statusBar()->showMessage(tr("Analysis stopped: %1").arg(error), 8000);
                    return;
                }
                showAnalysis();
                m_exportReportAction->setEnabled(true);
            });
    connect(s, &ClipSession::frameShown, this,
            [this](const VideoFramePtr& frame, const QImage& image) {
                m_player->setFrame(image, frame->index());
                setOverlaysForFrame(frame->index());
                if (m_session->index() && m_session->shownFrame() >= 0) {
                    m_framePanel->setFrame(*m_session->index(), *frame);
                    m_timeline->setPlayhead(frame->index());
                    for (SignalPlot* plot : m_plots)
                        plot->setPlayhead(frame->index());
                    m_lipSync->setPlayhead(frame->index());
                }
                updateStatus();
            });
    connect(s, &ClipSession::frameFailed, this, [this](qint64 frame, const QString& message) {
        statusBar()->showMessage(tr("Frame %1: %2").arg(frame).arg(message), 8000);
    });
    connect(s, &ClipSession::bookmarkError, this,
            [this](const QString& message) { statusBar()->showMessage(message, 8000); });
    BookmarkModel* model = s->bookmarks();
    connect(model, &QAbstractItemModel::modelReset, this, &MainWindow::updateBookmarkMarks);
    connect(model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateBookmarkMarks);
    connect(model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::updateBookmarkMarks);
    connect(m_playback.get(), &Playback::stateChanged, this, [this](bool playing, double speed) {
        m_playAction->setText(playing ? tr("Pause") : tr("Play"));
        statusBar()->showMessage(playing ? tr("Playing at %1x").arg(speed) : tr("Paused"), 2000);
    });
}

void MainWindow::showAnalysis() {
    auto output = m_session ? m_session->analysis() : nullptr;
    if (!output)
        return;
    for (const SignalResult& signal : output->result.signals) {
        if (signal.name == QLatin1String("lipsync"))
            continue; // its per-frame confidence is the "Lip-sync confidence" track below
        if (signal.abstained) {
            m_timeline->removeTrack(signal.title);
            continue;
        }
        const std::optional<TimelineTrack> track = signalTrack(signal);
        if (!track)
            continue;
        m_timeline->setTrack(*track);
    }
    // The timeline dock keeps its height (tracks beyond it scroll): growing it, or raising its
    // minimum, would push the window past a laptop screen's edge.
    static const char* const plotted[] = {"landmark_jitter", "head_pose", "blink"};
    QMap<QString, QString> titles;
    for (size_t i = 0; i < m_plots.size(); ++i) {
        SignalPlot* plot = m_plots[i];
        plot->clear();
        const SignalResult* signal = output->result.signal(QLatin1String(plotted[i]));
        if (!signal)
            continue;
        if (signal->abstained) {
            plot->setPlaceholder(tr("%1: abstained (%2)").arg(signal->title, signal->reason));
            continue;
        }
        plot->setSeries(signal->title, signal->unit, signal->perFrame,
                        palette::signalColour(signal->name, false));
        std::vector<std::pair<qint64, qint64>> ranges;
        for (const Finding& f : signal->findings)
            ranges.emplace_back(f.startFrame, f.endFrame);
        plot->setMarkers(ranges, palette::kFinding, QStringLiteral("findings"));
        if (signal->name == QLatin1String("blink")) {
            std::vector<std::pair<qint64, qint64>> blinks;
            for (const QJsonValue& b : signal->details.value(QStringLiteral("blinks")).toArray())
                blinks.emplace_back(b.toObject().value(QStringLiteral("start_frame")).toInteger(),
                                    b.toObject().value(QStringLiteral("end_frame")).toInteger());
            plot->setMarkers(blinks, palette::kBlinks, QStringLiteral("blinks"));
        }
        plot->setPlayhead(std::max<qint64>(m_session->shownFrame(), 0));
    }
    showLipSync(*output);
    m_frameAxes->syncRanges(); // new series show the whole clip; the timeline may be zoomed
    for (const SignalResult& signal : output->result.signals)
        titles.insert(signal.name, signal.title);
    m_findings->setFindings(output->result.findings(), titles);
    showTopHeatmapFrames(*output);
    updateDetectorMapChoice(*output);
    const auto findings = output->result.findings();
    statusBar()->showMessage(tr("Analysis done: %n face track(s), %1 finding(s)", nullptr,
                                int(output->faces.tracks.size()))
                                 .arg(findings.size()),
                             10000);
    setOverlaysForFrame(m_session->shownFrame());
}

void MainWindow::showLipSync(const AnalysisOutput& output) {
    const LipSyncResult& lipsync = output.lipsync;
    m_lipSync->setResult(lipsync);
    m_lipSync->setPlayhead(std::max<qint64>(m_session->shownFrame(), 0));
    const QString trackName = tr("Lip-sync confidence");
    TimelineTrack track;
    track.name = trackName;
    track.values.reserve(lipsync.frameConfidence.size());
    bool any = false;
    for (double v : lipsync.frameConfidence) {
        track.values.push_back(float(v));
        any = any || std::isfinite(v);
    }
    if (lipsync.abstained || !any) {
        m_timeline->removeTrack(trackName);
        return;
    }
    // The panel's scale: from no confidence (dark) to LipSyncPanel::kFullConfidence (green).
    track.low = 0.0f;
    track.high = float(LipSyncPanel::kFullConfidence);
    track.lowColor = palette::signalTrackRamp(false).low;
    track.highColor = palette::kSyncConfident;
    m_timeline->setTrack(track);
}

void MainWindow::setOverlaysForFrame(qint64 frame) {
    auto output = m_session ? m_session->analysis() : nullptr;
    QVector<OverlayBox> boxes;
    QVector<OverlayPointSet> points;
    if (output && frame >= 0) {
        for (const FaceTrack& track : output->faces.tracks) {
            auto it =
                std::lower_bound(track.observations.begin(), track.observations.end(), frame,
                                 [](const FaceObservation& o, qint64 f) { return o.frame < f; });
            if (it == track.observations.end() || it->frame != frame)
                continue;
            boxes << OverlayBox{it->box, tr("Face %1").arg(track.id), palette::kFaceBox};
            if (m_landmarksAction->isChecked()) {
                OverlayPointSet set;
                for (const cv::Point2f& p : it->points)
                    set.points << QPointF(p.x, p.y);
                points << set;
            }
        }
    }
    m_player->setOverlayBoxes(boxes);
    m_player->setOverlayPoints(points);

    // The chosen face map over each mapped face's region, blended as the report's stills are
    // (HeatColours.h); the rest of the frame stays as it is.
    QVector<OverlayFaceMap> faceMaps;
    if (output && frame >= 0) {
        const auto kind = size_t(m_mapBox->currentData().toInt());
        for (const FaceMapFrame& e : output->maps.at(frame))
            faceMaps << OverlayFaceMap{e.region, e.grids[kind]};
    }
    if (faceMaps.isEmpty())
        m_player->clearHeatmap();
    else
        m_player->setHeatmap(faceMaps, tr("%1 face map").arg(m_mapBox->currentText()));
}

// Without a learned detector there is no Grad-CAM map: choosing it would show a bare face and a
// legend over nothing. The choice stays visible (so people learn it exists) but disabled, and
// says why.
void MainWindow::updateDetectorMapChoice(const AnalysisOutput& output) {
    const bool ran = std::any_of(
        output.result.signals.begin(), output.result.signals.end(), [](const SignalResult& s) {
            return s.name.startsWith(QLatin1String("detector.")) && !s.abstained;
        });
    auto* model = qobject_cast<QStandardItemModel*>(m_mapBox->model());
    const int row = m_mapBox->findData(int(FaceMapKind::Detector));
    if (!model || row < 0)
        return;
    QStandardItem* item = model->item(row);
    item->setEnabled(ran);
    item->setToolTip(ran ? QString()
                         : tr("No learned detector ran on this clip: install a TorchScript "
                              "model with its model card (README, \"Where models go\")"));
    if (!ran && m_mapBox->currentIndex() == row) {
        m_mapBox->setCurrentIndex(m_mapBox->findData(int(FaceMapKind::Fused)));
        if (m_session)
            setOverlaysForFrame(m_session->shownFrame());
    }
}

void MainWindow::showTopHeatmapFrames(const AnalysisOutput& output) {
    m_topFrames->clear();
    const SignalResult* heat = output.result.signal(QStringLiteral("heatmap"));
    if (!heat || heat->abstained)
        return;
    const Rational rate =
        m_session && m_session->index() ? m_session->index()->nominalFrameRate : Rational{};
    for (int64_t f : topHeatmapFrames(heat->perFrame, 10)) {
        auto* item = new QListWidgetItem(tr("Frame %1  %2  score %3")
                                             .arg(f)
                                             .arg(formatTimecode(f, rate))
                                             .arg(heat->perFrame[size_t(f)], 0, 'f', 2),
                                         m_topFrames);
        item->setData(Qt::UserRole, qint64(f));
    }
}

void MainWindow::exportReport() {
    auto output = m_session ? m_session->analysis() : nullptr;
    if (!output || !m_session->facts() || !m_session->index() || !m_session->hashes()) {
        statusBar()->showMessage(tr("The report needs a finished intake and analysis"), 6000);
        return;
    }
    CaseStore* store = m_case && m_case->isOpen() ? m_case->store() : nullptr;
    if (store)
        m_case->flush(); // the report's audit log lists the analysis still being written
    ReportSources sources;
    sources.analysis = output.get();
    sources.facts = m_session->facts().get();
    sources.index = m_session->index().get();
    sources.intakeHashes = *m_session->hashes();
    sources.options = AnalysisOptions(); // what ClipSession::analyse() runs with
    sources.caseStore = store;
    sources.caseEvidenceId = store ? m_case->evidenceId() : 0;
    const auto& marks = m_session->bookmarks()->bookmarks();
    sources.bookmarks.assign(marks.begin(), marks.end());
    auto assembled = assembleReportInput(sources);
    if (!assembled) {
        QMessageBox::warning(
            this, tr("Export report"),
            tr("The case could not be read for the report: %1").arg(assembled.error().message));
        return;
    }
    ReportDialogInput input{m_session->path(), output, m_session->index(), m_session->facts(),
                            std::move(assembled).value()};
    auto* dialog = new ReportDialog(std::move(input), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The case already knows who works on it (a report saying "Examiner: not given" under an
    // audit log signed by that examiner would contradict itself) and keeps the examiner's
    // conclusion: the dialog starts from them, and an export stores what the examiner chose.
    if (store) {
        ReportOptions named = dialog->options();
        if (named.examiner.isEmpty())
            named.examiner = store->examiner();
        if (auto stored = store->conclusion(); stored && stored->has_value()) {
            named.conclusion = (*stored)->scale;
            named.conclusionText = (*stored)->text;
        }
        dialog->setOptions(named);
    }
    connect(dialog, &ReportDialog::exported, this,
            [this, dialog](const QString& pdf, const QString& json, const QString& id) {
                if (m_case && m_case->isOpen()) {
                    const ReportOptions chosen = dialog->options();
                    if (chosen.conclusion != ConclusionScale::NotGiven) {
                        if (auto stored = m_case->store()->setConclusion(chosen.conclusion,
                                                                         chosen.conclusionText);
                            !stored)
                            QMessageBox::warning(this, tr("Case"),
                                                 tr("The conclusion was not stored in the "
                                                    "case: %1")
                                                     .arg(stored.error().message));
                    }
                    m_case->recordReportExported(pdf, json, id);
                }
                statusBar()->showMessage(tr("Report %1 written to %2").arg(id, pdf), 10000);
            });
    dialog->open();
}

void MainWindow::updateBookmarkMarks() {
    QVector<TimelineMark> marks;
    if (m_session) {
        for (const Bookmark& b : m_session->bookmarks()->bookmarks())
            marks << TimelineMark{
                b.firstFrame, b.lastFrame, palette::bookmarkColour(b.status),
                QStringLiteral("%1: %2").arg(bookmarkStatusName(b.status), b.note)};
    }
    m_timeline->setBookmarks(marks);
}

void MainWindow::updateStatus() {
    if (!m_session || !m_session->index() || m_session->shownFrame() < 0)
        return;
    const FrameIndex& index = *m_session->index();
    const qint64 f = m_session->shownFrame();
    const FrameIndexEntry& e = index.at(f);
    // "Frame 4 of 448", as the frame panel says it: "4 / 447" (the last index) beside "4 of
    // 448" (the count) read as two different clips.
    m_frameStatus->setText(tr("Frame %1 of %2   %3   TC %4   %5%6")
                               .arg(f)
                               .arg(index.size())
                               .arg(formatSeconds(index.secondsAt(f)))
                               .arg(formatTimecode(f, index.nominalFrameRate))
                               .arg(QString(QLatin1Char(e.pictureType)))
                               .arg(e.key ? tr(" key") : QString()));
}

bool MainWindow::goToText(const QString& text) {
    if (!m_session || !m_session->index())
        return false;
    const int64_t frame = parsePosition(text, *m_session->index());
    if (frame < 0)
        return false;
    m_session->goTo(frame);
    return true;
}

void MainWindow::promptGoTo() {
    if (!m_session || !m_session->index())
        return;
    bool ok = false;
    const QString text = QInputDialog::getText(
        this, tr("Go to"), tr("Frame number, timecode (HH:MM:SS:FF) or seconds (12.5):"),
        QLineEdit::Normal, QString::number(std::max<qint64>(m_session->shownFrame(), 0)), &ok);
    if (ok && !goToText(text))
        statusBar()->showMessage(tr("'%1' is not a frame number, timecode or time").arg(text),
                                 6000);
}

void MainWindow::showError(const QString& title, const QString& message) {
    if (m_errorBox)
        m_errorBox->close();
    m_errorBox = new QMessageBox(QMessageBox::Warning, title, message, QMessageBox::Ok, this);
    m_errorBox->setAttribute(Qt::WA_DeleteOnClose);
    m_errorBox->open(); // window-modal, never blocks the event loop
}

void MainWindow::updateRecentMenu() {
    m_recentMenu->clear();
    const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
    for (const QString& path : recent) {
        QAction* a = m_recentMenu->addAction(QFileInfo(path).fileName(), this,
                                             [this, path] { openClip(path); });
        a->setToolTip(path);
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
    if (m_welcome)
        m_welcome->setRecentFiles(recent);
}

void MainWindow::addRecent(const QString& path) {
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentFiles")).toStringList();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentFiles"), recent);
    updateRecentMenu();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event) {
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        openClip(urls.first().toLocalFile());
}

} // namespace fp::app
