#include "app/ProbeCommand.h"

#include "app/ExitCodes.h"
#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/EvidenceJson.h"
#include "core/evidence/Intake.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"
#include "core/session/ToolInfo.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace fp::app {

int runProbe(const QString& path, FILE* out, FILE* err) {
    auto fail = [&](const Error& error) {
        std::fprintf(err, "frameproof: %s\n", qPrintable(error.message));
        return kExitBadInput;
    };
    auto evidence = runIntake(path);
    if (!evidence)
        return fail(evidence.error());
    const EvidenceSnapshot& e = evidence.value();

    QJsonObject root;
    root.insert(QStringLiteral("schema"), QStringLiteral("frameproof.probe/1"));
    root.insert(QStringLiteral("tool"), toolInfoJson());
    root.insert(QStringLiteral("evidence"), evidenceToJson(e.facts, &e.hashes, e.index.get()));
    // Audio-only evidence is described, but has no frames to index.
    root.insert(QStringLiteral("frame_index"),
                e.index ? QJsonValue(frameIndexSummaryToJson(*e.index)) : QJsonValue());
    const QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    std::fwrite(json.constData(), 1, size_t(json.size()), out);
    return kExitOk;
}

} // namespace fp::app
