#pragma once

// The frame on screen: fit or 1:1, zoom 10 %-1600 % around the cursor, pan by dragging,
// nearest-neighbour above 100 % so single pixels can be inspected, a loupe (2-8x) under the
// cursor, and overlays drawn in image pixel coordinates (face boxes, landmark point sets, face
// heatmaps with opacity and a colour legend). Side-by-side mode shows the original and the
// overlaid frame next to each other, locked to the same zoom and pan.
// Face heatmaps are blended into the frame's own pixels by HeatColours.h, the code that makes the
// report's heatmap stills: at opacity 1 the overlay is, pixel for pixel, the report's still.
// The view never decodes: the frame arrives as a QImage converted elsewhere.
// Thread-safety: GUI thread only.

#include "core/analysis/HeatColours.h"
#include "widgets/Palette.h"

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QVector>
#include <QWidget>

class QPainter;

namespace fp {

// Overlay coordinates are continuous image coordinates: pixel (i, j) covers [i, i + 1) x
// [j, j + 1), so the centre of pixel (i, j) is (i + 0.5, j + 0.5).

struct OverlayBox {
    QRectF rect; // image pixels
    QString label;
    QColor color = palette::kFaceBox;
};

// A face's map over its region of the frame (FaceMapFrame: region and one of its grids).
struct OverlayFaceMap {
    QRect region;                           // image pixels, the area the grid covers
    std::array<uint8_t, kGridCells> grid{}; // row-major, 0..255 (0: the clip's usual level)
};

struct OverlayPointSet {
    QVector<QPointF> points; // image pixels
    QColor color = palette::kLandmarks;
    double radius = 1.5; // screen pixels
};

class PlayerView : public QWidget {
    Q_OBJECT
public:
    static constexpr double kMinZoom = 0.10;
    static constexpr double kMaxZoom = 16.0;

    explicit PlayerView(QWidget* parent = nullptr);

    // The frame to show and its presentation index; overlays stay until replaced.
    void setFrame(const QImage& image, qint64 frameIndex);
    const QImage& frame() const { return m_image; }
    qint64 frameIndex() const { return m_frameIndex; }
    // No frame: draw this text centred instead.
    void clearFrame(const QString& placeholder);

    // Zoom: fit to the widget (the default, kept on resize) or a fixed factor (1.0 = 1:1).
    void zoomToFit();
    void zoomActualSize();
    // Zooms to `factor` (clamped to [kMinZoom, kMaxZoom]) keeping the image point under
    // `anchor` (widget coordinates) where it is; a negative anchor (the default) means the
    // centre (of one half in side-by-side).
    void setZoom(double factor, QPointF anchor = QPointF(-1, -1));
    void zoomIn(); // one step (x1.25) around the centre
    void zoomOut();
    double zoom() const; // current factor, also in fit mode
    bool isFit() const { return m_fit; }

    void setLoupeEnabled(bool enabled);
    bool loupeEnabled() const { return m_loupe; }
    void setLoupeMagnification(int factor); // 2..8
    int loupeMagnification() const { return m_loupeFactor; }

    void setOverlayBoxes(const QVector<OverlayBox>& boxes);
    void setOverlayPoints(const QVector<OverlayPointSet>& sets);
    // Hides or shows boxes, point sets and the heatmap (with its legend) together.
    void setOverlaysVisible(bool visible);
    bool overlaysVisible() const { return m_overlaysVisible; }
    // Face maps blended over their regions (blendFaceMap(), the report stills' scale) at the
    // heatmap opacity, with a legend naming what they show; overlapping regions blend in order.
    void setHeatmap(const QVector<OverlayFaceMap>& faces, const QString& legendTitle);
    void clearHeatmap();
    // In [0, 1], scaling each cell's alpha; 1 (the default) is the report's picture.
    void setHeatmapOpacity(double opacity);
    double heatmapOpacity() const { return m_heatOpacity; }

    void setSideBySide(bool enabled);
    bool sideBySide() const { return m_sideBySide; }

    // Widget position -> image pixel (for the status bar and tests); invalid when outside.
    // Continuous coordinates: floor() of each component is the pixel index.
    QPointF imagePointAt(QPointF widgetPos) const;

    QSize sizeHint() const override { return {960, 540}; }

Q_SIGNALS:
    void zoomChanged(double factor, bool fit);
    // The image pixel under the cursor and its colour, for the status bar.
    void pixelHovered(QPoint imagePixel, QColor color);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    // Panes are the drawing areas: the whole widget, or in side-by-side a left (original) and a
    // right (overlaid) half. Every pane shows the image at the same scale and at the same
    // origin relative to its own top-left corner, so pan and zoom are shared.
    int paneCount() const { return m_sideBySide ? 2 : 1; }
    QRectF paneRect(int pane) const;
    int paneAt(QPointF widgetPos) const; // -1 between or outside the panes
    double fitScale() const;
    QPointF exactOrigin() const;   // pane-local image origin, unrounded (zoom maths)
    QPointF displayOrigin() const; // the same rounded to whole pixels (painting, hit tests)
    void clampOffset();
    void notifyZoom();
    bool loupeShown() const;
    QRect loupeRect() const;
    void updateCursorShape();
    void emitHovered();
    void drawImageLayer(QPainter& painter, const QRect& dirty) const;
    void drawPixels(QPainter& painter, const QRect& dirty, const QImage& pixels,
                    QPoint imageTopLeft) const;
    void drawHeatLayer(QPainter& painter, const QRect& dirty) const;
    void updateHeatPatch() const;
    void drawVectorOverlays(QPainter& painter) const;
    void drawCaption(QPainter& painter, const QString& text) const;
    void drawLegend(QPainter& painter, const QRectF& pane) const;
    void drawLoupe(QPainter& painter) const;

    QImage m_image;
    QImage m_display; // m_image in a format QPainter blits without converting (shared if so)
    qint64 m_frameIndex = -1;
    QString m_placeholder;
    bool m_fit = true;
    double m_zoom = 1.0;
    QPointF m_offset; // image origin in pane coordinates (manual zoom; = widget unless split)
    bool m_loupe = false;
    int m_loupeFactor = 4;
    QPointF m_cursor{-1, -1};
    bool m_dragging = false;
    QPointF m_dragStart;
    QPointF m_offsetAtDragStart;
    QVector<OverlayBox> m_boxes;
    QVector<OverlayPointSet> m_pointSets;
    bool m_overlaysVisible = true;
    QVector<OverlayFaceMap> m_heatFaces;
    QString m_heatTitle;
    double m_heatOpacity = 1.0;
    // The frame's pixels under the face maps' bounding rectangle with the maps blended in, made
    // when first painted after the frame, the maps or the opacity change (a caller sets the
    // frame and then its maps: blending once per step, not twice).
    mutable QImage m_heatPatch;    // RGB32
    mutable QRect m_heatPatchRect; // image pixels
    mutable bool m_heatPatchStale = false;
    bool m_sideBySide = false;
    double m_emittedZoom = -1.0; // last zoomChanged() values, to emit only on change
    bool m_emittedFit = true;
};

} // namespace fp
