#include "app/AnalyzeCommand.h"

#include "app/BatchAnalyze.h"
#include "app/CaseRecording.h"
#include "app/EvidenceSnapshot.h"
#include "app/ExitCodes.h"
#include "app/ReportExport.h"
#include "app/ToolInfo.h"
#include "core/analysis/AnalysisJson.h"
#include "core/analysis/AnalysisPipeline.h"
#include "core/analysis/HeatmapStill.h"
#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/EvidenceJson.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/VideoDecoder.h"
#include "core/util/TimeFormat.h"

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
    auto stills = renderHeatmapStills(clip, index, output, count);
    if (!stills)
        return stills.error();
    int written = 0;
    for (const HeatmapStill& still : *stills) {
        const int64_t f = still.frame;
        const QImage& image = still.image;
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
    QString casePath, examiner;
    QString reportPath; // --report: the PDF (a folder for a batch)
    for (int i = 0; i < args.size(); ++i) {
        const QString& a = args.at(i);
        if (a == QLatin1String("--json") && i + 1 < args.size()) {
            jsonPath = args.at(++i);
        } else if (a == QLatin1String("--heatmaps") && i + 1 < args.size()) {
            heatmapDir = args.at(++i);
        } else if (a == QLatin1String("--case") && i + 1 < args.size()) {
            casePath = args.at(++i);
        } else if (a == QLatin1String("--examiner") && i + 1 < args.size()) {
            examiner = args.at(++i);
        } else if (a == QLatin1String("--report") && i + 1 < args.size()) {
            reportPath = args.at(++i);
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
    // A folder of clips: one report each and a summary (app/BatchAnalyze).
    if (QFileInfo(clip).isDir()) {
        if (reportPath.isEmpty() || !heatmapDir.isEmpty()) {
            std::fprintf(err,
                         "frameproof: a folder of clips needs --report OUTDIR [--json OUTDIR]\n");
            return kExitUsage;
        }
        return runBatchAnalyze(BatchRequest{clip, reportPath, jsonPath, examiner, casePath}, out,
                               err);
    }
    if (!reportPath.isEmpty() && QFileInfo(reportPath).exists() &&
        QFileInfo(reportPath).canonicalFilePath() == QFileInfo(clip).canonicalFilePath()) {
        std::fprintf(err,
                     "frameproof: refusing to write the report over the evidence file itself\n");
        return kExitUsage;
    }
    if (!examiner.isEmpty() && casePath.isEmpty() && reportPath.isEmpty()) {
        std::fprintf(err, "frameproof: --examiner names who recorded into a case: add --case "
                          "FILE.fpcase\n");
        return kExitUsage;
    }
    if (!casePath.isEmpty() && QFileInfo(casePath).exists() &&
        QFileInfo(casePath).canonicalFilePath() == QFileInfo(clip).canonicalFilePath()) {
        std::fprintf(err, "frameproof: refusing to use the evidence file itself as the case\n");
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
    // --case: intake and the analysis (as running) are committed before any analysis work.
    std::unique_ptr<CaseStore> caseStore;
    std::unique_ptr<AnalysisRecording> recording; // destroyed first: it writes to caseStore
    if (!casePath.isEmpty()) {
        auto opened = openOrCreateCase(casePath, examinerOrDefault(examiner));
        if (!opened)
            return fail(opened.error());
        caseStore = std::move(opened).value();
        auto begun = AnalysisRecording::begin(
            *caseStore, clip, e, evidenceToJson(e.facts, &e.hashes, shared.get()), options,
            toolInfoJson(), QStringLiteral("command line"));
        if (!begun)
            return fail(begun.error());
        recording = std::move(begun).value();
    }
    auto output = runAnalysis(clip, shared, options);
    if (!output) {
        if (recording)
            (void)recording->fail(output.error().message);
        return fail(output.error());
    }

    QJsonObject root = analysisResultJson(e.facts, e.hashes, *shared, options, *output);
    if (recording) {
        if (auto stored = recording->complete(root, *output); !stored)
            return fail(stored.error());
    }
    if (!reportPath.isEmpty()) {
        HeadlessReport report{
            clip,       &e,       &output.value(), options,
            reportPath, examiner, caseStore.get(), recording ? recording->evidenceId() : 0};
        auto written = writeHeadlessReport(report);
        if (!written)
            return fail(written.error());
    }
    if (!heatmapDir.isEmpty()) {
        auto stills = writeHeatmapStills(clip, shared, *output, heatmapDir, 10);
        if (!stills)
            return fail(stills.error());
    }
    const QByteArray json = QJsonDocument(root).toJson(QJsonDocument::Indented);
    if (jsonPath.isEmpty()) {
        if (reportPath.isEmpty()) // with --report, the report (and its sidecar) is the output
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
