#include "core/validation/Roc.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace fp::validation {

namespace {

// Flagged counts at threshold t: values >= t.
int countAtLeast(const std::vector<double>& sorted, double t) {
    return int(sorted.end() - std::lower_bound(sorted.begin(), sorted.end(), t));
}

std::vector<double> sortedCopy(const std::vector<double>& v) {
    std::vector<double> s = v;
    std::sort(s.begin(), s.end());
    return s;
}

// The Mann-Whitney U of generated over genuine, divided by both sizes; both sorted.
double aucOfSorted(const std::vector<double>& genuine, const std::vector<double>& generated) {
    if (genuine.empty() || generated.empty())
        return std::numeric_limits<double>::quiet_NaN();
    double wins = 0.0;
    for (double g : generated) {
        const auto lower = std::lower_bound(genuine.begin(), genuine.end(), g);
        const auto upper = std::upper_bound(lower, genuine.end(), g);
        wins += double(lower - genuine.begin()) + 0.5 * double(upper - lower);
    }
    return wins / (double(genuine.size()) * double(generated.size()));
}

} // namespace

std::vector<RocPoint> rocCurve(const std::vector<double>& genuine,
                               const std::vector<double>& generated) {
    const std::vector<double> neg = sortedCopy(genuine);
    const std::vector<double> pos = sortedCopy(generated);
    std::vector<double> thresholds = neg;
    thresholds.insert(thresholds.end(), pos.begin(), pos.end());
    std::sort(thresholds.begin(), thresholds.end(), std::greater<>());
    thresholds.erase(std::unique(thresholds.begin(), thresholds.end()), thresholds.end());
    const double n = double(std::max<size_t>(1, neg.size()));
    const double p = double(std::max<size_t>(1, pos.size()));
    std::vector<RocPoint> curve;
    curve.push_back({std::numeric_limits<double>::infinity(), 0.0, 0.0});
    for (double t : thresholds)
        curve.push_back({t, countAtLeast(neg, t) / n, countAtLeast(pos, t) / p});
    return curve;
}

double rocAuc(const std::vector<double>& genuine, const std::vector<double>& generated) {
    return aucOfSorted(sortedCopy(genuine), sortedCopy(generated));
}

AucInterval bootstrapAucInterval(const std::vector<double>& genuine,
                                 const std::vector<double>& generated, int resamples, double level,
                                 uint64_t seed) {
    AucInterval out;
    if (genuine.empty() || generated.empty() || resamples < 1)
        return {std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN(),
                0};
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<size_t> pickGenuine(0, genuine.size() - 1);
    std::uniform_int_distribution<size_t> pickGenerated(0, generated.size() - 1);
    std::vector<double> aucs;
    aucs.reserve(size_t(resamples));
    std::vector<double> neg(genuine.size());
    std::vector<double> pos(generated.size());
    for (int r = 0; r < resamples; ++r) {
        for (double& v : neg)
            v = genuine[pickGenuine(random)];
        for (double& v : pos)
            v = generated[pickGenerated(random)];
        std::sort(neg.begin(), neg.end());
        std::sort(pos.begin(), pos.end());
        aucs.push_back(aucOfSorted(neg, pos));
    }
    std::sort(aucs.begin(), aucs.end());
    const double tail = (1.0 - level) / 2.0;
    const auto quantile = [&aucs](double q) {
        const double at = q * double(aucs.size() - 1);
        const size_t i = size_t(std::floor(at));
        const size_t j = std::min(aucs.size() - 1, i + 1);
        return aucs[i] + (aucs[j] - aucs[i]) * (at - double(i));
    };
    out.low = quantile(tail);
    out.high = quantile(1.0 - tail);
    out.resamples = resamples;
    return out;
}

std::vector<OperatingPoint> operatingPoints(const std::vector<double>& genuine,
                                            const std::vector<double>& generated,
                                            const std::vector<double>& targets) {
    std::vector<OperatingPoint> points;
    if (genuine.empty())
        return points;
    const std::vector<double> neg = sortedCopy(genuine);
    const std::vector<double> pos = sortedCopy(generated);
    const std::vector<RocPoint> curve = rocCurve(genuine, generated);
    for (double target : targets) {
        // The curve runs from strict to loose: the last point within the target is the best.
        RocPoint best = curve.front();
        for (const RocPoint& point : curve) {
            if (point.falseAlarmRate <= target + 1e-12)
                best = point;
        }
        OperatingPoint op;
        op.targetFalseAlarmRate = target;
        op.threshold = best.threshold;
        op.genuineFlagged = std::isinf(best.threshold) ? 0 : countAtLeast(neg, best.threshold);
        const int hits = std::isinf(best.threshold) ? 0 : countAtLeast(pos, best.threshold);
        op.generatedMissed = int(pos.size()) - hits;
        op.falseAlarmRate = double(op.genuineFlagged) / double(neg.size());
        op.missRate = pos.empty() ? std::numeric_limits<double>::quiet_NaN()
                                  : double(op.generatedMissed) / double(pos.size());
        points.push_back(op);
    }
    return points;
}

} // namespace fp::validation
