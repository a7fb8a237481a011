#include "app/ValidateCommand.h"

#include "app/ExitCodes.h"
#include "core/validation/Validation.h"
#include "widgets/ValidationReport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

#include <atomic>
#include <cmath>
#include <csignal>

namespace fp::app {

namespace {

struct ValidateCommand {
    Q_DECLARE_TR_FUNCTIONS(fp::app::ValidateCommand)
};

// What SIGINT sets while a validation runs: a signal handler can reach nothing else. Installed
// and restored by InterruptScope around the run only.
std::atomic<bool> g_interrupted{false};

extern "C" void onInterrupt(int) {
    g_interrupted.store(true);
}

class InterruptScope {
public:
    InterruptScope() {
        g_interrupted.store(false);
        m_previous = std::signal(SIGINT, onInterrupt);
    }
    ~InterruptScope() { std::signal(SIGINT, m_previous); }
    InterruptScope(const InterruptScope&) = delete;
    InterruptScope& operator=(const InterruptScope&) = delete;

private:
    void (*m_previous)(int) = SIG_DFL;
};

QString formatted(double v, int decimals = 2) {
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QStringLiteral("-");
}

// One row per signal: AUC [95 % interval], clips scored of each label, abstentions, and the
// miss rate at a 5 % false-alarm target.
QString summaryTable(const validation::ValidationResult& result) {
    QString text = ValidateCommand::tr("signal             AUC  95% interval  genuine generated "
                                       "abstained  miss at 5% false alarms  calibrated AUC "
                                       "(held out)\n");
    for (const validation::SignalFigures& f : result.signalFigures) {
        QString miss = QStringLiteral("-");
        for (const validation::OperatingPoint& p : f.operatingPoints) {
            if (std::abs(p.targetFalseAlarmRate - 0.05) < 1e-9)
                miss = formatted(p.missRate);
        }
        text += QStringLiteral("%1 %2  [%3, %4]  %5 %6 %7  %8  %9 [%10, %11]\n")
                    .arg(f.name, -16)
                    .arg(formatted(f.auc), 5)
                    .arg(formatted(f.aucInterval.low), 4)
                    .arg(formatted(f.aucInterval.high), 4)
                    .arg(f.genuine, 7)
                    .arg(f.generated, 9)
                    .arg(f.abstained, 9)
                    .arg(miss, 9)
                    .arg(formatted(f.calibratedAuc), 26)
                    .arg(formatted(f.calibratedAucInterval.low))
                    .arg(formatted(f.calibratedAucInterval.high));
    }
    return text;
}

bool writeWhole(const QString& path, const QByteArray& bytes, FILE* err) {
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size() && file.commit())
        return true;
    std::fprintf(err, "frameproof: cannot write %s: %s\n", qPrintable(path),
                 qPrintable(file.errorString()));
    return false;
}

} // namespace

int runValidate(const QStringList& args, FILE* out, FILE* err) {
    QCommandLineParser parser;
    parser.addPositionalArgument(QStringLiteral("labels"), QString());
    const QCommandLineOption root(QStringLiteral("root"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption json(QStringLiteral("json"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption cache(QStringLiteral("cache"), QString(), QStringLiteral("DIR"));
    const QCommandLineOption jobs(QStringLiteral("jobs"), QString(), QStringLiteral("N"));
    const QCommandLineOption report(QStringLiteral("report"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption writeCalibration(QStringLiteral("write-calibration"), QString(),
                                              QStringLiteral("FILE"));
    parser.addOptions({root, json, cache, jobs, report, writeCalibration});
    const auto usage = [err](const QString& message) {
        std::fprintf(err, "frameproof validate: %s\n", qPrintable(message));
        return kExitUsage;
    };
    if (!parser.parse(QStringList{QStringLiteral("frameproof")} + args))
        return usage(parser.errorText());
    if (parser.positionalArguments().size() != 1)
        return usage(ValidateCommand::tr("give exactly one labels file (CSV with path,label)"));
    bool jobsOk = true;
    const int jobCount = parser.isSet(jobs) ? parser.value(jobs).toInt(&jobsOk) : 1;
    if (!jobsOk || jobCount < 1 || jobCount > 16)
        return usage(ValidateCommand::tr("--jobs takes a number from 1 to 16"));

    auto labels =
        validation::readLabelsFile(parser.positionalArguments().first(), parser.value(root));
    if (!labels) {
        std::fprintf(err, "frameproof: %s\n", qPrintable(labels.error().message));
        return kExitBadInput;
    }
    for (const validation::SkippedRow& row : labels->skipped)
        std::fprintf(err, "frameproof: %s line %d skipped: %s\n",
                     qPrintable(QFileInfo(labels->path).fileName()), row.line,
                     qPrintable(row.message));

    validation::ValidationRequest request;
    request.labels = std::move(labels).value();
    request.jobs = jobCount;
    request.cacheDir = parser.isSet(cache)
                           ? parser.value(cache)
                           : QDir(QStandardPaths::writableLocation(QStandardPaths::CacheLocation))
                                 .filePath(QStringLiteral("validate"));
    request.progress = [err](int done, int total, const validation::LabelledClip& clip, bool cached,
                             const QString& error) {
        const QString what = !error.isEmpty() ? ValidateCommand::tr("skipped: %1").arg(error)
                             : cached         ? ValidateCommand::tr("from the cache")
                                              : ValidateCommand::tr("analysed");
        std::fprintf(err, "[%d/%d] %s: %s\n", done, total, qPrintable(clip.relative),
                     qPrintable(what));
        std::fflush(err);
    };
    InterruptScope interrupt;
    request.cancel = &g_interrupted;
    const validation::ValidationResult result = validation::runValidation(request);
    const QByteArray document =
        QJsonDocument(validation::validationJson(request, result)).toJson(QJsonDocument::Indented);
    if (result.cancelled) {
        std::fprintf(err, "frameproof: interrupted; the %d clip(s) finished are cached in %s\n",
                     int(result.clips.size()), qPrintable(request.cacheDir));
        return kExitInterrupted;
    }
    if (parser.isSet(writeCalibration)) {
        const QByteArray calibration =
            QJsonDocument(validation::calibrationFrom(request, result).toJson())
                .toJson(QJsonDocument::Indented);
        if (!writeWhole(parser.value(writeCalibration), calibration, err))
            return kExitBadInput;
    }
    if (parser.isSet(report)) {
        auto pages =
            writeValidationPdf(validation::validationJson(request, result), parser.value(report));
        if (!pages) {
            std::fprintf(err, "frameproof: %s\n", qPrintable(pages.error().message));
            return kExitBadInput;
        }
    }
    if (parser.isSet(json) || parser.isSet(report) || parser.isSet(writeCalibration)) {
        if (parser.isSet(json) && !writeWhole(parser.value(json), document, err))
            return kExitBadInput;
        std::fprintf(out, "%s", qPrintable(summaryTable(result)));
    } else {
        std::fwrite(document.constData(), 1, size_t(document.size()), out);
    }
    return kExitOk;
}

} // namespace fp::app
