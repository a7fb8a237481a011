#pragma once

// The evidence hashed again at report export (DESIGN.md: "the evidence is hashed again at
// export"), as a background job so that a multi-GB file does not freeze the report dialog.
// Follows the job contract of STYLE.md, like IntakeJob: start() returns at once, progress()
// reports bytes, finished() is emitted exactly once, cancel() stops at the next block.
//
// Thread-safety: start(), cancel() and the destructor belong to the thread that owns the object
// (the GUI thread). Signals are emitted from the job's worker thread: connect them queued
// (AutoConnection does that for receivers in other threads). The destructor cancels and joins
// the worker, so a dialog closed mid-hash does not leave a thread reading the evidence.

#include "core/evidence/EvidenceHasher.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <thread>

namespace fp {

class ExportHashJob : public QObject {
    Q_OBJECT
public:
    explicit ExportHashJob(QString evidencePath, QObject* parent = nullptr);
    ~ExportHashJob() override;

    void start();
    void cancel();
    bool isCancelled() const { return m_cancel.load(); }

Q_SIGNALS:
    void progress(qint64 bytesDone, qint64 bytesTotal);
    // Exactly once. `cancelled`: stopped by cancel(); otherwise `errorMessage` empty means
    // `hashes` hold the file's hashes now, and a message means it could not be read.
    void finished(fp::EvidenceHashes hashes, QString errorMessage, bool cancelled);

private:
    void work();

    QString m_path;
    std::atomic<bool> m_cancel{false};
    std::thread m_worker;
};

} // namespace fp
