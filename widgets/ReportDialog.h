#pragma once

// The report dialog: examiner, laboratory, case number, the conclusion on the verbal scale and
// its text, which sections and which bookmarks go in, a live preview of the PDF (Qt PDF) and
// Export (the PDF and its JSON sidecar beside it). The evidence is hashed again in the
// background when the dialog opens (for the preview and its integrity line), and once more at
// export on the GUI thread under a wait cursor (seconds for a multi-GB file).
// Thread-safety: GUI thread only. The inputs are shared, immutable snapshots.

#include "core/analysis/HeatmapStill.h"
#include "core/report/ReportContent.h"

#include <QDialog>

#include <memory>
#include <optional>
#include <vector>

class QBuffer;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPdfDocument;
class QPdfView;
class QPlainTextEdit;
class QPushButton;

namespace fp {

struct ReportDialogInput {
    QString clipPath;
    std::shared_ptr<const AnalysisOutput> analysis;
    std::shared_ptr<const FrameIndex> index;
    std::shared_ptr<const MediaFacts> facts;
    EvidenceHashes intakeHashes;
    QJsonObject tool;
    QJsonArray models;
    QJsonObject parameters;
    std::vector<Bookmark> bookmarks;
    std::vector<AuditEntry> audit; // the case's log; empty: this run's actions are listed
    bool auditFromCase = false;
    qint64 auditEvidenceId = 0; // the clip's evidence id in the case (ReportInput)
    QString caseFile;
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

    // Writes `pdfPath` and the sidecar (same name, .json) with hashes taken now, on the
    // calling thread; returns the report identifier or an error message.
    Result<QString> exportTo(const QString& pdfPath);

Q_SIGNALS:
    // After a successful export: where, and the identifier (for the case's audit log).
    void exported(QString pdfPath, QString jsonPath, QString reportId);

private:
    ReportContent content(const std::optional<EvidenceHashes>& exportHashes,
                          const QString& exportError) const;
    void schedulePreview();
    void promptExport();
    void startPreviewHash();

    ReportDialogInput m_input;
    std::vector<HeatmapStill> m_stills;
    QString m_stillsError;
    std::optional<EvidenceHashes> m_previewHashes;
    QString m_previewHashError;
    bool m_hashing = false;

    QLineEdit* m_examiner = nullptr;
    QLineEdit* m_lab = nullptr;
    QLineEdit* m_caseNumber = nullptr;
    QComboBox* m_scale = nullptr;
    QPlainTextEdit* m_conclusion = nullptr;
    QPlainTextEdit* m_notes = nullptr;
    std::vector<QCheckBox*> m_sections;
    QListWidget* m_bookmarks = nullptr;
    QLabel* m_status = nullptr;
    QPushButton* m_export = nullptr;
    QPdfDocument* m_document = nullptr;
    QPdfView* m_view = nullptr;
    QBuffer* m_pdfBuffer = nullptr;
    class QTimer* m_previewTimer = nullptr;
};

} // namespace fp
