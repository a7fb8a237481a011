#include "core/media/VideoFrame.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
}

namespace fp {

VideoFrame::VideoFrame(int64_t index, const AVFrame* decoded)
    : m_index(index)
    , m_frame(av_frame_clone(decoded)) {
    if (!m_frame)
        throw std::bad_alloc();
    m_frame->pts = decoded->best_effort_timestamp != AV_NOPTS_VALUE ? decoded->best_effort_timestamp
                                                                    : decoded->pts;
    m_damaged = decoded->decode_error_flags != 0 || (decoded->flags & AV_FRAME_FLAG_CORRUPT);
    for (const AVBufferRef* buf : m_frame->buf) {
        if (buf)
            m_byteSize += int64_t(buf->size);
    }
}

QByteArray VideoFrame::packedPixels() const {
    const auto format = AVPixelFormat(m_frame->format);
    const int size = av_image_get_buffer_size(format, m_frame->width, m_frame->height, 1);
    if (size <= 0)
        return {};
    QByteArray bytes(size, Qt::Uninitialized);
    av_image_copy_to_buffer(reinterpret_cast<uint8_t*>(bytes.data()), size, m_frame->data,
                            m_frame->linesize, format, m_frame->width, m_frame->height, 1);
    return bytes;
}

QImage VideoFrame::toImage() const {
    QImage image(m_frame->width, m_frame->height, QImage::Format_RGB32);
    if (image.isNull())
        return image;
    // One scaler per thread, reused while the format stays the same. swscale's SIMD path
    // (bilinear chroma) converts 1080p in about 1.5 ms; the accurate-rounding path takes
    // 20-30 ms, too slow for stepping, and differs by at most a few levels at chroma edges.
    struct ScalerHolder {
        SwsContext* context = nullptr;
        ~ScalerHolder() { sws_freeContext(context); }
    };
    thread_local ScalerHolder scaler;
    scaler.context = sws_getCachedContext(
        scaler.context, m_frame->width, m_frame->height, AVPixelFormat(m_frame->format),
        m_frame->width, m_frame->height, AV_PIX_FMT_BGRA, SWS_BILINEAR, nullptr, nullptr, nullptr);
    if (!scaler.context)
        return {};
    // Honour the stream's matrix and range; unlabelled video follows the usual HD/SD convention.
    const bool hd = m_frame->height >= 720;
    const int space = m_frame->colorspace != AVCOL_SPC_UNSPECIFIED
                          ? int(m_frame->colorspace)
                          : (hd ? SWS_CS_ITU709 : SWS_CS_ITU601);
    const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(AVPixelFormat(m_frame->format));
    const bool isRgb = desc && (desc->flags & AV_PIX_FMT_FLAG_RGB);
    const int fullRange = isRgb || m_frame->color_range == AVCOL_RANGE_JPEG;
    sws_setColorspaceDetails(scaler.context, sws_getCoefficients(space), fullRange,
                             sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    uint8_t* dst[4] = {image.bits(), nullptr, nullptr, nullptr};
    int dstStride[4] = {int(image.bytesPerLine()), 0, 0, 0};
    sws_scale(scaler.context, m_frame->data, m_frame->linesize, 0, m_frame->height, dst, dstStride);
    return image;
}

} // namespace fp
