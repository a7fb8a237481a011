#include "core/report/ExportHashJob.h"

namespace fp {

ExportHashJob::ExportHashJob(QString evidencePath, QObject* parent)
    : QObject(parent)
    , m_path(std::move(evidencePath)) {
    qRegisterMetaType<fp::EvidenceHashes>();
}

ExportHashJob::~ExportHashJob() {
    cancel();
    if (m_worker.joinable())
        m_worker.join();
}

void ExportHashJob::start() {
    if (m_worker.joinable())
        return;
    m_worker = std::thread([this] { work(); });
}

void ExportHashJob::cancel() {
    m_cancel.store(true);
}

void ExportHashJob::work() {
    HashOptions options;
    options.cancel = &m_cancel;
    options.progress = [this](int64_t done, int64_t total) { Q_EMIT progress(done, total); };
    auto hashes = hashEvidenceFile(m_path, options);
    if (m_cancel.load()) {
        Q_EMIT finished({}, QString(), true);
        return;
    }
    if (!hashes) {
        Q_EMIT finished({}, hashes.error().message, false);
        return;
    }
    Q_EMIT finished(hashes.value(), QString(), false);
}

} // namespace fp
