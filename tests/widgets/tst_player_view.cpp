// PlayerView: what reaches the screen. Fit and letterboxing, 1:1, zoom around an anchor,
// crisp nearest-neighbour squares at 1600 %, clamping, wheel and drag, the loupe, overlays,
// the heatmap (the report still's pixels) and its legend, side-by-side, and paint cost at 1080p.
// Every check reads pixels from QWidget::grab() or the view's own image <-> widget mapping.
//
// Manual look: FRAMEPROOF_PV_SHOTS=/tmp FRAMEPROOF_PV_FRAME=/tmp/kim.png tst_player_view
// screenshots writes /tmp/pv_*.png from a real frame.

#include "widgets/PlayerView.h"

#include "core/analysis/HeatmapStill.h"

#include <QMouseEvent>
#include <QSet>
#include <QSignalSpy>
#include <QWheelEvent>
#include <QtTest>

#include <cmath>
#include <numbers>

using namespace fp;

namespace {

const QColor kBackground(24, 24, 24);
const QColor kRed(255, 0, 0);
const QColor kGreen(0, 255, 0);
const QColor kBlue(0, 0, 255);
const QColor kYellow(255, 255, 0);
const QColor kGrey(128, 128, 128);
const QColor kMagenta(255, 0, 255);
const QColor kCheckA(250, 250, 250);
const QColor kCheckB(10, 120, 200);

// 320 x 240: red, green / blue, yellow quadrants.
QImage quadrants() {
    QImage image(320, 240, QImage::Format_RGB32);
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            image.setPixelColor(x, y,
                                y < 120 ? (x < 160 ? kRed : kGreen) : (x < 160 ? kBlue : kYellow));
    return image;
}

QColor checkerColour(int x, int y) {
    return (x + y) % 2 == 0 ? kCheckA : kCheckB;
}

QImage checkerboard(int side) {
    QImage image(side, side, QImage::Format_RGB32);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x)
            image.setPixelColor(x, y, checkerColour(x, y));
    return image;
}

// Neighbouring pixels all differ, so a sampled colour names its source pixel.
QColor uniqueColour(int x, int y) {
    return QColor((x * 37) & 255, (y * 59) & 255, (x * 13 + y * 29) & 255);
}

QImage uniquePixels(int width, int height) {
    QImage image(width, height, QImage::Format_RGB32);
    for (int y = 0; y < height; ++y)
        for (int x = 0; x < width; ++x)
            image.setPixelColor(x, y, uniqueColour(x, y));
    return image;
}

QImage solid(int width, int height, const QColor& colour) {
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(colour);
    return image;
}

// A face map over the right half of a 320 x 240 frame, every cell at `value`.
OverlayFaceMap rightHalfMap(uint8_t value) {
    OverlayFaceMap map;
    map.region = QRect(160, 0, 160, 240);
    map.grid.fill(value);
    return map;
}

// The largest difference of any channel between `a` and `b` over `region` (both in the same
// pixel coordinates).
int maxChannelDifference(const QImage& a, const QImage& b, const QRect& region) {
    int worst = 0;
    for (int y = region.top(); y <= region.bottom(); ++y)
        for (int x = region.left(); x <= region.right(); ++x) {
            const QRgb p = a.pixel(x, y);
            const QRgb q = b.pixel(x, y);
            worst = std::max({worst, std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                              std::abs(qBlue(p) - qBlue(q))});
        }
    return worst;
}

QImage grabOf(PlayerView& view) {
    return view.grab().toImage();
}

QString describe(const QColor& c) {
    return QStringLiteral("(%1,%2,%3)").arg(c.red()).arg(c.green()).arg(c.blue());
}

bool sameRgb(const QColor& a, const QColor& b) {
    return a.rgb() == b.rgb();
}

int distance(const QColor& a, const QColor& b) {
    return std::abs(a.red() - b.red()) + std::abs(a.green() - b.green()) +
           std::abs(a.blue() - b.blue());
}

#define COMPARE_PIXEL(image, x, y, expected)                                                       \
    QVERIFY2(sameRgb((image).pixelColor((x), (y)), (expected)),                                    \
             qPrintable(QStringLiteral("pixel %1,%2 is %3, expected %4")                           \
                            .arg(x)                                                                \
                            .arg(y)                                                                \
                            .arg(describe((image).pixelColor((x), (y))))                           \
                            .arg(describe(expected))))

bool showAt(PlayerView& view, QSize size) {
    view.resize(size);
    view.show();
    return QTest::qWaitForWindowExposed(&view) && view.size() == size;
}

// A top-level resize can reach the widget through the window system: wait for it.
bool resizeTo(PlayerView& view, QSize size) {
    view.resize(size);
    return QTest::qWaitFor([&] { return view.size() == size; });
}

void sendMouse(QWidget& widget, QEvent::Type type, QPointF pos, Qt::MouseButton button,
               Qt::MouseButtons buttons) {
    QMouseEvent event(type, pos, widget.mapToGlobal(pos), button, buttons, Qt::NoModifier);
    QCoreApplication::sendEvent(&widget, &event);
}

void drag(QWidget& widget, QPointF from, QPointF to) {
    sendMouse(widget, QEvent::MouseButtonPress, from, Qt::LeftButton, Qt::LeftButton);
    sendMouse(widget, QEvent::MouseMove, (from + to) / 2, Qt::NoButton, Qt::LeftButton);
    sendMouse(widget, QEvent::MouseMove, to, Qt::NoButton, Qt::LeftButton);
    sendMouse(widget, QEvent::MouseButtonRelease, to, Qt::LeftButton, Qt::NoButton);
}

void hover(QWidget& widget, QPointF pos) {
    sendMouse(widget, QEvent::MouseMove, pos, Qt::NoButton, Qt::NoButton);
}

void wheel(QWidget& widget, QPointF pos, int angleDelta) {
    QWheelEvent event(pos, widget.mapToGlobal(pos), QPoint(), QPoint(0, angleDelta), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(&widget, &event);
}

// The largest per-axis difference between two image points.
double gap(QPointF a, QPointF b) {
    return std::max(std::abs(a.x() - b.x()), std::abs(a.y() - b.y()));
}

} // namespace

class TestPlayerView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void fitScalesAndCentres() {
        PlayerView view;
        view.setFrame(quadrants(), 0);
        QVERIFY(showAt(view, QSize(640, 480)));
        QVERIFY(view.isFit());
        QCOMPARE(view.zoom(), 2.0);
        QImage shot = grabOf(view);
        COMPARE_PIXEL(shot, 160, 120, kRed);
        COMPARE_PIXEL(shot, 480, 120, kGreen);
        COMPARE_PIXEL(shot, 160, 360, kBlue);
        COMPARE_PIXEL(shot, 480, 360, kYellow);
        // The quadrant edges land exactly on the 2x boundaries.
        COMPARE_PIXEL(shot, 319, 239, kRed);
        COMPARE_PIXEL(shot, 320, 239, kGreen);
        COMPARE_PIXEL(shot, 319, 240, kBlue);
        COMPARE_PIXEL(shot, 320, 240, kYellow);
        COMPARE_PIXEL(shot, 0, 0, kRed);
        COMPARE_PIXEL(shot, 639, 479, kYellow);

        // Wider than the aspect: pillarboxed, image centred at x 80..719.
        QVERIFY(resizeTo(view, QSize(800, 480)));
        QCOMPARE(view.zoom(), 2.0);
        shot = grabOf(view);
        for (const QPoint corner : {QPoint(0, 0), QPoint(799, 0), QPoint(0, 479), QPoint(799, 479)})
            COMPARE_PIXEL(shot, corner.x(), corner.y(), kBackground);
        COMPARE_PIXEL(shot, 79, 240, kBackground);
        COMPARE_PIXEL(shot, 80, 0, kRed);
        COMPARE_PIXEL(shot, 719, 479, kYellow);
        COMPARE_PIXEL(shot, 720, 240, kBackground);
        QCOMPARE(view.imagePointAt(QPointF(80, 0)), QPointF(0, 0));
        QCOMPARE(view.imagePointAt(QPointF(79, 0)), QPointF(-1, -1));

        // Taller than the aspect: letterboxed top and bottom, scale 1.5.
        QVERIFY(resizeTo(view, QSize(480, 600)));
        QCOMPARE(view.zoom(), 1.5);
        shot = grabOf(view);
        COMPARE_PIXEL(shot, 240, 5, kBackground);
        COMPARE_PIXEL(shot, 240, 594, kBackground);
        COMPARE_PIXEL(shot, 100, 200, kRed);
        COMPARE_PIXEL(shot, 380, 400, kYellow);
    }

    void fitFollowsResizeAndSignals() {
        PlayerView view;
        view.setFrame(quadrants(), 0);
        QVERIFY(showAt(view, QSize(640, 480)));
        QSignalSpy spy(&view, &PlayerView::zoomChanged);
        QVERIFY(resizeTo(view, QSize(960, 720)));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toDouble(), 3.0);
        QCOMPARE(spy.last().at(1).toBool(), true);
        QVERIFY(resizeTo(view, QSize(960, 720))); // no change, no signal
        QCOMPARE(spy.count(), 1);
        view.zoomActualSize();
        QCOMPARE(spy.count(), 2);
        QCOMPARE(spy.last().at(0).toDouble(), 1.0);
        QCOMPARE(spy.last().at(1).toBool(), false);
        view.zoomToFit();
        QCOMPARE(spy.count(), 3);
        QCOMPARE(spy.last().at(1).toBool(), true);
        QCOMPARE(view.zoom(), 3.0);
    }

    void actualSizeAndAnchoredZoom() {
        PlayerView view;
        view.setFrame(quadrants(), 0);
        QVERIFY(showAt(view, QSize(640, 480)));
        view.zoomActualSize();
        QCOMPARE(view.zoom(), 1.0);
        QVERIFY(!view.isFit());
        QCOMPARE(view.imagePointAt(QPointF(320, 240)), QPointF(160, 120));
        QImage shot = grabOf(view);
        COMPARE_PIXEL(shot, 160, 120, kRed);
        COMPARE_PIXEL(shot, 159, 120, kBackground);
        COMPARE_PIXEL(shot, 479, 359, kYellow);
        COMPARE_PIXEL(shot, 480, 359, kBackground);

        QSignalSpy spy(&view, &PlayerView::zoomChanged);
        const QPointF anchor(250.0, 170.0);
        const QPointF before = view.imagePointAt(anchor);
        QCOMPARE(before, QPointF(90, 50));
        view.setZoom(16.0, anchor);
        QCOMPARE(view.zoom(), 16.0);
        QCOMPARE(view.imagePointAt(anchor), before);
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toDouble(), 16.0);
        QCOMPARE(spy.last().at(1).toBool(), false);

        // Arbitrary factors and anchors: the point under the anchor stays within the half
        // screen pixel that whole-pixel rounding of the origin allows.
        double previous = view.zoom();
        for (const double factor : {3.3, 0.37, 7.1, 1.0, 12.9}) {
            const QPointF at(311.0, 197.0);
            const QPointF was = view.imagePointAt(at);
            QVERIFY(was.x() >= 0);
            view.setZoom(factor, at);
            const double tolerance = 0.5 / previous + 0.5 / factor + 1e-9;
            QVERIFY2(gap(view.imagePointAt(at), was) <= tolerance,
                     qPrintable(QStringLiteral("factor %1").arg(factor)));
            previous = factor;
        }
        // A null anchor zooms around the centre.
        view.zoomActualSize();
        const QPointF centre = view.imagePointAt(QPointF(320, 240));
        view.zoomIn();
        QCOMPARE(view.zoom(), 1.25);
        QVERIFY(gap(view.imagePointAt(QPointF(320, 240)), centre) <= 0.5);
        view.zoomOut();
        QCOMPARE(view.zoom(), 1.0);
    }

    void singlePixelsAreCrispAt1600() {
        PlayerView view;
        view.setFrame(checkerboard(16), 0);
        QVERIFY(showAt(view, QSize(640, 480)));
        view.zoomActualSize();                                 // origin 312, 232
        view.setZoom(PlayerView::kMaxZoom, QPointF(320, 240)); // image (8, 8) stays put
        QCOMPARE(view.imagePointAt(QPointF(192, 112)), QPointF(0, 0));
        QCOMPARE(view.imagePointAt(QPointF(191, 112)), QPointF(-1, -1));
        QImage shot = grabOf(view);
        int wrong = 0;
        for (int y = 100; y < 380; ++y) {
            for (int x = 180; x < 460; ++x) {
                const bool inside = x >= 192 && x < 192 + 256 && y >= 112 && y < 112 + 256;
                const QColor expected =
                    inside ? checkerColour((x - 192) / 16, (y - 112) / 16) : kBackground;
                wrong += sameRgb(shot.pixelColor(x, y), expected) ? 0 : 1;
            }
        }
        QCOMPARE(wrong, 0);

        // An anchor off the pixel grid: still 16 x 16 solid squares, wherever they land.
        view.zoomActualSize();
        view.setZoom(PlayerView::kMaxZoom, QPointF(301.7, 255.3));
        shot = grabOf(view);
        wrong = 0;
        for (int y = 0; y < shot.height(); ++y) {
            for (int x = 0; x < shot.width(); ++x) {
                const QPointF p = view.imagePointAt(QPointF(x + 0.5, y + 0.5));
                const QColor expected =
                    p.x() < 0 ? kBackground : checkerColour(int(p.x()), int(p.y()));
                wrong += sameRgb(shot.pixelColor(x, y), expected) ? 0 : 1;
            }
        }
        QCOMPARE(wrong, 0);
        // Runs of one colour along a row are exactly 16 pixels (apart from the widget edges).
        const int row = 240;
        int runStart = 0;
        for (int x = 1; x <= shot.width(); ++x) {
            if (x < shot.width() && sameRgb(shot.pixelColor(x, row), shot.pixelColor(x - 1, row)))
                continue;
            const QColor c = shot.pixelColor(x - 1, row);
            if (!sameRgb(c, kBackground) && runStart > 0 && x < shot.width())
                QCOMPARE(x - runStart, 16);
            runStart = x;
        }
    }

    void zoomClampsAndWheelAnchors() {
        PlayerView view;
        view.setFrame(quadrants(), 0);
        QVERIFY(showAt(view, QSize(640, 480)));
        view.setZoom(100.0);
        QCOMPARE(view.zoom(), PlayerView::kMaxZoom);
        view.setZoom(0.001);
        QCOMPARE(view.zoom(), PlayerView::kMinZoom);
        for (int i = 0; i < 40; ++i)
            view.zoomIn();
        QCOMPARE(view.zoom(), PlayerView::kMaxZoom);
        for (int i = 0; i < 40; ++i)
            view.zoomOut();
        QCOMPARE(view.zoom(), PlayerView::kMinZoom);

        view.zoomActualSize();
        const QPointF cursor(250, 170);
        const QPointF under = view.imagePointAt(cursor);
        QCOMPARE(under, QPointF(90, 50));
        QSignalSpy spy(&view, &PlayerView::zoomChanged);
        double expected = 1.0;
        for (int notch = 0; notch < 6; ++notch) {
            wheel(view, cursor, 120);
            expected *= 1.25;
            QVERIFY(std::abs(view.zoom() - expected) < 1e-9);
            QVERIFY2(gap(view.imagePointAt(cursor), under) <= 0.5 / view.zoom() + 1e-9,
                     qPrintable(QStringLiteral("notch %1").arg(notch)));
        }
        QCOMPARE(spy.count(), 6);
        wheel(view, cursor, -120);
        QVERIFY(std::abs(view.zoom() - expected / 1.25) < 1e-9);
        QVERIFY(gap(view.imagePointAt(cursor), under) <= 0.5 / view.zoom() + 1e-9);
        // The wheel leaves fit mode.
        view.zoomToFit();
        wheel(view, QPointF(100, 100), 120);
        QVERIFY(!view.isFit());
        QCOMPARE(view.zoom(), 2.5);
    }

    void dragPansByTheDragDistance() {
        PlayerView view;
        view.setFrame(quadrants(), 0);
        QVERIFY(showAt(view, QSize(640, 480)));
        view.zoomActualSize(); // image at 160, 120
        sendMouse(view, QEvent::MouseButtonPress, QPointF(200, 200), Qt::LeftButton,
                  Qt::LeftButton);
        sendMouse(view, QEvent::MouseMove, QPointF(250, 230), Qt::NoButton, Qt::LeftButton);
        QCOMPARE(view.cursor().shape(), Qt::ClosedHandCursor);
        sendMouse(view, QEvent::MouseButtonRelease, QPointF(250, 230), Qt::LeftButton,
                  Qt::NoButton);
        QVERIFY(view.cursor().shape() != Qt::ClosedHandCursor);
        QCOMPARE(view.imagePointAt(QPointF(210, 150)), QPointF(0, 0));
        QImage shot = grabOf(view);
        COMPARE_PIXEL(shot, 210, 150, kRed);
        COMPARE_PIXEL(shot, 209, 150, kBackground);
        COMPARE_PIXEL(shot, 210, 149, kBackground);
        COMPARE_PIXEL(shot, 529, 389, kYellow);
        COMPARE_PIXEL(shot, 530, 389, kBackground);

        // Dragging far away keeps part of the image in view.
        drag(view, QPointF(300, 300), QPointF(3000, 3000));
        shot = grabOf(view);
        COMPARE_PIXEL(shot, 639, 479, kRed);
        QVERIFY(view.imagePointAt(QPointF(639, 479)).x() >= 0);
        drag(view, QPointF(300, 300), QPointF(-3000, -3000));
        shot = grabOf(view);
        COMPARE_PIXEL(shot, 0, 0, kYellow);

        // In fit mode a drag does not pan.
        view.zoomToFit();
        const QPointF fitted = view.imagePointAt(QPointF(100, 100));
        drag(view, QPointF(100, 100), QPointF(200, 160));
        QVERIFY(view.isFit());
        QCOMPARE(view.imagePointAt(QPointF(100, 100)), fitted);
    }

    void hoverReportsPixel() {
        PlayerView view;
        const QImage image = uniquePixels(64, 48);
        view.setFrame(image, 7);
        QVERIFY(showAt(view, QSize(640, 480))); // fit: scale 10
        QSignalSpy spy(&view, &PlayerView::pixelHovered);
        hover(view, QPointF(205, 105));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.last().at(0).toPoint(), QPoint(20, 10));
        QCOMPARE(spy.last().at(1).value<QColor>(), uniqueColour(20, 10));
        QVERIFY(resizeTo(view, QSize(800, 480))); // pillarbox: image starts at x = 80
        hover(view, QPointF(50, 100));
        QCOMPARE(spy.count(), 1); // off the image: nothing
        hover(view, QPointF(80 + 639, 479));
        QCOMPARE(spy.last().at(0).toPoint(), QPoint(63, 47));
    }

    void loupeMagnifiesUnderTheCursor() {
        PlayerView view;
        const QImage image = uniquePixels(64, 48);
        view.setFrame(image, 0);
        QVERIFY(showAt(view, QSize(640, 480))); // fit: scale 10, origin 0
        view.setLoupeEnabled(true);
        QCOMPARE(view.loupeMagnification(), 4); // 40 screen pixels per image pixel
        const QPointF cursor(205, 105);         // image pixel (20, 10), at its centre
        hover(view, cursor);
        QImage shot = grabOf(view);
        // The hovered pixel is centred in the loupe, spanning 185..224; neighbours follow.
        COMPARE_PIXEL(shot, 205, 105, uniqueColour(20, 10));
        COMPARE_PIXEL(shot, 187, 90, uniqueColour(20, 10));
        COMPARE_PIXEL(shot, 235, 105, uniqueColour(21, 10)); // unmagnified: (23, 10)
        COMPARE_PIXEL(shot, 155, 105, uniqueColour(19, 10)); // unmagnified: (15, 10)
        COMPARE_PIXEL(shot, 205, 60, uniqueColour(20, 9));
        // The loupe is framed, and its text strip darkens the bottom.
        COMPARE_PIXEL(shot, 115, 105, QColor(220, 220, 220));
        QVERIFY(qGray(shot.pixel(120, 190)) < 80);
        // Outside the loupe the view is unmagnified.
        COMPARE_PIXEL(shot, 405, 305, uniqueColour(40, 30));

        view.setLoupeMagnification(8); // 80 per pixel: 165..244 is pixel 20
        QCOMPARE(view.loupeMagnification(), 8);
        shot = grabOf(view);
        COMPARE_PIXEL(shot, 235, 105, uniqueColour(20, 10));
        COMPARE_PIXEL(shot, 250, 105, uniqueColour(21, 10));
        view.setLoupeMagnification(20);
        QCOMPARE(view.loupeMagnification(), 8);
        view.setLoupeMagnification(1);
        QCOMPARE(view.loupeMagnification(), 2);

        // Gone when the cursor leaves.
        QEvent leave(QEvent::Leave);
        QCoreApplication::sendEvent(&view, &leave);
        shot = grabOf(view);
        COMPARE_PIXEL(shot, 235, 105, uniqueColour(23, 10));
        COMPARE_PIXEL(shot, 115, 105, uniqueColour(11, 10));
    }

    void boxesAndPointsInImageCoordinates() {
        PlayerView view;
        view.setFrame(solid(320, 240, kGrey), 0);
        QVERIFY(showAt(view, QSize(640, 480))); // scale 2
        OverlayBox box;
        box.rect = QRectF(40, 30, 100, 80); // screen 80, 60 .. 280, 220
        box.label = QStringLiteral("Face 1");
        box.color = kMagenta;
        view.setOverlayBoxes({box});
        OverlayPointSet points;
        points.points = {QPointF(200.5, 150.5)}; // screen 401, 301
        points.color = kYellow;
        points.radius = 4;
        view.setOverlayPoints({points});
        QImage shot = grabOf(view);
        // The 2-pixel outline lies just outside the box; the pixels inside stay untouched.
        COMPARE_PIXEL(shot, 78, 140, kMagenta);
        COMPARE_PIXEL(shot, 79, 140, kMagenta);
        COMPARE_PIXEL(shot, 77, 140, kGrey);
        COMPARE_PIXEL(shot, 80, 140, kGrey);
        COMPARE_PIXEL(shot, 280, 140, kMagenta);
        COMPARE_PIXEL(shot, 281, 140, kMagenta);
        COMPARE_PIXEL(shot, 279, 140, kGrey);
        COMPARE_PIXEL(shot, 180, 58, kMagenta);
        COMPARE_PIXEL(shot, 180, 221, kMagenta);
        COMPARE_PIXEL(shot, 180, 222, kGrey);
        // The label tag sits on top of the box, filled with its colour.
        COMPARE_PIXEL(shot, 79, 57, kMagenta);
        COMPARE_PIXEL(shot, 79, 50, kMagenta);
        COMPARE_PIXEL(shot, 400, 57, kGrey);
        COMPARE_PIXEL(shot, 401, 301, kYellow);
        COMPARE_PIXEL(shot, 399, 299, kYellow);
        COMPARE_PIXEL(shot, 408, 301, kGrey);

        // Follows zoom and pan.
        view.zoomActualSize(); // origin 160, 120: box left edge at 200
        shot = grabOf(view);
        COMPARE_PIXEL(shot, 199, 190, kMagenta);
        COMPARE_PIXEL(shot, 200, 190, kGrey);
        COMPARE_PIXEL(shot, 361, 271, kYellow);

        view.setOverlaysVisible(false);
        QVERIFY(!view.overlaysVisible());
        shot = grabOf(view);
        COMPARE_PIXEL(shot, 199, 190, kGrey);
        COMPARE_PIXEL(shot, 361, 271, kGrey);
    }

    void heatmapTintsHotAreasWithLegend() {
        PlayerView view;
        view.setFrame(solid(320, 240, kGrey), 0);
        QVERIFY(showAt(view, QSize(640, 480)));
        const QImage plain = grabOf(view);

        QCOMPARE(view.heatmapOpacity(), 1.0); // the report's picture unless asked otherwise
        const OverlayFaceMap hotHalf = rightHalfMap(255); // left half of the frame has no map
        view.setHeatmap({hotHalf}, QStringLiteral("Test heat"));
        QImage shot = grabOf(view);
        QVERIFY2(distance(shot.pixelColor(100, 240), kGrey) <= 3,
                 qPrintable(describe(shot.pixelColor(100, 240))));
        // The hot end of inferno (pale yellow) at 0.85 over the grey, as blendFaceMap() makes it.
        QImage expected = solid(320, 240, kGrey).convertToFormat(QImage::Format_RGB888);
        blendFaceMap(expected, hotHalf.region, hotHalf.grid);
        const QColor hot = shot.pixelColor(560, 200);
        COMPARE_PIXEL(shot, 560, 200, expected.pixelColor(280, 100));
        QVERIFY2(distance(hot, kGrey) > 150, qPrintable(describe(hot)));
        QVERIFY(hot.red() > hot.blue() + 60 && hot.green() > hot.blue() + 60);

        view.setHeatmapOpacity(0.5);
        shot = grabOf(view);
        const int half = distance(shot.pixelColor(560, 200), kGrey);
        QVERIFY(half > 40 && half < distance(hot, kGrey));

        // Opacity 0: the frame is untouched except for the legend, a colourful gradient in the
        // bottom-right corner.
        view.setHeatmapOpacity(0.0);
        shot = grabOf(view);
        QRect changed;
        QSet<QRgb> legendColours;
        for (int y = 0; y < shot.height(); ++y)
            for (int x = 0; x < shot.width(); ++x)
                if (shot.pixel(x, y) != plain.pixel(x, y)) {
                    changed |= QRect(x, y, 1, 1);
                    legendColours.insert(shot.pixel(x, y));
                }
        QVERIFY(!changed.isEmpty());
        QVERIFY2(
            changed.left() > 640 / 2 && changed.top() > 480 / 2,
            qPrintable(QStringLiteral("legend at %1,%2").arg(changed.left()).arg(changed.top())));
        QVERIFY(changed.width() >= 150 && changed.height() >= 30);
        QVERIFY2(legendColours.size() > 50, qPrintable(QString::number(legendColours.size())));

        view.setHeatmapOpacity(1.0);
        view.setOverlaysVisible(false);
        QCOMPARE(grabOf(view), plain);
        view.setOverlaysVisible(true);
        view.clearHeatmap();
        QCOMPARE(grabOf(view), plain);
    }

    // The overlay is the report's still: for a known frame and map grid, the face region on
    // screen (1:1, opacity 1) matches blendHeatmap()'s pixels within 2 levels per channel. With
    // the Turbo overlay this replaced, the largest difference was 242 (216 at its default 0.5).
    void heatmapOverlayIsTheReportStill() {
        QImage frame(240, 180, QImage::Format_RGB32); // varied colours under the map
        for (int y = 0; y < frame.height(); ++y)
            for (int x = 0; x < frame.width(); ++x)
                frame.setPixel(x, y, qRgb(x, (y * 7) & 255, (x + y) & 255));
        FaceMapFrame entry;
        entry.region = QRect(40, 30, 128, 112);
        auto& grid = entry.grids[size_t(FaceMapKind::Fused)];
        for (int cy = 0; cy < kGridSize; ++cy)
            for (int cx = 0; cx < kGridSize; ++cx) // a usual (0) column, then rising values
                grid[size_t(cy * kGridSize + cx)] =
                    uint8_t(cx == 0 ? 0 : std::min(255, cx * 17 + cy * 5));
        FaceMapStore maps;
        maps.frameCount = 1;
        maps.frameSize = frame.size();
        maps.entries.push_back(entry);
        const QImage still = blendHeatmap(frame, maps, 0);

        PlayerView view;
        view.setFrame(frame, 0);
        view.setHeatmap({OverlayFaceMap{entry.region, grid}}, QStringLiteral("Fused face map"));
        QVERIFY(showAt(view, QSize(480, 400))); // room for the legend below the frame
        view.zoomActualSize();
        const QPointF centre(240, 200);
        const QPointF originF = centre - view.imagePointAt(centre);
        const QPoint origin = originF.toPoint();
        QCOMPARE(QPointF(origin), originF); // whole pixels at 1:1
        const QImage shot = grabOf(view).copy(QRect(origin, frame.size()));
        const int difference = maxChannelDifference(shot, still, entry.region);
        qInfo("overlay vs report still, face region: max channel difference %d", difference);
        QVERIFY2(difference <= 2, qPrintable(QString::number(difference)));
        QVERIFY(maxChannelDifference(shot, frame, entry.region) > 100); // it did tint
        // Outside the region the frame is untouched.
        QCOMPARE(maxChannelDifference(shot, frame, QRect(0, 0, 240, 30)), 0);
        QCOMPARE(maxChannelDifference(shot, frame, QRect(168, 30, 72, 150)), 0);

        // Zoomed in, each image pixel is a square of the still's colour.
        view.setZoom(4.0, centre);
        const QImage zoomed = grabOf(view);
        for (const QPoint p : {QPoint(170, 130), QPoint(240, 200), QPoint(310, 260)}) {
            const QPointF img = view.imagePointAt(QPointF(p));
            const QPoint pixel(int(std::floor(img.x())), int(std::floor(img.y())));
            QVERIFY(entry.region.contains(pixel));
            COMPARE_PIXEL(zoomed, p.x(), p.y(), still.pixelColor(pixel));
        }
    }

    void sideBySideSharesZoomAndPan() {
        PlayerView view;
        view.setFrame(solid(320, 240, kGrey), 0);
        OverlayBox box;
        box.rect = QRectF(40, 30, 100, 80);
        box.color = kMagenta;
        view.setOverlayBoxes({box});
        view.setHeatmap({rightHalfMap(255)}, QStringLiteral("Test heat"));
        view.setSideBySide(true);
        QVERIFY(view.sideBySide());
        QVERIFY(showAt(view, QSize(1282, 480))); // two 640-pixel halves, right one at 642
        QCOMPARE(view.zoom(), 2.0);
        QImage shot = grabOf(view);
        const int right = 642;
        COMPARE_PIXEL(shot, 79, 140, kGrey); // original
        COMPARE_PIXEL(shot, right + 79, 140, kMagenta);
        COMPARE_PIXEL(shot, 600, 200, kGrey);
        QVERIFY(distance(shot.pixelColor(right + 600, 200), kGrey) > 150);
        QVERIFY(distance(shot.pixelColor(right + 40, 200), kGrey) <= 3);
        // Captions in the top-left of each half.
        QVERIFY(qGray(shot.pixel(10, 10)) < 60);
        QVERIFY(qGray(shot.pixel(right + 10, 10)) < 60);
        QCOMPARE(view.imagePointAt(QPointF(100, 200)), QPointF(50, 100));
        QCOMPARE(view.imagePointAt(QPointF(right + 100, 200)), QPointF(50, 100));

        // Zoom around a point in the right half: both halves follow.
        const QPointF anchor(right + 300, 250);
        const QPointF under = view.imagePointAt(anchor);
        view.setZoom(4.0, anchor);
        QVERIFY(gap(view.imagePointAt(anchor), under) <= 0.5 / 2 + 0.5 / 4);
        QCOMPARE(view.imagePointAt(QPointF(300, 250)), view.imagePointAt(anchor));
        // Pan in the left half: the right half moves with it.
        const QPointF beforeDrag = view.imagePointAt(QPointF(right + 200, 200));
        drag(view, QPointF(300, 300), QPointF(340, 320));
        QCOMPARE(view.imagePointAt(QPointF(right + 240, 220)), beforeDrag);
        QCOMPARE(view.imagePointAt(QPointF(240, 220)), beforeDrag);
        shot = grabOf(view);
        for (const QPoint p : {QPoint(150, 90), QPoint(400, 300), QPoint(620, 460)}) {
            const QPointF img = view.imagePointAt(p);
            QVERIFY(img.x() >= 0);
            COMPARE_PIXEL(shot, p.x(), p.y(), kGrey);
        }

        view.zoomToFit();
        view.setSideBySide(false);
        QCOMPARE(view.zoom(), 2.0);
        shot = grabOf(view);
        COMPARE_PIXEL(shot, 10, 240, kBackground); // single pane again, centred at 321..960
    }

    void placeholderWithoutFrame() {
        PlayerView view;
        view.setFrame(quadrants(), 3);
        QCOMPARE(view.frameIndex(), qint64(3));
        view.clearFrame(QStringLiteral("Open a clip to begin"));
        QVERIFY(view.frame().isNull());
        QCOMPARE(view.frameIndex(), qint64(-1));
        QVERIFY(showAt(view, QSize(640, 480)));
        const QImage shot = grabOf(view);
        COMPARE_PIXEL(shot, 0, 0, kBackground);
        COMPARE_PIXEL(shot, 639, 479, kBackground);
        int lit = 0;
        for (int y = 200; y < 280; ++y)
            for (int x = 160; x < 480; ++x)
                lit += qGray(shot.pixel(x, y)) > 100 ? 1 : 0;
        QVERIFY(lit > 50); // the text
        QCOMPARE(view.imagePointAt(QPointF(320, 240)), QPointF(-1, -1));
        QCOMPARE(view.focusPolicy(), Qt::StrongFocus);
    }

    // Not an assertion: writes screenshots of a real frame for a human to look at.
    void screenshots() {
        const QString dir = qEnvironmentVariable("FRAMEPROOF_PV_SHOTS");
        const QString framePath = qEnvironmentVariable("FRAMEPROOF_PV_FRAME");
        if (dir.isEmpty() || framePath.isEmpty())
            QSKIP("set FRAMEPROOF_PV_SHOTS and FRAMEPROOF_PV_FRAME to write screenshots");
        const QImage frame(framePath);
        QVERIFY(!frame.isNull());
        PlayerView view;
        view.setFrame(frame.convertToFormat(QImage::Format_RGB888), 42);
        QVERIFY(showAt(view, QSize(960, 540)));
        QVERIFY(view.grab().save(dir + QStringLiteral("/pv_fit.png")));

        view.setLoupeEnabled(true);
        const QPointF eye(view.width() * 0.465, view.height() * 0.26);
        view.setZoom(4.0, eye);
        hover(view, eye);
        QVERIFY(view.grab().save(dir + QStringLiteral("/pv_400_loupe.png")));
        view.setZoom(PlayerView::kMaxZoom, eye);
        QVERIFY(view.grab().save(dir + QStringLiteral("/pv_1600_loupe.png")));
        view.setLoupeEnabled(false);
        view.zoomToFit();

        const double w = frame.width();
        const double h = frame.height();
        OverlayBox face1;
        face1.rect = QRectF(w * 0.38, h * 0.18, w * 0.24, h * 0.45);
        face1.label = QStringLiteral("Face 1  0.97");
        view.setOverlayBoxes({face1});
        // A fake analysis: a blob of heat over the face's lower half; cells that stand out
        // less than a little stay at the usual level (0), as FaceMaps does.
        OverlayFaceMap faceMap;
        faceMap.region = face1.rect.adjusted(-w * 0.05, -h * 0.05, w * 0.05, h * 0.05).toRect();
        for (int cy = 0; cy < kGridSize; ++cy)
            for (int cx = 0; cx < kGridSize; ++cx) {
                const double dx = (cx - 7.5) / 4.0;
                const double dy = (cy - 10.0) / 3.0;
                const double v = 255.0 * std::exp(-(dx * dx + dy * dy));
                faceMap.grid[size_t(cy * kGridSize + cx)] = v < 20 ? 0 : uchar(std::lround(v));
            }
        view.setHeatmap({faceMap}, QStringLiteral("Fused face map"));
        OverlayPointSet landmarks;
        for (int i = 0; i < 20; ++i) {
            const double a = i / 20.0 * 2 * std::numbers::pi;
            landmarks.points.append(
                QPointF(w * 0.5 + std::cos(a) * w * 0.04, h * 0.52 + std::sin(a) * h * 0.03));
        }
        landmarks.radius = 2.5;
        view.setOverlayPoints({landmarks});
        QVERIFY(view.grab().save(dir + QStringLiteral("/pv_heat_boxes.png")));

        view.setSideBySide(true);
        QVERIFY(resizeTo(view, QSize(1280, 400)));
        QVERIFY(view.grab().save(dir + QStringLiteral("/pv_side_by_side.png")));

        view.clearFrame(QStringLiteral("Open a clip to begin"));
        QVERIFY(view.grab().save(dir + QStringLiteral("/pv_placeholder.png")));
    }
};

QTEST_MAIN(TestPlayerView)
#include "tst_player_view.moc"
