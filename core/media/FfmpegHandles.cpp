#include "core/media/FfmpegHandles.h"

extern "C" {
#include <libavutil/error.h>
}

namespace fp::av {

QString errorString(int averror) {
    char buffer[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(averror, buffer, sizeof buffer);
    return QString::fromUtf8(buffer);
}

} // namespace fp::av
