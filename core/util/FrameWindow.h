#pragma once

// The visible frame range of a frame-axis view (the signal plots, the lip-sync plots): a window
// [first, last] of presentation frame indices, clamped to a clip of `frames` frames and at least
// kMinVisibleFrames wide (or the whole clip when it is shorter). Pure value; any thread.

#include <algorithm>
#include <cstdint>
#include <utility>

namespace fp {

struct FrameWindow {
    static constexpr int64_t kMinVisibleFrames = 10;

    int64_t first = 0; // inclusive, presentation frame index
    int64_t last = 0;  // inclusive

    int64_t span() const { return last - first + 1; }

    // [first, last] (either order) moved and resized to fit a clip of `frames` frames: shorter
    // than the minimum it grows around its middle, longer than the clip it becomes the clip,
    // past an end it slides back in keeping its length. Without frames: {0, 0}.
    static FrameWindow clamped(int64_t first, int64_t last, int64_t frames) {
        if (first > last)
            std::swap(first, last);
        if (frames <= 0)
            return {0, 0};
        const int64_t minSpan = std::min(kMinVisibleFrames, frames);
        if (last - first + 1 < minSpan) {
            const int64_t centre = first + (last - first) / 2;
            first = centre - minSpan / 2;
            last = first + minSpan - 1;
        }
        if (last - first + 1 > frames) {
            first = 0;
            last = frames - 1;
        }
        if (first < 0) {
            last -= first;
            first = 0;
        }
        if (last > frames - 1) {
            first -= last - (frames - 1);
            last = frames - 1;
        }
        return {first, last};
    }

    bool operator==(const FrameWindow&) const = default;
};

} // namespace fp
