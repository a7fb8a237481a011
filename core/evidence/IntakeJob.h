#pragma once

// Evidence intake as one background job: runIntake() (core/evidence/Intake.h) on a worker
// thread (the job contract of core/util/Job.h), its steps reported as signals as they finish.
// progress() counts the bytes of both passes (index, then hashes) against twice the file size.
//
// Thread-safety: as Job. Results are immutable values.

#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"
#include "core/media/VideoFrame.h"
#include "core/util/Job.h"

#include <QImage>
#include <QString>

#include <memory>

namespace fp {

class IntakeJob : public Job {
    Q_OBJECT
public:
    explicit IntakeJob(QString path, QObject* parent = nullptr);
    ~IntakeJob() override;

    const QString& path() const { return m_path; }

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

protected:
    QString run() override;

private:
    QString m_path;
};

} // namespace fp

Q_DECLARE_METATYPE(std::shared_ptr<const fp::MediaFacts>)
Q_DECLARE_METATYPE(std::shared_ptr<const fp::FrameIndex>)
Q_DECLARE_METATYPE(fp::EvidenceHashes)
