#include "app/AnalyzeCommand.h"

#include "app/EvidenceSnapshot.h"
#include "app/ExitCodes.h"
#include "app/ToolInfo.h"
#include "core/analysis/AnalysisJson.h"
#include "core/analysis/AnalysisPipeline.h"
#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/EvidenceJson.h"
#include "core/evidence/MediaFacts.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace fp::app {

int runAnalyze(const QStringList& args, FILE* out, FILE* err) {
    QString clip, jsonPath;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--json") && i + 1 < args.size()) {
            jsonPath = args.at(++i);
        } else if (a.startsWith(QLatin1Char('-')) || !clip.isEmpty()) {
            std::fprintf(err, "frameproof: analyze: unexpected argument '%s'\n", qPrintable(a));
            return kExitUsage;
        } else {
            clip = a;
        }
    }
    if (clip.isEmpty()) {
        std::fprintf(err,
                     "frameproof: analyze needs a clip: frameproof analyze CLIP [--json FILE]\n");
        return kExitUsage;
    }
    if (!jsonPath.isEmpty() && QFileInfo(jsonPath).exists() &&
        QFileInfo(jsonPath).canonicalFilePath() == QFileInfo(clip).canonicalFilePath()) {
        std::fprintf(err, "frameproof: refusing to write the JSON over the evidence file itself\n");
        return kExitUsage;
    }
    auto fail = [&](const Error& error) {
        std::fprintf(err, "frameproof: %s\n", qPrintable(error.message));
        return kExitBadInput;
    };
    auto evidence = readEvidence(clip);
    if (!evidence)
        return fail(evidence.error());
    const EvidenceSnapshot& e = evidence.value();
    if (!e.index)
        return fail(makeError(Error::Kind::Unsupported,
                              QCoreApplication::translate("fp::app::AnalyzeCommand",
                                                          "%1: contains no video stream to analyse")
                                  .arg(e.facts.fileName)));
    const std::shared_ptr<const FrameIndex>& shared = e.index;
    AnalysisOptions options;
    auto output = runAnalysis(clip, shared, options);
    if (!output)
        return fail(output.error());

    QJsonObject root;
    root.insert(QStringLiteral("schema"), QStringLiteral("frameproof.analysis/1"));
    root.insert(QStringLiteral("generated_at"),
                QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    root.insert(QStringLiteral("tool"), toolInfoJson());
    root.insert(QStringLiteral("evidence"), evidenceToJson(e.facts, &e.hashes, shared.get()));
    root.insert(QStringLiteral("parameters"), analysisParametersToJson(options));
    root.insert(QStringLiteral("signals"), signalsToJson(output->result));
    root.insert(QStringLiteral("lipsync"), lipSyncToJson(output->lipsync));
    root.insert(QStringLiteral("findings"), findingsToJson(output->result.findings()));
    QJsonArray faces;
    for (const FaceTrack& t : output->faces.tracks) {
        faces.append(
            QJsonObject{{QStringLiteral("track"), t.id},
                        {QStringLiteral("first_frame"), qint64(t.observations.front().frame)},
                        {QStringLiteral("last_frame"), qint64(t.observations.back().frame)},
                        {QStringLiteral("frames"), qint64(t.observations.size())},
                        {QStringLiteral("median_box_width_px"), t.medianBoxWidth()}});
    }
    root.insert(QStringLiteral("faces"), faces);
    const QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    if (jsonPath.isEmpty()) {
        std::fwrite(json.constData(), 1, size_t(json.size()), out);
        return kExitOk;
    }
    QSaveFile file(jsonPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit()) {
        std::fprintf(err, "frameproof: cannot write %s: %s\n", qPrintable(jsonPath),
                     qPrintable(file.errorString()));
        return kExitBadInput;
    }
    return kExitOk;
}

} // namespace fp::app
