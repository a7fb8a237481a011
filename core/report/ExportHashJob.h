#pragma once

// The evidence hashed again at report export (DESIGN.md: "the evidence is hashed again at
// export"), as a background job so that a multi-GB file does not freeze the report dialog.
// The job contract of core/util/Job.h: progress() reports bytes, cancel() stops at the next
// block.
//
// Thread-safety: start(), cancel() and the destructor belong to the thread that owns the object
// (the GUI thread). Signals are emitted from the job's worker thread: connect them queued
// (AutoConnection does that for receivers in other threads). The destructor cancels and joins
// the worker, so a dialog closed mid-hash does not leave a thread reading the evidence.

#include "core/evidence/EvidenceHasher.h"

#include "core/util/Job.h"

#include <QString>

namespace fp {

class ExportHashJob : public Job {
    Q_OBJECT
public:
    explicit ExportHashJob(QString evidencePath, QObject* parent = nullptr);
    ~ExportHashJob() override;

    // After finished() with no error and not wasCancelled(): the file's hashes now.
    const EvidenceHashes& hashes() const { return m_hashes; }

protected:
    QString run() override;

private:
    QString m_path;
    EvidenceHashes m_hashes;
};

} // namespace fp
