#include "app/CommandLine.h"

#include "app/AnalyzeCommand.h"
#include "app/ExitCodes.h"
#include "app/MainWindow.h"
#include "app/ProbeCommand.h"
#include "app/ValidateCommand.h"
#include "app/VerifyCommand.h"
#include "core/session/ToolInfo.h"

#include <QApplication>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QIcon>
#include <QStringList>

#include <cstdio>

namespace fp::app {

namespace {

const char* const kUsage =
    "Usage:\n"
    "  frameproof                 open the workstation\n"
    "  frameproof CLIP            open the workstation with CLIP\n"
    "  frameproof probe CLIP      print container, streams, hashes and frame index as JSON\n"
    "  frameproof analyze CLIP [--json FILE] [--heatmaps DIR]\n"
    "                             every analysis (faces and landmarks, jitter, head pose, "
    "blinks,\n"
    "                             lip sync, face maps, compression, installed detectors); JSON to\n"
    "                             FILE or stdout; --heatmaps: stills of the top heatmap frames\n"
    "                             --report OUT.pdf [--examiner NAME]: the evidentiary report (PDF\n"
    "                             and OUT.report.json); CLIP may be a folder: --report OUTDIR\n"
    "                             [--json OUTDIR] gives one report per clip and summary.csv\n"
    "                             --case FILE.fpcase [--examiner NAME]: record the evidence, the\n"
    "                             analysis and the audit trail in that case (made if new)\n"
    "  frameproof verify CASE.fpcase [--json]\n"
    "                             re-hash the case's evidence and recompute its audit chain\n"
    "  frameproof validate LABELS.csv [--root DIR] [--json FILE] [--report FILE.pdf]\n"
    "                             [--cache DIR] [--jobs N]\n"
    "                             analyse a labelled corpus (CSV: path,label[,conditions...];\n"
    "                             label genuine or generated) and measure each signal: ROC, AUC\n"
    "                             with a bootstrap 95 % interval, false-alarm and miss rates,\n"
    "                             by condition; results cached by clip SHA-256 and parameters\n"
    "  frameproof --version       print the version\n"
    "  frameproof --help          print this help\n"
    "Exit status: 0 done, 2 unreadable or unsupported input, 3 verify found a change, 64 usage "
    "error,\n130 validate interrupted (its cache is kept).\n";

int usageError(const char* message) {
    std::fprintf(stderr, "frameproof: %s\n%s", message, kUsage);
    return kExitUsage;
}

void setIdentity() {
    QCoreApplication::setOrganizationName(QStringLiteral("Frameproof"));
    QCoreApplication::setApplicationName(QStringLiteral("Frameproof"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FRAMEPROOF_VERSION));
}

// A command that may write a PDF (--report): the report paints text and figures with QPainter
// (fonts need a QGuiApplication; no widget is made), and headless runs need no display: the
// offscreen platform, unless one was chosen. Without --report, a QCoreApplication.
int runHeadless(int argc, char** argv, const QStringList& args,
                int (*command)(const QStringList&, FILE*, FILE*)) {
    if (!args.contains(QLatin1String("--report"))) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return command(args.mid(1), stdout, stderr);
    }
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QGuiApplication app(argc, argv);
    setIdentity();
    return command(args.mid(1), stdout, stderr);
}

} // namespace

int run(int argc, char** argv) {
    QStringList args;
    for (int i = 1; i < argc; ++i)
        args << QString::fromLocal8Bit(argv[i]);

    const QString first = args.value(0);
    if (first == QLatin1String("--version") || first == QLatin1String("-V")) {
        QCoreApplication app(argc, argv);
        setIdentity();
        std::printf("%s\n", qPrintable(versionText()));
        return kExitOk;
    }
    if (first == QLatin1String("--help") || first == QLatin1String("-h")) {
        std::printf("%s", kUsage);
        return kExitOk;
    }
    if (first == QLatin1String("probe")) {
        if (args.size() != 2)
            return usageError("probe takes exactly one clip");
        QCoreApplication app(argc, argv);
        setIdentity();
        return runProbe(args.at(1), stdout, stderr);
    }
    if (first == QLatin1String("analyze"))
        return runHeadless(argc, argv, args, runAnalyze);
    if (first == QLatin1String("validate"))
        return runHeadless(argc, argv, args, runValidate);
    if (first == QLatin1String("verify")) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return runVerify(args.mid(1), stdout, stderr);
    }
    if (first.startsWith(QLatin1Char('-')) || args.size() > 1)
        return usageError("unknown option or too many arguments");

    QApplication app(argc, argv);
    setIdentity();
    // The desktop entry and icon installed by installer/ (Wayland matches windows to the entry
    // by this name); the built-in icon when the theme has none (a build tree).
    QGuiApplication::setDesktopFileName(QStringLiteral("org.frameproof.Frameproof"));
    QApplication::setWindowIcon(
        QIcon::fromTheme(QStringLiteral("org.frameproof.Frameproof"),
                         QIcon(QStringLiteral(":/icons/org.frameproof.Frameproof-256.png"))));
    MainWindow window;
    window.show();
    if (!first.isEmpty())
        window.openClip(first);
    return app.exec();
}

} // namespace fp::app
