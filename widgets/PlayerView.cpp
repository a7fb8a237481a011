#include "widgets/PlayerView.h"

#include <QFontDatabase>
#include <QFontMetrics>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <array>
#include <cmath>

namespace fp {

namespace {

constexpr double kZoomStep = 1.25;
constexpr int kPaneGap = 2;     // separator between the halves in side-by-side
constexpr int kLoupeSize = 180; // screen pixels, square
constexpr int kBoxLine = 2;     // overlay box outline, screen pixels

QColor backgroundColour() {
    return QColor(24, 24, 24);
}

QColor textColourOn(const QColor& fill) {
    return fill.lightness() > 140 ? Qt::black : Qt::white;
}

// A frame of `width` pixels drawn just outside `inner`, so the pixels inside stay visible.
void outlineOutside(QPainter& painter, const QRect& inner, int width, const QColor& colour) {
    const int l = inner.left();
    const int t = inner.top();
    const int w = inner.width();
    const int h = inner.height();
    painter.fillRect(QRect(l - width, t - width, w + 2 * width, width), colour);
    painter.fillRect(QRect(l - width, t + h, w + 2 * width, width), colour);
    painter.fillRect(QRect(l - width, t, width, h), colour);
    painter.fillRect(QRect(l + w, t, width, h), colour);
}

} // namespace

PlayerView::PlayerView(QWidget* parent)
    : QWidget(parent) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setMouseTracking(true);
    // Takes focus on click or Tab, but handles no keys: arrows and the rest reach the main
    // window's actions.
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(160, 90);
}

void PlayerView::setFrame(const QImage& image, qint64 frameIndex) {
    m_image = image;
    m_frameIndex = frameIndex;
    m_heatPatchStale = true;
    // Painting other formats would convert the whole frame on every paint (and every loupe
    // move); convert once here instead. m_image keeps the original for exact pixel values.
    const QImage::Format format = image.format();
    if (image.isNull() || format == QImage::Format_RGB32 ||
        format == QImage::Format_ARGB32_Premultiplied)
        m_display = image;
    else
        m_display = image.convertToFormat(
            image.hasAlphaChannel() ? QImage::Format_ARGB32_Premultiplied : QImage::Format_RGB32);
    if (!m_fit)
        clampOffset();
    notifyZoom();
    updateCursorShape();
    update();
    emitHovered();
}

void PlayerView::clearFrame(const QString& placeholder) {
    m_image = QImage();
    m_display = QImage();
    m_frameIndex = -1;
    m_heatPatchStale = true;
    m_placeholder = placeholder;
    m_dragging = false;
    updateCursorShape();
    update();
}

QRectF PlayerView::paneRect(int pane) const {
    if (!m_sideBySide)
        return QRectF(rect());
    const int paneWidth = std::max(0, (width() - kPaneGap) / 2);
    const int left = pane == 0 ? 0 : width() - paneWidth;
    return QRectF(left, 0, paneWidth, height());
}

int PlayerView::paneAt(QPointF widgetPos) const {
    for (int i = 0; i < paneCount(); ++i) {
        const QRectF pane = paneRect(i);
        if (widgetPos.x() >= pane.left() && widgetPos.x() < pane.right() &&
            widgetPos.y() >= pane.top() && widgetPos.y() < pane.bottom())
            return i;
    }
    return -1;
}

double PlayerView::fitScale() const {
    const QSizeF pane = paneRect(0).size();
    if (m_display.isNull() || pane.isEmpty())
        return 1.0;
    return std::min(pane.width() / m_display.width(), pane.height() / m_display.height());
}

double PlayerView::zoom() const {
    return m_fit ? fitScale() : m_zoom;
}

QPointF PlayerView::exactOrigin() const {
    if (!m_fit || m_display.isNull())
        return m_offset;
    const QSizeF pane = paneRect(0).size();
    const double scale = fitScale();
    return QPointF((pane.width() - m_display.width() * scale) / 2.0,
                   (pane.height() - m_display.height() * scale) / 2.0);
}

QPointF PlayerView::displayOrigin() const {
    // Whole-pixel origin: image pixels map to the same screen columns in every paint, so the
    // nearest-neighbour squares keep their size and overlays line up with them.
    const QPointF origin = exactOrigin();
    return QPointF(std::round(origin.x()), std::round(origin.y()));
}

void PlayerView::clampOffset() {
    if (m_display.isNull())
        return;
    // Keep at least a quarter of the pane (or the whole image, if smaller) covered, so the
    // image cannot be dragged out of sight.
    const QSizeF pane = paneRect(0).size();
    const double scaledWidth = m_display.width() * m_zoom;
    const double scaledHeight = m_display.height() * m_zoom;
    const double keepX = std::min(scaledWidth, pane.width() * 0.25);
    const double keepY = std::min(scaledHeight, pane.height() * 0.25);
    m_offset.setX(std::clamp(m_offset.x(), keepX - scaledWidth, pane.width() - keepX));
    m_offset.setY(std::clamp(m_offset.y(), keepY - scaledHeight, pane.height() - keepY));
}

void PlayerView::notifyZoom() {
    const double factor = zoom();
    if (m_fit == m_emittedFit && std::abs(factor - m_emittedZoom) < 1e-9)
        return;
    m_emittedFit = m_fit;
    m_emittedZoom = factor;
    Q_EMIT zoomChanged(factor, m_fit);
}

void PlayerView::zoomToFit() {
    m_fit = true;
    notifyZoom();
    updateCursorShape();
    update();
}

void PlayerView::zoomActualSize() {
    m_fit = false;
    m_zoom = 1.0;
    if (!m_display.isNull()) {
        const QSizeF pane = paneRect(0).size();
        m_offset = QPointF((pane.width() - m_display.width()) / 2.0,
                           (pane.height() - m_display.height()) / 2.0);
        clampOffset();
    }
    notifyZoom();
    updateCursorShape();
    update();
}

void PlayerView::setZoom(double factor, QPointF anchor) {
    factor = std::clamp(factor, kMinZoom, kMaxZoom);
    if (m_display.isNull()) {
        m_fit = false;
        m_zoom = factor;
        notifyZoom();
        return;
    }
    QPointF local;
    if (anchor.x() < 0 || anchor.y() < 0) {
        local = paneRect(0).center() - paneRect(0).topLeft();
    } else {
        int pane = paneAt(anchor);
        if (pane < 0)
            pane = m_sideBySide && anchor.x() >= paneRect(1).left() ? 1 : 0;
        local = anchor - paneRect(pane).topLeft();
    }
    // Unrounded origins here: rounding is for display only, so repeated wheel steps do not
    // drift away from the point under the cursor.
    const QPointF imagePoint = (local - exactOrigin()) / zoom();
    m_fit = false;
    m_zoom = factor;
    m_offset = local - imagePoint * factor;
    clampOffset();
    notifyZoom();
    updateCursorShape();
    update();
}

void PlayerView::zoomIn() {
    setZoom(zoom() * kZoomStep);
}

void PlayerView::zoomOut() {
    setZoom(zoom() / kZoomStep);
}

void PlayerView::setLoupeEnabled(bool enabled) {
    if (m_loupe == enabled)
        return;
    m_loupe = enabled;
    updateCursorShape();
    update();
}

void PlayerView::setLoupeMagnification(int factor) {
    m_loupeFactor = std::clamp(factor, 2, 8);
    if (loupeShown())
        update(loupeRect().adjusted(-2, -2, 2, 2));
}

void PlayerView::setOverlayBoxes(const QVector<OverlayBox>& boxes) {
    m_boxes = boxes;
    update();
}

void PlayerView::setOverlayPoints(const QVector<OverlayPointSet>& sets) {
    m_pointSets = sets;
    update();
}

void PlayerView::setOverlaysVisible(bool visible) {
    if (m_overlaysVisible == visible)
        return;
    m_overlaysVisible = visible;
    update();
}

void PlayerView::setHeatmap(const QVector<OverlayFaceMap>& faces, const QString& legendTitle) {
    m_heatFaces = faces;
    m_heatTitle = legendTitle;
    m_heatPatchStale = true;
    update();
}

void PlayerView::clearHeatmap() {
    m_heatFaces.clear();
    m_heatTitle.clear();
    m_heatPatchStale = true;
    update();
}

void PlayerView::setHeatmapOpacity(double opacity) {
    m_heatOpacity = std::clamp(opacity, 0.0, 1.0);
    m_heatPatchStale = true;
    update();
}

void PlayerView::setSideBySide(bool enabled) {
    if (m_sideBySide == enabled)
        return;
    // In manual zoom keep the image point at the pane centre where it was.
    const QPointF oldCentre = paneRect(0).center() - paneRect(0).topLeft();
    const QPointF imagePoint = (oldCentre - exactOrigin()) / zoom();
    m_sideBySide = enabled;
    if (!m_fit && !m_display.isNull()) {
        const QPointF newCentre = paneRect(0).center() - paneRect(0).topLeft();
        m_offset = newCentre - imagePoint * m_zoom;
        clampOffset();
    }
    notifyZoom();
    updateCursorShape();
    update();
}

QPointF PlayerView::imagePointAt(QPointF widgetPos) const {
    const QPointF invalid(-1, -1);
    const int pane = paneAt(widgetPos);
    if (m_display.isNull() || pane < 0)
        return invalid;
    const QPointF point = (widgetPos - paneRect(pane).topLeft() - displayOrigin()) / zoom();
    if (point.x() < 0 || point.y() < 0 || point.x() >= m_display.width() ||
        point.y() >= m_display.height())
        return invalid;
    return point;
}

bool PlayerView::loupeShown() const {
    return m_loupe && !m_dragging && imagePointAt(m_cursor).x() >= 0;
}

QRect PlayerView::loupeRect() const {
    const QPoint centre = m_cursor.toPoint();
    return QRect(centre.x() - kLoupeSize / 2, centre.y() - kLoupeSize / 2, kLoupeSize, kLoupeSize);
}

void PlayerView::updateCursorShape() {
    Qt::CursorShape shape = Qt::ArrowCursor;
    if (m_dragging)
        shape = Qt::ClosedHandCursor;
    else if (loupeShown())
        shape = Qt::BlankCursor; // the loupe marks the pixel; an arrow would hide it
    else if (!m_fit && imagePointAt(m_cursor).x() >= 0)
        shape = Qt::OpenHandCursor;
    if (shape == Qt::ArrowCursor)
        unsetCursor();
    else if (cursor().shape() != shape)
        setCursor(shape);
}

void PlayerView::emitHovered() {
    const QPointF point = imagePointAt(m_cursor);
    if (point.x() < 0)
        return;
    const QPoint pixel(static_cast<int>(point.x()), static_cast<int>(point.y()));
    Q_EMIT pixelHovered(pixel, m_image.pixelColor(pixel));
}

void PlayerView::resizeEvent(QResizeEvent* event) {
    if (!m_fit)
        clampOffset();
    notifyZoom();
    QWidget::resizeEvent(event);
}

void PlayerView::wheelEvent(QWheelEvent* event) {
    const int delta = event->angleDelta().y();
    if (delta == 0 || m_display.isNull()) {
        event->ignore();
        return;
    }
    // 120 units per notch; finer trackpad deltas give proportionally smaller steps.
    setZoom(zoom() * std::pow(kZoomStep, delta / 120.0), event->position());
    event->accept();
}

void PlayerView::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && !m_fit && !m_display.isNull()) {
        const bool hadLoupe = loupeShown();
        m_dragging = true;
        m_dragStart = event->position();
        m_offsetAtDragStart = m_offset;
        if (hadLoupe)
            update(loupeRect().adjusted(-2, -2, 2, 2));
        updateCursorShape();
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void PlayerView::mouseMoveEvent(QMouseEvent* event) {
    const bool hadLoupe = loupeShown();
    const QRect oldLoupe = loupeRect().adjusted(-2, -2, 2, 2);
    m_cursor = event->position();
    if (m_dragging) {
        m_offset = m_offsetAtDragStart + (event->position() - m_dragStart);
        clampOffset();
        update();
    } else {
        // Only the loupe moves: repaint where it was and where it is.
        if (hadLoupe)
            update(oldLoupe);
        if (loupeShown())
            update(loupeRect().adjusted(-2, -2, 2, 2));
    }
    updateCursorShape();
    emitHovered();
    event->accept();
}

void PlayerView::mouseReleaseEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && m_dragging) {
        m_dragging = false;
        m_cursor = event->position();
        updateCursorShape();
        if (loupeShown())
            update(loupeRect().adjusted(-2, -2, 2, 2));
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void PlayerView::leaveEvent(QEvent* event) {
    if (loupeShown())
        update(loupeRect().adjusted(-2, -2, 2, 2));
    m_cursor = QPointF(-1, -1);
    updateCursorShape();
    QWidget::leaveEvent(event);
}

void PlayerView::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    const QRect dirty = event->rect();
    painter.fillRect(dirty, backgroundColour());
    if (m_display.isNull()) {
        painter.setPen(QColor(200, 200, 200));
        painter.drawText(QRectF(rect()).adjusted(16, 16, -16, -16),
                         Qt::AlignCenter | Qt::TextWordWrap, m_placeholder);
        return;
    }

    const int panes = paneCount();
    for (int i = 0; i < panes; ++i) {
        const QRectF pane = paneRect(i);
        const QRect paneDirty =
            dirty.intersected(pane.toRect()).translated(-pane.topLeft().toPoint());
        if (paneDirty.isEmpty())
            continue;
        painter.save();
        painter.setClipRect(pane);
        painter.translate(pane.topLeft());
        drawImageLayer(painter, paneDirty);
        // The overlays go on the only pane, or on the right one in side-by-side.
        if (i == panes - 1 && m_overlaysVisible) {
            drawHeatLayer(painter, paneDirty);
            drawVectorOverlays(painter);
        }
        if (m_sideBySide)
            drawCaption(painter, i == 0 ? tr("Original") : tr("Overlay"));
        painter.restore();
    }
    if (m_sideBySide) {
        const QRectF left = paneRect(0);
        painter.fillRect(QRectF(left.right(), 0, paneRect(1).left() - left.right(), height()),
                         QColor(70, 70, 70));
    }
    if (m_overlaysVisible && !m_heatFaces.isEmpty())
        drawLegend(painter, paneRect(panes - 1));
    if (loupeShown())
        drawLoupe(painter);
}

void PlayerView::drawImageLayer(QPainter& painter, const QRect& dirty) const {
    drawPixels(painter, dirty, m_display, QPoint(0, 0));
}

// `pixels` are image pixels from `imageTopLeft` on (the frame, or a part of it).
void PlayerView::drawPixels(QPainter& painter, const QRect& dirty, const QImage& pixels,
                            QPoint imageTopLeft) const {
    const double scale = zoom();
    const QPointF origin = displayOrigin() + QPointF(imageTopLeft) * scale;
    // Only the source pixels that reach the dirty area: at 1600 % a 1080p frame would
    // otherwise be scaled to 30720 x 17280 on every paint. A margin of two pixels keeps the
    // smooth filter's neighbours, so partial repaints meet without seams.
    const int x0 =
        std::max(0, static_cast<int>(std::floor((dirty.left() - origin.x()) / scale)) - 2);
    const int y0 =
        std::max(0, static_cast<int>(std::floor((dirty.top() - origin.y()) / scale)) - 2);
    const int x1 = std::min(
        pixels.width(), static_cast<int>(std::ceil((dirty.right() + 1 - origin.x()) / scale)) + 2);
    const int y1 =
        std::min(pixels.height(),
                 static_cast<int>(std::ceil((dirty.bottom() + 1 - origin.y()) / scale)) + 2);
    if (x1 <= x0 || y1 <= y0)
        return;
    const QRect source(x0, y0, x1 - x0, y1 - y0);
    const QRectF target(origin.x() + x0 * scale, origin.y() + y0 * scale, source.width() * scale,
                        source.height() * scale);
    // Above 100 % every image pixel is a crisp square; at or below, smooth downscaling.
    painter.setRenderHint(QPainter::SmoothPixmapTransform, scale <= 1.0);
    painter.drawImage(target, pixels, source);
}

// The overlay is the frame's own pixels with the maps blended in, drawn like the frame, rather
// than a translucent layer composited by QPainter: so it is exactly the report's still.
void PlayerView::drawHeatLayer(QPainter& painter, const QRect& dirty) const {
    updateHeatPatch();
    if (!m_heatPatch.isNull())
        drawPixels(painter, dirty, m_heatPatch, m_heatPatchRect.topLeft());
}

void PlayerView::updateHeatPatch() const {
    if (!m_heatPatchStale)
        return;
    m_heatPatchStale = false;
    m_heatPatch = QImage();
    m_heatPatchRect = QRect();
    if (m_image.isNull() || m_heatFaces.isEmpty() || m_heatOpacity <= 0.0)
        return;
    QRect bounds;
    for (const OverlayFaceMap& face : m_heatFaces)
        bounds |= face.region;
    bounds &= m_image.rect();
    if (bounds.isEmpty())
        return;
    QImage patch = m_image.copy(bounds).convertToFormat(QImage::Format_RGB888);
    for (const OverlayFaceMap& face : m_heatFaces)
        blendFaceMap(patch, face.region.translated(-bounds.topLeft()), face.grid, m_heatOpacity);
    m_heatPatch = patch.convertToFormat(QImage::Format_RGB32);
    m_heatPatchRect = bounds;
}

void PlayerView::drawVectorOverlays(QPainter& painter) const {
    const double scale = zoom();
    const QPointF origin = displayOrigin();
    QFont labelFont = font();
    if (labelFont.pointSizeF() > 0)
        labelFont.setPointSizeF(std::max(7.0, labelFont.pointSizeF() * 0.85));
    const QFontMetrics metrics(labelFont);
    painter.setFont(labelFont);
    painter.setRenderHint(QPainter::Antialiasing, false);
    for (const OverlayBox& box : m_boxes) {
        const int left = static_cast<int>(std::lround(origin.x() + box.rect.left() * scale));
        const int top = static_cast<int>(std::lround(origin.y() + box.rect.top() * scale));
        const int right = static_cast<int>(std::lround(origin.x() + box.rect.right() * scale));
        const int bottom = static_cast<int>(std::lround(origin.y() + box.rect.bottom() * scale));
        const QRect screen(left, top, std::max(0, right - left), std::max(0, bottom - top));
        outlineOutside(painter, screen, kBoxLine, box.color);
        if (box.label.isEmpty())
            continue;
        const int tagHeight = metrics.height() + 2;
        QRect tag(screen.left() - kBoxLine, screen.top() - kBoxLine - tagHeight,
                  metrics.horizontalAdvance(box.label) + 8, tagHeight);
        if (tag.top() < 0) // no room above the box: tuck the tag inside its top edge
            tag.moveTop(screen.top());
        painter.fillRect(tag, box.color);
        painter.setPen(textColourOn(box.color));
        painter.drawText(tag, Qt::AlignCenter, box.label);
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(Qt::NoPen);
    for (const OverlayPointSet& set : m_pointSets) {
        painter.setBrush(set.color);
        for (const QPointF& point : set.points)
            painter.drawEllipse(origin + point * scale, set.radius, set.radius);
    }
    painter.setBrush(Qt::NoBrush);
}

void PlayerView::drawCaption(QPainter& painter, const QString& text) const {
    const QFontMetrics metrics(font());
    const QRect tag(8, 8, metrics.horizontalAdvance(text) + 12, metrics.height() + 4);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.fillRect(tag, QColor(0, 0, 0, 170));
    painter.setFont(font());
    painter.setPen(QColor(235, 235, 235));
    painter.drawText(tag, Qt::AlignCenter, text);
}

void PlayerView::drawLegend(QPainter& painter, const QRectF& pane) const {
    QFont legendFont = font();
    if (legendFont.pointSizeF() > 0)
        legendFont.setPointSizeF(std::max(7.0, legendFont.pointSizeF() * 0.85));
    const QFontMetrics metrics(legendFont);
    constexpr int kWidth = 200;
    constexpr int kPad = 8;
    constexpr int kBarHeight = 10;
    const int boxHeight = kPad + metrics.height() + 4 + kBarHeight + 2 + metrics.height() + kPad;
    const QRect box(static_cast<int>(pane.right()) - kWidth - 10,
                    static_cast<int>(pane.bottom()) - boxHeight - 10, kWidth, boxHeight);

    painter.save();
    painter.setClipRect(pane);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setPen(Qt::NoPen);
    painter.setBrush(QColor(0, 0, 0, 180));
    painter.drawRoundedRect(box, 4, 4);

    painter.setFont(legendFont);
    painter.setPen(QColor(235, 235, 235));
    const QRect title(box.left() + kPad, box.top() + kPad, kWidth - 2 * kPad, metrics.height());
    painter.drawText(title, Qt::AlignLeft | Qt::AlignVCenter,
                     metrics.elidedText(m_heatTitle, Qt::ElideRight, title.width()));

    QImage ramp(256, 1, QImage::Format_RGB32);
    const auto& colours = infernoColours();
    for (int i = 0; i < 256; ++i)
        ramp.setPixel(i, 0, colours[static_cast<size_t>(i)]);
    const QRect bar(title.left(), title.bottom() + 1 + 4, title.width(), kBarHeight);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, true);
    painter.drawImage(bar, ramp);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setPen(QColor(200, 200, 200));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar.adjusted(-1, -1, 0, 0));

    const QRect labels(bar.left(), bar.bottom() + 1 + 2, bar.width(), metrics.height());
    painter.setPen(QColor(235, 235, 235));
    painter.drawText(labels, Qt::AlignLeft | Qt::AlignVCenter, QStringLiteral("0"));
    painter.drawText(labels, Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("1"));
    painter.restore();
}

void PlayerView::drawLoupe(QPainter& painter) const {
    const QRect box = loupeRect();
    const QPointF centre(box.left() + kLoupeSize / 2.0, box.top() + kLoupeSize / 2.0);
    const QPointF point = imagePointAt(m_cursor);
    const QPoint pixel(static_cast<int>(point.x()), static_cast<int>(point.y()));
    const double magnified = zoom() * m_loupeFactor;

    painter.save();
    painter.setClipRect(box);
    painter.fillRect(box, backgroundColour());
    // The hovered pixel sits centred in the loupe: screen = centre + (image - pixel centre) * m.
    const double reach = kLoupeSize / 2.0 / magnified;
    const int x0 = std::max(0, static_cast<int>(std::floor(pixel.x() + 0.5 - reach)) - 1);
    const int y0 = std::max(0, static_cast<int>(std::floor(pixel.y() + 0.5 - reach)) - 1);
    const int x1 =
        std::min(m_display.width(), static_cast<int>(std::ceil(pixel.x() + 0.5 + reach)) + 1);
    const int y1 =
        std::min(m_display.height(), static_cast<int>(std::ceil(pixel.y() + 0.5 + reach)) + 1);
    const QRect source(x0, y0, x1 - x0, y1 - y0);
    const QRectF target(centre.x() + (x0 - pixel.x() - 0.5) * magnified,
                        centre.y() + (y0 - pixel.y() - 0.5) * magnified, source.width() * magnified,
                        source.height() * magnified);
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.drawImage(target, m_display, source);

    const QColor colour = m_image.pixelColor(pixel);
    if (magnified >= 6.0) {
        const QRect marked(QPoint(static_cast<int>(std::lround(centre.x() - magnified / 2)),
                                  static_cast<int>(std::lround(centre.y() - magnified / 2))),
                           QPoint(static_cast<int>(std::lround(centre.x() + magnified / 2)) - 1,
                                  static_cast<int>(std::lround(centre.y() + magnified / 2)) - 1));
        outlineOutside(painter, marked, 1, textColourOn(colour));
    }

    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const QFontMetrics metrics(mono);
    const int stripHeight = 2 * metrics.height() + 6;
    const QRect strip(box.left(), box.bottom() + 1 - stripHeight, box.width(), stripHeight);
    painter.fillRect(strip, QColor(0, 0, 0, 190));
    painter.setFont(mono);
    painter.setPen(QColor(240, 240, 240));
    const QString where = tr("x %1  y %2").arg(pixel.x()).arg(pixel.y());
    const QString value =
        tr("R %1  G %2  B %3").arg(colour.red()).arg(colour.green()).arg(colour.blue());
    painter.drawText(strip.adjusted(4, 3, -4, -3), Qt::AlignHCenter | Qt::AlignTop, where);
    painter.drawText(strip.adjusted(4, 3, -4, -3), Qt::AlignHCenter | Qt::AlignBottom, value);
    painter.restore();

    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QColor(0, 0, 0));
    painter.drawRect(box.adjusted(-1, -1, 0, 0));
    painter.setPen(QColor(220, 220, 220));
    painter.drawRect(box.adjusted(0, 0, -1, -1));
    painter.restore();
}

} // namespace fp
