#include "core/report/ExportHashJob.h"

namespace fp {

ExportHashJob::ExportHashJob(QString evidencePath, QObject* parent)
    : Job(parent)
    , m_path(std::move(evidencePath)) {}

ExportHashJob::~ExportHashJob() {
    stopAndJoin();
}

QString ExportHashJob::run() {
    HashOptions options;
    options.cancel = &cancelFlag();
    options.progress = [this](int64_t done, int64_t total) { Q_EMIT progress(done, total); };
    auto hashes = hashEvidenceFile(m_path, options);
    if (cancelFlag().load())
        return {};
    if (!hashes)
        return hashes.error().message;
    m_hashes = hashes.value();
    return {};
}

} // namespace fp
