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

constexpr int kMaxRecent = 10;

} // namespace

MainWindow::~MainWindow() {
    m_playback.reset();
    m_session.reset();
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
