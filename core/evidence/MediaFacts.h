#pragma once

// The container and stream facts an examiner needs, read without decoding: format, duration,
// bit rate, every stream's codec, profile, level, pixel format, colour description, rates, time
// base, start time, rotation and other side data, and every metadata tag.
// Thread-safety: probeMediaFacts() may run on any thread; the result is a plain value.

#include "core/media/FrameIndex.h"
#include "models/Result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace fp {

struct SideDataFact {
    QString type;        // FFmpeg's name, e.g. "Display Matrix"
    QString description; // human-readable value, e.g. "rotation -90.00 degrees"
};

struct StreamFacts {
    int index = -1;
    QString mediaType; // "video", "audio", "subtitle", "data", "attachment"
    QString codec;
    QString codecLongName;
    QString codecTag;
    QString profile;
    int level = -99; // FF_LEVEL_UNKNOWN
    int64_t bitRate = 0;
    Rational timeBase;
    std::optional<double> startSeconds;    // stream time, seconds
    std::optional<double> durationSeconds; // as declared
    int64_t declaredFrames = 0;
    QStringList disposition;
    QMap<QString, QString> tags;
    std::vector<SideDataFact> sideData;

    // Video
    int width = 0;
    int height = 0;
    QString pixelFormat;
    QString colorRange, colorSpace, colorPrimaries, colorTransfer, chromaLocation, fieldOrder;
    Rational sampleAspectRatio;
    Rational averageFrameRate; // avg_frame_rate
    Rational realFrameRate;    // r_frame_rate
    int bitsPerRawSample = 0;
    std::optional<double> rotationDegrees; // display matrix, counter-clockwise as FFmpeg reports

    // Audio
    int sampleRate = 0;
    int channels = 0;
    QString channelLayout;
    QString sampleFormat;
};

struct MediaFacts {
    QString fileName;
    QString absolutePath;
    int64_t sizeBytes = 0;
    QString formatName;
    QString formatLongName;
    std::optional<double> durationSeconds;
    std::optional<double> startSeconds;
    int64_t bitRate = 0;
    QMap<QString, QString> tags;
    std::vector<StreamFacts> streams;
    int videoStream = -1; // the stream Frameproof analyses, -1 if none
    int audioStream = -1;

    const StreamFacts* video() const;
    const StreamFacts* audio() const;
};

Result<MediaFacts> probeMediaFacts(const QString& path);

} // namespace fp
