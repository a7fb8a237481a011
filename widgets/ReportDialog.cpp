#include "widgets/ReportDialog.h"

#include "core/report/ExportHashJob.h"
#include "core/session/ReportAssembly.h"
#include "widgets/Palette.h"
#include "widgets/ReportRenderer.h"

#include <QApplication>
#include <QBuffer>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPdfDocument>
#include <QPdfPageNavigator>
#include <QPdfView>
#include <QPlainTextEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QScopeGuard>
#include <QScreen>
#include <QSettings>
#include <QSplitter>
#include <QThreadPool>
#include <QTimer>
#include <QVBoxLayout>

namespace fp {

namespace {

// The status line when nothing was written or the evidence changed.
QString alarmStyle() {
    return QStringLiteral("color: %1; font-weight: bold;").arg(palette::kAlarm.name());
}

} // namespace

ReportDialog::ReportDialog(ReportDialogInput input, QWidget* parent)
    : QDialog(parent)
    , m_input(std::move(input)) {
    m_input.report.analysis = m_input.analysis.get();
    m_input.report.facts = m_input.facts.get();
    m_input.report.index = m_input.index.get();
    setWindowTitle(tr("Export report"));
    // 1250x860 suits a desktop; on a 1366x768 laptop that pushed the Export button below the
    // screen's edge. The dialog takes what the screen offers, the form's bookmark list shrinks.
    QSize size(1250, 860);
    if (const QScreen* s = parent ? parent->screen() : screen())
        size = size.boundedTo(s->availableGeometry().size() - QSize(40, 60));
    resize(size);

    m_form = createForm();
    createPreview();
    auto* splitter = new QSplitter(this);
    splitter->addWidget(m_form);
    splitter->addWidget(m_view);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({420, 830});
    QDialogButtonBox* buttons = createStatusAndButtons();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(m_progress);
    bottom->addWidget(m_cancelExport);
    bottom->addWidget(buttons);
    layout->addLayout(bottom);

    schedulePreviewOnEdits();
    startPreviewHash();
}

// The examiner's side, left of the preview: who, the conclusion, notes, sections, bookmarks.
QWidget* ReportDialog::createForm() {
    auto* form = new QWidget(this);
    auto* formLayout = new QVBoxLayout(form);
    formLayout->addWidget(createCaseBox(form));
    formLayout->addWidget(createConclusionBox(form));
    formLayout->addWidget(createNotesBox(form));
    formLayout->addWidget(createSectionsBox(form));
    formLayout->addWidget(createBookmarksBox(form), 1);
    return form;
}

QGroupBox* ReportDialog::createCaseBox(QWidget* form) {
    auto* who = new QGroupBox(tr("Case"), form);
    auto* whoLayout = new QFormLayout(who);
    QSettings settings;
    m_examiner = new QLineEdit(settings.value(QStringLiteral("report/examiner")).toString(), who);
    m_lab = new QLineEdit(settings.value(QStringLiteral("report/lab")).toString(), who);
    m_caseNumber = new QLineEdit(who);
    whoLayout->addRow(tr("&Examiner"), m_examiner);
    whoLayout->addRow(tr("&Laboratory"), m_lab);
    whoLayout->addRow(tr("Case &number"), m_caseNumber);
    return who;
}

QGroupBox* ReportDialog::createConclusionBox(QWidget* form) {
    auto* conclusion =
        new QGroupBox(tr("Examiner's conclusion (kept apart from the findings)"), form);
    auto* conclusionLayout = new QVBoxLayout(conclusion);
    m_scale = new QComboBox(conclusion);
    for (ConclusionScale s : conclusionScales())
        m_scale->addItem(conclusionScaleText(s), int(s));
    m_scale->setToolTip(
        tr("Support the findings give to \"manipulated\" against \"not manipulated\""));
    m_conclusion = new QPlainTextEdit(conclusion);
    m_conclusion->setPlaceholderText(tr("Reasoning, in words a court can follow"));
    m_conclusion->setMaximumHeight(110);
    conclusionLayout->addWidget(m_scale);
    conclusionLayout->addWidget(m_conclusion);
    return conclusion;
}

QGroupBox* ReportDialog::createNotesBox(QWidget* form) {
    auto* notesBox = new QGroupBox(tr("Notes"), form);
    auto* notesLayout = new QVBoxLayout(notesBox);
    m_notes = new QPlainTextEdit(notesBox);
    m_notes->setPlaceholderText(tr("One note per paragraph"));
    m_notes->setMaximumHeight(80);
    notesLayout->addWidget(m_notes);
    return notesBox;
}

// A check box per section, in ReportSections' order (options() reads them in that order).
QGroupBox* ReportDialog::createSectionsBox(QWidget* form) {
    auto* sections = new QGroupBox(tr("Sections"), form);
    auto* sectionsLayout = new QGridLayout(sections);
    const QStringList names{tr("Custody and audit summary"),
                            tr("Tools and versions"),
                            tr("Methods"),
                            tr("Findings table"),
                            tr("Figures"),
                            tr("Bookmarks and notes"),
                            tr("Conclusion"),
                            tr("Audit log appendix")};
    for (int i = 0; i < names.size(); ++i) {
        auto* box = new QCheckBox(names[i], sections);
        box->setChecked(true);
        sectionsLayout->addWidget(box, i / 2, i % 2);
        m_sections.push_back(box);
        connect(box, &QCheckBox::toggled, this, &ReportDialog::schedulePreview);
    }
    return sections;
}

// The clip's bookmarks, each checked (chosenBookmarks() reads them by row).
QGroupBox* ReportDialog::createBookmarksBox(QWidget* form) {
    auto* marks = new QGroupBox(tr("Bookmarks in the report"), form);
    auto* marksLayout = new QVBoxLayout(marks);
    m_bookmarks = new QListWidget(marks);
    for (const Bookmark& b : m_input.report.bookmarks) {
        auto* item = new QListWidgetItem(
            tr("%1  %2  %3")
                .arg(b.firstFrame == b.lastFrame
                         ? QString::number(b.firstFrame)
                         : QStringLiteral("%1-%2").arg(b.firstFrame).arg(b.lastFrame),
                     bookmarkStatusName(b.status), b.note),
            m_bookmarks);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
    }
    if (m_input.report.bookmarks.empty())
        m_bookmarks->addItem(tr("(no bookmarks)"));
    connect(m_bookmarks, &QListWidget::itemChanged, this, &ReportDialog::schedulePreview);
    marksLayout->addWidget(m_bookmarks);
    return marks;
}

void ReportDialog::createPreview() {
    m_document = new QPdfDocument(this);
    m_view = new QPdfView(this);
    m_view->setDocument(m_document);
    m_view->setPageMode(QPdfView::PageMode::MultiPage);
    m_view->setZoomMode(QPdfView::ZoomMode::FitToWidth);
    m_pdfBuffer = new QBuffer(this);
}

// The status line, the export's progress and Cancel, and the dialog's buttons.
QDialogButtonBox* ReportDialog::createStatusAndButtons() {
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse); // errors can be copied
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 1000);
    m_progress->setFormat(QStringLiteral("%p %"));
    m_progress->setMaximumWidth(220);
    m_progress->hide();
    m_cancelExport = new QPushButton(tr("&Cancel export"), this);
    m_cancelExport->hide();
    connect(m_cancelExport, &QPushButton::clicked, this, &ReportDialog::cancelExport);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    // Alt+X: Alt+E is the Examiner field's mnemonic (two owners made Alt+E only cycle focus).
    m_export = buttons->addButton(tr("E&xport PDF and JSON..."), QDialogButtonBox::AcceptRole);
    m_refresh = buttons->addButton(tr("&Refresh preview"), QDialogButtonBox::ActionRole);
    connect(m_refresh, &QPushButton::clicked, this, &ReportDialog::refreshPreview);
    connect(m_export, &QPushButton::clicked, this, &ReportDialog::promptExport);
    connect(buttons, &QDialogButtonBox::rejected, this, &ReportDialog::reject);
    return buttons;
}

// Every edit of the form re-renders the preview, debounced.
void ReportDialog::schedulePreviewOnEdits() {
    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(600);
    connect(m_previewTimer, &QTimer::timeout, this, &ReportDialog::refreshPreview);
    for (QLineEdit* e : {m_examiner, m_lab, m_caseNumber})
        connect(e, &QLineEdit::textChanged, this, &ReportDialog::schedulePreview);
    connect(m_scale, &QComboBox::currentIndexChanged, this, &ReportDialog::schedulePreview);
    connect(m_conclusion, &QPlainTextEdit::textChanged, this, &ReportDialog::schedulePreview);
    connect(m_notes, &QPlainTextEdit::textChanged, this, &ReportDialog::schedulePreview);
}

ReportDialog::~ReportDialog() {
    m_previewCancel->store(true);
    m_view->setDocument(nullptr);
    m_document->close();
}

void ReportDialog::startPreviewHash() {
    // Hash again and decode the heatmap stills off the GUI thread; the preview follows.
    m_hashing = true;
    m_export->setEnabled(false);
    m_status->setText(tr("Hashing the evidence again and preparing figures..."));
    m_progress->setValue(0);
    m_progress->show();
    QPointer<ReportDialog> guard(this);
    const QString path = m_input.clipPath;
    auto analysis = m_input.analysis;
    auto index = m_input.index;
    auto cancel = m_previewCancel;
    const int stills = ReportOptions{}.heatmapStills;
    // On Qt's global pool, which the application waits for as it ends. A detached std::thread
    // still decoding stills at exit (dialog closed early, program quit) crashed the process
    // inside QImage's own thread pool, already torn down. Closing the dialog stops the hashing
    // at its next block (`cancel`), so a multi-GB file does not keep the pool busy.
    QThreadPool::globalInstance()->start([guard, path, analysis, index, stills, cancel] {
        HashOptions options;
        options.cancel = cancel.get();
        options.progress = [guard](int64_t done, int64_t total) {
            QMetaObject::invokeMethod(qApp, [guard, done, total] {
                if (guard && guard->m_hashing)
                    guard->showProgress(done, total);
            });
        };
        auto hashes = hashEvidenceFile(path, options);
        if (cancel->load())
            return;
        auto images = analysis && index
                          ? renderHeatmapStills(path, index, *analysis, stills)
                          : Result<std::vector<HeatmapStill>>(std::vector<HeatmapStill>{});
        QMetaObject::invokeMethod(qApp, [guard, hashes, images] {
            if (!guard)
                return;
            guard->m_hashing = false;
            guard->m_progress->hide();
            guard->m_export->setEnabled(true);
            if (hashes)
                guard->m_previewHashes = *hashes;
            else
                guard->m_previewHashError = hashes.error().message;
            if (images)
                guard->m_stills = images.value();
            else
                guard->m_stillsError = images.error().message;
            guard->refreshPreview();
        });
    });
}

void ReportDialog::showProgress(qint64 done, qint64 total) {
    m_progress->setValue(total > 0 ? int(1000 * done / total) : 0);
}

ReportOptions ReportDialog::options() const {
    ReportOptions o;
    o.examiner = m_examiner->text().trimmed();
    o.lab = m_lab->text().trimmed();
    o.caseNumber = m_caseNumber->text().trimmed();
    o.conclusion = ConclusionScale(m_scale->currentData().toInt());
    o.conclusionText = m_conclusion->toPlainText().trimmed();
    ReportSections& s = o.sections;
    bool* flags[] = {&s.custody, &s.tools,     &s.methods,    &s.findings,
                     &s.figures, &s.bookmarks, &s.conclusion, &s.auditAppendix};
    for (size_t i = 0; i < m_sections.size(); ++i)
        *flags[i] = m_sections[i]->isChecked();
    return o;
}

void ReportDialog::setOptions(const ReportOptions& o) {
    m_examiner->setText(o.examiner);
    m_lab->setText(o.lab);
    m_caseNumber->setText(o.caseNumber);
    m_scale->setCurrentIndex(m_scale->findData(int(o.conclusion)));
    m_conclusion->setPlainText(o.conclusionText);
    const ReportSections& s = o.sections;
    const bool flags[] = {s.custody, s.tools,     s.methods,    s.findings,
                          s.figures, s.bookmarks, s.conclusion, s.auditAppendix};
    for (size_t i = 0; i < m_sections.size(); ++i)
        m_sections[i]->setChecked(flags[i]);
    schedulePreview();
}

std::vector<Bookmark> ReportDialog::chosenBookmarks() const {
    std::vector<Bookmark> chosen;
    for (size_t i = 0; i < m_input.report.bookmarks.size() && int(i) < m_bookmarks->count(); ++i) {
        if (m_bookmarks->item(int(i))->checkState() == Qt::Checked)
            chosen.push_back(m_input.report.bookmarks[i]);
    }
    return chosen;
}

ReportContent ReportDialog::content(const std::optional<EvidenceHashes>& exportHashes,
                                    const QString& exportError) const {
    ReportInput in = m_input.report;
    in.exportHashes = exportHashes;
    in.exportHashError = exportError;
    in.bookmarks = chosenBookmarks();
    for (const QString& n :
         m_notes->toPlainText().split(QStringLiteral("\n\n"), Qt::SkipEmptyParts))
        in.notes << n.trimmed();
    completeReportInput(in, options(), QDateTime::currentDateTimeUtc());
    return buildReportContent(in);
}

void ReportDialog::schedulePreview() {
    m_previewTimer->start();
}

void ReportDialog::refreshPreview() {
    if (m_hashing || isExporting() || !m_input.analysis || !m_input.facts || !m_input.index)
        return;
    const ReportContent c = content(m_previewHashes, m_previewHashError);
    ReportFigureData figures{m_input.analysis.get(), m_input.index, m_stills};
    auto pdf = ReportRenderer(c, figures).pdfBytes();
    if (!pdf) {
        m_status->setText(tr("Preview failed: %1").arg(pdf.error().message));
        return;
    }
    const int page = m_view->pageNavigator() ? m_view->pageNavigator()->currentPage() : 0;
    m_document->close();
    m_pdfBuffer->close();
    m_pdfBuffer->setData(*pdf);
    m_pdfBuffer->open(QIODevice::ReadOnly);
    m_document->load(m_pdfBuffer);
    if (m_view->pageNavigator() && page < m_document->pageCount())
        m_view->pageNavigator()->jump(page, {});
    m_status->setText(tr("Report %1, %n page(s). %2", nullptr, m_document->pageCount())
                          .arg(c.reportId, c.hashesMatch
                                               ? tr("Evidence hashes match the intake.")
                                               : tr("WARNING: the evidence does not match its "
                                                    "intake hashes.")));
}

int ReportDialog::previewPageCount() const {
    return m_document->pageCount();
}

void ReportDialog::promptExport() {
    if (m_hashing || isExporting())
        return;
    QSettings settings;
    const QString id = reportIdentifier(m_input.report.intakeHashes.sha256, m_input.report.tool,
                                        m_input.report.parameters, m_input.analysis->result);
    const QString dir = settings.value(QStringLiteral("report/lastDir")).toString();
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export report"), QDir(dir).filePath(id + QStringLiteral(".pdf")),
        tr("PDF (*.pdf)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("report/lastDir"), QFileInfo(path).absolutePath());
    startExport(path);
}

void ReportDialog::startExport(const QString& pdfPath) {
    if (isExporting()) {
        Q_EMIT exportFinished(tr("an export is already running"), false);
        return;
    }
    const QString evidence = QFileInfo(m_input.clipPath).absoluteFilePath();
    if (QFileInfo(pdfPath).absoluteFilePath() == evidence ||
        QFileInfo(reportSidecarPath(pdfPath)).absoluteFilePath() == evidence) {
        endExport(QString(), tr("refusing to write over the evidence file"), false);
        return;
    }
    m_exportPath = pdfPath;
    m_exportJob = new ExportHashJob(m_input.clipPath, this);
    connect(m_exportJob, &ExportHashJob::progress, this, &ReportDialog::showProgress);
    connect(m_exportJob, &ExportHashJob::finished, this, &ReportDialog::exportHashed);
    setBusy(true);
    m_status->setStyleSheet(QString());
    m_status->setText(tr("Exporting: hashing the evidence again (SHA-256 and MD5)..."));
    m_progress->setRange(0, 1000);
    m_progress->setValue(0);
    m_exportJob->start();
}

void ReportDialog::cancelExport() {
    if (!m_exportJob || m_writing) // the files are being written: they will be whole
        return;
    m_exportJob->cancel(); // exportHashed() follows, cancelled: nothing is written
    m_cancelExport->setEnabled(false);
    m_status->setText(tr("Cancelling the export..."));
}

void ReportDialog::reject() {
    if (isExporting()) { // the first Close/Escape stops the export, the dialog stays
        cancelExport();
        return;
    }
    QDialog::reject();
}

void ReportDialog::exportHashed(const QString& hashError) {
    // The job has emitted its one result; its destructor joins a thread that has ended. It is
    // released only when the export is over: the renderer below runs events (to lay out the
    // plot widgets), and a Close clicked meanwhile still finds the job.
    ExportHashJob* job = m_exportJob;
    const auto release = qScopeGuard([job] { job->deleteLater(); });
    if (job->wasCancelled()) {
        m_exportJob = nullptr;
        endExport(tr("Export cancelled: nothing was written."), QString(), true);
        return;
    }
    // The PDF is painted here, on the GUI thread: it draws the GUI's own plot widgets. Seconds
    // at most, and no longer cancellable; the status says so before the window waits for it.
    m_writing = true;
    m_progress->setRange(0, 0);
    m_cancelExport->setEnabled(false);
    m_status->setText(tr("Exporting: writing the PDF and its JSON sidecar..."));
    m_status->repaint();
    m_progress->repaint();
    const QString path = m_exportPath;
    const EvidenceHashes hashes = job->hashes();
    auto id = hashError.isEmpty() ? writeReport(path, hashes, QString())
                                  : writeReport(path, std::nullopt, hashError);
    m_exportJob = nullptr;
    m_writing = false;
    if (!id) {
        endExport(QString(), id.error().message, false);
        return;
    }
    const QString jsonPath = reportSidecarPath(path);
    QSettings settings;
    settings.setValue(QStringLiteral("report/examiner"), m_examiner->text());
    settings.setValue(QStringLiteral("report/lab"), m_lab->text());
    QString status = tr("Exported report %1 to %2 and its JSON sidecar.").arg(*id, path);
    if (!hashError.isEmpty())
        status += QLatin1Char(' ') +
                  tr("WARNING: the evidence could not be hashed again (%1); the report says so.")
                      .arg(hashError);
    else if (hashes.sha256 != m_input.report.intakeHashes.sha256)
        status += QLatin1Char(' ') + tr("WARNING: the evidence no longer matches its intake "
                                        "hashes; the report says so.");
    // exported() first: its receivers (the case's audit log) are done when exportFinished()
    // says the export is over.
    Q_EMIT exported(path, jsonPath, *id);
    endExport(status, QString(), false);
    if (!hashError.isEmpty() || hashes.sha256 != m_input.report.intakeHashes.sha256)
        m_status->setStyleSheet(alarmStyle());
}

void ReportDialog::endExport(const QString& status, const QString& errorMessage, bool cancelled) {
    setBusy(false);
    if (errorMessage.isEmpty()) {
        m_status->setStyleSheet(QString());
        m_status->setText(status);
    } else { // once, in the dialog's status line, in red: nothing was written
        m_status->setStyleSheet(alarmStyle());
        m_status->setText(tr("Export failed, nothing was written: %1").arg(errorMessage));
    }
    Q_EMIT exportFinished(errorMessage, cancelled);
}

void ReportDialog::setBusy(bool busy) {
    m_form->setEnabled(!busy);
    m_export->setEnabled(!busy && !m_hashing);
    m_refresh->setEnabled(!busy);
    m_progress->setRange(0, 1000);
    m_progress->setVisible(busy);
    m_cancelExport->setVisible(busy);
    m_cancelExport->setEnabled(busy);
}

Result<QString> ReportDialog::writeReport(const QString& pdfPath,
                                          const std::optional<EvidenceHashes>& hashes,
                                          const QString& hashError) {
    const ReportContent c = content(hashes, hashError);
    ReportFigureData figures{m_input.analysis.get(), m_input.index, m_stills};
    auto pages = ReportRenderer(c, figures).writePdfAndSidecar(pdfPath);
    if (!pages)
        return pages.error();
    return c.reportId;
}

} // namespace fp
