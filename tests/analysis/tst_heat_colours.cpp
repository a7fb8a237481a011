// HeatColours: the one heat colour scale. The table is OpenCV's inferno entry for entry (what
// the report's stills have always used), the opacity rule leaves the usual level clear, and
// blendFaceMap() blends a grid over exactly its region, clipped to the image.

#include "core/analysis/HeatColours.h"

#include <opencv2/imgproc.hpp>

#include <QtTest>

#include <cmath>

using namespace fp;

namespace {

QImage solidRgb888(int width, int height, QRgb colour) {
    QImage image(width, height, QImage::Format_RGB888);
    image.fill(QColor::fromRgb(colour));
    return image;
}

std::array<uint8_t, kGridCells> uniformGrid(uint8_t value) {
    std::array<uint8_t, kGridCells> grid;
    grid.fill(value);
    return grid;
}

// What one channel becomes: the rule blendFaceMap() documents.
int blended(int pixel, int colour, double alpha) {
    return int(std::lround((1 - alpha) * pixel + alpha * colour));
}

} // namespace

class TestHeatColours : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tableIsOpenCvInferno() {
        cv::Mat ramp(1, 256, CV_8UC1);
        for (int i = 0; i < 256; ++i)
            ramp.at<uchar>(0, i) = uchar(i);
        cv::Mat bgr;
        cv::applyColorMap(ramp, bgr, cv::COLORMAP_INFERNO);
        const auto& table = infernoColours();
        for (int i = 0; i < 256; ++i) {
            const cv::Vec3b c = bgr.at<cv::Vec3b>(0, i);
            QCOMPARE(table[size_t(i)], qRgb(c[2], c[1], c[0]));
        }
        QCOMPARE(table[0], qRgb(0, 0, 4));         // near black
        QCOMPARE(table[255], qRgb(252, 255, 164)); // pale yellow
        // Brightness rises along the scale (readable in greyscale print).
        for (int i = 8; i < 256; i += 8)
            QVERIFY(qGray(table[size_t(i)]) > qGray(table[size_t(i - 8)]));
    }

    void usualLevelStaysClear() {
        QCOMPARE(heatAlpha(0), 0.0);
        QCOMPARE(heatAlpha(1), 0.35 + 0.5 / 255.0);
        QCOMPARE(heatAlpha(255), 0.85);
        for (int v = 2; v < 256; ++v)
            QVERIFY(heatAlpha(uint8_t(v)) > heatAlpha(uint8_t(v - 1)));
    }

    void blendsOnlyTheRegion() {
        const QRgb grey = qRgb(100, 120, 140);
        QImage image = solidRgb888(80, 60, grey);
        const QRect region(16, 8, 32, 32);
        blendFaceMap(image, region, uniformGrid(200));
        const QRgb c = infernoColours()[200];
        const double a = heatAlpha(200);
        const QRgb inside =
            qRgb(blended(100, qRed(c), a), blended(120, qGreen(c), a), blended(140, qBlue(c), a));
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                QCOMPARE(image.pixel(x, y), region.contains(x, y) ? inside : grey);
        QCOMPARE(image.format(), QImage::Format_RGB888);
    }

    // Every pixel of a varied frame under a varied grid, at full and partial opacity, is the
    // documented rule applied to that pixel (the blend works through per-value tables).
    void everyPixelFollowsTheRule() {
        QImage frame(96, 80, QImage::Format_RGB888);
        for (int y = 0; y < frame.height(); ++y)
            for (int x = 0; x < frame.width(); ++x)
                frame.setPixel(x, y, qRgb((x * 37) & 255, (y * 59) & 255, (x * 13 + y * 29) & 255));
        std::array<uint8_t, kGridCells> grid;
        for (int i = 0; i < kGridCells; ++i)
            grid[size_t(i)] = uint8_t(i % 5 == 0 ? 0 : (i * 97) & 255);
        const QRect region(6, 4, 80, 64);
        const cv::Mat values = gridToImage(grid, cv::Size(region.width(), region.height()));
        for (const double opacity : {1.0, 0.7}) {
            QImage image = frame.copy();
            blendFaceMap(image, region, grid, opacity);
            for (int y = 0; y < frame.height(); ++y)
                for (int x = 0; x < frame.width(); ++x) {
                    const QRgb p = frame.pixel(x, y);
                    QRgb expected = p;
                    if (region.contains(x, y)) {
                        const uint8_t v = values.at<uchar>(y - region.y(), x - region.x());
                        const double a = heatAlpha(v) * opacity;
                        const QRgb c = infernoColours()[v];
                        expected =
                            qRgb(blended(qRed(p), qRed(c), a), blended(qGreen(p), qGreen(c), a),
                                 blended(qBlue(p), qBlue(c), a));
                    }
                    QCOMPARE(image.pixel(x, y), expected);
                }
        }
    }

    void zeroCellsAndZeroOpacityLeaveThePixels() {
        const QRgb grey = qRgb(90, 90, 90);
        QImage image = solidRgb888(64, 64, grey);
        blendFaceMap(image, QRect(0, 0, 64, 64), uniformGrid(0));
        QCOMPARE(image, solidRgb888(64, 64, grey));
        blendFaceMap(image, QRect(0, 0, 64, 64), uniformGrid(255), 0.0);
        QCOMPARE(image, solidRgb888(64, 64, grey));

        // Half opacity halves the alpha.
        blendFaceMap(image, QRect(0, 0, 64, 64), uniformGrid(255), 0.5);
        const QRgb c = infernoColours()[255];
        QCOMPARE(image.pixel(10, 10),
                 qRgb(blended(90, qRed(c), 0.425), blended(90, qGreen(c), 0.425),
                      blended(90, qBlue(c), 0.425)));
    }

    void gridStretchesBilinearlyAndClips() {
        // One hot cell in the top-left corner of a region that hangs over the image's left and
        // top edges: only the visible part changes, with the grid placed by the region.
        std::array<uint8_t, kGridCells> grid{};
        grid[0] = 255;
        const QRect region(-8, -8, 8 * kGridSize, 8 * kGridSize); // 8 px per cell
        QImage image = solidRgb888(64, 64, qRgb(50, 50, 50));
        blendFaceMap(image, region, grid);
        QImage whole = solidRgb888(region.width(), region.height(), qRgb(50, 50, 50));
        blendFaceMap(whole, QRect(QPoint(0, 0), region.size()), grid);
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                QCOMPARE(image.pixel(x, y), whole.pixel(x + 8, y + 8));
        QVERIFY(image.pixel(0, 0) != qRgb(50, 50, 50)); // part of the hot cell's reach
        QCOMPARE(image.pixel(63, 63), qRgb(50, 50, 50));
        blendFaceMap(image, QRect(200, 200, 64, 64), uniformGrid(255)); // all outside: no-op
        QCOMPARE(image.pixel(63, 63), qRgb(50, 50, 50));
    }
};

QTEST_GUILESS_MAIN(TestHeatColours)
#include "tst_heat_colours.moc"
