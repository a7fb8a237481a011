#include "core/evidence/Intake.h"

#include "core/media/VideoDecoder.h"

#include <QCoreApplication>

namespace fp {

namespace {

struct IntakeText {
    Q_DECLARE_TR_FUNCTIONS(fp::IntakeJob)
};

Error cancelled() {
    return makeError(Error::Kind::Cancelled, IntakeText::tr("cancelled"));
}

} // namespace

Result<EvidenceSnapshot> runIntake(const QString& path, const IntakeCallbacks& callbacks,
                                   const std::atomic<bool>* cancel) {
    auto probed = probeMediaFacts(path);
    if (!probed)
        return probed.error();
    auto facts = std::make_shared<const MediaFacts>(std::move(probed).value());
    if (callbacks.facts)
        callbacks.facts(facts);

    std::shared_ptr<const FrameIndex> index;
    if (facts->videoStream >= 0) {
        if (callbacks.firstFrame) {
            if (auto first = VideoDecoder::decodeFirstFrame(path))
                callbacks.firstFrame(first.value(), first.value()->toImage());
        }
        if (cancel && cancel->load())
            return cancelled();
        FrameIndexOptions options;
        options.cancel = cancel;
        if (callbacks.indexProgress)
            options.progress = [&](const IndexProgress& p) {
                callbacks.indexProgress(p.bytesRead, p.bytesTotal);
            };
        auto built = buildFrameIndex(path, options);
        if (!built)
            return built.error();
        index = std::make_shared<const FrameIndex>(std::move(built).value());
    }
    if (callbacks.index)
        callbacks.index(index);

    HashOptions hashOptions;
    hashOptions.cancel = cancel;
    hashOptions.progress = callbacks.hashProgress;
    auto hashes = hashEvidenceFile(path, hashOptions);
    if (!hashes)
        return hashes.error();
    return EvidenceSnapshot{*facts, std::move(hashes).value(), std::move(index)};
}

} // namespace fp
