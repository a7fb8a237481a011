#pragma once

// The report dialog: examiner, laboratory, case number, the conclusion on the verbal scale and
// its text, which sections and which bookmarks go in, a live preview of the PDF (Qt PDF) and
// Export (the PDF and its JSON sidecar beside it).
// The evidence is hashed again off the GUI thread twice: when the dialog opens (for the preview
// and its integrity line) and at export (ExportHashJob, with a progress bar and Cancel). Only
// the PDF itself is painted on the GUI thread (it draws the GUI's own plot widgets); it goes to
// temporary files renamed into place at the end, so a cancelled or failed export leaves no
// partial PDF or sidecar behind.
// Thread-safety: GUI thread only. The inputs are shared, immutable snapshots.

#include "core/analysis/HeatmapStill.h"
#include "core/report/ReportContent.h"

#include <QDialog>

#include <atomic>

#include <memory>
#include <optional>
#include <vector>

class QBuffer;
class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPdfDocument;
class QPdfView;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;

namespace fp {

class ExportHashJob;

struct ReportDialogInput {
    QString clipPath;
    std::shared_ptr<const AnalysisOutput> analysis;
    std::shared_ptr<const FrameIndex> index;
    std::shared_ptr<const MediaFacts> facts;
    // assembleReportInput() (core/session/ReportAssembly.h): everything but the examiner's words
    // and the export hashes; the dialog points its analysis, facts and index at the above and
    // offers its bookmarks for choosing.
    ReportInput report;
};

class ReportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ReportDialog(ReportDialogInput input, QWidget* parent = nullptr);
    ~ReportDialog() override;

    ReportOptions options() const;
    std::vector<Bookmark> chosenBookmarks() const;
    // Sets the fields (and re-renders the preview).
    void setOptions(const ReportOptions& options);

    // Re-renders the preview from the current fields now (tests; normally debounced).
    void refreshPreview();
    int previewPageCount() const;
    QPdfDocument* previewDocument() const { return m_document; }

    // Starts the export to `pdfPath` and its sidecar (reportSidecarPath()): hashes the evidence
    // on a worker, then writes both. Returns at once; exportFinished() follows exactly once
    // (also when it cannot start: an export already running, a path on the evidence).
    void startExport(const QString& pdfPath);
    // Stops a running export; nothing is written. exportFinished() reports it cancelled.
    void cancelExport();
    bool isExporting() const { return m_exportJob != nullptr; }
    // Close and Escape: while an export runs, they cancel it and the dialog stays open.
    void reject() override;

Q_SIGNALS:
    // After a successful export: where, and the identifier (for the case's audit log).
    void exported(QString pdfPath, QString jsonPath, QString reportId);
    // The end of each startExport(), after exported() on success: `errorMessage` empty and not
    // `cancelled` means written.
    void exportFinished(QString errorMessage, bool cancelled);

private:
    // The constructor's parts, in the order the widgets are made (and focus moves).
    QWidget* createForm();
    QGroupBox* createCaseBox(QWidget* form);
    QGroupBox* createConclusionBox(QWidget* form);
    QGroupBox* createNotesBox(QWidget* form);
    QGroupBox* createSectionsBox(QWidget* form);
    QGroupBox* createBookmarksBox(QWidget* form);
    void createPreview();
    QDialogButtonBox* createStatusAndButtons();
    void schedulePreviewOnEdits();

    ReportContent content(const std::optional<EvidenceHashes>& exportHashes,
                          const QString& exportError) const;
    void schedulePreview();
    void promptExport();
    void startPreviewHash();
    void exportHashed(const QString& hashError);
    // Writes the PDF and the sidecar, both or neither; returns the report identifier.
    Result<QString> writeReport(const QString& pdfPath, const std::optional<EvidenceHashes>& hashes,
                                const QString& hashError);
    void endExport(const QString& status, const QString& errorMessage, bool cancelled);
    void setBusy(bool busy);
    void showProgress(qint64 done, qint64 total);

    ReportDialogInput m_input;
    std::vector<HeatmapStill> m_stills;
    QString m_stillsError;
    std::optional<EvidenceHashes> m_previewHashes;
    QString m_previewHashError;
    bool m_hashing = false;
    // Set when the dialog goes: the preview's hashing (on Qt's pool) stops at its next block.
    std::shared_ptr<std::atomic<bool>> m_previewCancel = std::make_shared<std::atomic<bool>>(false);
    ExportHashJob* m_exportJob = nullptr; // owned (child) while an export runs
    QString m_exportPath;
    bool m_writing = false; // the export's files are being written (no longer cancellable)

    QLineEdit* m_examiner = nullptr;
    QLineEdit* m_lab = nullptr;
    QLineEdit* m_caseNumber = nullptr;
    QComboBox* m_scale = nullptr;
    QPlainTextEdit* m_conclusion = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    std::vector<QCheckBox*> m_sections;
    QListWidget* m_bookmarks = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancelExport = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_refresh = nullptr;
    QWidget* m_form = nullptr;
    QPdfDocument* m_document = nullptr;
    QPdfView* m_view = nullptr;
    QBuffer* m_pdfBuffer = nullptr;
    class QTimer* m_previewTimer = nullptr;
};

} // namespace fp
