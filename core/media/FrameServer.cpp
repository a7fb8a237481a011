#include "core/media/FrameServer.h"

namespace fp {

Result<std::unique_ptr<FrameServer>> FrameServer::open(const QString& path,
                                                       std::shared_ptr<const FrameIndex> index,
                                                       const FrameServerOptions& options) {
    auto decoder = VideoDecoder::open(path, index, options.decoderThreads);
    if (!decoder)
        return decoder.error();
    qRegisterMetaType<fp::VideoFramePtr>();
    return std::unique_ptr<FrameServer>(
        new FrameServer(std::move(index), std::move(decoder).value(), options));
}

FrameServer::FrameServer(std::shared_ptr<const FrameIndex> index,
                         std::unique_ptr<VideoDecoder> decoder, const FrameServerOptions& options)
    : m_index(std::move(index))
    , m_decoder(std::move(decoder))
    , m_options(options)
    , m_cache(options.cacheBudgetBytes) {
    m_thread = std::thread([this] { run(); });
}

FrameServer::~FrameServer() {
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void FrameServer::moveFocus(int64_t index) {
    {
        std::lock_guard lock(m_mutex);
        if (index != m_focus)
            m_direction = index > m_focus ? 1 : -1;
        m_focus = index;
        m_prefetchDirty = true;
        m_cache.setFocus(index, m_direction);
    }
    m_wake.notify_all();
}

Result<VideoFramePtr> FrameServer::frame(int64_t index) {
    if (index < 0 || index >= m_index->size()) {
        return makeError(
            Error::Kind::Internal,
            tr("frame %1 is outside the clip (0 to %2)").arg(index).arg(m_index->size() - 1));
    }
    moveFocus(index);
    if (VideoFramePtr hit = m_cache.find(index))
        return hit;
    std::unique_lock lock(m_mutex);
    const uint64_t ticket = m_nextTicket++;
    m_blocking.push_back(Ticket{ticket, index});
    m_wake.notify_all();
    m_done.wait(lock, [&] { return m_results.count(ticket) != 0 || m_stop; });
    if (m_stop && !m_results.count(ticket))
        return makeError(Error::Kind::Cancelled, tr("the clip was closed"));
    auto node = m_results.extract(ticket);
    return std::move(node.mapped());
}

void FrameServer::request(int64_t index) {
    if (index < 0 || index >= m_index->size()) {
        Q_EMIT frameFailed(index, tr("frame %1 is outside the clip").arg(index));
        return;
    }
    moveFocus(index);
    if (!m_options.convertForDisplay) {
        if (VideoFramePtr hit = m_cache.find(index)) {
            Q_EMIT frameReady(hit, QImage());
            return;
        }
    }
    {
        std::lock_guard lock(m_mutex);
        m_async = index;
    }
    m_wake.notify_all();
}

VideoFramePtr FrameServer::cached(int64_t index) const {
    return m_cache.find(index);
}

DecoderStats FrameServer::stats() const {
    std::lock_guard lock(m_mutex);
    return m_stats;
}

int64_t FrameServer::prefetchTargetLocked() const {
    const int64_t last = m_index->size() - 1;
    if (m_direction >= 0) {
        const int64_t end = std::min<int64_t>(m_focus + m_options.prefetchAhead, last);
        for (int64_t i = m_focus + 1; i <= end; ++i) {
            if (!m_cache.contains(i) && !m_undecodable.count(i))
                return i;
        }
    } else {
        const int64_t end = std::max<int64_t>(m_focus - m_options.prefetchBehind, 0);
        for (int64_t i = m_focus - 1; i >= end; --i) {
            if (!m_cache.contains(i) && !m_undecodable.count(i))
                return i;
        }
        // Decode the GOP before early, as soon as it fits in the budget beside what is left of
        // this one: a long GOP takes seconds to decode, and held Left must not stall at its
        // keyframe.
        const int64_t key = m_index->keyframeAtOrBefore(m_focus);
        const int64_t previous = key - 1;
        if (key > 0 && !m_cache.contains(previous) && !m_undecodable.count(previous)) {
            const int64_t frames = m_cache.frameCount();
            const int64_t perFrame = frames > 0 ? m_cache.bytes() / frames : 0;
            const int64_t gop = key - m_index->keyframeAtOrBefore(previous);
            if (perFrame > 0 && (m_focus - key + 1 + gop) * perFrame <= m_cache.budgetBytes())
                return previous;
        }
    }
    return -1;
}

bool FrameServer::shouldAbandon(int64_t keyframe, int64_t target, bool blocking) const {
    std::lock_guard lock(m_mutex);
    if (m_stop)
        return true;
    if (blocking)
        return false;
    // Give up only for a request this decode will not pass on its way to the target.
    auto offPath = [&](int64_t i) { return i < keyframe || i > target; };
    if (!m_blocking.empty() && offPath(m_blocking.front().index))
        return true;
    return m_async >= 0 && offPath(m_async);
}

void FrameServer::run() {
    for (;;) {
        int64_t target = -1;
        bool blocking = false;
        bool prefetch = false;
        uint64_t ticket = 0;
        {
            std::unique_lock lock(m_mutex);
            for (;;) {
                if (m_stop)
                    return;
                if (!m_blocking.empty()) {
                    target = m_blocking.front().index;
                    ticket = m_blocking.front().id;
                    m_blocking.pop_front();
                    blocking = true;
                    break;
                }
                if (m_async >= 0) {
                    target = m_async;
                    m_async = -1;
                    break;
                }
                if (m_prefetchDirty) {
                    m_prefetchDirty = false;
                    target = prefetchTargetLocked();
                    if (target >= 0) {
                        prefetch = true;
                        break;
                    }
                    continue;
                }
                m_wake.wait(lock);
            }
        }

        Result<VideoFramePtr> result = makeError(Error::Kind::Internal, QString());
        if (VideoFramePtr hit = m_cache.find(target)) {
            result = hit;
        } else {
            const int64_t keyframe = m_index->keyframeAtOrBefore(target);
            result = m_decoder->decode(
                target, [this](const VideoFramePtr& f) { m_cache.insert(f); },
                [&] { return shouldAbandon(keyframe, target, blocking); });
        }
        {
            std::lock_guard lock(m_mutex);
            m_stats = m_decoder->stats();
            if (blocking)
                m_results.emplace(ticket, result);
            if (!result && result.error().kind == Error::Kind::Corrupt)
                m_undecodable.insert(target);
            // Keep prefetching until the window around the playhead is full.
            m_prefetchDirty = true;
        }
        if (blocking) {
            m_done.notify_all();
            continue;
        }
        if (prefetch)
            continue;
        if (result) {
            QImage image;
            if (m_options.convertForDisplay)
                image = result.value()->toImage();
            Q_EMIT frameReady(result.value(), image);
        } else if (result.error().kind != Error::Kind::Cancelled)
            Q_EMIT frameFailed(target, result.error().message);
    }
}

} // namespace fp
