#include "core/util/Job.h"

namespace fp {

Job::~Job() {
    stopAndJoin(); // a subclass that forgot to: at least no thread outlives the job
}

void Job::start() {
    if (m_worker.joinable())
        return;
    m_worker = std::thread([this] {
        const QString error = run();
        m_cancelled.store(m_cancel.load());
        Q_EMIT finished(error);
    });
}

void Job::stopAndJoin() {
    cancel();
    if (m_worker.joinable())
        m_worker.join();
}

} // namespace fp
