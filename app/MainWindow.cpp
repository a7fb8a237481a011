#include "app/MainWindow.h"

#include "core/util/TimeFormat.h"
#include "widgets/FrameView.h"

#include <QAction>
#include <QApplication>
#include <QDragEnterEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QProgressBar>
#include <QStatusBar>
#include <QToolButton>

namespace fp::app {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Frameproof"));
    setAcceptDrops(true);
    m_view = new FrameView(this);
    m_view->setPlaceholder(tr("Open a clip (Ctrl+O) or drop one here"));
    setCentralWidget(m_view);

    m_frameFacts = new QLabel(this);
    m_frameFacts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_evidenceFacts = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(200);
    m_progress->setVisible(false);
    m_cancel = new QToolButton(this);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop indexing and hashing (Esc)"));
    m_cancel->setVisible(false);
    connect(m_cancel, &QToolButton::clicked, this, [this] {
        if (m_intake)
            m_intake->cancel();
    });
    statusBar()->addWidget(m_frameFacts, 1);
    statusBar()->addPermanentWidget(m_evidenceFacts);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_cancel);
    createActions();
    resize(1100, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open clip..."), this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open clip"), QString(),
            tr("Video (*.mp4 *.mov *.m4v *.mkv *.webm *.avi *.ts *.mts *.mxf *.3gp);;All files (*)"));
        if (!path.isEmpty())
            openClip(path);
    });
    open->setShortcut(QKeySequence::Open);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    auto addStep = [&](const QString& text, QList<QKeySequence> keys, auto slot) {
        QAction* action = go->addAction(text, this, slot);
        action->setShortcuts(keys);
        action->setToolTip(QStringLiteral("%1 (%2)").arg(text, keys.first().toString(QKeySequence::NativeText)));
        addAction(action);
    };
    addStep(tr("Next frame"), {Qt::Key_Right, Qt::Key_Period}, [this] { step(1); });
    addStep(tr("Previous frame"), {Qt::Key_Left, Qt::Key_Comma}, [this] { step(-1); });
    addStep(tr("Forward 10 frames"), {QKeySequence(Qt::SHIFT | Qt::Key_Right)}, [this] { step(10); });
    addStep(tr("Back 10 frames"), {QKeySequence(Qt::SHIFT | Qt::Key_Left)}, [this] { step(-10); });
    addStep(tr("First frame"), {Qt::Key_Home}, [this] { goToFrame(0); });
    addStep(tr("Last frame"), {Qt::Key_End}, [this] {
        if (m_index)
            goToFrame(m_index->size() - 1);
    });
    addStep(tr("Go to frame..."), {QKeySequence(Qt::CTRL | Qt::Key_G)}, [this] {
        if (!m_index)
            return;
        bool ok = false;
        const int target = QInputDialog::getInt(this, tr("Go to frame"), tr("Frame number:"),
                                                int(std::max<int64_t>(m_shown, 0)), 0,
                                                int(m_index->size() - 1), 1, &ok);
        if (ok)
            goToFrame(target);
    });
}

void MainWindow::closeClip()
{
    m_frames.reset();
    m_intake.reset();
    m_index.reset();
    m_requested = m_shown = -1;
    m_view->setImage(QImage());
    m_frameFacts->clear();
    m_evidenceFacts->clear();
}

void MainWindow::openClip(const QString& path)
{
    closeClip();
    m_path = path;
    setWindowTitle(tr("%1 - Frameproof").arg(QFileInfo(path).fileName()));
    m_view->setPlaceholder(tr("Reading %1...").arg(QFileInfo(path).fileName()));
    m_intake = std::make_unique<IntakeJob>(path);
    m_progress->setVisible(true);
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_progress->setFormat(tr("Indexing %p%"));
    m_cancel->setVisible(true);
    connect(m_intake.get(), &IntakeJob::indexProgress, this, [this](qint64 done, qint64 total) {
        m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
    });
    connect(m_intake.get(), &IntakeJob::firstFrameReady, this, [this](const VideoFramePtr& frame) {
        if (m_shown < 0)
            m_view->setImage(frame->toImage());
    });
    connect(m_intake.get(), &IntakeJob::indexReady, this, &MainWindow::onIndexReady);
    connect(m_intake.get(), &IntakeJob::hashProgress, this, [this](qint64 done, qint64 total) {
        m_progress->setFormat(tr("Hashing %p%"));
        m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
    });
    connect(m_intake.get(), &IntakeJob::hashesReady, this, [this](const EvidenceHashes& h) {
        m_evidenceFacts->setText(tr("SHA-256 %1").arg(h.sha256.left(16) + QStringLiteral("...")));
        m_evidenceFacts->setToolTip(tr("SHA-256 %1\nMD5 %2").arg(h.sha256, h.md5));
    });
    connect(m_intake.get(), &IntakeJob::finished, this, [this](const QString& error) {
        m_progress->setVisible(false);
        m_cancel->setVisible(false);
        if (!error.isEmpty()) {
            m_view->setPlaceholder(error);
            QMessageBox::warning(this, tr("Cannot open clip"), error);
        }
    });
    m_intake->start();
}

void MainWindow::onIndexReady(std::shared_ptr<const FrameIndex> index)
{
    if (!index) {
        m_view->setPlaceholder(tr("This file has no video stream (audio only)."));
        return;
    }
    auto server = FrameServer::open(m_path, index);
    if (!server) {
        m_view->setPlaceholder(server.error().message);
        return;
    }
    m_index = std::move(index);
    m_frames = std::move(server).value();
    connect(m_frames.get(), &FrameServer::frameReady, this, &MainWindow::onFrameReady,
            Qt::QueuedConnection);
    connect(m_frames.get(), &FrameServer::frameFailed, this, [this](qint64 i, const QString& why) {
        statusBar()->showMessage(tr("Frame %1: %2").arg(i).arg(why), 5000);
    }, Qt::QueuedConnection);
    goToFrame(0);
}

void MainWindow::goToFrame(int64_t index)
{
    if (!m_frames)
        return;
    index = std::clamp<int64_t>(index, 0, m_index->size() - 1);
    m_requested = index;
    m_frames->request(index);
}

void MainWindow::step(int64_t delta)
{
    const int64_t from = m_requested >= 0 ? m_requested : m_shown;
    goToFrame(std::max<int64_t>(from, 0) + delta);
}

void MainWindow::onFrameReady(const VideoFramePtr& frame)
{
    // Only the latest request is shown; late answers to superseded requests are dropped.
    if (!frame || frame->index() != m_requested)
        return;
    m_shown = frame->index();
    m_view->setImage(frame->toImage());
    showFrameFacts(frame);
}

void MainWindow::showFrameFacts(const VideoFramePtr& frame)
{
    const FrameIndexEntry& e = m_index->at(frame->index());
    const double seconds = m_index->secondsAt(frame->index());
    m_frameFacts->setText(
        tr("Frame %1 / %2   pts %3   %4   TC %5   %6%7   %8 bytes%9")
            .arg(frame->index())
            .arg(m_index->size() - 1)
            .arg(e.pts)
            .arg(formatSeconds(seconds))
            .arg(formatTimecode(frame->index(), m_index->nominalFrameRate))
            .arg(QString(QLatin1Char(e.pictureType)))
            .arg(e.key ? tr(" key") : QString())
            .arg(e.packetSize)
            .arg(frame->damaged() ? tr("   DAMAGED (decoder concealed errors)") : QString()));
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.first().isLocalFile())
        openClip(urls.first().toLocalFile());
}

} // namespace fp::app
