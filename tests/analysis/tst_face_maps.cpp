// Analytic face maps and the `heatmap` signal on the synthetic ground truth
// (tests/fixtures/face): a self-blended inner face in a known frame range stands out in the
// per-frame score and, within the face region, inside the blended polygon; a genuine talking
// head gets no finding.

#include "core/analysis/AnalysisPipeline.h"
#include "core/analysis/FaceMaps.h"
#include "core/media/VideoDecoder.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"

#include <opencv2/imgproc.hpp>

#include <QElapsedTimer>
#include <QJsonArray>
#include <QtTest>

#include <cmath>

using namespace fp;
using test::faceFixture;

QJsonObject truth(const QString& clip) {
    return test::faceTruth(clip);
}

// The maps alone: lip-sync (and its audio decode) is not needed here.
Result<AnalysisOutput> analyse(const QString& path) {
    AnalysisOptions options;
    options.runLipSync = false;
    return test::analyseClip(path, options);
}

namespace {

// Cells of `entry`'s grid covered at least half by `polygon` (frame pixels).
std::array<bool, kGridCells> cellsInside(const FaceMapFrame& entry, const QJsonArray& polygon) {
    constexpr int kFine = 8; // raster sub-pixels per cell side
    std::vector<cv::Point> points;
    for (const QJsonValue& v : polygon) {
        const QJsonArray p = v.toArray();
        points.emplace_back(cvRound((p[0].toDouble() - entry.region.x()) / entry.region.width() *
                                    kGridSize * kFine),
                            cvRound((p[1].toDouble() - entry.region.y()) / entry.region.height() *
                                    kGridSize * kFine));
    }
    cv::Mat1b fine = cv::Mat1b::zeros(kGridSize * kFine, kGridSize * kFine);
    cv::fillPoly(fine, std::vector<std::vector<cv::Point>>{points}, cv::Scalar(255));
    cv::Mat1b coarse;
    cv::resize(fine, coarse, cv::Size(kGridSize, kGridSize), 0, 0, cv::INTER_AREA);
    std::array<bool, kGridCells> inside{};
    for (int c = 0; c < kGridCells; ++c)
        inside[size_t(c)] = coarse(c / kGridSize, c % kGridSize) >= 128;
    return inside;
}

} // namespace

class TestFaceMaps : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void storeIsCompact() {
        // ~1.8 KB per face-frame: an hour at 30 frames/s with one face stays near 200 MB.
        QVERIFY(sizeof(FaceMapFrame) <= 1900);
        FaceMapStore store;
        store.frameCount = 10;
        for (int64_t f : {2, 3, 3, 7}) {
            FaceMapFrame e;
            e.frame = f;
            store.entries.push_back(e);
        }
        QCOMPARE(store.at(3).size(), size_t(2));
        QCOMPARE(store.at(4).size(), size_t(0));
        QCOMPARE(store.at(7).front().frame, int64_t(7));
    }

    void blendedRegionStandsOut_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("strict");
        // The standard blend (colour shift about 1 grey level of luma and 3 of chroma, blur
        // 0.8 px, noise 3) and the strong one (twice that) both meet the acceptance;
        // the strong one's findings also cover most of the range.
        QTest::newRow("blended") << QStringLiteral("blended.mp4") << false;
        QTest::newRow("blended_strong") << QStringLiteral("blended_strong.mp4") << true;
    }

    void blendedRegionStandsOut() {
        QFETCH(QString, name);
        QFETCH(bool, strict);
        const QString clip = faceFixture(name);
        if (!QFileInfo::exists(clip))
            QSKIP("blended fixture missing");
        const QJsonObject manipulation =
            truth(name).value(QStringLiteral("manipulations")).toArray().first().toObject();
        const qint64 a = manipulation.value(QStringLiteral("start_frame")).toInteger();
        const qint64 b = manipulation.value(QStringLiteral("end_frame")).toInteger();
        QVERIFY(b > a);
        auto output = analyse(clip);
        QVERIFY2(output.ok(), qPrintable(output.ok() ? QString() : output.error().message));
        const SignalResult* heat = output->result.signal(QStringLiteral("heatmap"));
        QVERIFY(heat && !heat->abstained);
        QCOMPARE(int64_t(heat->perFrame.size()), output->result.frameCount);

        // Every frame inside the range scores above every frame outside it.
        double lowestInside = 1e9, highestOutside = -1e9;
        int64_t highestOutsideFrame = -1;
        for (int64_t i = 0; i < int64_t(heat->perFrame.size()); ++i) {
            const double v = heat->perFrame[size_t(i)];
            if (std::isnan(v))
                continue;
            if (i >= a && i <= b) {
                lowestInside = std::min(lowestInside, v);
            } else if (v > highestOutside) {
                highestOutside = v;
                highestOutsideFrame = i;
            }
        }
        qInfo("heatmap score: lowest inside %.3f, highest outside %.3f (frame %lld)", lowestInside,
              highestOutside, static_cast<long long>(highestOutsideFrame));
        // The range's mean score against the rest's (reported)...
        double sumIn = 0, sumOut = 0;
        int nIn = 0, nOut = 0;
        for (int64_t i = 0; i < int64_t(heat->perFrame.size()); ++i) {
            const double v = heat->perFrame[size_t(i)];
            if (std::isnan(v))
                continue;
            ((i >= a && i <= b) ? sumIn : sumOut) += v;
            ++((i >= a && i <= b) ? nIn : nOut);
        }
        QVERIFY(nIn > 0 && nOut > 0);
        qInfo("heatmap score: mean inside %.3f, mean outside %.3f", sumIn / nIn, sumOut / nOut);
        // ...findings lie inside it (the standard blend: at least one; the strong one: covering
        // at least half of it)...
        int64_t covered = 0;
        bool findingsInside = true;
        for (const Finding& f : heat->findings) {
            qInfo("finding %lld-%lld", static_cast<long long>(f.startFrame),
                  static_cast<long long>(f.endFrame));
            findingsInside = findingsInside && f.startFrame >= a - 5 && f.endFrame <= b + 5;
            covered += f.endFrame - f.startFrame + 1;
        }
        qInfo("findings cover %lld of %lld frames", static_cast<long long>(covered),
              static_cast<long long>(b - a + 1));
        const bool rangeCovered = strict ? covered >= (b - a + 1) / 2 : covered > 0;

        // Within the face region: the fused map inside the blended polygon against the rest.
        double inside = 0, outside = 0;
        int64_t nInside = 0, nOutside = 0;
        std::array<double, kFaceMapKinds> perMapIn{}, perMapOut{};
        for (const QJsonValue& r : manipulation.value(QStringLiteral("regions")).toArray()) {
            const QJsonObject region = r.toObject();
            for (const FaceMapFrame& e :
                 output->maps.at(region.value(QStringLiteral("frame")).toInteger())) {
                const auto mask = cellsInside(e, region.value(QStringLiteral("polygon")).toArray());
                for (int c = 0; c < kGridCells; ++c) {
                    const double v = e.grids[size_t(FaceMapKind::Fused)][size_t(c)];
                    (mask[size_t(c)] ? inside : outside) += v;
                    ++(mask[size_t(c)] ? nInside : nOutside);
                    for (int k = 0; k < kFaceMapKinds; ++k)
                        (mask[size_t(c)] ? perMapIn : perMapOut)[size_t(k)] +=
                            e.grids[size_t(k)][size_t(c)];
                }
            }
        }
        QVERIFY(nInside > 0 && nOutside > 0);
        inside /= double(nInside);
        outside /= double(nOutside);
        for (int k = 0; k < kFaceMapKinds; ++k)
            qInfo("map %d: inside %.1f, outside %.1f", k, perMapIn[size_t(k)] / double(nInside),
                  perMapOut[size_t(k)] / double(nOutside));
        qInfo("fused map: inside %.1f, outside %.1f, ratio %.2f", inside, outside,
              inside / std::max(outside, 1e-9));
        QVERIFY2(rangeCovered, qPrintable(QString::number(covered)));
        QVERIFY2(findingsInside, "a finding lies outside the blended range");
        // ...every frame inside scores above every frame outside, and within the face region
        // the fused map is >= 3x as high inside the blended polygon.
        QVERIFY2(lowestInside > highestOutside,
                 qPrintable(QStringLiteral("lowest inside %1, highest outside %2 (frame %3)")
                                .arg(lowestInside)
                                .arg(highestOutside)
                                .arg(highestOutsideFrame)));
        QVERIFY2(inside >= 3.0 * outside,
                 qPrintable(QStringLiteral("inside %1, outside %2").arg(inside).arg(outside)));
    }

    // Cost of the maps alone per face-frame against plain decoding, on a clip named by
    // FRAMEPROOF_BENCH_CLIP (e.g. a 1080p talking head); skipped without it.
    void mapCost() {
        const QString clip = qEnvironmentVariable("FRAMEPROOF_BENCH_CLIP");
        if (clip.isEmpty())
            QSKIP("set FRAMEPROOF_BENCH_CLIP to measure");
        auto index = buildFrameIndex(clip);
        QVERIFY(index.ok());
        auto shared = std::make_shared<const FrameIndex>(std::move(index).value());
        auto decoder = VideoDecoder::open(clip, shared, 1);
        QVERIFY(decoder.ok());
        auto landmarker = models::FaceLandmarker::open(QString());
        QVERIFY(landmarker.ok());
        FaceTracker tracker(std::move(landmarker).value());
        FaceMapper mapper;
        QElapsedTimer timer;
        qint64 decodeNs = 0, mapNs = 0, faceFrames = 0, frames = 0;
        int width = 0, height = 0;
        for (int64_t i = 0; i < int64_t(shared->size()); ++i) {
            timer.start();
            auto frame = (*decoder)->decodeNext();
            decodeNs += timer.nsecsElapsed();
            if (!frame)
                break;
            ++frames;
            const AVFrame* f = (*frame)->avFrame();
            width = f->width;
            height = f->height;
            const cv::Mat luma(f->height, f->width, CV_8UC1, f->data[0], size_t(f->linesize[0]));
            tracker.process(i, luma);
            timer.start();
            mapper.process(i, luma, tracker.lastObservations());
            mapNs += timer.nsecsElapsed();
            faceFrames += qint64(tracker.lastObservations().size());
        }
        timer.start();
        const FaceMapStore store = mapper.finish(frames);
        const qint64 finishNs = timer.nsecsElapsed();
        QVERIFY(faceFrames > 0);
        qInfo("%dx%d, %lld frames, %lld face-frames: decode %.2f ms/frame (1 thread), maps %.2f "
              "ms/face-frame (%.0f face-frames/s), finish %.1f ms",
              width, height, static_cast<long long>(frames), static_cast<long long>(faceFrames),
              decodeNs / 1e6 / double(frames), mapNs / 1e6 / double(faceFrames),
              1e9 * double(faceFrames) / double(mapNs), finishNs / 1e6);
    }

    void talkingHeadHasNoFinding() {
        const QString clip = faceFixture(QStringLiteral("talking_head.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("talking_head.mp4 fixture missing");
        auto output = analyse(clip);
        QVERIFY(output.ok());
        const SignalResult* heat = output->result.signal(QStringLiteral("heatmap"));
        QVERIFY(heat && !heat->abstained);
        QCOMPARE(int64_t(heat->perFrame.size()), output->result.frameCount);
        QVERIFY2(heat->findings.empty(),
                 qPrintable(heat->findings.empty() ? QString() : heat->findings.front().reason));
        QVERIFY(!output->maps.entries.empty());
    }
};

QTEST_GUILESS_MAIN(TestFaceMaps)
#include "tst_face_maps.moc"
