#pragma once

// The engine's front door: one call that takes a clip and gives back its analysis as values.
// The command line, the batch (and the validation tool and shards to come) call analyzeClip();
// the window runs the same steps as jobs (IntakeJob wraps runIntake(), AnalysisJob wraps
// runAnalysis()) and writes the same `frameproof.analysis/1` object through
// analysisResultJson(), so all of them give the same JSON for the same clip and parameters.
// Steps: intake (runIntake: facts, frame index, hashes); when a case is given, the evidence,
// its opening and the analysis as `running` are committed before any analysis work
// (CaseRecorder); the analysis (runAnalysis); its JSON; the case's `analysed` (or failed) entry.
// Thread-safety: analyzeClip() may run on any thread that may use the case store (CaseStore is
// single-threaded). Frames in the result are presentation indices.

#include "core/analysis/AnalysisPipeline.h"
#include "core/case/CaseStore.h"
#include "core/evidence/Intake.h"
#include "models/Result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>

namespace fp {

struct ClipRequest {
    QString clip;
    AnalysisOptions options;
    // Optional: gives the case the intake and the analysis are recorded in (borrowed for the
    // call). Called once the evidence has been read, so a clip that cannot be read leaves no
    // new case file behind.
    std::function<Result<CaseStore*>()> openCase;
    QString openedFrom = QStringLiteral("command line"); // the `opened` entry's "how"
    // Frames analysed of the frame count; called on the analysing thread.
    std::function<void(int64_t done, int64_t total)> progress;
    const std::atomic<bool>* cancel = nullptr;
};

struct ClipAnalysis {
    EvidenceSnapshot evidence;                    // intake: facts, hashes, index (never null)
    std::shared_ptr<const AnalysisOutput> output; // never null
    QJsonObject json;                             // the `frameproof.analysis/1` object
    qint64 caseEvidenceId = 0;                    // rows in the case; 0 without one
    qint64 caseAnalysisId = 0;
};

// An error with a message a user can act on: unreadable or unsupported input, no video stream,
// a case that cannot be written, or the analysis failing (or cancelled).
Result<ClipAnalysis> analyzeClip(const ClipRequest& request);

} // namespace fp
