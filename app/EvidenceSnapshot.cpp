#include "app/EvidenceSnapshot.h"

namespace fp::app {

Result<EvidenceSnapshot> readEvidence(const QString& path) {
    auto facts = probeMediaFacts(path);
    if (!facts)
        return facts.error();
    auto hashes = hashEvidenceFile(path);
    if (!hashes)
        return hashes.error();
    EvidenceSnapshot snapshot{std::move(facts).value(), std::move(hashes).value(), nullptr};
    if (snapshot.facts.videoStream >= 0) {
        auto index = buildFrameIndex(path);
        if (!index)
            return index.error();
        snapshot.index = std::make_shared<const FrameIndex>(std::move(index).value());
    }
    return snapshot;
}

} // namespace fp::app
