#pragma once

// What an analysis's `frameproof.analysis/1` JSON does not carry, kept beside it in the case so
// that reopening shows exactly what was analysed: the face tracks (box and 68 landmarks of every
// observation), the face maps (region, grids, scalars per face and frame: overlays, heatmap,
// report stills) and the lip-sync curves and windows (every window, judged or not, with its
// correlation per lag: the lip-sync panel), and the order of the signals.
//
// The blob: "FPAD", quint16 format version (kAnalysisDetailFormat), quint16 0, quint32 length of
// the rest, then qCompress() of the payload (QDataStream, big-endian; floats and doubles as their
// IEEE bit patterns, so every value, NaN included, comes back bit for bit). The same analysis
// always gives the same bytes. Decoding never trusts a size it has not checked: the declared
// uncompressed size is bounded by zlib's largest ratio, every count by the bytes left, so a
// truncated or edited blob is an Error (Corrupt, or Unsupported for a newer format) and never a
// crash or a huge allocation. Frames are presentation indices, coordinates full-resolution frame
// pixels. Thread-safety: pure functions on values; call from any thread.

#include "core/analysis/AnalysisPipeline.h"
#include "models/Result.h"

#include <QByteArray>
#include <QStringList>

#include <vector>

namespace fp {

inline constexpr quint16 kAnalysisDetailFormat = 1;

struct AnalysisDetail {
    FaceTracks faces;
    FaceMapStore maps;
    // LipSyncResult's per-frame curves and its windows (the JSON keeps judged windows only,
    // without their correlation).
    std::vector<double> audioEnergy;
    std::vector<double> mouthOpening;
    std::vector<double> mouthMotion;
    std::vector<bool> speech;
    std::vector<double> frameConfidence;
    std::vector<LipSyncWindow> lipSyncWindows;
    // The signals' names in analysis order (the JSON's `signals` object sorts them by name; the
    // report lists methods and summary lines in this order).
    QStringList signalOrder;
};

QByteArray encodeAnalysisDetail(const AnalysisOutput& output);
Result<AnalysisDetail> decodeAnalysisDetail(const QByteArray& blob);
// Puts the tracks, maps and lip-sync curves and windows into `output` and puts its signals
// in analysis order (names the detail does not know go last, in their order).
void applyAnalysisDetail(AnalysisDetail detail, AnalysisOutput& output);

} // namespace fp
