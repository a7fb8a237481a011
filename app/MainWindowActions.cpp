// MainWindow, its commands: the menus in menu-bar order, the tool bar and the shortcut list.

#include "app/MainWindow.h"

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
#include "widgets/Palette.h"
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

} // namespace

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

} // namespace fp::app
