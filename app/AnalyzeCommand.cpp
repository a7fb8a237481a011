#include "app/AnalyzeCommand.h"

#include "app/BatchAnalyze.h"
#include "app/ExitCodes.h"
#include "app/ReportExport.h"
#include "core/analysis/HeatmapStill.h"
#include "core/session/CaseRecorder.h"
#include "core/util/TimeFormat.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>

namespace fp::app {

namespace {

struct AnalyzeCommand {
    Q_DECLARE_TR_FUNCTIONS(fp::app::AnalyzeCommand)
};

// PNG stills of the frames with the highest heatmap scores (core/analysis/HeatmapStill). Frame
// number and timecode are in the file name. Returns the number written, or an error.
Result<int> writeHeatmapStills(const QString& clip, const std::shared_ptr<const FrameIndex>& index,
                               const AnalysisOutput& output, const QString& dirPath, int count) {
    const SignalResult* heat = output.result.signal(QStringLiteral("heatmap"));
    if (!heat || heat->abstained)
        return 0;
    if (!QDir().mkpath(dirPath))
        return makeError(Error::Kind::NotReadable,
                         AnalyzeCommand::tr("cannot create %1").arg(dirPath));
    auto stills = renderHeatmapStills(clip, index, output, count);
    if (!stills)
        return stills.error();
    int written = 0;
    for (const HeatmapStill& still : *stills) {
        const int64_t f = still.frame;
        const QString name = QStringLiteral("heatmap_frame%1_%2.png")
                                 .arg(f, 6, 10, QLatin1Char('0'))
                                 .arg(formatTimecode(f, index->nominalFrameRate)
                                          .replace(QLatin1Char(':'), QLatin1Char('-')));
        const QString path = QDir(dirPath).filePath(name);
        if (!still.image.save(path, "PNG"))
            return makeError(Error::Kind::NotReadable,
                             AnalyzeCommand::tr("cannot write %1").arg(path));
        ++written;
    }
    return written;
}

Result<void> writeJson(const QString& path, const QByteArray& json) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(json) != json.size() || !file.commit())
        return makeError(Error::Kind::NotReadable,
                         AnalyzeCommand::tr("cannot write %1: %2").arg(path, file.errorString()));
    return {};
}

bool sameFile(const QString& a, const QString& b) {
    return QFileInfo(a).exists() &&
           QFileInfo(a).canonicalFilePath() == QFileInfo(b).canonicalFilePath();
}

// The checks that keep every output off the evidence; a usage message, or empty.
QString outputProblem(const QString& clip, const ClipOutputs& o, const QString& casePath) {
    if (!o.jsonPath.isEmpty() && sameFile(o.jsonPath, clip))
        return QStringLiteral("refusing to write the JSON over the evidence file itself");
    // Stills go to a folder of their own, never next to the evidence file.
    const QFileInfo stills(o.heatmapDir);
    if (!o.heatmapDir.isEmpty() &&
        (stills.absoluteFilePath() == QFileInfo(clip).absolutePath() ||
         stills.absoluteFilePath() == QFileInfo(clip).absoluteFilePath() ||
         (stills.exists() && stills.canonicalFilePath() == QFileInfo(clip).canonicalPath())))
        return QStringLiteral("--heatmaps needs a folder other than the evidence file's own");
    if (QFileInfo(clip).isDir())
        return {};
    if (!o.reportPath.isEmpty() && sameFile(o.reportPath, clip))
        return QStringLiteral("refusing to write the report over the evidence file itself");
    if (!o.examiner.isEmpty() && casePath.isEmpty() && o.reportPath.isEmpty())
        return QStringLiteral("--examiner names who recorded into a case: add --case FILE.fpcase");
    if (!casePath.isEmpty() && sameFile(casePath, clip))
        return QStringLiteral("refusing to use the evidence file itself as the case");
    return {};
}

} // namespace

std::function<Result<CaseStore*>()> caseOpener(std::unique_ptr<CaseStore>& store,
                                               const QString& path, const QString& examiner) {
    return [&store, path, examiner]() -> Result<CaseStore*> {
        if (!store) {
            auto opened = openOrCreateCase(path, examinerOrDefault(examiner));
            if (!opened)
                return opened.error();
            store = std::move(opened).value();
        }
        return store.get();
    };
}

Result<QString> writeClipOutputs(const QString& clipPath, const ClipAnalysis& clip,
                                 const AnalysisOptions& options, CaseStore* store,
                                 const ClipOutputs& outputs) {
    QString reportId;
    if (!outputs.reportPath.isEmpty()) {
        HeadlessReport report{clipPath, &clip.evidence,     clip.output.get(),
                              options,  outputs.reportPath, outputs.examiner,
                              store,    clip.caseEvidenceId};
        auto written = writeHeadlessReport(report);
        if (!written)
            return written.error();
        reportId = *written;
    }
    if (!outputs.heatmapDir.isEmpty()) {
        auto stills =
            writeHeatmapStills(clipPath, clip.evidence.index, *clip.output, outputs.heatmapDir, 10);
        if (!stills)
            return stills.error();
    }
    if (!outputs.jsonPath.isEmpty()) {
        if (auto written = writeJson(outputs.jsonPath,
                                     QJsonDocument(clip.json).toJson(QJsonDocument::Indented));
            !written)
            return written.error();
    }
    return reportId;
}

int runAnalyze(const QStringList& args, FILE* out, FILE* err) {
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption heatmaps(QStringLiteral("heatmaps"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption casePath(QStringLiteral("case"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption examiner(QStringLiteral("examiner"), QString(),
                                      QStringLiteral("NAME"));
    const QCommandLineOption report(QStringLiteral("report"), QString(), QStringLiteral("FILE"));
    parser.addOptions({json, heatmaps, casePath, examiner, report});
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    if (!parser.parse(QStringList{QStringLiteral("analyze")} + args)) {
        std::fprintf(err, "frameproof: analyze: %s\n", qPrintable(parser.errorText()));
        return kExitUsage;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1) {
        std::fprintf(err, "frameproof: analyze: unexpected argument '%s'\n",
                     qPrintable(positional.at(1)));
        return kExitUsage;
    }
    if (positional.isEmpty()) {
        std::fprintf(err, "frameproof: analyze needs a clip: frameproof analyze CLIP [--json FILE] "
                          "[--heatmaps DIR]\n");
        return kExitUsage;
    }
    const QString clip = positional.first();
    const ClipOutputs outputs{parser.value(json), parser.value(report), parser.value(heatmaps),
                              parser.value(examiner)};
    const QString caseFile = parser.value(casePath);
    if (const QString problem = outputProblem(clip, outputs, caseFile); !problem.isEmpty()) {
        std::fprintf(err, "frameproof: %s\n", qPrintable(problem));
        return kExitUsage;
    }
    // A folder of clips: one report each and a summary (app/BatchAnalyze).
    if (QFileInfo(clip).isDir()) {
        if (outputs.reportPath.isEmpty() || !outputs.heatmapDir.isEmpty()) {
            std::fprintf(err,
                         "frameproof: a folder of clips needs --report OUTDIR [--json OUTDIR]\n");
            return kExitUsage;
        }
        return runBatchAnalyze(
            BatchRequest{clip, outputs.reportPath, outputs.jsonPath, outputs.examiner, caseFile},
            out, err);
    }
    auto fail = [&](const Error& error) {
        std::fprintf(err, "frameproof: %s\n", qPrintable(error.message));
        return kExitBadInput;
    };
    std::unique_ptr<CaseStore> store;
    ClipRequest request;
    request.clip = clip;
    if (!caseFile.isEmpty())
        request.openCase = caseOpener(store, caseFile, outputs.examiner);
    auto analysed = analyzeClip(request);
    if (!analysed)
        return fail(analysed.error());
    if (auto written = writeClipOutputs(clip, *analysed, request.options, store.get(), outputs);
        !written)
        return fail(written.error());
    // With --report, the report (and its sidecar) is the output; else the JSON is.
    if (outputs.jsonPath.isEmpty() && outputs.reportPath.isEmpty()) {
        const QByteArray bytes = QJsonDocument(analysed->json).toJson(QJsonDocument::Indented);
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), out);
    }
    return kExitOk;
}

} // namespace fp::app
