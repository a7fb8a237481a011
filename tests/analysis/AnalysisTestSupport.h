#pragma once

// Shared by the analysis tests: the synthetic face clips (tests/fixtures/face, the CTest setup
// fixture `face`), their ground-truth files, and one whole analysis of a clip. Test targets that
// include this define FRAMEPROOF_FACE_FIXTURES_DEFAULT (FRAMEPROOF_FACE_FIXTURES overrides it).

#include "core/analysis/AnalysisPipeline.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace fp::test {

inline QString faceFixture(const QString& name) {
    const QByteArray dir = qgetenv("FRAMEPROOF_FACE_FIXTURES");
    return QDir(dir.isEmpty() ? QStringLiteral(FRAMEPROOF_FACE_FIXTURES_DEFAULT)
                              : QString::fromLocal8Bit(dir))
        .filePath(name);
}

// The truth file beside a face clip ("jitter.mp4" or "jitter"); empty if there is none.
inline QJsonObject faceTruth(QString clip) {
    if (clip.endsWith(QStringLiteral(".mp4")))
        clip.chop(4);
    QFile f(faceFixture(clip + QStringLiteral(".truth.json")));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

// Index and analyse the clip at `path` in one go.
inline Result<AnalysisOutput> analyseClip(const QString& path,
                                          const AnalysisOptions& options = {}) {
    auto index = buildFrameIndex(path);
    if (!index)
        return index.error();
    return runAnalysis(path, std::make_shared<const FrameIndex>(std::move(index).value()), options);
}

} // namespace fp::test
