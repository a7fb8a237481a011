#pragma once

// Order statistics the analyses share. NaN (no value) entries are ignored; an empty or all-NaN
// input gives NaN. Pure functions, any thread.

#include "core/analysis/AnalysisResult.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace fp::stats {

// The value at rank round(p * (n - 1)) of the sorted values, p in [0, 1].
inline double percentile(std::vector<double> values, double p) {
    values.erase(
        std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
        values.end());
    if (values.empty())
        return kNoValue;
    const size_t k = std::min(values.size() - 1,
                              size_t(std::clamp(p, 0.0, 1.0) * double(values.size() - 1) + 0.5));
    std::nth_element(values.begin(), values.begin() + long(k), values.end());
    return values[k];
}

// The upper middle value (rank n / 2).
inline double median(std::vector<double> values) {
    return percentile(std::move(values), 0.5);
}

// A centred running median over `window` entries (made odd): each entry with a value becomes
// the median of the values around it; entries without a value stay NaN.
inline std::vector<double> runningMedian(const std::vector<double>& values, int window) {
    std::vector<double> out(values.size(), kNoValue), around;
    const int64_t reach = std::max(window, 1) / 2, n = int64_t(values.size());
    for (int64_t i = 0; i < n; ++i) {
        if (std::isnan(values[size_t(i)]))
            continue;
        around.clear();
        for (int64_t k = std::max<int64_t>(0, i - reach); k <= std::min(n - 1, i + reach); ++k) {
            if (!std::isnan(values[size_t(k)]))
                around.push_back(values[size_t(k)]);
        }
        out[size_t(i)] = median(around);
    }
    return out;
}

// A stretch of consecutive entries at or above a threshold: indices [first, last] and its
// largest value.
struct Run {
    int64_t first = 0;
    int64_t last = 0;
    double peak = 0.0;
};

// The stretches where `values` stay at or above `threshold` for at least `minLength` entries in
// a row (an entry without a value ends a stretch), in order.
inline std::vector<Run> runsAtOrAbove(const std::vector<double>& values, double threshold,
                                      int minLength) {
    std::vector<Run> runs;
    int64_t start = -1;
    double peak = 0;
    for (int64_t i = 0; i <= int64_t(values.size()); ++i) {
        const bool above = i < int64_t(values.size()) && !std::isnan(values[size_t(i)]) &&
                           values[size_t(i)] >= threshold;
        if (above) {
            if (start < 0) {
                start = i;
                peak = values[size_t(i)];
            }
            peak = std::max(peak, values[size_t(i)]);
        } else if (start >= 0) {
            if (i - start >= minLength)
                runs.push_back(Run{start, i - 1, peak});
            start = -1;
        }
    }
    return runs;
}

} // namespace fp::stats
