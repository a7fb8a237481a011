// MainWindow's case actions (File > New case, Open case, Save case as, Close case) and the
// window title, kept apart from MainWindow.cpp: the logic is in CaseSession, this only wires it.

#include "app/MainWindow.h"

#include "core/session/CaseRecorder.h"
#include "core/session/CaseSession.h"
#include "core/session/ClipSession.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QSettings>
#include <QStatusBar>

namespace fp::app {

namespace {

QString withCaseSuffix(QString path) {
    if (!path.endsWith(QStringLiteral(".fpcase"), Qt::CaseInsensitive))
        path += QStringLiteral(".fpcase");
    return path;
}

} // namespace

void MainWindow::createCaseActions(QMenu* file) {
    m_case = std::make_unique<CaseSession>();
    connect(m_case.get(), &CaseSession::problem, this,
            [this](const QString& message) { showError(tr("Case file"), message); });
    connect(
        m_case.get(), &CaseSession::analysisRestored, this,
        [this](qint64 id, bool overlays, const QString& problem) {
            if (overlays) {
                statusBar()->showMessage(
                    tr("Analysis %1 restored from the case, with its face tracks, heatmaps "
                       "and lip-sync curves")
                        .arg(id),
                    10000);
            } else {
                // A case from before they were stored, or a damaged or altered blob.
                statusBar()->showMessage(tr("Analysis %1 restored from the case (face "
                                            "overlays and heatmaps need the analysis to be "
                                            "run again)")
                                             .arg(id),
                                         10000);
            }
            if (!problem.isEmpty())
                showError(
                    tr("Case file"),
                    tr("Analysis %1 was restored from the case, but: %2.").arg(id).arg(problem));
        });
    addCommand(file, tr("&New case..."), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N)},
               [this] { promptCase(0); });
    addCommand(file, tr("Open c&ase..."), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O)},
               [this] { promptCase(1); });
    QAction* saveAs =
        addCommand(file, tr("Save case &as..."), {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S)},
                   [this] { promptCase(2); });
    saveAs->setToolTip(tr("The case is saved as you work; this makes a copy and continues in it"));
    addCommand(file, tr("Close case"), {}, [this] { closeCase(); });
}

void MainWindow::promptCase(int kind) {
    QSettings settings;
    const QString dir = settings.value(QStringLiteral("case/lastDir")).toString();
    const QString filter = tr("Frameproof case (*.fpcase)");
    QString path;
    if (kind == 1) {
        path = QFileDialog::getOpenFileName(this, tr("Open case"), dir, filter);
    } else {
        if (kind == 2 && !m_case->isOpen()) {
            statusBar()->showMessage(tr("No case is open"), 5000);
            return;
        }
        // The store refuses to overwrite: a case is never replaced by accident.
        path =
            QFileDialog::getSaveFileName(this, kind == 0 ? tr("New case") : tr("Save case as"), dir,
                                         filter, nullptr, QFileDialog::DontConfirmOverwrite);
        if (!path.isEmpty())
            path = withCaseSuffix(path);
    }
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("case/lastDir"), QFileInfo(path).absolutePath());
    if (kind == 2) {
        saveCaseAs(path);
        return;
    }
    bool ok = false;
    const QString examiner = QInputDialog::getText(
        this, tr("Examiner"), tr("Who is working on this case (recorded in the audit log)?"),
        QLineEdit::Normal,
        examinerOrDefault(settings.value(QStringLiteral("case/examiner")).toString()), &ok);
    if (!ok || examiner.trimmed().isEmpty())
        return;
    settings.setValue(QStringLiteral("case/examiner"), examiner.trimmed());
    if (kind == 0)
        newCase(path, examiner.trimmed());
    else
        openCase(path, examiner.trimmed());
}

bool MainWindow::newCase(const QString& path, const QString& examiner) {
    // The open clip (if any) becomes the case's first evidence.
    auto created = m_case->create(path, examiner);
    updateTitle();
    if (!created) {
        showError(tr("Cannot create the case"), created.error().message);
        return false;
    }
    if (m_session)
        m_case->attach(m_session.get());
    return true;
}

bool MainWindow::openCase(const QString& path, const QString& examiner) {
    closeClip();
    auto opened = m_case->open(path, examiner);
    updateTitle();
    if (!opened) {
        showError(tr("Cannot open the case"), opened.error().message);
        return false;
    }
    if (const int interrupted = m_case->store()->interruptedOnOpen())
        statusBar()->showMessage(tr("%n analysis(es) in this case never finished (the program "
                                    "stopped); they are marked incomplete",
                                    nullptr, interrupted),
                                 10000);
    const QString clip = m_case->clipToRestore();
    if (!clip.isEmpty())
        openClip(clip); // attaches: bookmarks and the last complete analysis come back
    return true;
}

bool MainWindow::saveCaseAs(const QString& path) {
    auto saved = m_case->saveAs(path);
    updateTitle();
    if (!saved) {
        showError(tr("Cannot save the case"), saved.error().message);
        return false;
    }
    statusBar()->showMessage(tr("Case saved as %1; work continues in it").arg(path), 8000);
    return true;
}

void MainWindow::closeCase() {
    m_case->close();
    updateTitle();
}

void MainWindow::updateTitle() {
    QStringList parts;
    if (m_session)
        parts << QFileInfo(m_session->path()).fileName();
    if (m_case && m_case->isOpen())
        parts << tr("case %1").arg(m_case->displayName());
    parts << tr("Frameproof");
    setWindowTitle(parts.join(QStringLiteral(" - ")));
}

} // namespace fp::app
