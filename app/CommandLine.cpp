#include "app/CommandLine.h"

#include "app/AnalyzeCommand.h"
#include "app/ExitCodes.h"
#include "app/MainWindow.h"
#include "app/ProbeCommand.h"
#include "app/ToolInfo.h"

#include <QApplication>
#include <QCoreApplication>
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
    "                             track faces, measure landmark jitter and blinks; JSON to FILE or "
    "stdout\n"
    "  frameproof --version       print the version\n"
    "  frameproof --help          print this help\n"
    "Exit status: 0 done, 2 unreadable or unsupported input, 64 usage error.\n";

int usageError(const char* message) {
    std::fprintf(stderr, "frameproof: %s\n%s", message, kUsage);
    return kExitUsage;
}

void setIdentity() {
    QCoreApplication::setOrganizationName(QStringLiteral("Frameproof"));
    QCoreApplication::setApplicationName(QStringLiteral("Frameproof"));
    QCoreApplication::setApplicationVersion(QStringLiteral(FRAMEPROOF_VERSION));
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
    if (first == QLatin1String("analyze")) {
        QCoreApplication app(argc, argv);
        setIdentity();
        return runAnalyze(args.mid(1), stdout, stderr);
    }
    if (first == QLatin1String("verify")) {
        std::fprintf(stderr, "frameproof: '%s' is not available in this version yet\n",
                     qPrintable(first));
        return kExitUsage;
    }
    if (first.startsWith(QLatin1Char('-')) || args.size() > 1)
        return usageError("unknown option or too many arguments");

    QApplication app(argc, argv);
    setIdentity();
    MainWindow window;
    window.show();
    if (!first.isEmpty())
        window.openClip(first);
    return app.exec();
}

} // namespace fp::app
