#include "core/evidence/EvidenceJson.h"

#include <QJsonArray>

#include <algorithm>

namespace fp {

namespace {

QJsonValue optionalDouble(const std::optional<double>& value) {
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}

QString rationalText(const Rational& r) {
    return QStringLiteral("%1/%2").arg(r.num).arg(r.den);
}

QJsonObject tagsToJson(const QMap<QString, QString>& tags) {
    QJsonObject object;
    for (auto it = tags.begin(); it != tags.end(); ++it)
        object.insert(it.key(), it.value());
    return object;
}

// "constant", "constant_with_gaps" or "variable" (FrameIndex::spacing()).
QString spacingKey(const FrameIndex& index) {
    switch (index.spacing()) {
    case FrameIndex::Spacing::Constant:
        return QStringLiteral("constant");
    case FrameIndex::Spacing::ConstantWithGaps:
        return QStringLiteral("constant_with_gaps");
    case FrameIndex::Spacing::Variable:
        break;
    }
    return QStringLiteral("variable");
}

} // namespace

QJsonObject streamToJson(const StreamFacts& s) {
    QJsonObject o;
    o.insert(QStringLiteral("index"), s.index);
    o.insert(QStringLiteral("type"), s.mediaType);
    o.insert(QStringLiteral("codec"), s.codec);
    o.insert(QStringLiteral("codec_long_name"), s.codecLongName);
    o.insert(QStringLiteral("codec_tag"), s.codecTag);
    o.insert(QStringLiteral("profile"), s.profile.isEmpty() ? QJsonValue() : QJsonValue(s.profile));
    o.insert(QStringLiteral("level"), s.level == -99 ? QJsonValue() : QJsonValue(s.level));
    o.insert(QStringLiteral("bit_rate"),
             s.bitRate > 0 ? QJsonValue(qint64(s.bitRate)) : QJsonValue());
    o.insert(QStringLiteral("time_base"), rationalText(s.timeBase));
    o.insert(QStringLiteral("start_time_s"), optionalDouble(s.startSeconds));
    o.insert(QStringLiteral("duration_s"), optionalDouble(s.durationSeconds));
    o.insert(QStringLiteral("declared_frames"), qint64(s.declaredFrames));
    o.insert(QStringLiteral("disposition"), QJsonArray::fromStringList(s.disposition));
    o.insert(QStringLiteral("tags"), tagsToJson(s.tags));
    QJsonArray side;
    for (const SideDataFact& sd : s.sideData)
        side.append(QJsonObject{{QStringLiteral("type"), sd.type},
                                {QStringLiteral("value"), sd.description}});
    o.insert(QStringLiteral("side_data"), side);
    if (s.mediaType == QLatin1String("video")) {
        o.insert(QStringLiteral("width"), s.width);
        o.insert(QStringLiteral("height"), s.height);
        o.insert(QStringLiteral("pixel_format"), s.pixelFormat);
        o.insert(QStringLiteral("bits_per_raw_sample"), s.bitsPerRawSample);
        o.insert(QStringLiteral("color_range"), s.colorRange);
        o.insert(QStringLiteral("color_space"), s.colorSpace);
        o.insert(QStringLiteral("color_primaries"), s.colorPrimaries);
        o.insert(QStringLiteral("color_transfer"), s.colorTransfer);
        o.insert(QStringLiteral("chroma_location"), s.chromaLocation);
        o.insert(QStringLiteral("field_order"), s.fieldOrder);
        o.insert(QStringLiteral("sample_aspect_ratio"), rationalText(s.sampleAspectRatio));
        o.insert(QStringLiteral("avg_frame_rate"), rationalText(s.averageFrameRate));
        o.insert(QStringLiteral("r_frame_rate"), rationalText(s.realFrameRate));
        o.insert(QStringLiteral("rotation_deg"), optionalDouble(s.rotationDegrees));
    } else if (s.mediaType == QLatin1String("audio")) {
        o.insert(QStringLiteral("sample_rate"), s.sampleRate);
        o.insert(QStringLiteral("channels"), s.channels);
        o.insert(QStringLiteral("channel_layout"), s.channelLayout);
        o.insert(QStringLiteral("sample_format"), s.sampleFormat);
    }
    return o;
}

QJsonObject frameIndexSummaryToJson(const FrameIndex& index) {
    QJsonObject o;
    o.insert(QStringLiteral("count"), qint64(index.size()));
    o.insert(QStringLiteral("declared_frame_count"), qint64(index.declaredFrameCount));
    o.insert(QStringLiteral("empty_frame_slots"), qint64(index.emptyFrameSlots));
    const std::vector<int64_t> keys = index.keyframes();
    o.insert(QStringLiteral("keyframe_count"), qint64(keys.size()));
    QJsonArray keyArray;
    for (int64_t k : keys)
        keyArray.append(qint64(k));
    o.insert(QStringLiteral("keyframes"), keyArray);
    std::vector<int64_t> gops;
    for (size_t i = 0; i < keys.size(); ++i)
        gops.push_back((i + 1 < keys.size() ? keys[i + 1] : index.size()) - keys[i]);
    QJsonObject gop;
    if (!gops.empty()) {
        std::vector<int64_t> sorted = gops;
        std::sort(sorted.begin(), sorted.end());
        gop.insert(QStringLiteral("min"), qint64(sorted.front()));
        gop.insert(QStringLiteral("median"), qint64(sorted[sorted.size() / 2]));
        gop.insert(QStringLiteral("max"), qint64(sorted.back()));
    }
    o.insert(QStringLiteral("gop_length"), gop);
    QJsonObject types;
    for (const FrameIndexEntry& e : index.entries) {
        const QString key = QString(QLatin1Char(e.pictureType));
        types.insert(key, types.value(key).toInteger() + 1);
    }
    o.insert(QStringLiteral("picture_types"), types);
    o.insert(QStringLiteral("vfr"), index.isVariableFrameRate());
    o.insert(QStringLiteral("frame_spacing"), spacingKey(index));
    QJsonArray gaps;
    for (const FrameIndex::TimestampGap& g : index.timestampGaps()) {
        gaps.append(QJsonObject{{QStringLiteral("before_frame"), qint64(g.beforeFrame)},
                                {QStringLiteral("missing_slots"), qint64(g.missingSlots)}});
    }
    o.insert(QStringLiteral("timestamp_gaps"), gaps);
    o.insert(QStringLiteral("duration_s"), index.durationSeconds());
    o.insert(QStringLiteral("time_base"), rationalText(index.timeBase));
    o.insert(QStringLiteral("first_pts"),
             index.empty() ? QJsonValue() : QJsonValue(qint64(index.at(0).pts)));
    o.insert(QStringLiteral("complete"), index.complete);
    QJsonArray damaged;
    for (const DamagedRange& d : index.damaged) {
        damaged.append(
            QJsonObject{{QStringLiteral("start_frame"),
                         d.firstFrame >= 0 ? QJsonValue(qint64(d.firstFrame)) : QJsonValue()},
                        {QStringLiteral("end_frame"),
                         d.lastFrame >= 0 ? QJsonValue(qint64(d.lastFrame)) : QJsonValue()},
                        {QStringLiteral("byte_pos"),
                         d.bytePos >= 0 ? QJsonValue(qint64(d.bytePos)) : QJsonValue()},
                        {QStringLiteral("reason"), d.reason}});
    }
    o.insert(QStringLiteral("damaged"), damaged);
    return o;
}

QJsonObject evidenceToJson(const MediaFacts& facts, const EvidenceHashes* hashes,
                           const FrameIndex* index) {
    QJsonObject o;
    o.insert(QStringLiteral("file_name"), facts.fileName);
    o.insert(QStringLiteral("size_bytes"), qint64(facts.sizeBytes));
    o.insert(QStringLiteral("sha256"), hashes ? QJsonValue(hashes->sha256) : QJsonValue());
    o.insert(QStringLiteral("md5"), hashes ? QJsonValue(hashes->md5) : QJsonValue());
    o.insert(QStringLiteral("format"), facts.formatName);
    o.insert(QStringLiteral("format_long_name"), facts.formatLongName);
    o.insert(QStringLiteral("duration_s"), optionalDouble(facts.durationSeconds));
    o.insert(QStringLiteral("start_time_s"), optionalDouble(facts.startSeconds));
    o.insert(QStringLiteral("bit_rate"),
             facts.bitRate > 0 ? QJsonValue(qint64(facts.bitRate)) : QJsonValue());
    o.insert(QStringLiteral("tags"), tagsToJson(facts.tags));
    if (const StreamFacts* v = facts.video()) {
        QJsonObject video;
        video.insert(QStringLiteral("stream_index"), v->index);
        video.insert(QStringLiteral("codec"), v->codec);
        video.insert(QStringLiteral("width"), v->width);
        video.insert(QStringLiteral("height"), v->height);
        video.insert(QStringLiteral("frame_count"),
                     index ? QJsonValue(qint64(index->size())) : QJsonValue());
        video.insert(QStringLiteral("avg_fps"), v->averageFrameRate.valid()
                                                    ? QJsonValue(v->averageFrameRate.toDouble())
                                                    : QJsonValue());
        video.insert(QStringLiteral("time_base"), rationalText(v->timeBase));
        video.insert(QStringLiteral("vfr"),
                     index ? QJsonValue(index->isVariableFrameRate()) : QJsonValue());
        video.insert(QStringLiteral("frame_spacing"),
                     index ? QJsonValue(spacingKey(*index)) : QJsonValue());
        video.insert(QStringLiteral("rotation_deg"), optionalDouble(v->rotationDegrees));
        o.insert(QStringLiteral("video"), video);
    } else {
        o.insert(QStringLiteral("video"), QJsonValue());
    }
    if (const StreamFacts* a = facts.audio()) {
        o.insert(QStringLiteral("audio"),
                 QJsonObject{{QStringLiteral("stream_index"), a->index},
                             {QStringLiteral("codec"), a->codec},
                             {QStringLiteral("sample_rate"), a->sampleRate},
                             {QStringLiteral("channels"), a->channels}});
    } else {
        o.insert(QStringLiteral("audio"), QJsonValue());
    }
    QJsonArray streams;
    for (const StreamFacts& s : facts.streams)
        streams.append(streamToJson(s));
    o.insert(QStringLiteral("streams"), streams);
    return o;
}

} // namespace fp
