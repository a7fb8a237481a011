#pragma once

// Decoded frames kept for stepping, within a byte budget (default 1 GiB). When over budget it
// evicts the frames behind the direction of travel first, then the farthest ahead, so a
// backward step finds the rest of its GOP (and the GOP before, once prefetched) still here.
// Thread-safety: every method is thread-safe (one internal mutex).

#include "core/media/VideoFrame.h"

#include <cstdint>
#include <mutex>
#include <unordered_map>

namespace fp {

class FrameCache {
public:
    static constexpr int64_t kDefaultBudgetBytes = int64_t(1) << 30;

    explicit FrameCache(int64_t budgetBytes = kDefaultBudgetBytes);

    // Presentation index of the playhead and the direction it moves (+1 forward, -1 backward).
    void setFocus(int64_t index, int direction);
    void insert(const VideoFramePtr& frame);
    VideoFramePtr find(int64_t index) const;
    bool contains(int64_t index) const;
    void clear();

    int64_t bytes() const;
    int64_t budgetBytes() const;
    void setBudgetBytes(int64_t budget);
    int64_t frameCount() const;

private:
    void evictLocked();

    mutable std::mutex m_mutex;
    std::unordered_map<int64_t, VideoFramePtr> m_frames;
    int64_t m_bytes = 0;
    int64_t m_budget = kDefaultBudgetBytes;
    int64_t m_focus = 0;
    int m_direction = 1;
};

} // namespace fp
