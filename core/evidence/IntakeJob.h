#pragma once

// Evidence intake as one background job: describe the container, build the frame index, then
// hash the file (SHA-256 + MD5), reporting progress throughout. Follows the job contract of
// STYLE.md: start() returns at once, finished() is emitted exactly once, cancel() stops early.
//
// Thread-safety: start(), cancel() and the destructor belong to the thread that owns the
// object (usually the GUI thread). Signals are emitted from the job's worker thread: connect
// them queued (AutoConnection does that for receivers living in other threads). Results are
// immutable values. The destructor cancels and joins the worker.

#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"
#include "core/media/VideoFrame.h"

#include <QImage>
#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <thread>

namespace fp {

class IntakeJob : public QObject {
    Q_OBJECT
public:
    explicit IntakeJob(QString path, QObject* parent = nullptr);
    ~IntakeJob() override;

    const QString& path() const { return m_path; }
    void start();
    void cancel();

Q_SIGNALS:
    void factsReady(std::shared_ptr<const fp::MediaFacts> facts);
    // Frame 0, decoded (and converted for display) before the index exists, so it can be
    // shown at once without work on the receiver's thread.
    void firstFrameReady(fp::VideoFramePtr frame, QImage image);
    void indexProgress(qint64 bytesRead, qint64 bytesTotal);
    // Null index for audio-only evidence.
    void indexReady(std::shared_ptr<const fp::FrameIndex> index);
    void hashProgress(qint64 bytesDone, qint64 bytesTotal);
    void hashesReady(fp::EvidenceHashes hashes);
    // Exactly once. An empty error message means success.
    void finished(QString errorMessage);

private:
    void work();

    QString m_path;
    std::atomic<bool> m_cancel{false};
    std::thread m_worker;
};

} // namespace fp

Q_DECLARE_METATYPE(std::shared_ptr<const fp::MediaFacts>)
Q_DECLARE_METATYPE(std::shared_ptr<const fp::FrameIndex>)
Q_DECLARE_METATYPE(fp::EvidenceHashes)
