#include "app/DemoClip.h"

#include <QDir>
#include <QFileInfo>

namespace fp::app {

QStringList demoClipCandidates(const QString& applicationDirPath) {
    if (applicationDirPath.isEmpty())
        return {};
    return {
        QDir::cleanPath(applicationDirPath +
                        QStringLiteral("/../share/frameproof/demo/frameproof-demo.mp4")),
        QDir::cleanPath(applicationDirPath + QStringLiteral("/../demo/frameproof-demo.mp4")),
    };
}

QString findDemoClip(const QString& applicationDirPath) {
    for (const QString& path : demoClipCandidates(applicationDirPath)) {
        if (QFileInfo(path).isFile())
            return path;
    }
    return {};
}

} // namespace fp::app
