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

// summary.csv as it is written: the header, then one row a file, each field quoted as needed.
class SummaryTable {
public:
    SummaryTable() {
        m_header << QStringLiteral("file") << QStringLiteral("sha256") << QStringLiteral("frames");
        for (const char* s : kSignals)
            m_header << QStringLiteral("%1_score").arg(QLatin1String(s))
                     << QStringLiteral("%1_status").arg(QLatin1String(s));
        m_header << QStringLiteral("lipsync_offset_frames") << QStringLiteral("lipsync_confidence")
                 << QStringLiteral("findings") << QStringLiteral("report")
                 << QStringLiteral("error");
        m_lines << m_header.join(QLatin1Char(','));
    }
    void addRow(const QStringList& row) {
        QStringList quoted;
        for (const QString& v : row)
            quoted << csvField(v);
        m_lines << quoted.join(QLatin1Char(','));
    }
    // A file with no results: its name, empty columns, and why in the last (`error`) column.
    void addProblemRow(const QString& name, const QString& why) {
        QStringList row{name};
        for (int i = 1; i < m_header.size() - 1; ++i)
            row << QString();
        addRow(row << why);
    }
    QByteArray bytes() const {
        return (m_lines.join(QLatin1Char('\n')) + QLatin1Char('\n')).toUtf8();
    }

private:
    QStringList m_header;
    QStringList m_lines;
};

// Every file in the folder and its subfolders, by relative path; unreadable files too: they
// get a row with their error (paperwork gets a row saying it was skipped). Our own output
// folders are left out when they lie inside the input folder.
QStringList batchFiles(const QDir& input, const QString& reportDir, const QString& jsonDir) {
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
            (!jsonDir.isEmpty() && within(QFileInfo(jsonDir).absoluteFilePath())))
            continue;
        relative << input.relativeFilePath(path);
    }
    relative.sort();
    return relative;
}

// Outputs are named by the relative path ("a/b.mp4" -> "a_b"), so equal names in two
// subfolders do not collide.
QString outputBaseName(const QString& name, const QFileInfo& file) {
    QString base = name;
    base.truncate(base.size() - file.suffix().size() - (file.suffix().isEmpty() ? 0 : 1));
    base.replace(QLatin1Char('/'), QLatin1Char('_'));
    return base;
}

// The summary row of a clip that was analysed and reported (`root`: its analysis JSON).
QStringList resultRow(const QString& name, const QJsonObject& root, const QString& pdf) {
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
    return row;
}

// One batch under way: what was asked, where reports go, the case (opened by the first clip
// that is read, caseOpener()) and the summary so far.
struct Batch {
    const BatchRequest& request;
    QDir input;
    QString reportDir; // absolute
    std::unique_ptr<CaseStore> store;
    SummaryTable summary;
};

// Analyses and reports the file `name` (relative to the input folder), or skips it as
// paperwork, and adds its summary row. False when it could not be read or reported.
bool reportFile(Batch& batch, const QString& name, FILE* out) {
    const BatchRequest& r = batch.request;
    const QFileInfo file(batch.input.filePath(name));
    const QString base = outputBaseName(name, file);
    const QString pdf = QDir(batch.reportDir).filePath(base + QStringLiteral(".pdf"));
    const QString json =
        r.jsonDir.isEmpty() ? QString() : QDir(r.jsonDir).filePath(base + QStringLiteral(".json"));
    if (isPaperwork(file)) {
        std::fprintf(out, "%s ... skipped: not a recording\n", qPrintable(name));
        batch.summary.addProblemRow(
            name, QStringLiteral("skipped: not a recording (.%1)").arg(file.suffix()));
        return true;
    }
    std::fprintf(out, "%s ... ", qPrintable(name));
    std::fflush(out);
    ClipRequest request;
    request.clip = file.absoluteFilePath();
    if (!r.casePath.isEmpty())
        request.openCase = caseOpener(batch.store, r.casePath, r.examiner);
    auto analysed = analyzeClip(request);
    Result<QString> written =
        analysed ? writeClipOutputs(request.clip, *analysed, request.options, batch.store.get(),
                                    ClipOutputs{json, pdf, QString(), r.examiner})
                 : Result<QString>(analysed.error());
    if (!written) {
        std::fprintf(out, "error: %s\n", qPrintable(written.error().message));
        batch.summary.addProblemRow(name, written.error().message);
        return false;
    }
    batch.summary.addRow(resultRow(name, analysed->json, pdf));
    std::fprintf(out, "%s\n", qPrintable(QFileInfo(pdf).fileName()));
    return true;
}

// Writes reportDir/summary.csv whole or not at all.
bool writeSummary(const QString& reportDir, const SummaryTable& summary, FILE* out, FILE* err) {
    const QString path = QDir(reportDir).filePath(QStringLiteral("summary.csv"));
    QSaveFile csv(path);
    const QByteArray bytes = summary.bytes();
    if (!csv.open(QIODevice::WriteOnly) || csv.write(bytes) != bytes.size() || !csv.commit()) {
        std::fprintf(err, "frameproof: cannot write %s: %s\n", qPrintable(path),
                     qPrintable(csv.errorString()));
        return false;
    }
    std::fprintf(out, "summary: %s\n", qPrintable(path));
    return true;
}

} // namespace

int runBatchAnalyze(const BatchRequest& r, FILE* out, FILE* err) {
    const QDir input(r.inputDir);
    if (!QDir().mkpath(r.reportDir) || (!r.jsonDir.isEmpty() && !QDir().mkpath(r.jsonDir))) {
        std::fprintf(err, "frameproof: cannot create the output folder\n");
        return kExitBadInput;
    }
    Batch batch{r, input, QFileInfo(r.reportDir).absoluteFilePath(), nullptr, SummaryTable()};
    if (batch.reportDir == input.absolutePath()) {
        std::fprintf(err, "frameproof: --report needs a folder other than the clips' own\n");
        return kExitUsage;
    }
    bool anyFailed = false;
    for (const QString& name : batchFiles(input, batch.reportDir, r.jsonDir)) {
        if (!reportFile(batch, name, out))
            anyFailed = true;
    }
    if (!writeSummary(batch.reportDir, batch.summary, out, err))
        return kExitBadInput;
    return anyFailed ? kExitBadInput : kExitOk;
}

} // namespace fp::app
