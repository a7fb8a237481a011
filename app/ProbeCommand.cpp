#include "app/ProbeCommand.h"

#include "app/ExitCodes.h"
#include "app/ToolInfo.h"
#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/EvidenceJson.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace fp::app {

int runProbe(const QString& path, FILE* out, FILE* err) {
    auto fail = [&](const Error& error) {
        std::fprintf(err, "frameproof: %s\n", qPrintable(error.message));
        return kExitBadInput;
    };
    auto facts = probeMediaFacts(path);
    if (!facts)
        return fail(facts.error());
    auto hashes = hashEvidenceFile(path);
    if (!hashes)
        return fail(hashes.error());

    QJsonObject root;
    root.insert(QStringLiteral("schema"), QStringLiteral("frameproof.probe/1"));
    root.insert(QStringLiteral("tool"), toolInfoJson());
    if (facts->videoStream >= 0) {
        auto index = buildFrameIndex(path);
        if (!index)
            return fail(index.error());
        root.insert(QStringLiteral("evidence"), evidenceToJson(*facts, &*hashes, &*index));
        root.insert(QStringLiteral("frame_index"), frameIndexSummaryToJson(*index));
    } else {
        // Audio-only evidence is described, but has no frames to index.
        root.insert(QStringLiteral("evidence"), evidenceToJson(*facts, &*hashes, nullptr));
        root.insert(QStringLiteral("frame_index"), QJsonValue());
    }
    const QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, size_t(json.size()), out);
    return kExitOk;
}

} // namespace fp::app
