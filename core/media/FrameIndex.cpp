#include "core/media/FrameIndex.h"

#include "core/media/FfmpegHandles.h"
#include "core/media/MediaOpen.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace fp {

namespace {

struct FrameIndexText {
    Q_DECLARE_TR_FUNCTIONS(fp::FrameIndex)
};

char pictureTypeLetter(int type) {
    const char letter = av_get_picture_type_char(AVPictureType(type));
    return letter == '?' ? '?' : letter;
}

// A parser run over complete packets only to learn each packet's picture type; nothing is
// decoded. Codecs without a parser (ProRes, raw video) are either intra-only or stay '?'.
class PictureTypeProbe {
public:
    explicit PictureTypeProbe(const AVCodecParameters* par) {
        const AVCodecDescriptor* desc = avcodec_descriptor_get(par->codec_id);
        m_intraOnly = desc && (desc->props & AV_CODEC_PROP_INTRA_ONLY);
        if (m_intraOnly)
            return;
        m_parser.reset(av_parser_init(par->codec_id));
        if (!m_parser)
            return;
        m_parser->flags |= PARSER_FLAG_COMPLETE_FRAMES;
        m_context.reset(avcodec_alloc_context3(nullptr));
        if (!m_context || avcodec_parameters_to_context(m_context.get(), par) < 0)
            m_parser.reset();
    }

    bool intraOnly() const { return m_intraOnly; }

    char typeOf(const AVPacket* packet) {
        if (m_intraOnly)
            return 'I';
        if (!m_parser || packet->size <= 0)
            return '?';
        uint8_t* out = nullptr;
        int outSize = 0;
        m_parser->pict_type = AV_PICTURE_TYPE_NONE;
        av_parser_parse2(m_parser.get(), m_context.get(), &out, &outSize, packet->data,
                         packet->size, packet->pts, packet->dts, packet->pos);
        return m_parser->pict_type == AV_PICTURE_TYPE_NONE ? '?'
                                                           : pictureTypeLetter(m_parser->pict_type);
    }

private:
    bool m_intraOnly = false;
    av::ParserPtr m_parser;
    av::CodecContextPtr m_context;
};

Rational toRational(AVRational r) {
    return Rational{r.num, r.den};
}

} // namespace

double FrameIndex::secondsAt(int64_t index) const {
    if (entries.empty() || index < 0 || index >= size())
        return 0.0;
    return double(at(index).pts - entries.front().pts) * timeBase.toDouble();
}

int64_t FrameIndex::indexOfPts(int64_t pts) const {
    auto it =
        std::lower_bound(entries.begin(), entries.end(), pts,
                         [](const FrameIndexEntry& e, int64_t value) { return e.pts < value; });
    if (it == entries.end() || it->pts != pts)
        return -1;
    return int64_t(it - entries.begin());
}

int64_t FrameIndex::indexAtSeconds(double seconds) const {
    if (entries.empty())
        return -1;
    const double tb = timeBase.toDouble();
    if (tb <= 0)
        return 0;
    const auto target = int64_t(std::llround(seconds / tb)) + entries.front().pts;
    auto it =
        std::upper_bound(entries.begin(), entries.end(), target,
                         [](int64_t value, const FrameIndexEntry& e) { return value < e.pts; });
    if (it == entries.begin())
        return 0;
    return int64_t(it - entries.begin()) - 1;
}

int64_t FrameIndex::keyframeAtOrBefore(int64_t index) const {
    index = std::clamp<int64_t>(index, 0, size() - 1);
    for (int64_t i = index; i >= 0; --i) {
        if (at(i).key)
            return i;
    }
    return 0;
}

int64_t FrameIndex::keyframeAfter(int64_t index) const {
    for (int64_t i = std::max<int64_t>(index + 1, 0); i < size(); ++i) {
        if (at(i).key)
            return i;
    }
    return -1;
}

std::vector<int64_t> FrameIndex::keyframes() const {
    std::vector<int64_t> result;
    for (int64_t i = 0; i < size(); ++i) {
        if (at(i).key)
            result.push_back(i);
    }
    return result;
}

double FrameIndex::durationSeconds() const {
    if (entries.empty())
        return 0.0;
    // The last frame lasts as long as the typical frame before it.
    double last = 0.0;
    if (entries.size() >= 2)
        last = double(entries.back().pts - entries[entries.size() - 2].pts);
    else if (averageFrameRate.valid())
        last = 1.0 / (averageFrameRate.toDouble() * timeBase.toDouble());
    return (double(entries.back().pts - entries.front().pts) + last) * timeBase.toDouble();
}

namespace {

// The typical step between presentation timestamps and the tolerance a step may differ by and
// still be that step (time bases like 1/1000 round 29.97 fps to 33/34 ticks: one tick is
// rounding, not a different duration). Zero step when there are too few frames to tell.
std::pair<int64_t, double> typicalStep(const std::vector<FrameIndexEntry>& entries) {
    if (entries.size() < 3)
        return {0, 0.0};
    std::vector<int64_t> deltas;
    deltas.reserve(entries.size() - 1);
    for (size_t i = 1; i < entries.size(); ++i)
        deltas.push_back(entries[i].pts - entries[i - 1].pts);
    std::nth_element(deltas.begin(), deltas.begin() + long(deltas.size() / 2), deltas.end());
    const int64_t median = deltas[deltas.size() / 2];
    return {median, std::max(1.0, 0.02 * double(median))};
}

// How many steps `delta` is, when it is a whole number of them within the tolerance; else 0.
int64_t wholeSteps(int64_t delta, int64_t step, double tolerance) {
    if (step <= 0 || delta <= 0)
        return 0;
    const int64_t k = (delta + step / 2) / step;
    return k >= 1 && std::abs(double(delta - k * step)) <= tolerance ? k : 0;
}

} // namespace

FrameIndex::Spacing FrameIndex::spacing() const {
    const auto [step, tolerance] = typicalStep(entries);
    if (step <= 0)
        return Spacing::Constant;
    size_t gaps = 0;
    for (size_t i = 1; i < entries.size(); ++i) {
        const int64_t k = wholeSteps(entries[i].pts - entries[i - 1].pts, step, tolerance);
        if (k == 0)
            return Spacing::Variable;
        gaps += k >= 2 ? 1 : 0;
    }
    if (gaps == 0)
        return Spacing::Constant;
    return gaps * 20 <= entries.size() - 1 ? Spacing::ConstantWithGaps : Spacing::Variable;
}

std::vector<FrameIndex::TimestampGap> FrameIndex::timestampGaps() const {
    std::vector<TimestampGap> gaps;
    const auto [step, tolerance] = typicalStep(entries);
    for (size_t i = 1; step > 0 && i < entries.size(); ++i) {
        const int64_t k = wholeSteps(entries[i].pts - entries[i - 1].pts, step, tolerance);
        if (k >= 2)
            gaps.push_back(TimestampGap{int64_t(i), k - 1});
    }
    return gaps;
}

namespace {

// The index entry of a video packet; `lastPts`: the previous entry's pts (AV_NOPTS_VALUE for
// none), counted on from when the packet has no timestamp.
FrameIndexEntry entryOf(const AVPacket* packet, int64_t lastPts, char pictureType,
                        int64_t decodeOrder) {
    FrameIndexEntry entry;
    entry.pts = packet->pts != AV_NOPTS_VALUE ? packet->pts : packet->dts;
    if (entry.pts == AV_NOPTS_VALUE) {
        const int64_t step = packet->duration > 0 ? packet->duration : 1;
        entry.pts = lastPts == AV_NOPTS_VALUE ? 0 : lastPts + step;
    }
    entry.dts = packet->dts != AV_NOPTS_VALUE ? packet->dts : entry.pts;
    entry.bytePos = packet->pos;
    entry.packetSize = packet->size;
    entry.key = packet->flags & AV_PKT_FLAG_KEY;
    entry.corrupt = packet->flags & AV_PKT_FLAG_CORRUPT;
    entry.pictureType = pictureType;
    entry.decodeOrder = decodeOrder;
    return entry;
}

// Reads every packet of the container, indexing those of `videoStream` in decode order and
// recording unreadable data as damage. The number of video packets seen, including those the
// edit list discards.
Result<int64_t> readVideoPackets(AVFormatContext* fmt, int videoStream,
                                 const FrameIndexOptions& options, FrameIndex& index,
                                 IndexProgress& progress) {
    PictureTypeProbe pictureTypes(fmt->streams[videoStream]->codecpar);
    av::PacketPtr packet = av::makePacket();
    int64_t packetsSeen = 0;
    int64_t lastPts = AV_NOPTS_VALUE;
    int consecutiveErrors = 0;
    int64_t lastErrorPos = -1;
    for (;;) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed))
            return makeError(Error::Kind::Cancelled, FrameIndexText::tr("indexing cancelled"));
        const int rc = av_read_frame(fmt, packet.get());
        if (rc == AVERROR_EOF)
            break;
        if (rc == AVERROR(EAGAIN))
            continue;
        if (rc < 0) {
            const int64_t pos = fmt->pb ? avio_tell(fmt->pb) : -1;
            index.damaged.push_back(
                DamagedRange{-1, -1, pos,
                             FrameIndexText::tr("unreadable data at byte %1 (%2)")
                                 .arg(pos)
                                 .arg(av::errorString(rc))});
            // Keep going past local damage, but stop when the reader no longer advances.
            if (pos == lastErrorPos || ++consecutiveErrors > 64 ||
                (fmt->pb && fmt->pb->eof_reached)) {
                index.complete = false;
                break;
            }
            lastErrorPos = pos;
            continue;
        }
        consecutiveErrors = 0;
        if (packet->stream_index != videoStream) {
            av_packet_unref(packet.get());
            continue;
        }
        ++packetsSeen;
        // The decoder drops frames of discarded packets (edit lists) and of empty packets
        // (dropped frames in AVI): they are not frames of the clip.
        if ((packet->flags & AV_PKT_FLAG_DISCARD) || packet->size <= 0) {
            pictureTypes.typeOf(packet.get());
            av_packet_unref(packet.get());
            continue;
        }
        const FrameIndexEntry entry =
            entryOf(packet.get(), lastPts, pictureTypes.typeOf(packet.get()),
                    int64_t(index.entries.size()));
        lastPts = entry.pts;
        index.entries.push_back(entry);
        av_packet_unref(packet.get());

        progress.framesIndexed = index.size();
        if (options.progress && (progress.framesIndexed & 63) == 0) {
            progress.bytesRead = fmt->pb ? avio_tell(fmt->pb) : 0;
            options.progress(progress);
        }
    }
    return packetsSeen;
}

// Frames whose packet the demuxer flagged corrupt (truncated) are damage.
void markCorruptFrames(FrameIndex& index) {
    for (int64_t i = 0; i < index.size(); ++i) {
        if (index.at(i).corrupt) {
            index.damaged.push_back(DamagedRange{
                i, i, index.at(i).bytePos,
                FrameIndexText::tr("frame %1: packet truncated or flagged corrupt by the demuxer")
                    .arg(i)});
            index.complete = false;
        }
    }
}

// Fewer packets than the container declares: the file is truncated or damaged. AVI counts a
// dropped frame (an empty chunk, which its demuxer skips) in its header and in the pts of the
// next frame: when the pts account for the shortfall, nothing is missing.
void checkDeclaredFrameCount(FrameIndex& index, const AVInputFormat* format, int64_t packetsSeen,
                             int64_t bytesTotal) {
    const bool avi = qstrcmp(format->name, "avi") == 0;
    if (avi && index.declaredFrameCount > packetsSeen && !index.entries.empty() &&
        index.entries.back().pts - index.entries.front().pts + 1 >= index.declaredFrameCount) {
        index.emptyFrameSlots = index.declaredFrameCount - packetsSeen;
    } else if (index.declaredFrameCount > 0 && packetsSeen < index.declaredFrameCount) {
        int64_t lastGoodByte = 0;
        for (const FrameIndexEntry& e : index.entries)
            lastGoodByte = std::max(lastGoodByte, e.bytePos + e.packetSize);
        index.complete = false;
        index.damaged.push_back(DamagedRange{
            -1, -1, bytesTotal,
            FrameIndexText::tr(
                "the container declares %1 frames but only %2 could be read: the file is truncated "
                "or damaged after byte %3")
                .arg(index.declaredFrameCount)
                .arg(packetsSeen)
                .arg(lastGoodByte)});
    }
}

// MPEG-TS declares no frame count, but its packets are 188 (or 192) bytes: a file that
// ends part-way through one was cut off.
void checkTransportStreamEnd(FrameIndex& index, const AVInputFormat* format, int64_t bytesTotal) {
    const bool transportStream = qstrcmp(format->name, "mpegts") == 0;
    if (transportStream && bytesTotal > 0 && bytesTotal % 188 != 0 && bytesTotal % 192 != 0) {
        index.complete = false;
        index.damaged.push_back(DamagedRange{
            -1, -1, bytesTotal,
            FrameIndexText::tr(
                "the transport stream ends part-way through a packet at byte %1: the file is "
                "truncated, and its last frames may be incomplete")
                .arg(bytesTotal)});
    }
}

} // namespace

Result<FrameIndex> buildFrameIndex(const QString& path, const FrameIndexOptions& options) {
    auto opened = openContainer(path);
    if (!opened)
        return opened.error();
    AVFormatContext* fmt = opened->get();
    const int videoStream = findVideoStream(fmt);
    if (videoStream < 0) {
        return makeError(
            Error::Kind::Unsupported,
            FrameIndexText::tr("%1: contains no video stream").arg(QFileInfo(path).fileName()));
    }
    const AVStream* stream = fmt->streams[videoStream];
    // Only the video stream's packets are needed: the demuxer skips the others' payloads cheaply.
    keepOnlyStream(fmt, videoStream);

    FrameIndex index;
    index.streamIndex = videoStream;
    index.timeBase = toRational(stream->time_base);
    index.averageFrameRate = toRational(stream->avg_frame_rate);
    index.nominalFrameRate = toRational(stream->r_frame_rate);
    index.declaredFrameCount = stream->nb_frames;

    IndexProgress progress;
    progress.bytesTotal = fmt->pb ? avio_size(fmt->pb) : 0;
    const Result<int64_t> packetsSeen =
        readVideoPackets(fmt, videoStream, options, index, progress);
    if (!packetsSeen)
        return packetsSeen.error();

    std::stable_sort(
        index.entries.begin(), index.entries.end(),
        [](const FrameIndexEntry& a, const FrameIndexEntry& b) { return a.pts < b.pts; });
    markCorruptFrames(index);
    checkDeclaredFrameCount(index, fmt->iformat, *packetsSeen, progress.bytesTotal);
    checkTransportStreamEnd(index, fmt->iformat, progress.bytesTotal);
    if (index.entries.empty()) {
        return makeError(Error::Kind::Corrupt,
                         FrameIndexText::tr("%1: the video stream contains no readable frames")
                             .arg(QFileInfo(path).fileName()));
    }
    progress.bytesRead = progress.bytesTotal;
    progress.framesIndexed = index.size();
    if (options.progress)
        options.progress(progress);
    return index;
}

QString describeSpacing(const FrameIndex& index) {
    switch (index.spacing()) {
    case FrameIndex::Spacing::Constant:
        return FrameIndexText::tr("constant");
    case FrameIndex::Spacing::Variable:
        return FrameIndexText::tr("variable");
    case FrameIndex::Spacing::ConstantWithGaps:
        break;
    }
    const std::vector<FrameIndex::TimestampGap> gaps = index.timestampGaps();
    QStringList places;
    int64_t missing = 0;
    for (const FrameIndex::TimestampGap& g : gaps) {
        missing += g.missingSlots;
        if (places.size() < 5)
            places << QString::number(g.beforeFrame);
    }
    if (gaps.size() > size_t(places.size()))
        places << QStringLiteral("...");
    return (missing == 1 ? FrameIndexText::tr("constant, 1 frame slot missing")
                         : FrameIndexText::tr("constant, %1 frame slots missing").arg(missing)) +
           (gaps.size() == 1 ? FrameIndexText::tr(" before frame %1")
                             : FrameIndexText::tr(" before frames %1"))
               .arg(places.join(QStringLiteral(", ")));
}

} // namespace fp
