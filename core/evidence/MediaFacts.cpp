#include "core/evidence/MediaFacts.h"

#include "core/media/FfmpegHandles.h"
#include "core/media/MediaOpen.h"

#include <QFileInfo>

#include <cmath>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
}

namespace fp {

namespace {

QString utf8(const char* text) {
    return text ? QString::fromUtf8(text) : QString();
}

QMap<QString, QString> tagsOf(const AVDictionary* dict) {
    QMap<QString, QString> tags;
    const AVDictionaryEntry* entry = nullptr;
    while ((entry = av_dict_get(dict, "", entry, AV_DICT_IGNORE_SUFFIX)))
        tags.insert(utf8(entry->key), utf8(entry->value));
    return tags;
}

std::optional<double> seconds(int64_t value, AVRational tb) {
    if (value == AV_NOPTS_VALUE)
        return std::nullopt;
    return double(value) * av_q2d(tb);
}

QStringList dispositionOf(int disposition) {
    QStringList names;
    for (int bit = 0; bit < 31; ++bit) {
        if (disposition & (1 << bit)) {
            if (const char* name = av_disposition_to_string(1 << bit))
                names << utf8(name);
        }
    }
    return names;
}

void readSideData(const AVStream* st, StreamFacts& facts) {
    for (int i = 0; i < st->nb_side_data; ++i) {
        const AVPacketSideData& sd = st->side_data[i];
        SideDataFact fact;
        fact.type = utf8(av_packet_side_data_name(sd.type));
        if (sd.type == AV_PKT_DATA_DISPLAYMATRIX && sd.size >= int(9 * sizeof(int32_t))) {
            const double rotation =
                av_display_rotation_get(reinterpret_cast<const int32_t*>(sd.data));
            if (!std::isnan(rotation)) {
                facts.rotationDegrees = rotation == 0.0 ? 0.0 : rotation; // no "-0"
                fact.description = QStringLiteral("rotation %1 degrees").arg(rotation, 0, 'f', 2);
            }
        } else {
            fact.description = QStringLiteral("%1 bytes").arg(sd.size);
        }
        facts.sideData.push_back(fact);
    }
}

StreamFacts streamFacts(const AVStream* st) {
    const AVCodecParameters* par = st->codecpar;
    StreamFacts f;
    f.index = st->index;
    f.mediaType = utf8(av_get_media_type_string(par->codec_type));
    f.codec = utf8(avcodec_get_name(par->codec_id));
    if (const AVCodecDescriptor* desc = avcodec_descriptor_get(par->codec_id))
        f.codecLongName = utf8(desc->long_name);
    if (par->codec_tag) {
        char tag[AV_FOURCC_MAX_STRING_SIZE] = {};
        av_fourcc_make_string(tag, par->codec_tag);
        f.codecTag = utf8(tag);
    }
    f.profile = utf8(avcodec_profile_name(par->codec_id, par->profile));
    f.level = par->level;
    f.bitRate = par->bit_rate;
    f.timeBase = Rational{st->time_base.num, st->time_base.den};
    f.startSeconds = seconds(st->start_time, st->time_base);
    f.durationSeconds = seconds(st->duration, st->time_base);
    f.declaredFrames = st->nb_frames;
    f.disposition = dispositionOf(st->disposition);
    f.tags = tagsOf(st->metadata);
    readSideData(st, f);
    if (par->codec_type == AVMEDIA_TYPE_VIDEO) {
        f.width = par->width;
        f.height = par->height;
        f.pixelFormat = utf8(av_get_pix_fmt_name(AVPixelFormat(par->format)));
        f.colorRange = utf8(av_color_range_name(par->color_range));
        f.colorSpace = utf8(av_color_space_name(par->color_space));
        f.colorPrimaries = utf8(av_color_primaries_name(par->color_primaries));
        f.colorTransfer = utf8(av_color_transfer_name(par->color_trc));
        f.chromaLocation = utf8(av_chroma_location_name(par->chroma_location));
        static const char* fieldOrders[] = {"unknown", "progressive", "tt", "bb", "tb", "bt"};
        f.fieldOrder =
            utf8(par->field_order <= AV_FIELD_BT ? fieldOrders[par->field_order] : "unknown");
        f.sampleAspectRatio = Rational{par->sample_aspect_ratio.num, par->sample_aspect_ratio.den};
        f.averageFrameRate = Rational{st->avg_frame_rate.num, st->avg_frame_rate.den};
        f.realFrameRate = Rational{st->r_frame_rate.num, st->r_frame_rate.den};
        f.bitsPerRawSample = par->bits_per_raw_sample;
    } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
        f.sampleRate = par->sample_rate;
        f.channels = par->ch_layout.nb_channels;
        char layout[128] = {};
        if (av_channel_layout_describe(&par->ch_layout, layout, sizeof layout) > 0)
            f.channelLayout = utf8(layout);
        f.sampleFormat = utf8(av_get_sample_fmt_name(AVSampleFormat(par->format)));
    }
    return f;
}

} // namespace

const StreamFacts* MediaFacts::video() const {
    for (const StreamFacts& s : streams) {
        if (s.index == videoStream)
            return &s;
    }
    return nullptr;
}

const StreamFacts* MediaFacts::audio() const {
    for (const StreamFacts& s : streams) {
        if (s.index == audioStream)
            return &s;
    }
    return nullptr;
}

Result<MediaFacts> probeMediaFacts(const QString& path) {
    auto opened = openContainer(path);
    if (!opened)
        return opened.error();
    const AVFormatContext* fmt = opened->get();
    const QFileInfo info(path);
    MediaFacts facts;
    facts.fileName = info.fileName();
    facts.absolutePath = info.absoluteFilePath();
    facts.sizeBytes = info.size();
    facts.formatName = utf8(fmt->iformat->name);
    facts.formatLongName = utf8(fmt->iformat->long_name);
    facts.durationSeconds = seconds(fmt->duration, AVRational{1, AV_TIME_BASE});
    facts.startSeconds = seconds(fmt->start_time, AVRational{1, AV_TIME_BASE});
    facts.bitRate = fmt->bit_rate;
    facts.tags = tagsOf(fmt->metadata);
    for (unsigned i = 0; i < fmt->nb_streams; ++i)
        facts.streams.push_back(streamFacts(fmt->streams[i]));
    facts.videoStream = findVideoStream(fmt);
    facts.audioStream = findAudioStream(fmt);
    return facts;
}

} // namespace fp
