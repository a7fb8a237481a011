#include "app/AnalyzeCommand.h"

#include "app/EvidenceSnapshot.h"
#include "app/ExitCodes.h"
#include "app/ToolInfo.h"
#include "core/analysis/AnalysisJson.h"
#include "core/analysis/AnalysisPipeline.h"
#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/EvidenceJson.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/VideoDecoder.h"
#include "core/util/TimeFormat.h"

#include <opencv2/imgproc.hpp>

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace fp::app {

namespace {

// PNG stills of the frames with the highest heatmap scores: the frame with the fused map blended
// over each face region (inferno colours; cells at the clip's usual level stay clear). Frame number
// and timecode are in the file name. Returns the number written, or an error.
Result<int> writeHeatmapStills(const QString& clip, const std::shared_ptr<const FrameIndex>& index,
                               const AnalysisOutput& output, const QString& dirPath, int count) {
    const SignalResult* heat = output.result.signal(QStringLiteral("heatmap"));
    if (!heat || heat->abstained)
        return 0;
    if (!QDir().mkpath(dirPath))
        return makeError(Error::Kind::NotReadable,
                         QCoreApplication::translate("fp::app::AnalyzeCommand", "cannot create %1")
                             .arg(dirPath));
    auto decoder = VideoDecoder::open(clip, index);
    if (!decoder)
        return decoder.error();
    int written = 0;
    for (int64_t f : topHeatmapFrames(heat->perFrame, count)) {
        auto frame = (*decoder)->decode(f);
        if (!frame)
            return frame.error();
        QImage image = (*frame)->toImage().convertToFormat(QImage::Format_RGB888);
        for (const FaceMapFrame& e : output.maps.at(f)) {
            const QRect r = e.region.intersected(image.rect());
            if (r.isEmpty())
                continue;
            const cv::Mat grid = gridToImage(e.grids[size_t(FaceMapKind::Fused)],
                                             cv::Size(e.region.width(), e.region.height()));
            cv::Mat colours;
            cv::applyColorMap(grid, colours, cv::COLORMAP_INFERNO); // BGR
            for (int y = r.top(); y <= r.bottom(); ++y) {
                uchar* px = image.scanLine(y) + 3 * r.x();
                const uchar* v = grid.ptr<uchar>(y - e.region.y()) + (r.x() - e.region.x());
                const uchar* c = colours.ptr<uchar>(y - e.region.y()) + 3 * (r.x() - e.region.x());
                for (int x = 0; x < r.width(); ++x, px += 3, c += 3) {
                    // Any departure shows (a third opaque at least); the colour says how far.
                    const double a = v[x] ? 0.35 + 0.5 * v[x] / 255.0 : 0.0;
                    for (int ch = 0; ch < 3; ++ch)
                        px[ch] = uchar(std::lround((1 - a) * px[ch] + a * c[2 - ch]));
                }
            }
        }
        const QString name = QStringLiteral("heatmap_frame%1_%2.png")
                                 .arg(f, 6, 10, QLatin1Char('0'))
                                 .arg(formatTimecode(f, index->nominalFrameRate)
                                          .replace(QLatin1Char(':'), QLatin1Char('-')));
        if (!image.save(QDir(dirPath).filePath(name), "PNG"))
            return makeError(
                Error::Kind::NotReadable,
                QCoreApplication::translate("fp::app::AnalyzeCommand", "cannot write %1")
                    .arg(QDir(dirPath).filePath(name)));
        ++written;
    }
    return written;
}

} // namespace

int runAnalyze(const QStringList& args, FILE* out, FILE* err) {
    QString clip, jsonPath, heatmapDir;
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--json") && i + 1 < args.size()) {
            jsonPath = args.at(++i);
        } else if (a == QLatin1String("--heatmaps") && i + 1 < args.size()) {
            heatmapDir = args.at(++i);
        } else if (a.startsWith(QLatin1Char('-')) || !clip.isEmpty()) {
            std::fprintf(err, "frameproof: analyze: unexpected argument '%s'\n", qPrintable(a));
            return kExitUsage;
        } else {
            clip = a;
        }
    }
    if (clip.isEmpty()) {
        std::fprintf(err, "frameproof: analyze needs a clip: frameproof analyze CLIP [--json FILE] "
                          "[--heatmaps DIR]\n");
        return kExitUsage;
    }
    if (!jsonPath.isEmpty() && QFileInfo(jsonPath).exists() &&
        QFileInfo(jsonPath).canonicalFilePath() == QFileInfo(clip).canonicalFilePath()) {
        std::fprintf(err, "frameproof: refusing to write the JSON over the evidence file itself\n");
        return kExitUsage;
    }
    // Stills go to a folder of their own, never next to the evidence file.
    if (!heatmapDir.isEmpty() &&
        (QFileInfo(heatmapDir).absoluteFilePath() == QFileInfo(clip).absolutePath() ||
         QFileInfo(heatmapDir).absoluteFilePath() == QFileInfo(clip).absoluteFilePath() ||
         (QFileInfo(heatmapDir).exists() &&
          QFileInfo(heatmapDir).canonicalFilePath() == QFileInfo(clip).canonicalPath()))) {
        std::fprintf(err, "frameproof: --heatmaps needs a folder other than the evidence file's "
                          "own\n");
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
    if (!heatmapDir.isEmpty()) {
        auto stills = writeHeatmapStills(clip, shared, *output, heatmapDir, 10);
        if (!stills)
            return fail(stills.error());
    }
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
