#include "core/analysis/CompressionSignal.h"

#include "core/analysis/SeriesStats.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <map>

namespace fp {

namespace {

QString tr(const char* text, const char* disambiguation = nullptr, int n = -1) {
    return QCoreApplication::translate("fp::CompressionSignal", text, disambiguation, n);
}

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

} // namespace

SignalResult compressionSignal(const FrameIndex& index, const CompressionParameters& p) {
    SignalResult s;
    s.name = QStringLiteral("compression");
    s.title = tr("Compression");
    s.unit = QStringLiteral("packet size / typical size of the same picture type");
    s.reference = QStringLiteral(
        "Wang & Farid, Exposing Digital Forgeries in Video by Detecting Double MPEG Compression, "
        "ACM Multimedia and Security Workshop 2006");
    s.limits =
        tr("Read from packet sizes only. Scene cuts, fast motion, adaptive GOPs, variable bitrate "
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
    const int64_t n = index.size();
    s.perFrame.assign(size_t(n), kNoValue);
    if (n == 0) {
        s.abstained = true;
        s.reason = tr("no video frames");
        return s;
    }

    // Coding structure: picture types, keyframes, GOPs.
    std::vector<char> types(static_cast<size_t>(n));
    std::map<char, int64_t> typeCounts;
    std::map<char, double> typeBytes;
    std::vector<int64_t> keyframes;
    int64_t unknown = 0, intra = 0;
    for (int64_t i = 0; i < n; ++i) {
        const FrameIndexEntry& e = index.at(i);
        const char t = pictureTypeOf(e);
        types[size_t(i)] = t;
        ++typeCounts[t];
        typeBytes[t] += double(e.packetSize);
        unknown += t == '?';
        intra += t == 'I';
        if (e.key)
            keyframes.push_back(i);
    }
    std::vector<int64_t> gops;
    for (size_t k = 1; k < keyframes.size(); ++k)
        gops.push_back(keyframes[k] - keyframes[k - 1]);
    std::vector<int64_t> sortedGops = gops;
    std::sort(sortedGops.begin(), sortedGops.end());
    const bool fixedGop = sortedGops.size() >= 2 && sortedGops.front() == sortedGops.back();
    const int64_t currentGop = fixedGop ? sortedGops.front() : 0;

    QJsonObject counts, meanSize;
    for (const auto& [type, count] : typeCounts) {
        const QString key = type == '?' ? QStringLiteral("unknown") : QString(QLatin1Char(type));
        counts.insert(key, qint64(count));
        meanSize.insert(key, std::round(typeBytes[type] / double(count)));
    }
    QJsonArray keyList;
    for (size_t k = 0; k < keyframes.size() && int(k) < p.maxListedKeyframes; ++k)
        keyList.append(qint64(keyframes[k]));
    QJsonObject gop{{QStringLiteral("count"), qint64(gops.size())},
                    {QStringLiteral("fixed"), fixedGop}};
    if (!sortedGops.empty()) {
        gop.insert(QStringLiteral("min_frames"), qint64(sortedGops.front()));
        gop.insert(QStringLiteral("median_frames"), qint64(sortedGops[sortedGops.size() / 2]));
        gop.insert(QStringLiteral("max_frames"), qint64(sortedGops.back()));
    }
    s.details = QJsonObject{{QStringLiteral("picture_types"), counts},
                            {QStringLiteral("mean_packet_bytes"), meanSize},
                            {QStringLiteral("keyframe_count"), qint64(keyframes.size())},
                            {QStringLiteral("keyframes"), keyList},
                            {QStringLiteral("keyframes_listed"), qint64(keyList.size())},
                            {QStringLiteral("gop"), gop}};

    // Per frame: size against the typical size of the same type.
    double fps = index.averageFrameRate.valid() ? index.averageFrameRate.toDouble() : 0.0;
    if (!(fps > 0) && index.durationSeconds() > 0)
        fps = double(n) / index.durationSeconds();
    if (!(fps > 0))
        fps = 25.0;
    const int64_t halfWindow = std::max<int64_t>(1, std::llround(p.typicalWindowSeconds * fps));
    const std::vector<double> ratio =
        typicalSizeRatios(index, types, halfWindow, p.typicalMinNeighbours);
    s.perFrame = ratio;

    if (unknown * 2 > n) {
        s.abstained = true;
        s.reason = tr("picture types unknown: the stream's parser does not report them");
        s.score = kNoValue;
        return s;
    }
    if (intra == n) {
        s.abstained = true;
        s.reason = tr("intra-only: every frame is an I-frame, so there are no predicted frames "
                      "whose sizes could show an earlier encoding");
        return s;
    }

    // Inter frames: log size ratio, with near-empty frames (repeated pictures) set apart.
    std::vector<double> x(size_t(n), kNoValue);
    std::vector<int64_t> nearEmpty;
    int64_t inter = 0;
    for (int64_t i = 0; i < n; ++i) {
        const double r = ratio[size_t(i)];
        if (types[size_t(i)] == 'I' || types[size_t(i)] == '?' || std::isnan(r))
            continue;
        ++inter;
        if (r < p.nearEmptyRatio)
            nearEmpty.push_back(i);
        else
            x[size_t(i)] = std::log(r);
    }
    const double nearEmptyShare = inter ? double(nearEmpty.size()) / double(inter) : 0.0;
    if (!nearEmpty.empty()) {
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
        s.details.insert(
            QStringLiteral("near_empty_frames"),
            QJsonObject{{QStringLiteral("count"), qint64(nearEmpty.size())},
                        {QStringLiteral("share_of_inter_frames"), nearEmptyShare},
                        {QStringLiteral("common_spacing_frames"), qint64(commonSpacing)},
                        {QStringLiteral("frames"), first}});
        if (nearEmptyShare >= p.nearEmptyShare && nearEmpty.size() >= 3) {
            const bool regular = double(commonCount) >= 0.6 * double(nearEmpty.size() - 1);
            s.findings.push_back(Finding{
                s.name, nearEmpty.front(), nearEmpty.back(), QStringLiteral("low"),
                regular
                    ? tr("%1 predicted frames (%2 % of them) are nearly empty, mostly every %3 "
                         "frames (first at frame %4): the picture repeats the previous one, as a "
                         "frame-rate conversion by duplicating frames leaves. The clip was "
                         "processed before this encoding.")
                          .arg(nearEmpty.size())
                          .arg(percent(nearEmptyShare))
                          .arg(commonSpacing)
                          .arg(nearEmpty.front())
                    : tr("%1 predicted frames (%2 % of them) are nearly empty (first at frame "
                         "%3): the picture barely changes there (repeated or frozen frames).")
                          .arg(nearEmpty.size())
                          .arg(percent(nearEmptyShare))
                          .arg(nearEmpty.front())});
        }
    }

    std::vector<size_t> valued;
    for (int64_t i = 0; i < n; ++i) {
        if (!std::isnan(x[size_t(i)]))
            valued.push_back(size_t(i));
    }
    if (int64_t(valued.size()) < p.minInterFrames) {
        s.abstained = true;
        s.reason = tr("too few predicted frames to look for an earlier GOP (%1; at least %2 "
                      "needed)")
                       .arg(valued.size())
                       .arg(p.minInterFrames);
        return s;
    }

    // Remove what the current encoder does on purpose: the pattern of its mini-GOP (type and
    // distance to the previous I/P frame) and the drift along its GOP (distance to the previous
    // keyframe).
    {
        std::map<std::pair<char, int64_t>, std::vector<size_t>> byMiniGop;
        std::map<int64_t, std::vector<size_t>> byGopPosition;
        int64_t lastAnchor = -1, lastKey = -1;
        for (int64_t i = 0; i < n; ++i) {
            if (!std::isnan(x[size_t(i)])) {
                byMiniGop[{types[size_t(i)], i - lastAnchor}].push_back(size_t(i));
                byGopPosition[i - lastKey].push_back(size_t(i));
            }
            if (types[size_t(i)] == 'I' || types[size_t(i)] == 'P')
                lastAnchor = i;
            if (index.at(i).key)
                lastKey = i;
        }
        removeGroupMedians(x, byMiniGop, p.minGroupSize);
        removeGroupMedians(x, byGopPosition, p.minGroupSize);
    }
    // Standardise per picture type (median, MAD) and clip, so a few scene cuts cannot dominate.
    std::vector<double> u(size_t(n), kNoValue);
    {
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
    }
    double total = 0, totalSquares = 0;
    int64_t count = 0;
    for (double v : u) {
        if (!std::isnan(v)) {
            total += v;
            totalSquares += v * v;
            ++count;
        }
    }
    const double spread =
        count > 1 ? std::sqrt(std::max(
                        (totalSquares - total * total / double(count)) / double(count - 1), 1e-12))
                  : 1.0;

    // The comb: every candidate period and phase against the rest.
    const int maxPeriod = int(std::min<int64_t>(p.maxPeriod, n / std::max(1, p.minOccurrences)));
    Comb best;
    std::vector<Comb> bestPerPeriod;
    std::vector<double> sums;
    std::vector<int> counts2;
    for (int period = std::max(2, p.minPeriod); period <= maxPeriod; ++period) {
        if (currentGop > 0 && period % currentGop == 0)
            continue;
        sums.assign(size_t(period), 0.0);
        counts2.assign(size_t(period), 0);
        for (int64_t i = 0; i < n; ++i) {
            const double v = u[size_t(i)];
            if (!std::isnan(v)) {
                sums[size_t(i % period)] += v;
                ++counts2[size_t(i % period)];
            }
        }
        Comb local;
        for (int phase = 0; phase < period; ++phase) {
            const int on = counts2[size_t(phase)];
            const int64_t off = count - on;
            if (on < p.minOccurrences || off < p.minOccurrences)
                continue;
            const double meanOn = sums[size_t(phase)] / on;
            const double meanOff = (total - sums[size_t(phase)]) / double(off);
            const double z =
                (meanOn - meanOff) / (spread * std::sqrt(1.0 / on + 1.0 / double(off)));
            if (std::abs(z) > std::abs(local.z) + 1e-9)
                local = Comb{period, phase, z, on, 0, 0};
        }
        if (local.period == 0)
            continue;
        bestPerPeriod.push_back(local);
        if (std::abs(local.z) > std::abs(best.z) + 1e-9)
            best = local;
    }
    if (best.period == 0) {
        s.abstained = true;
        s.reason = tr("the clip is too short to look for an earlier GOP");
        return s;
    }

    // How consistent and how large the comb is.
    {
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

    std::sort(bestPerPeriod.begin(), bestPerPeriod.end(), [](const Comb& a, const Comb& b) {
        return std::abs(a.z) > std::abs(b.z) + 1e-9 ||
               (std::abs(std::abs(a.z) - std::abs(b.z)) <= 1e-9 && a.period < b.period);
    });
    QJsonArray candidates;
    for (size_t k = 0; k < bestPerPeriod.size() && k < 5; ++k)
        candidates.append(QJsonObject{{QStringLiteral("period_frames"), bestPerPeriod[k].period},
                                      {QStringLiteral("phase_frame"), bestPerPeriod[k].phase},
                                      {QStringLiteral("z"), bestPerPeriod[k].z}});
    QJsonArray combFrames;
    for (int64_t i = best.phase; i < n && combFrames.size() < 100; i += best.period)
        combFrames.append(qint64(i));
    const bool found =
        std::abs(best.z) >= p.findingStrength && best.consistency >= p.findingConsistency;
    s.details.insert(
        QStringLiteral("double_compression"),
        QJsonObject{{QStringLiteral("period_frames"), best.period},
                    {QStringLiteral("phase_frame"), best.phase},
                    {QStringLiteral("z"), best.z},
                    {QStringLiteral("strength"), std::abs(best.z)},
                    {QStringLiteral("frames_on_comb"), best.frames},
                    {QStringLiteral("consistency"), best.consistency},
                    {QStringLiteral("size_change"), best.sizeChange},
                    {QStringLiteral("excluded_current_gop_frames"), qint64(currentGop)},
                    {QStringLiteral("comb_frames"), combFrames},
                    {QStringLiteral("candidates"), candidates},
                    {QStringLiteral("indicated"), found}});
    s.score = std::abs(best.z);
    s.reason =
        found ? tr("predicted-frame sizes repeat every %1 frames (z %2): probably encoded before "
                   "with keyframes every %1 frames")
                    .arg(best.period)
                    .arg(QString::number(std::abs(best.z), 'f', 1))
              : tr("no periodic trace of an earlier encoding (strongest: every %1 frames, z %2)")
                    .arg(best.period)
                    .arg(QString::number(std::abs(best.z), 'f', 1));
    if (found) {
        // A frame-rate conversion that repeats one picture in T leaves the same comb: name it
        // when fps * (T - 1) / T is a common rate (e.g. 24 -> 30 fps gives T = 5, 25 -> 30 T = 6).
        QString conversion;
        const double sourceRate = fps * double(best.period - 1) / double(best.period);
        for (double common : {23.976, 24.0, 25.0, 29.97, 30.0, 50.0, 59.94, 60.0}) {
            if (std::abs(sourceRate - common) <= 0.005 * common)
                conversion =
                    tr(" The same pattern is left by a frame-rate conversion from %1 fps that "
                       "repeats one picture in %2.")
                        .arg(common)
                        .arg(best.period);
        }
        const int64_t last = best.phase + (n - 1 - best.phase) / best.period * best.period;
        QStringList first;
        for (int64_t i = best.phase; i < n && first.size() < 6; i += best.period)
            first << QString::number(i);
        s.findings.push_back(Finding{
            s.name, best.phase, last,
            std::abs(best.z) >= 1.5 * p.findingStrength ? QStringLiteral("medium")
                                                        : QStringLiteral("low"),
            tr("Predicted frames every %1 frames starting at frame %2 (%3, ...) are %4 % %5 than "
               "their neighbours (z %6): the clip was probably encoded before with keyframes "
               "every %1 frames, at those frames, and then decoded and encoded again. "
               "Re-encoding is common and not itself manipulation, but it can hide edits.%7")
                .arg(best.period)
                .arg(best.phase)
                .arg(first.join(QStringLiteral(", ")))
                .arg(percent(std::abs(best.sizeChange)))
                .arg(best.sizeChange >= 0 ? tr("larger") : tr("smaller"))
                .arg(QString::number(std::abs(best.z), 'f', 1))
                .arg(conversion)});
    }
    return s;
}

} // namespace fp
