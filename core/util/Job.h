#pragma once

// The job contract of STYLE.md in one base (KJob's shape), for IntakeJob, AnalysisJob and
// ExportHashJob: start() returns at once and runs run() on a worker thread of the job's own;
// progress() may follow while it runs; finished(errorMessage) is emitted exactly once, an empty
// message meaning success, after which the subclass's result accessors hold the result and
// wasCancelled() says whether cancel() stopped it. cancel() asks run() to stop at its next
// check of cancelFlag().
// Thread-safety: start(), cancel() and the destructor belong to the thread that owns the job
// (usually the GUI thread). Signals are emitted from the worker thread: connect them queued
// (AutoConnection does that for receivers living in other threads). The results are written
// before finished() is emitted and never after, so a receiver of finished() may read them.
// Ownership: every subclass destructor calls stopAndJoin() first, since run() uses the
// subclass's members.

#include <QObject>
#include <QString>

#include <atomic>
#include <thread>

namespace fp {

class Job : public QObject {
    Q_OBJECT
public:
    ~Job() override;

    void start();
    void cancel() { m_cancel.store(true); }
    // After finished(): cancel() had been called when run() returned (its result is not to be
    // used).
    bool wasCancelled() const { return m_cancelled.load(); }

Q_SIGNALS:
    void progress(qint64 done, qint64 total);
    // Exactly once per start().
    void finished(QString errorMessage);

protected:
    explicit Job(QObject* parent = nullptr)
        : QObject(parent) {}
    // On the worker thread: the work, ending with its error message (empty on success).
    virtual QString run() = 0;
    const std::atomic<bool>& cancelFlag() const { return m_cancel; }
    // Cancels and waits for the worker; call first in every subclass destructor.
    void stopAndJoin();

private:
    std::atomic<bool> m_cancel{false};
    std::atomic<bool> m_cancelled{false};
    std::thread m_worker;
};

} // namespace fp
