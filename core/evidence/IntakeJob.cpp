#include "core/evidence/IntakeJob.h"

#include "core/media/VideoDecoder.h"

namespace fp {

IntakeJob::IntakeJob(QString path, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path)) {
    qRegisterMetaType<std::shared_ptr<const fp::MediaFacts>>();
    qRegisterMetaType<std::shared_ptr<const fp::FrameIndex>>();
    qRegisterMetaType<fp::EvidenceHashes>();
    qRegisterMetaType<fp::VideoFramePtr>();
}

IntakeJob::~IntakeJob() {
    cancel();
    if (m_worker.joinable())
        m_worker.join();
}

void IntakeJob::start() {
    if (m_worker.joinable())
        return;
    m_worker = std::thread([this] { work(); });
}

void IntakeJob::cancel() {
    m_cancel.store(true);
}

void IntakeJob::work() {
    auto facts = probeMediaFacts(m_path);
    if (!facts) {
        Q_EMIT finished(facts.error().message);
        return;
    }
    auto sharedFacts = std::make_shared<const MediaFacts>(std::move(facts).value());
    Q_EMIT factsReady(sharedFacts);

    if (sharedFacts->videoStream >= 0) {
        if (auto first = VideoDecoder::decodeFirstFrame(m_path))
            Q_EMIT firstFrameReady(first.value(), first.value()->toImage());
        if (m_cancel.load()) {
            Q_EMIT finished(tr("cancelled"));
            return;
        }
        FrameIndexOptions options;
        options.cancel = &m_cancel;
        options.progress = [this](const IndexProgress& p) {
            Q_EMIT indexProgress(p.bytesRead, p.bytesTotal);
        };
        auto index = buildFrameIndex(m_path, options);
        if (!index) {
            Q_EMIT finished(index.error().message);
            return;
        }
        Q_EMIT indexReady(std::make_shared<const FrameIndex>(std::move(index).value()));
    } else {
        Q_EMIT indexReady(nullptr);
    }

    HashOptions hashOptions;
    hashOptions.cancel = &m_cancel;
    hashOptions.progress = [this](int64_t done, int64_t total) {
        Q_EMIT hashProgress(done, total);
    };
    auto hashes = hashEvidenceFile(m_path, hashOptions);
    if (!hashes) {
        Q_EMIT finished(hashes.error().message);
        return;
    }
    Q_EMIT hashesReady(hashes.value());
    Q_EMIT finished(QString());
}

} // namespace fp
