#include "core/media/FrameCache.h"

#include <algorithm>

namespace fp {

FrameCache::FrameCache(int64_t budgetBytes)
    : m_budget(std::max<int64_t>(budgetBytes, 0)) {}

void FrameCache::setFocus(int64_t index, int direction) {
    std::lock_guard lock(m_mutex);
    m_focus = index;
    if (direction != 0)
        m_direction = direction > 0 ? 1 : -1;
}

void FrameCache::insert(const VideoFramePtr& frame) {
    if (!frame)
        return;
    std::lock_guard lock(m_mutex);
    auto [it, inserted] = m_frames.try_emplace(frame->index(), frame);
    if (!inserted)
        return;
    m_bytes += frame->byteSize();
    evictLocked();
}

VideoFramePtr FrameCache::find(int64_t index) const {
    std::lock_guard lock(m_mutex);
    auto it = m_frames.find(index);
    return it == m_frames.end() ? nullptr : it->second;
}

bool FrameCache::contains(int64_t index) const {
    std::lock_guard lock(m_mutex);
    return m_frames.count(index) != 0;
}

void FrameCache::clear() {
    std::lock_guard lock(m_mutex);
    m_frames.clear();
    m_bytes = 0;
}

int64_t FrameCache::bytes() const {
    std::lock_guard lock(m_mutex);
    return m_bytes;
}

int64_t FrameCache::budgetBytes() const {
    std::lock_guard lock(m_mutex);
    return m_budget;
}

void FrameCache::setBudgetBytes(int64_t budget) {
    std::lock_guard lock(m_mutex);
    m_budget = std::max<int64_t>(budget, 0);
    evictLocked();
}

int64_t FrameCache::frameCount() const {
    std::lock_guard lock(m_mutex);
    return int64_t(m_frames.size());
}

void FrameCache::evictLocked() {
    if (m_bytes <= m_budget)
        return;
    // Rank once: every frame behind the direction of travel goes before any frame ahead of it,
    // farthest first within each side.
    std::vector<std::pair<int64_t, int64_t>> ranked; // (rank, index)
    ranked.reserve(m_frames.size());
    constexpr int64_t kBehind = int64_t(1) << 40;
    for (const auto& [index, frame] : m_frames) {
        const int64_t offset = index - m_focus;
        const bool behind = (offset > 0 && m_direction < 0) || (offset < 0 && m_direction > 0);
        ranked.emplace_back((offset < 0 ? -offset : offset) + (behind ? kBehind : 0), index);
    }
    std::sort(ranked.begin(), ranked.end(), std::greater<>());
    for (const auto& [distance, index] : ranked) {
        if (m_bytes <= m_budget)
            break;
        auto it = m_frames.find(index);
        m_bytes -= it->second->byteSize();
        m_frames.erase(it);
    }
}

} // namespace fp
