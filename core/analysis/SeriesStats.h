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

} // namespace fp::stats
