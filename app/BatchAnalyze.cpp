#include "app/BatchAnalyze.h"

#include "app/AnalyzeCommand.h"
#include "app/ExitCodes.h"
#include "core/case/CaseStore.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>
#include <memory>

namespace fp::app {

namespace {

// The signals of DESIGN.md's contract, in its order: fixed columns whatever a clip yields.
const char* const kSignals[] = {"landmark_jitter", "head_pose", "blink",
                                "lipsync",         "heatmap",   "compression"};

QString csvField(QString v) {
    if (v.contains(QLatin1Char(',')) || v.contains(QLatin1Char('"')) ||
        v.contains(QLatin1Char('\n'))) {
        v.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        return QLatin1Char('"') + v + QLatin1Char('"');
    }
    return v;
}

QString numberText(const QJsonValue& v) {
    return v.isDouble() ? QString::number(v.toDouble(), 'g', 6) : QString();
}

// Files that are plainly not recordings: notes, reports, hash lists, case files. A batch skips
// them with a row saying so (a folder of evidence often holds its paperwork); every other file
// is analysed, and one that cannot be read is an error, since it may be damaged evidence.
bool isPaperwork(const QFileInfo& file) {
    static const QStringList kSuffixes{
        QStringLiteral("md"),     QStringLiteral("txt"),        QStringLiteral("pdf"),
        QStringLiteral("json"),   QStringLiteral("csv"),        QStringLiteral("html"),
        QStringLiteral("htm"),    QStringLiteral("xml"),        QStringLiteral("doc"),
        QStringLiteral("docx"),   QStringLiteral("odt"),        QStringLiteral("rtf"),
        QStringLiteral("log"),    QStringLiteral("sha256"),     QStringLiteral("md5"),
        QStringLiteral("fpcase"), QStringLiteral("fpcase-wal"), QStringLiteral("fpcase-shm"),
        QStringLiteral("lock")};
    return file.fileName().startsWith(QLatin1Char('.')) ||
           kSuffixes.contains(file.suffix(), Qt::CaseInsensitive);
}

} // namespace

int runBatchAnalyze(const BatchRequest& r, FILE* out, FILE* err) {
    const QDir input(r.inputDir);
    if (!QDir().mkpath(r.reportDir) || (!r.jsonDir.isEmpty() && !QDir().mkpath(r.jsonDir))) {
        std::fprintf(err, "frameproof: cannot create the output folder\n");
        return kExitBadInput;
    }
    const QString reportDir = QFileInfo(r.reportDir).absoluteFilePath();
    if (reportDir == input.absolutePath()) {
        std::fprintf(err, "frameproof: --report needs a folder other than the clips' own\n");
        return kExitUsage;
    }
    std::unique_ptr<CaseStore> store; // opened by the first clip that is read (caseOpener)
    QStringList header{QStringLiteral("file"), QStringLiteral("sha256"), QStringLiteral("frames")};
    for (const char* s : kSignals)
        header << QStringLiteral("%1_score").arg(QLatin1String(s))
               << QStringLiteral("%1_status").arg(QLatin1String(s));
    header << QStringLiteral("lipsync_offset_frames") << QStringLiteral("lipsync_confidence")
           << QStringLiteral("findings") << QStringLiteral("report") << QStringLiteral("error");
    QStringList lines{header.join(QLatin1Char(','))};
    auto addRow = [&lines](const QStringList& row) {
        QStringList quoted;
        for (const QString& v : row)
            quoted << csvField(v);
        lines << quoted.join(QLatin1Char(','));
    };
    // A file with no results: its name, empty columns, and why in the last (`error`) column.
    auto addProblemRow = [&](const QString& name, const QString& why) {
        QStringList row{name};
        for (int i = 1; i < header.size() - 1; ++i)
            row << QString();
        addRow(row << why);
    };

    bool anyFailed = false;
    // Every file in the folder and its subfolders, by relative path; unreadable files too:
    // they get a row with their error (paperwork gets a row saying it was skipped). Outputs are
    // named by the relative path ("a/b.mp4" -> "a_b"), so equal names in two subfolders do not
    // collide.
    QStringList relative;
    for (QDirIterator it(input.absolutePath(), QDir::Files | QDir::NoDotAndDotDot,
                         QDirIterator::Subdirectories);
         it.hasNext();) {
        const QString path = it.next();
        const QString folder = QFileInfo(path).absolutePath();
        auto within = [&](const QString& root) {
            return folder == root || folder.startsWith(root + QLatin1Char('/'));
        };
        if (within(reportDir) ||
            (!r.jsonDir.isEmpty() && within(QFileInfo(r.jsonDir).absoluteFilePath())))
            continue; // our own output, when it lies inside the input folder
        relative << input.relativeFilePath(path);
    }
    relative.sort();
    for (const QString& name : relative) {
        const QFileInfo file(input.filePath(name));
        QString base = name;
        base.truncate(base.size() - file.suffix().size() - (file.suffix().isEmpty() ? 0 : 1));
        base.replace(QLatin1Char('/'), QLatin1Char('_'));
        const QString pdf = QDir(reportDir).filePath(base + QStringLiteral(".pdf"));
        const QString json = r.jsonDir.isEmpty()
                                 ? QString()
                                 : QDir(r.jsonDir).filePath(base + QStringLiteral(".json"));
        if (isPaperwork(file)) {
            std::fprintf(out, "%s ... skipped: not a recording\n", qPrintable(name));
            addProblemRow(name,
                          QStringLiteral("skipped: not a recording (.%1)").arg(file.suffix()));
            continue;
        }
        std::fprintf(out, "%s ... ", qPrintable(name));
        std::fflush(out);
        ClipRequest request;
        request.clip = file.absoluteFilePath();
        if (!r.casePath.isEmpty())
            request.openCase = caseOpener(store, r.casePath, r.examiner);
        auto analysed = analyzeClip(request);
        Result<QString> written =
            analysed ? writeClipOutputs(request.clip, *analysed, request.options, store.get(),
                                        ClipOutputs{json, pdf, QString(), r.examiner})
                     : Result<QString>(analysed.error());
        if (!written) {
            anyFailed = true;
            std::fprintf(out, "error: %s\n", qPrintable(written.error().message));
            addProblemRow(name, written.error().message);
            continue;
        }
        const QJsonObject& root = analysed->json;
        const QJsonObject evidence = root.value(QStringLiteral("evidence")).toObject();
        const QJsonObject signals = root.value(QStringLiteral("signals")).toObject();
        const QJsonObject lipsync = root.value(QStringLiteral("lipsync")).toObject();
        QStringList row{name};
        row << evidence.value(QStringLiteral("sha256")).toString()
            << numberText(evidence.value(QStringLiteral("video"))[QStringLiteral("frame_count")]);
        for (const char* s : kSignals) {
            const QJsonObject sig = signals.value(QLatin1String(s)).toObject();
            row << numberText(sig.value(QStringLiteral("score")))
                << sig.value(QStringLiteral("status")).toString();
        }
        row << numberText(lipsync.value(QStringLiteral("offset_frames")))
            << numberText(lipsync.value(QStringLiteral("confidence")))
            << QString::number(root.value(QStringLiteral("findings")).toArray().size())
            << QFileInfo(pdf).fileName() << QString();
        addRow(row);
        std::fprintf(out, "%s\n", qPrintable(QFileInfo(pdf).fileName()));
    }
    const QString summary = QDir(reportDir).filePath(QStringLiteral("summary.csv"));
    QSaveFile csv(summary);
    const QByteArray bytes = (lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
    if (!csv.open(QIODevice::WriteOnly) || csv.write(bytes) != bytes.size() || !csv.commit()) {
        std::fprintf(err, "frameproof: cannot write %s: %s\n", qPrintable(summary),
                     qPrintable(csv.errorString()));
        return kExitBadInput;
    }
    std::fprintf(out, "summary: %s\n", qPrintable(summary));
    return anyFailed ? kExitBadInput : kExitOk;
}

} // namespace fp::app
