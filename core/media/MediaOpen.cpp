#include "core/media/MediaOpen.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

extern "C" {
#include <libavutil/log.h>
}

namespace fp {

namespace {

struct MediaOpenText {
    Q_DECLARE_TR_FUNCTIONS(fp::MediaOpen)
};

QString displayName(const QString& path) {
    return QFileInfo(path).fileName();
}

} // namespace

Result<void> checkEvidencePath(const QString& path) {
    const QFileInfo info(path);
    if (path.isEmpty() || !info.exists())
        return makeError(Error::Kind::NotFound, MediaOpenText::tr("%1: no such file").arg(path));
    if (info.isDir())
        return makeError(
            Error::Kind::NotReadable,
            MediaOpenText::tr("%1: is a folder, not a media file").arg(displayName(path)));
    if (!info.isFile())
        return makeError(Error::Kind::NotReadable,
                         MediaOpenText::tr("%1: is not a regular file").arg(displayName(path)));
    // Ask the kernel rather than the permission bits: access() answers for the real user,
    // including root's overrides and ACLs.
    const QByteArray native = QFile::encodeName(path);
    const int fd = ::open(native.constData(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        return makeError(Error::Kind::NotReadable,
                         MediaOpenText::tr("%1: cannot be read (%2)")
                             .arg(displayName(path), QString::fromLocal8Bit(std::strerror(err))));
    }
    ::close(fd);
    if (info.size() == 0)
        return makeError(
            Error::Kind::Unsupported,
            MediaOpenText::tr("%1: the file is empty (0 bytes)").arg(displayName(path)));
    return {};
}

namespace {

// Refuses a video stream whose declared picture is larger than the decoder may allocate; asked
// before and after probing, since probing may change what the header declared.
Result<void> checkDeclaredSizes(const AVFormatContext* ctx, const QString& path) {
    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
        const AVCodecParameters* par = ctx->streams[i]->codecpar;
        if (par->codec_type == AVMEDIA_TYPE_VIDEO &&
            int64_t(par->width) * int64_t(par->height) > kMaxPixelsPerFrame) {
            return makeError(
                Error::Kind::Limit,
                MediaOpenText::tr("%1: declared picture size %2x%3 exceeds the supported maximum "
                                  "of 8192x8192 pixels")
                    .arg(displayName(path))
                    .arg(par->width)
                    .arg(par->height));
        }
    }
    return {};
}

} // namespace

Result<av::FormatContextPtr> openContainer(const QString& path) {
    if (auto checked = checkEvidencePath(path); !checked)
        return checked.error();

    av_log_set_level(AV_LOG_QUIET);
    AVFormatContext* raw = nullptr;
    const QByteArray native = QFile::encodeName(path);
    // The file protocol opens read-only (AVIO_FLAG_READ): evidence is never written. Only the
    // file protocol is allowed, so a playlist in the evidence cannot reach the network or
    // other devices.
    AVDictionary* options = nullptr;
    av_dict_set(&options, "protocol_whitelist", "file", 0);
    int rc = avformat_open_input(&raw, native.constData(), nullptr, &options);
    av_dict_free(&options);
    if (rc < 0) {
        return makeError(Error::Kind::Unsupported,
                         MediaOpenText::tr("%1: not a video or audio file FFmpeg can read (%2)")
                             .arg(displayName(path), av::errorString(rc)));
    }
    av::FormatContextPtr ctx(raw);
    if (auto size = checkDeclaredSizes(ctx.get(), path); !size)
        return size.error();
    rc = avformat_find_stream_info(ctx.get(), nullptr);
    if (rc < 0) {
        return makeError(Error::Kind::Corrupt,
                         MediaOpenText::tr("%1: stream information unreadable (%2)")
                             .arg(displayName(path), av::errorString(rc)));
    }
    if (auto size = checkDeclaredSizes(ctx.get(), path); !size)
        return size.error();
    if (ctx->nb_streams == 0) {
        return makeError(
            Error::Kind::Unsupported,
            MediaOpenText::tr("%1: contains no audio or video streams").arg(displayName(path)));
    }
    return ctx;
}

int findVideoStream(const AVFormatContext* ctx) {
    int best = -1;
    int64_t bestPixels = -1;
    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
        const AVStream* st = ctx->streams[i];
        if (st->codecpar->codec_type != AVMEDIA_TYPE_VIDEO ||
            (st->disposition & AV_DISPOSITION_ATTACHED_PIC))
            continue;
        const int64_t pixels = int64_t(st->codecpar->width) * st->codecpar->height;
        if (best < 0 || (st->disposition & AV_DISPOSITION_DEFAULT && bestPixels <= pixels)) {
            best = int(i);
            bestPixels = pixels;
        }
    }
    return best;
}

int findAudioStream(const AVFormatContext* ctx) {
    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
        if (ctx->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
            return int(i);
    }
    return -1;
}

void keepOnlyStream(AVFormatContext* ctx, int stream) {
    for (unsigned i = 0; i < ctx->nb_streams; ++i)
        ctx->streams[i]->discard = int(i) == stream ? AVDISCARD_DEFAULT : AVDISCARD_ALL;
}

Result<av::CodecContextPtr> openDecoder(const AVStream* stream, int threads) {
    const AVCodecParameters* par = stream->codecpar;
    const AVCodec* codec = avcodec_find_decoder(par->codec_id);
    if (!codec) {
        return makeError(Error::Kind::Unsupported,
                         MediaOpenText::tr("no decoder for codec '%1'")
                             .arg(QString::fromUtf8(avcodec_get_name(par->codec_id))));
    }
    av::CodecContextPtr ctx(avcodec_alloc_context3(codec));
    if (!ctx)
        return makeError(Error::Kind::Internal,
                         MediaOpenText::tr("out of memory creating a decoder"));
    int rc = avcodec_parameters_to_context(ctx.get(), par);
    if (rc < 0)
        return makeError(Error::Kind::Unsupported,
                         MediaOpenText::tr("decoder rejected the stream parameters (%1)")
                             .arg(av::errorString(rc)));
    ctx->pkt_timebase = stream->time_base;
    ctx->max_pixels = kMaxPixelsPerFrame;
    ctx->thread_count = threads;
    rc = avcodec_open2(ctx.get(), codec, nullptr);
    if (rc < 0) {
        return makeError(Error::Kind::Unsupported,
                         MediaOpenText::tr("cannot open the %1 decoder (%2)")
                             .arg(QString::fromUtf8(codec->name), av::errorString(rc)));
    }
    return ctx;
}

} // namespace fp
