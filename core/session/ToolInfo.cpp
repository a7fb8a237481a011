#include "core/session/ToolInfo.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

#include <QtGlobal>

namespace fp {

namespace {

QString libVersion(unsigned v) {
    return QStringLiteral("%1.%2.%3").arg(v >> 16).arg((v >> 8) & 0xff).arg(v & 0xff);
}

} // namespace

QString versionText() {
    return QStringLiteral("Frameproof %1 (Qt %2, FFmpeg %3)")
        .arg(QStringLiteral(FRAMEPROOF_VERSION), QString::fromLatin1(qVersion()),
             QString::fromUtf8(av_version_info()));
}

QJsonObject toolInfoJson() {
    QJsonObject libraries{
        {QStringLiteral("qt"), QString::fromLatin1(qVersion())},
        {QStringLiteral("ffmpeg"), QString::fromUtf8(av_version_info())},
        {QStringLiteral("libavformat"), libVersion(avformat_version())},
        {QStringLiteral("libavcodec"), libVersion(avcodec_version())},
        {QStringLiteral("libavutil"), libVersion(avutil_version())},
        {QStringLiteral("libswscale"), libVersion(swscale_version())},
        {QStringLiteral("libswresample"), libVersion(swresample_version())},
    };
    return QJsonObject{{QStringLiteral("name"), QStringLiteral("Frameproof")},
                       {QStringLiteral("version"), QStringLiteral(FRAMEPROOF_VERSION)},
                       {QStringLiteral("libraries"), libraries}};
}

} // namespace fp
