#include "core/analysis/CompressionSignal.h"

#include "core/analysis/SeriesStats.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <map>

namespace fp {

namespace {

struct CompressionSignalText {
    Q_DECLARE_TR_FUNCTIONS(fp::CompressionSignal)
};

// The picture type a frame is judged as: the parser's, or 'I' for a keyframe it could not
// classify; '?' stays unknown.
char pictureTypeOf(const FrameIndexEntry& e) {
    const char t = e.pictureType;
    if (t == 'I' || (e.key && (t == '?' || t == 0)))
        return 'I';
    return t == 0 ? '?' : t;
}

// Per frame: packet size / the median size of the same-type frames within +/- `halfWindow`
// frames (presentation order), widened to at least `minNeighbours` on each side, the frame
// itself left out. NaN for unknown types, empty packets and lone frames of their type.
std::vector<double> typicalSizeRatios(const FrameIndex& index, const std::vector<char>& types,
                                      int64_t halfWindow, int minNeighbours) {
    const int64_t n = index.size();
    std::vector<double> ratio(size_t(n), kNoValue);
    std::map<char, std::vector<int64_t>> framesOfType;
    for (int64_t i = 0; i < n; ++i) {
        if (types[size_t(i)] != '?')
            framesOfType[types[size_t(i)]].push_back(i);
    }
    std::vector<double> neighbours;
    for (const auto& [type, frames] : framesOfType) {
        const int64_t count = int64_t(frames.size());
        for (int64_t j = 0; j < count; ++j) {
            const int64_t frame = frames[size_t(j)];
            int64_t lo = j, hi = j;
            while (lo > 0 &&
                   (frame - frames[size_t(lo - 1)] <= halfWindow || j - lo < minNeighbours))
                --lo;
            while (hi + 1 < count &&
                   (frames[size_t(hi + 1)] - frame <= halfWindow || hi - j < minNeighbours))
                ++hi;
            neighbours.clear();
            for (int64_t k = lo; k <= hi; ++k) {
                if (k != j)
                    neighbours.push_back(double(index.at(frames[size_t(k)]).packetSize));
            }
            const double typical = stats::median(neighbours);
            if (!std::isnan(typical) && typical > 0 && index.at(frame).packetSize > 0)
                ratio[size_t(frame)] = double(index.at(frame).packetSize) / typical;
        }
    }
    return ratio;
}

// Subtracts from `x` the median of each group of frames (key -> frames), for groups with at least
// `minSize` values.
template <typename Key>
void removeGroupMedians(std::vector<double>& x, const std::map<Key, std::vector<size_t>>& groups,
                        int minSize) {
    for (const auto& [key, members] : groups) {
        if (int(members.size()) < minSize)
            continue;
        std::vector<double> values;
        for (size_t i : members)
            values.push_back(x[i]);
        const double m = stats::median(values);
        for (size_t i : members)
            x[i] -= m;
    }
}

struct Comb {
    int period = 0; // frames
    int phase = 0;  // first frame index (presentation order) of the comb
    double z = 0;   // signed: > 0 when the comb's frames are bigger than the others
    int frames = 0; // inter frames with a value on the comb
    double consistency = 0;
    double sizeChange = 0; // typical relative size difference of the comb's frames (0.25 = +25 %)
};

QString percent(double fraction) {
    return QString::number(std::round(fraction * 1000.0) / 10.0);
}

// The signal with what it measures, its limits and its parameters, and nothing measured yet.
SignalResult describedCompressionSignal(const CompressionParameters& p) {
    SignalResult s;
    s.name = QStringLiteral("compression");
    s.title = CompressionSignalText::tr("Compression");
    s.unit = QStringLiteral("packet size / typical size of the same picture type");
    s.reference = QStringLiteral(
        "Wang & Farid, Exposing Digital Forgeries in Video by Detecting Double MPEG Compression, "
        "ACM Multimedia and Security Workshop 2006");
    s.limits = CompressionSignalText::tr(
        "Read from packet sizes only. Scene cuts, fast motion, adaptive GOPs, variable bitrate "
        "and B-frames weaken the trace; an earlier GOP that divides the current one cannot be "
        "told apart from it; a very high-quality re-encode can erase it. Content that changes "
        "regularly (a ticking counter, a blinking light) can imitate it. A re-encode is not "
        "proof of manipulation: most footage is re-encoded on its way to publication.");
    s.parameters = QJsonObject{
        {QStringLiteral("typical_window_s"), p.typicalWindowSeconds},
        {QStringLiteral("typical_min_neighbours"), p.typicalMinNeighbours},
        {QStringLiteral("min_inter_frames"), p.minInterFrames},
        {QStringLiteral("min_period_frames"), p.minPeriod},
        {QStringLiteral("max_period_frames"), p.maxPeriod},
        {QStringLiteral("min_occurrences"), p.minOccurrences},
        {QStringLiteral("min_group_size"), p.minGroupSize},
        {QStringLiteral("clip_at"), p.clipAt},
        {QStringLiteral("finding_strength_z"), p.findingStrength},
        {QStringLiteral("finding_consistency"), p.findingConsistency},
        {QStringLiteral("near_empty_ratio"), p.nearEmptyRatio},
        {QStringLiteral("near_empty_share"), p.nearEmptyShare},
    };
    return s;
}

// Coding structure: picture types, keyframes, GOPs.
struct CodingStructure {
    std::vector<char> types; // per frame (presentation order), as pictureTypeOf() judges it
    std::map<char, int64_t> typeCounts;
    std::map<char, double> typeBytes;
    std::vector<int64_t> keyframes;
    std::vector<int64_t> sortedGops; // keyframe-to-keyframe distances (frames), ascending
    int64_t unknown = 0;
    int64_t intra = 0;
    bool fixedGop = false;
    int64_t currentGop = 0; // the GOP length when it is fixed, else 0
};

CodingStructure codingStructureOf(const FrameIndex& index) {
    const int64_t n = index.size();
    CodingStructure c;
    c.types.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
        const FrameIndexEntry& e = index.at(i);
        const char t = pictureTypeOf(e);
        c.types[size_t(i)] = t;
        ++c.typeCounts[t];
        c.typeBytes[t] += double(e.packetSize);
        c.unknown += t == '?';
        c.intra += t == 'I';
        if (e.key)
            c.keyframes.push_back(i);
    }
    for (size_t k = 1; k < c.keyframes.size(); ++k)
        c.sortedGops.push_back(c.keyframes[k] - c.keyframes[k - 1]);
    std::sort(c.sortedGops.begin(), c.sortedGops.end());
    c.fixedGop = c.sortedGops.size() >= 2 && c.sortedGops.front() == c.sortedGops.back();
    c.currentGop = c.fixedGop ? c.sortedGops.front() : 0;
    return c;
}

QJsonObject codingStructureDetails(const CodingStructure& c, int maxListedKeyframes) {
    QJsonObject counts, meanSize;
    for (const auto& [type, count] : c.typeCounts) {
        const QString key = type == '?' ? QStringLiteral("unknown") : QString(QLatin1Char(type));
        counts.insert(key, qint64(count));
        meanSize.insert(key, std::round(c.typeBytes.at(type) / double(count)));
    }
    QJsonArray keyList;
    for (size_t k = 0; k < c.keyframes.size() && int(k) < maxListedKeyframes; ++k)
        keyList.append(qint64(c.keyframes[k]));
    const std::vector<int64_t>& gops = c.sortedGops;
    QJsonObject gop{{QStringLiteral("count"), qint64(gops.size())},
                    {QStringLiteral("fixed"), c.fixedGop}};
    if (!gops.empty()) {
        gop.insert(QStringLiteral("min_frames"), qint64(gops.front()));
        gop.insert(QStringLiteral("median_frames"), qint64(gops[gops.size() / 2]));
        gop.insert(QStringLiteral("max_frames"), qint64(gops.back()));
    }
    return QJsonObject{{QStringLiteral("picture_types"), counts},
                       {QStringLiteral("mean_packet_bytes"), meanSize},
                       {QStringLiteral("keyframe_count"), qint64(c.keyframes.size())},
                       {QStringLiteral("keyframes"), keyList},
                       {QStringLiteral("keyframes_listed"), qint64(keyList.size())},
                       {QStringLiteral("gop"), gop}};
}

// The clip's frame rate: the stream's average, else frames per second of duration, else 25.
double frameRateOf(const FrameIndex& index) {
    double fps = index.averageFrameRate.valid() ? index.averageFrameRate.toDouble() : 0.0;
    if (!(fps > 0) && index.durationSeconds() > 0)
        fps = double(index.size()) / index.durationSeconds();
    if (!(fps > 0))
        fps = 25.0;
    return fps;
}

// Inter frames: log size ratio, with near-empty frames (repeated pictures) set apart.
struct InterFrames {
    std::vector<double> logRatio; // per frame; NaN for I, unknown, unsized and near-empty frames
    std::vector<int64_t> nearEmpty;
    int64_t count = 0; // inter frames with a size ratio, near-empty ones included
};

InterFrames interFramesOf(const std::vector<double>& ratio, const std::vector<char>& types,
                          double nearEmptyRatio) {
    const int64_t n = int64_t(ratio.size());
    InterFrames inter;
    inter.logRatio.assign(size_t(n), kNoValue);
    for (int64_t i = 0; i < n; ++i) {
        const double r = ratio[size_t(i)];
        if (types[size_t(i)] == 'I' || types[size_t(i)] == '?' || std::isnan(r))
            continue;
        ++inter.count;
        if (r < nearEmptyRatio)
            inter.nearEmpty.push_back(i);
        else
            inter.logRatio[size_t(i)] = std::log(r);
    }
    return inter;
}

// Near-empty inter frames in the details and, from `nearEmptyShare` of them, as a finding that
// says whether they repeat regularly (a frame-rate conversion) or not (frozen frames).
void reportNearEmptyFrames(const InterFrames& inter, const CompressionParameters& p,
                           SignalResult& s) {
    const std::vector<int64_t>& nearEmpty = inter.nearEmpty;
    if (nearEmpty.empty())
        return;
    const double nearEmptyShare =
        inter.count ? double(nearEmpty.size()) / double(inter.count) : 0.0;
    std::map<int64_t, int64_t> spacing;
    for (size_t k = 1; k < nearEmpty.size(); ++k)
        ++spacing[nearEmpty[k] - nearEmpty[k - 1]];
    int64_t commonSpacing = 0, commonCount = 0;
    for (const auto& [gap, count] : spacing) {
        if (count > commonCount) {
            commonSpacing = gap;
            commonCount = count;
        }
    }
    QJsonArray first;
    for (size_t k = 0; k < nearEmpty.size() && k < 100; ++k)
        first.append(qint64(nearEmpty[k]));
    s.details.insert(QStringLiteral("near_empty_frames"),
                     QJsonObject{{QStringLiteral("count"), qint64(nearEmpty.size())},
                                 {QStringLiteral("share_of_inter_frames"), nearEmptyShare},
                                 {QStringLiteral("common_spacing_frames"), qint64(commonSpacing)},
                                 {QStringLiteral("frames"), first}});
    if (nearEmptyShare < p.nearEmptyShare || nearEmpty.size() < 3)
        return;
    const bool regular = double(commonCount) >= 0.6 * double(nearEmpty.size() - 1);
    s.findings.push_back(Finding{
        s.name, nearEmpty.front(), nearEmpty.back(), QStringLiteral("low"),
        regular ? CompressionSignalText::tr(
                      "%1 predicted frames (%2 % of them) are nearly empty, mostly every %3 "
                      "frames (first at frame %4): the picture repeats the previous one, as a "
                      "frame-rate conversion by duplicating frames leaves. The clip was "
                      "processed before this encoding.")
                      .arg(nearEmpty.size())
                      .arg(percent(nearEmptyShare))
                      .arg(commonSpacing)
                      .arg(nearEmpty.front())
                : CompressionSignalText::tr(
                      "%1 predicted frames (%2 % of them) are nearly empty (first at frame "
                      "%3): the picture barely changes there (repeated or frozen frames).")
                      .arg(nearEmpty.size())
                      .arg(percent(nearEmptyShare))
                      .arg(nearEmpty.front())});
}

// Removes from `x` what the current encoder does on purpose: the pattern of its mini-GOP (type
// and distance to the previous I/P frame) and the drift along its GOP (distance to the previous
// keyframe).
void removeCodingPattern(std::vector<double>& x, const std::vector<char>& types,
                         const FrameIndex& index, int minGroupSize) {
    std::map<std::pair<char, int64_t>, std::vector<size_t>> byMiniGop;
    std::map<int64_t, std::vector<size_t>> byGopPosition;
    int64_t lastAnchor = -1, lastKey = -1;
    for (int64_t i = 0; i < int64_t(x.size()); ++i) {
        if (!std::isnan(x[size_t(i)])) {
            byMiniGop[{types[size_t(i)], i - lastAnchor}].push_back(size_t(i));
            byGopPosition[i - lastKey].push_back(size_t(i));
        }
        if (types[size_t(i)] == 'I' || types[size_t(i)] == 'P')
            lastAnchor = i;
        if (index.at(i).key)
            lastKey = i;
    }
    removeGroupMedians(x, byMiniGop, minGroupSize);
    removeGroupMedians(x, byGopPosition, minGroupSize);
}

// `x` standardised per picture type (median, MAD) and clipped, so a few scene cuts cannot
// dominate; NaN outside `valued` and for types with too few frames.
std::vector<double> standardisedPerType(const std::vector<double>& x,
                                        const std::vector<size_t>& valued,
                                        const std::vector<char>& types,
                                        const CompressionParameters& p) {
    std::vector<double> u(x.size(), kNoValue);
    std::map<char, std::vector<size_t>> byType;
    for (size_t i : valued)
        byType[types[i]].push_back(i);
    for (const auto& [type, members] : byType) {
        if (int(members.size()) < p.minGroupSize)
            continue;
        std::vector<double> values;
        for (size_t i : members)
            values.push_back(x[i]);
        const double centre = stats::median(values);
        for (double& v : values)
            v = std::abs(v - centre);
        const double scale = std::max(1.4826 * stats::median(values), 0.01);
        for (size_t i : members)
            u[i] = std::clamp((x[i] - centre) / scale, -p.clipAt, p.clipAt);
    }
    return u;
}

// Sum, count and sample standard deviation of the values that are not NaN.
struct Moments {
    double total = 0;
    int64_t count = 0;
    double spread = 1.0;
};

Moments momentsOf(const std::vector<double>& u) {
    Moments m;
    double totalSquares = 0;
    for (double v : u) {
        if (!std::isnan(v)) {
            m.total += v;
            totalSquares += v * v;
            ++m.count;
        }
    }
    if (m.count > 1)
        m.spread = std::sqrt(std::max(
            (totalSquares - m.total * m.total / double(m.count)) / double(m.count - 1), 1e-12));
    return m;
}

// The comb: every candidate period and phase against the rest. Per period (shortest first) its
// strongest phase; periods that are multiples of a fixed current GOP, or without a phase that
// has enough frames on and off the comb, are left out.
std::vector<Comb> strongestCombPerPeriod(const std::vector<double>& u, const Moments& m,
                                         int64_t currentGop, const CompressionParameters& p) {
    const int64_t n = int64_t(u.size());
    const int maxPeriod = int(std::min<int64_t>(p.maxPeriod, n / std::max(1, p.minOccurrences)));
    std::vector<Comb> perPeriod;
    std::vector<double> sums;
    std::vector<int> counts;
    for (int period = std::max(2, p.minPeriod); period <= maxPeriod; ++period) {
        if (currentGop > 0 && period % currentGop == 0)
            continue;
        sums.assign(size_t(period), 0.0);
        counts.assign(size_t(period), 0);
        for (int64_t i = 0; i < n; ++i) {
            const double v = u[size_t(i)];
            if (!std::isnan(v)) {
                sums[size_t(i % period)] += v;
                ++counts[size_t(i % period)];
            }
        }
        Comb local;
        for (int phase = 0; phase < period; ++phase) {
            const int on = counts[size_t(phase)];
            const int64_t off = m.count - on;
            if (on < p.minOccurrences || off < p.minOccurrences)
                continue;
            const double meanOn = sums[size_t(phase)] / on;
            const double meanOff = (m.total - sums[size_t(phase)]) / double(off);
            const double z =
                (meanOn - meanOff) / (m.spread * std::sqrt(1.0 / on + 1.0 / double(off)));
            if (std::abs(z) > std::abs(local.z) + 1e-9)
                local = Comb{period, phase, z, on, 0, 0};
        }
        if (local.period != 0)
            perPeriod.push_back(local);
    }
    return perPeriod;
}

// The strongest of `combs` (the first of equals); period 0 when there is none.
Comb strongestOf(const std::vector<Comb>& combs) {
    Comb best;
    for (const Comb& c : combs) {
        if (std::abs(c.z) > std::abs(best.z) + 1e-9)
            best = c;
    }
    return best;
}

// How consistent and how large the comb is: the share of its frames on the side of its sign,
// and the typical relative size difference of its frames from the others.
void measureComb(Comb& best, const std::vector<double>& x, const std::vector<double>& u) {
    const int64_t n = int64_t(u.size());
    const double meanOff = [&] {
        double sum = 0;
        int64_t c = 0;
        for (int64_t i = 0; i < n; ++i) {
            if (!std::isnan(u[size_t(i)]) && i % best.period != best.phase) {
                sum += u[size_t(i)];
                ++c;
            }
        }
        return c ? sum / double(c) : 0.0;
    }();
    std::vector<double> on, off;
    int agree = 0;
    for (int64_t i = 0; i < n; ++i) {
        if (std::isnan(u[size_t(i)]))
            continue;
        if (i % best.period == best.phase) {
            on.push_back(x[size_t(i)]);
            agree += ((u[size_t(i)] - meanOff) * best.z) > 0;
        } else {
            off.push_back(x[size_t(i)]);
        }
    }
    best.consistency = on.empty() ? 0.0 : double(agree) / double(on.size());
    best.sizeChange = std::exp(stats::median(on) - stats::median(off)) - 1.0;
}

QJsonObject doubleCompressionDetails(const Comb& best, std::vector<Comb> perPeriod, int64_t n,
                                     int64_t currentGop, bool found) {
    std::sort(perPeriod.begin(), perPeriod.end(), [](const Comb& a, const Comb& b) {
        return std::abs(a.z) > std::abs(b.z) + 1e-9 ||
               (std::abs(std::abs(a.z) - std::abs(b.z)) <= 1e-9 && a.period < b.period);
    });
    QJsonArray candidates;
    for (size_t k = 0; k < perPeriod.size() && k < 5; ++k)
        candidates.append(QJsonObject{{QStringLiteral("period_frames"), perPeriod[k].period},
                                      {QStringLiteral("phase_frame"), perPeriod[k].phase},
                                      {QStringLiteral("z"), perPeriod[k].z}});
    QJsonArray combFrames;
    for (int64_t i = best.phase; i < n && combFrames.size() < 100; i += best.period)
        combFrames.append(qint64(i));
    return QJsonObject{{QStringLiteral("period_frames"), best.period},
                       {QStringLiteral("phase_frame"), best.phase},
                       {QStringLiteral("z"), best.z},
                       {QStringLiteral("strength"), std::abs(best.z)},
                       {QStringLiteral("frames_on_comb"), best.frames},
                       {QStringLiteral("consistency"), best.consistency},
                       {QStringLiteral("size_change"), best.sizeChange},
                       {QStringLiteral("excluded_current_gop_frames"), qint64(currentGop)},
                       {QStringLiteral("comb_frames"), combFrames},
                       {QStringLiteral("candidates"), candidates},
                       {QStringLiteral("indicated"), found}};
}

// The comb as a finding on the frames it covers.
Finding combFinding(const QString& signal, const Comb& best, double fps, int64_t n,
                    const CompressionParameters& p) {
    // A frame-rate conversion that repeats one picture in T leaves the same comb: name it
    // when fps * (T - 1) / T is a common rate (e.g. 24 -> 30 fps gives T = 5, 25 -> 30 T = 6).
    QString conversion;
    const double sourceRate = fps * double(best.period - 1) / double(best.period);
    for (double common : {23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 59.94, 60.0}) {
        if (std::abs(sourceRate - common) <= 0.005 * common)
            conversion =
                CompressionSignalText::tr(
                    " The same pattern is left by a frame-rate conversion from %1 fps that "
                    "repeats one picture in %2.")
                    .arg(common)
                    .arg(best.period);
    }
    const int64_t last = best.phase + (n - 1 - best.phase) / best.period * best.period;
    QStringList first;
    for (int64_t i = best.phase; i < n && first.size() < 6; i += best.period)
        first << QString::number(i);
    return Finding{
        signal, best.phase, last,
        std::abs(best.z) >= 1.5 * p.findingStrength ? QStringLiteral("medium")
                                                    : QStringLiteral("low"),
        CompressionSignalText::tr(
            "Predicted frames every %1 frames starting at frame %2 (%3, ...) are %4 % %5 than "
            "their neighbours (z %6): the clip was probably encoded before with keyframes "
            "every %1 frames, at those frames, and then decoded and encoded again. "
            "Re-encoding is common and not itself manipulation, but it can hide edits.%7")
            .arg(best.period)
            .arg(best.phase)
            .arg(first.join(QStringLiteral(", ")))
            .arg(percent(std::abs(best.sizeChange)))
            .arg(best.sizeChange >= 0 ? CompressionSignalText::tr("larger")
                                      : CompressionSignalText::tr("smaller"))
            .arg(QString::number(std::abs(best.z), 'f', 1))
            .arg(conversion)};
}

} // namespace

SignalResult compressionSignal(const FrameIndex& index, const CompressionParameters& p) {
    SignalResult s = describedCompressionSignal(p);
    const int64_t n = index.size();
    s.perFrame.assign(size_t(n), kNoValue);
    if (n == 0) {
        s.abstained = true;
        s.reason = CompressionSignalText::tr("no video frames");
        return s;
    }
    const CodingStructure coding = codingStructureOf(index);
    s.details = codingStructureDetails(coding, p.maxListedKeyframes);

    // Per frame: size against the typical size of the same type.
    const double fps = frameRateOf(index);
    const int64_t halfWindow = std::max<int64_t>(1, std::llround(p.typicalWindowSeconds * fps));
    const std::vector<double> ratio =
        typicalSizeRatios(index, coding.types, halfWindow, p.typicalMinNeighbours);
    s.perFrame = ratio;

    if (coding.unknown * 2 > n) {
        s.abstained = true;
        s.reason = CompressionSignalText::tr(
            "picture types unknown: the stream's parser does not report them");
        s.score = kNoValue;
        return s;
    }
    if (coding.intra == n) {
        s.abstained = true;
        s.reason = CompressionSignalText::tr(
            "intra-only: every frame is an I-frame, so there are no predicted frames "
            "whose sizes could show an earlier encoding");
        return s;
    }

    InterFrames inter = interFramesOf(ratio, coding.types, p.nearEmptyRatio);
    reportNearEmptyFrames(inter, p, s);
    std::vector<double>& x = inter.logRatio;
    std::vector<size_t> valued;
    for (int64_t i = 0; i < n; ++i) {
        if (!std::isnan(x[size_t(i)]))
            valued.push_back(size_t(i));
    }
    if (int64_t(valued.size()) < p.minInterFrames) {
        s.abstained = true;
        s.reason = CompressionSignalText::tr(
                       "too few predicted frames to look for an earlier GOP (%1; at least %2 "
                       "needed)")
                       .arg(valued.size())
                       .arg(p.minInterFrames);
        return s;
    }

    removeCodingPattern(x, coding.types, index, p.minGroupSize);
    const std::vector<double> u = standardisedPerType(x, valued, coding.types, p);
    std::vector<Comb> perPeriod = strongestCombPerPeriod(u, momentsOf(u), coding.currentGop, p);
    Comb best = strongestOf(perPeriod);
    if (best.period == 0) {
        s.abstained = true;
        s.reason = CompressionSignalText::tr("the clip is too short to look for an earlier GOP");
        return s;
    }
    measureComb(best, x, u);

    const bool found =
        std::abs(best.z) >= p.findingStrength && best.consistency >= p.findingConsistency;
    s.details.insert(
        QStringLiteral("double_compression"),
        doubleCompressionDetails(best, std::move(perPeriod), n, coding.currentGop, found));
    s.score = std::abs(best.z);
    s.reason =
        found ? CompressionSignalText::tr(
                    "predicted-frame sizes repeat every %1 frames (z %2): probably encoded before "
                    "with keyframes every %1 frames")
                    .arg(best.period)
                    .arg(QString::number(std::abs(best.z), 'f', 1))
              : CompressionSignalText::tr(
                    "no periodic trace of an earlier encoding (strongest: every %1 frames, z %2)")
                    .arg(best.period)
                    .arg(QString::number(std::abs(best.z), 'f', 1));
    if (found)
        s.findings.push_back(combFinding(s.name, best, fps, n, p));
    return s;
}

} // namespace fp
