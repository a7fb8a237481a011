#pragma once

// Is a stored analysis what was recorded when it completed? Its `frameproof.analysis/1` result
// and its detail blob (core/case/AnalysisDetail.h) are hashed again and compared with the
// SHA-256 its `analysed` audit entry recorded (result_sha256, detail_sha256); that entry is in
// turn covered by the audit chain (CaseStore::verifyChain()). The sha256 column of the detail
// row is a convenience and is not trusted. Used by `frameproof verify` and before a case
// restores an analysis into the window.
// Thread-safety: checkAnalysis() is a pure function; verifyAnalyses() runs on the store's thread.

#include "core/case/AuditEntry.h"
#include "core/case/CaseStore.h"

#include <optional>
#include <vector>

namespace fp {

enum class DetailState {
    None,       // no detail stored and none recorded (schema 1 cases, failed analyses)
    Intact,     // stored and equal to what the audit entry recorded
    Altered,    // stored, but its SHA-256 differs from the recorded one (edited or truncated)
    Missing,    // recorded, but the row is gone
    Unrecorded, // stored, but no `analysed` entry recorded it (added afterwards)
    Unreadable, // intact, but it does not decode (checked only when asked to)
};
QString detailStateKey(DetailState state); // none, intact, altered, missing, unrecorded, unreadable

struct AnalysisCheck {
    AnalysisRecord record;
    qint64 auditSequence = 0; // its `analysed` entry; 0 when there is none
    bool resultAltered = false;
    DetailState detail = DetailState::None;
    qint64 detailBytes = 0;
    QString detailProblem; // one sentence naming the analysis and the audit entry; empty if fine
    bool passed() const {
        return !resultAltered && (detail == DetailState::None || detail == DetailState::Intact);
    }
};

// `analysed`: the analysis's `analysed` audit entry, or null. `decodeDetail`: also decode an
// intact blob (verify does; restoring decodes it anyway).
AnalysisCheck checkAnalysis(const AnalysisRecord& record,
                            const std::optional<AnalysisDetailRecord>& detail,
                            const AuditEntry* analysed, bool decodeDetail);

// The `analysed` entry of `analysisId` in `log`, or null.
const AuditEntry* analysedEntry(const std::vector<AuditEntry>& log, qint64 analysisId);

// Every analysis in the case, checked (detail blobs decoded).
Result<std::vector<AnalysisCheck>> verifyAnalyses(const CaseStore& store);

} // namespace fp
