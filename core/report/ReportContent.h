#pragma once

// The evidentiary report's content (DESIGN.md, Report): what the PDF prints and the JSON sidecar
// (schema "frameproof.report/1") holds, as plain values built from the analysis, the evidence
// facts, the hashes at intake and at export, the audit log, the bookmarks and notes, and the
// examiner's conclusion. The PDF renderer (widgets/ReportRenderer) draws exactly this; nothing in
// the report is computed twice.
//
// Reproducibility: the same evidence, analysis and report options give a byte-identical sidecar
// apart from `generated_at`. The report identifier is derived from the evidence SHA-256 and the
// analysis (tool version, parameters, signals), so two runs agree. The audit entries of a run
// without a case file carry no wall-clock time (their time is the run's, `generated_at`).
//
// Findings (what the methods measured) and the conclusion (the examiner's interpretation on the
// verbal scale) are separate fields and separate sections, never mixed.
// Frames are presentation indices; times in the audit log are UTC wall-clock.
// Thread-safety: plain values and pure functions; build on any thread.

#include "core/analysis/AnalysisPipeline.h"
#include "core/case/AuditEntry.h"
#include "core/case/Bookmarks.h"
#include "core/case/ConclusionScale.h"
#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace fp {

// Which sections the report carries. The cover, the evidence and the limitations are always
// printed.
struct ReportSections {
    bool custody = true;    // custody and audit summary
    bool tools = true;      // tool, library and model versions
    bool methods = true;    // each method's description, parameters, reference, limits
    bool findings = true;   // findings table
    bool figures = true;    // timeline, plots, heatmap stills
    bool bookmarks = true;  // bookmarks and notes
    bool conclusion = true; // examiner's conclusion
    bool auditAppendix = true;
};

// What the examiner types in (the report dialog, or --examiner on the command line).
struct ReportOptions {
    QString caseNumber;
    QString examiner;
    QString lab;
    QString proposition; // empty: the default pair of propositions
    ConclusionScale conclusion = ConclusionScale::NotGiven;
    QString conclusionText;
    ReportSections sections;
    int heatmapStills = 4; // top heatmap frames shown as stills
};

// Everything the report is built from. Pointers are borrowed for the call only.
struct ReportInput {
    const AnalysisOutput* analysis = nullptr; // required
    const MediaFacts* facts = nullptr;        // required
    const FrameIndex* index = nullptr;        // required (timecodes, frame count)
    EvidenceHashes intakeHashes;
    // Re-hashed at export; std::nullopt with `exportHashError` when the file could not be read.
    std::optional<EvidenceHashes> exportHashes;
    QString exportHashError;
    QJsonObject tool;       // {name, version, libraries}
    QJsonArray models;      // [{name, file, sha256, role}]
    QJsonObject parameters; // analysisParametersToJson()
    // The case's audit log; or, without a case (`auditFromCase` false), this run's actions.
    std::vector<AuditEntry> audit;
    bool auditFromCase = false;
    // With a case of several evidence items: the report lists the entries about this item
    // (details.evidence_id or details.sha256 equal to these) and those about the case itself;
    // 0 / empty: every entry.
    qint64 auditEvidenceId = 0;
    QString auditEvidenceSha256;
    QString caseFile;                // the .fpcase path, when there is one
    std::vector<Bookmark> bookmarks; // those chosen for the report
    QStringList notes;               // the examiner's notes
    ReportOptions options;
    QDateTime generatedAt; // UTC; the only field that differs between two runs
};

struct ReportMethod {
    QString name;  // signal key: landmark_jitter, ... or face_tracks
    QString title; // "Landmark jitter"
    QString description;
    QJsonObject parameters;
    QString reference;
    QString limits;
    QString errorRate; // plain language; "not established" where none is known
    bool abstained = false;
    QString status; // "ok" or "abstained"
    QString reason; // why abstained, or the method's one-line summary
    double score = kNoValue;
    QString unit;
};

struct ReportFinding {
    QString signal;
    QString signalTitle;
    int64_t startFrame = 0; // inclusive
    int64_t endFrame = 0;   // inclusive
    QString startTimecode;
    QString endTimecode;
    double startSeconds = 0.0;
    double endSeconds = 0.0;
    QString severity;
    QString reason;
};

struct ReportStillRef {
    int64_t frame = 0;
    QString timecode;
    double seconds = 0.0;
    double score = kNoValue;
};

struct ReportBookmark {
    int64_t firstFrame = 0;
    int64_t lastFrame = 0;
    QString firstTimecode;
    QString lastTimecode;
    QString status;     // stable key: ok, to_check, warning
    QString statusText; // translated
    QString note;
};

struct ReportAuditEntry {
    qint64 sequence = 0;
    QString timeUtc; // ISO 8601, empty for this run's actions (their time is generated_at)
    QString examiner;
    QString action;
    QString summary; // one line for the PDF
    QJsonObject details;
    QString entryHash;
};

struct ReportContent {
    QString schema = QStringLiteral("frameproof.report/1");
    QString reportId; // "FP-XXXX-XXXX-XXXX", see reportIdentifier()
    QDateTime generatedAt;
    QString title;
    ReportOptions options;

    // Evidence
    QString fileName;
    int64_t sizeBytes = 0;
    EvidenceHashes intakeHashes;
    std::optional<EvidenceHashes> exportHashes;
    QString exportHashError;
    bool hashesMatch = false; // export hashes exist and equal those at intake
    QJsonObject evidence;     // evidenceToJson(): container, streams, tags
    int64_t frameCount = 0;
    double fps = 0.0;
    Rational nominalFrameRate;
    double durationSeconds = 0.0;

    // Custody
    bool auditFromCase = false;
    QString caseFile;
    std::vector<ReportAuditEntry> audit;
    int auditTotal = 0;     // entries in the whole log
    int auditOmitted = 0;   // of those, about other evidence items (not listed)
    QString auditChainHead; // the last entry's hash of the whole log

    QJsonObject tool;
    QJsonArray models;
    QJsonObject parameters;
    std::vector<ReportMethod> methods;

    // Findings (facts), kept apart from the conclusion (interpretation).
    std::vector<ReportFinding> findings;
    QJsonObject lipsync; // lipSyncToJson()
    std::vector<ReportStillRef> stills;
    QStringList summary; // plain-language lines: what each signal says about the clip

    std::vector<ReportBookmark> bookmarks;
    QStringList notes;

    QStringList limitations;

    // "00:00:04:12" at the clip's nominal rate.
    QString timecode(int64_t frame) const;
};

// The report's identifier: "FP-" and the first 12 hex digits (upper case, in three groups) of
// SHA-256(evidence SHA-256 ‖ compact JSON of {tool version, parameters, signals}).
QString reportIdentifier(const QString& evidenceSha256, const QJsonObject& toolInfo,
                         const QJsonObject& parameters, const AnalysisResult& result);

// Builds the content. Deterministic for equal inputs (generatedAt aside).
ReportContent buildReportContent(const ReportInput& input);

// The JSON sidecar ("frameproof.report/1"). Keys are stable: add, never rename.
QJsonObject reportToJson(const ReportContent& content);
// Indented UTF-8 of reportToJson(): what the sidecar file holds.
QByteArray reportJsonBytes(const ReportContent& content);

// Where the sidecar of a report PDF goes: OUT.pdf -> OUT.report.json, beside it (so it never
// collides with the analysis JSON, NAME.json).
QString reportSidecarPath(const QString& pdfPath);

// The in-memory audit log of a run without a case file: opened, hashed, analysed (and
// report_exported when `reportId` is not empty), in that order, without wall-clock times.
std::vector<AuditEntry> runAuditLog(const QString& examiner, const MediaFacts& facts,
                                    const EvidenceHashes& hashes, const QJsonObject& parameters,
                                    const QString& reportId);

} // namespace fp
