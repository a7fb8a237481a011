// MainWindow, its layout: the centre (player and welcome page), the docks in their first
// arrangement, the status bar, and the window's first size.

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

} // namespace fp::app
