#include "core/evidence/IntakeJob.h"

#include "core/evidence/Intake.h"

namespace fp {

IntakeJob::IntakeJob(QString path, QObject* parent)
    : Job(parent)
    , m_path(std::move(path)) {
    qRegisterMetaType<std::shared_ptr<const fp::MediaFacts>>();
    qRegisterMetaType<std::shared_ptr<const fp::FrameIndex>>();
    qRegisterMetaType<fp::EvidenceHashes>();
    qRegisterMetaType<fp::VideoFramePtr>();
}

IntakeJob::~IntakeJob() {
    stopAndJoin();
}

QString IntakeJob::run() {
    IntakeCallbacks callbacks;
    callbacks.facts = [this](std::shared_ptr<const MediaFacts> facts) {
        Q_EMIT factsReady(std::move(facts));
    };
    callbacks.firstFrame = [this](VideoFramePtr frame, QImage image) {
        Q_EMIT firstFrameReady(std::move(frame), std::move(image));
    };
    callbacks.indexProgress = [this](int64_t done, int64_t total) {
        Q_EMIT indexProgress(done, total);
        Q_EMIT progress(done, 2 * total);
    };
    callbacks.index = [this](std::shared_ptr<const FrameIndex> index) {
        Q_EMIT indexReady(std::move(index));
    };
    callbacks.hashProgress = [this](int64_t done, int64_t total) {
        Q_EMIT hashProgress(done, total);
        Q_EMIT progress(total + done, 2 * total);
    };
    auto snapshot = runIntake(m_path, callbacks, &cancelFlag());
    if (!snapshot)
        return snapshot.error().message;
    Q_EMIT hashesReady(snapshot->hashes);
    return QString();
}

} // namespace fp
