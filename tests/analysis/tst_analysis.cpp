// Face tracks and landmark signals on the synthetic ground truth (tests/fixtures/face): blinks
// where the generator put them, jitter inside the injected range and not outside, abstention
// without a face, and `frameproof analyze --json` as the contract says.

#include "core/analysis/AnalysisJson.h"
#include "core/analysis/AnalysisPipeline.h"
#include "core/analysis/LandmarkSignals.h"
#include "core/media/VideoDecoder.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"

#include <QImage>
#include <QJsonArray>
#include <QPolygonF>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace fp;
using test::faceFixture;

QJsonObject truth(const QString& clip) {
    return test::faceTruth(clip);
}

Result<AnalysisOutput> analyse(const QString& path) {
    return test::analyseClip(path);
}

namespace {

// The frames the generator manipulated in `clip` (inclusive), from its truth file.
std::pair<qint64, qint64> manipulatedRange(const QString& clip) {
    const QJsonObject m =
        truth(clip).value(QStringLiteral("manipulations")).toArray().first().toObject();
    return {m.value(QStringLiteral("start_frame")).toInteger(),
            m.value(QStringLiteral("end_frame")).toInteger()};
}

double meanIn(const std::vector<double>& v, int64_t a, int64_t b, bool inside) {
    double sum = 0;
    int n = 0;
    for (int64_t i = 0; i < int64_t(v.size()); ++i) {
        if (std::isnan(v[size_t(i)]) || ((i >= a && i <= b) != inside))
            continue;
        sum += v[size_t(i)];
        ++n;
    }
    return n ? sum / n : kNoValue;
}

// A frontal face of width 100 px whose eyes have eye aspect ratio `ear` (EAR = h / 10 for an
// eye 20 px wide whose lids are h px above and below its axis).
std::array<cv::Point2f, 68> faceWithEyes(double ear) {
    std::array<cv::Point2f, 68> p;
    p.fill(cv::Point2f(50, 60));
    p[0] = {0, 50};
    p[16] = {100, 50};
    p[30] = {50, 55};
    const auto h = float(10.0 * ear);
    for (int first : {36, 42}) {
        const float cx = first == 36 ? 30.0f : 70.0f, cy = 40.0f;
        p[size_t(first)] = {cx - 10, cy};
        p[size_t(first + 1)] = {cx - 4, cy - h};
        p[size_t(first + 2)] = {cx + 4, cy - h};
        p[size_t(first + 3)] = {cx + 10, cy};
        p[size_t(first + 4)] = {cx + 4, cy + h};
        p[size_t(first + 5)] = {cx - 4, cy + h};
    }
    return p;
}

} // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void talkingHeadIsTrackedAndBlinksAreFound() {
        const QString clip = faceFixture(QStringLiteral("talking_head.mp4"));
        auto output = analyse(clip);
        QVERIFY2(output.ok(), qPrintable(output.ok() ? QString() : output.error().message));
        const FaceTrack* face = output->faces.primary();
        QVERIFY(face);
        QCOMPARE(output->faces.tracks.size(), size_t(1));
        QVERIFY(face->observations.size() >= size_t(output->result.frameCount * 95 / 100));

        const SignalResult* blink = output->result.signal(QStringLiteral("blink"));
        QVERIFY(blink && !blink->abstained);
        const QJsonArray truthBlinks =
            truth(QStringLiteral("talking_head.mp4")).value(QStringLiteral("blinks")).toArray();
        const QJsonArray found = blink->details.value(QStringLiteral("blinks")).toArray();
        QVERIFY(!truthBlinks.isEmpty());
        QCOMPARE(found.size(), truthBlinks.size());
        for (int i = 0; i < truthBlinks.size(); ++i) {
            const qint64 ts =
                truthBlinks[i].toObject().value(QStringLiteral("start_frame")).toInteger();
            const qint64 te =
                truthBlinks[i].toObject().value(QStringLiteral("end_frame")).toInteger();
            const qint64 fs = found[i].toObject().value(QStringLiteral("start_frame")).toInteger();
            const qint64 fe = found[i].toObject().value(QStringLiteral("end_frame")).toInteger();
            QVERIFY2(fs <= te + 1 && fe >= ts - 1,
                     qPrintable(QStringLiteral("blink %1: found %2-%3, truth %4-%5")
                                    .arg(i)
                                    .arg(fs)
                                    .arg(fe)
                                    .arg(ts)
                                    .arg(te)));
        }
        // A genuine clip gets no jitter finding.
        const SignalResult* jitter = output->result.signal(QStringLiteral("landmark_jitter"));
        QVERIFY(jitter && !jitter->abstained);
        QVERIFY2(
            jitter->findings.empty(),
            qPrintable(jitter->findings.empty() ? QString() : jitter->findings.front().reason));
    }

    void aSquintIsNotABlink() {
        // 6 s at 25 fps, eyes open at EAR 0.33 with a little noise; a smile narrows them to 0.25
        // for 1.2 s (frames 20-49, as liveportrait d0 does), then a real blink closes them to
        // 0.10 for frames 100-103, and a half blink of a generated face dips to 0.27 for frames
        // 120-122.
        FaceTracks tracks;
        tracks.frameCount = 150;
        FaceTrack track;
        track.id = 1;
        for (int64_t f = 0; f < tracks.frameCount; ++f) {
            double ear = 0.33 + 0.005 * std::sin(double(f));
            if (f >= 20 && f <= 49)
                ear = 0.25 + 0.01 * std::sin(double(f));
            if (f >= 100 && f <= 103)
                ear = 0.10;
            if (f >= 120 && f <= 122)
                ear = 0.27;
            FaceObservation o;
            o.frame = f;
            o.box = QRectF(0, 0, 100, 100);
            o.points = faceWithEyes(ear);
            track.observations.push_back(o);
        }
        tracks.tracks.push_back(track);
        const SignalResult blink = blinkSignal(tracks, 25.0);
        const QJsonArray found = blink.details.value(QStringLiteral("blinks")).toArray();
        QCOMPARE(found.size(), 2);
        QCOMPARE(found[0].toObject().value(QStringLiteral("start_frame")).toInteger(), 100);
        QCOMPARE(found[0].toObject().value(QStringLiteral("end_frame")).toInteger(), 103);
        QCOMPARE(found[1].toObject().value(QStringLiteral("start_frame")).toInteger(), 120);
        QCOMPARE(found[1].toObject().value(QStringLiteral("end_frame")).toInteger(), 122);
    }

    void injectedJitterIsFoundWhereItIs() {
        const QString clip = faceFixture(QStringLiteral("jitter.mp4"));
        auto output = analyse(clip);
        QVERIFY(output.ok());
        const auto [a, b] = manipulatedRange(QStringLiteral("jitter.mp4"));
        QVERIFY(b > a);
        const SignalResult* jitter = output->result.signal(QStringLiteral("landmark_jitter"));
        QVERIFY(jitter && !jitter->abstained);
        const double inside = meanIn(jitter->perFrame, a, b, true);
        const double outside = meanIn(jitter->perFrame, a, b, false);
        QVERIFY2(inside > 2.0 * outside,
                 qPrintable(QStringLiteral("inside %1, outside %2").arg(inside).arg(outside)));
        // Findings cover the injected range and stay inside it (give or take the smoothing window).
        QVERIFY(!jitter->findings.empty());
        int64_t covered = 0;
        for (const Finding& f : jitter->findings) {
            QVERIFY2(f.startFrame >= a - 5 && f.endFrame <= b + 5,
                     qPrintable(QStringLiteral("%1-%2").arg(f.startFrame).arg(f.endFrame)));
            covered += f.endFrame - f.startFrame + 1;
        }
        QVERIFY2(covered >= (b - a + 1) / 2, qPrintable(QString::number(covered)));
    }

    void poseMismatchIsFoundWhereItIs() {
        auto output = analyse(faceFixture(QStringLiteral("pose_mismatch.mp4")));
        QVERIFY(output.ok());
        const auto [a, b] = manipulatedRange(QStringLiteral("pose_mismatch.mp4"));
        const SignalResult* pose = output->result.signal(QStringLiteral("head_pose"));
        QVERIFY(pose && !pose->abstained);
        const double inside = meanIn(pose->perFrame, a, b, true);
        const double outside = meanIn(pose->perFrame, a, b, false);
        // The 7 degree inner-face roll shows as about 2 degrees against the contour (dlib's
        // contour points partly follow the inner face), about 8x the rest of the clip.
        QVERIFY2(
            inside > 3.0 * outside,
            qPrintable(QStringLiteral("inside %1 deg, outside %2 deg").arg(inside).arg(outside)));
        QVERIFY(!pose->findings.empty());
        int64_t covered = 0;
        for (const Finding& f : pose->findings) {
            QVERIFY2(f.startFrame >= a - 5 && f.endFrame <= b + 5,
                     qPrintable(QStringLiteral("%1-%2").arg(f.startFrame).arg(f.endFrame)));
            covered += std::min<int64_t>(f.endFrame, b) - std::max<int64_t>(f.startFrame, a) + 1;
        }
        QVERIFY2(covered >= (b - a + 1) * 9 / 10, qPrintable(QString::number(covered)));
        // On the genuine clip the same range is not raised, and nothing is flagged.
        auto genuine = analyse(faceFixture(QStringLiteral("talking_head.mp4")));
        QVERIFY(genuine.ok());
        const SignalResult* genuinePose = genuine->result.signal(QStringLiteral("head_pose"));
        QVERIFY(meanIn(genuinePose->perFrame, a, b, true) <
                1.15 * meanIn(genuinePose->perFrame, a, b, false));
        QVERIFY(genuinePose->findings.empty());
    }

    void yawRatioFollowsAHeadTurn() {
        const QJsonArray landmarks = truth(QStringLiteral("talking_head.mp4"))
                                         .value(QStringLiteral("landmarks_first_frame"))
                                         .toArray();
        QCOMPARE(landmarks.size(), 68);
        std::array<cv::Point2f, 68> frontal, slightly, turned;
        const float noseX = float(landmarks[30].toArray()[0].toDouble());
        for (int i = 0; i < 68; ++i) {
            const QJsonArray p = landmarks[i].toArray();
            frontal[size_t(i)] = cv::Point2f(float(p[0].toDouble()), float(p[1].toDouble()));
            // A crude turn: the side of the face right of the nose foreshortened.
            slightly[size_t(i)] = turned[size_t(i)] = frontal[size_t(i)];
            if (frontal[size_t(i)].x > noseX) {
                slightly[size_t(i)].x = noseX + 0.8f * (frontal[size_t(i)].x - noseX);
                turned[size_t(i)].x = noseX + 0.2f * (frontal[size_t(i)].x - noseX);
            }
        }
        const double limit = BlinkParameters{}.maxYawRatio;
        QVERIFY2(std::abs(yawRatio(frontal)) < 0.15,
                 qPrintable(QString::number(yawRatio(frontal))));
        QVERIFY2(yawRatio(slightly) < limit, qPrintable(QString::number(yawRatio(slightly))));
        QVERIFY2(yawRatio(turned) > limit, qPrintable(QString::number(yawRatio(turned))));
    }

    void twoFacesGetTwoTracks() {
        // The genuine talking head beside the pose variant, in one 1024x512 picture.
        QTemporaryDir dir;
        const QString clip = dir.filePath(QStringLiteral("two_faces.mp4"));
        QProcess ffmpeg;
        ffmpeg.start(QStringLiteral("ffmpeg"),
                     {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-i"),
                      faceFixture(QStringLiteral("talking_head.mp4")), QStringLiteral("-i"),
                      faceFixture(QStringLiteral("pose_mismatch.mp4")),
                      QStringLiteral("-filter_complex"), QStringLiteral("hstack"),
                      QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-crf"),
                      QStringLiteral("16"), QStringLiteral("-preset"), QStringLiteral("veryfast"),
                      clip});
        QVERIFY(ffmpeg.waitForFinished(120000));
        QCOMPARE(ffmpeg.exitCode(), 0);
        auto output = analyse(clip);
        QVERIFY(output.ok());
        QCOMPARE(output->faces.tracks.size(), size_t(2));
        int left = 0, right = 0;
        for (const FaceTrack& t : output->faces.tracks) {
            QVERIFY2(t.observations.size() >= size_t(output->result.frameCount * 95 / 100),
                     qPrintable(QString::number(t.observations.size())));
            const double x = t.observations.front().box.center().x();
            (x < 512 ? left : right) += 1;
        }
        QCOMPARE(left, 1);
        QCOMPARE(right, 1);
        // The pose variant's range is still found, though only one of the two faces has it.
        const auto [a, b] = manipulatedRange(QStringLiteral("pose_mismatch.mp4"));
        const SignalResult* pose = output->result.signal(QStringLiteral("head_pose"));
        QVERIFY(!pose->findings.empty());
        for (const Finding& f : pose->findings)
            QVERIFY2(f.startFrame >= a - 5 && f.endFrame <= b + 5,
                     qPrintable(QStringLiteral("%1-%2").arg(f.startFrame).arg(f.endFrame)));
    }

    void noFaceAbstains() {
        auto output = analyse(test::fixture(QStringLiteral("cfr_h264.mp4")));
        QVERIFY(output.ok());
        for (const SignalResult& s : output->result.signals) {
            if (s.name == QStringLiteral("compression"))
                continue; // reads the frame index, not faces (tst_compression)
            QVERIFY2(s.abstained, qPrintable(s.name));
            QCOMPARE(s.reason, QStringLiteral("no face"));
            QCOMPARE(int64_t(s.perFrame.size()), output->result.frameCount);
        }
    }

    void analyzeCommandWritesTheContract() {
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("out.json"));
        const QString clip = faceFixture(QStringLiteral("talking_head.mp4"));
        QProcess p;
        p.start(QStringLiteral(FRAMEPROOF_EXE),
                {QStringLiteral("analyze"), clip, QStringLiteral("--json"), json});
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 0);
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(root.value(QStringLiteral("schema")).toString(),
                 QStringLiteral("frameproof.analysis/1"));
        for (const char* key :
             {"tool", "evidence", "parameters", "signals", "findings", "generated_at"})
            QVERIFY2(root.contains(QLatin1String(key)), key);
        const QJsonObject signals = root.value(QStringLiteral("signals")).toObject();
        const qint64 frames = root.value(QStringLiteral("evidence"))
                                  .toObject()
                                  .value(QStringLiteral("video"))
                                  .toObject()
                                  .value(QStringLiteral("frame_count"))
                                  .toInteger();
        QCOMPARE(frames, qint64(250));
        for (const char* name : {"landmark_jitter", "head_pose", "blink"}) {
            const QJsonObject s = signals.value(QLatin1String(name)).toObject();
            for (const char* key : {"unit", "per_frame", "score", "status", "reason"})
                QVERIFY2(s.contains(QLatin1String(key)), key);
            QCOMPARE(s.value(QStringLiteral("per_frame")).toArray().size(), frames);
        }
        // Same input, same JSON apart from generated_at.
        const QString json2 = dir.filePath(QStringLiteral("again.json"));
        QProcess again;
        again.start(QStringLiteral(FRAMEPROOF_EXE),
                    {QStringLiteral("analyze"), clip, QStringLiteral("--json"), json2});
        QVERIFY(again.waitForFinished(300000));
        QFile f2(json2);
        QVERIFY(f2.open(QIODevice::ReadOnly));
        QJsonObject second = QJsonDocument::fromJson(f2.readAll()).object();
        QJsonObject first = root;
        first.remove(QStringLiteral("generated_at"));
        second.remove(QStringLiteral("generated_at"));
        QCOMPARE(QJsonDocument(second).toJson(), QJsonDocument(first).toJson());

        // Bad input: exit 2, one line; never writes over the evidence.
        QProcess bad;
        bad.start(QStringLiteral(FRAMEPROOF_EXE),
                  {QStringLiteral("analyze"), test::fixture(QStringLiteral("text.mp4"))});
        QVERIFY(bad.waitForFinished(60000));
        QCOMPARE(bad.exitCode(), 2);
        QCOMPARE(bad.readAllStandardError().count('\n'), 1);
        QProcess over;
        over.start(QStringLiteral(FRAMEPROOF_EXE),
                   {QStringLiteral("analyze"), clip, QStringLiteral("--json"), clip});
        QVERIFY(over.waitForFinished(60000));
        QCOMPARE(over.exitCode(), 64);
    }

    // `analyze --heatmaps DIR`: PNG stills of the top heatmap frames, named by frame number and
    // timecode; on the blended clip the first is inside the blended range and its overlay
    // changes the picture inside the blended region far more than outside it. Never next to
    // the evidence.
    void heatmapStillsShowTheBlend() {
        const QString clip = faceFixture(QStringLiteral("blended.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("blended fixture missing");
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("out.json"));
        const QString stills = dir.filePath(QStringLiteral("stills"));
        QProcess p;
        p.start(QStringLiteral(FRAMEPROOF_EXE),
                {QStringLiteral("analyze"), clip, QStringLiteral("--json"), json,
                 QStringLiteral("--heatmaps"), stills});
        QVERIFY(p.waitForFinished(300000));
        QCOMPARE(p.exitCode(), 0);
        QFile f(json);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject heat = QJsonDocument::fromJson(f.readAll())
                                     .object()
                                     .value(QStringLiteral("signals"))
                                     .toObject()
                                     .value(QStringLiteral("heatmap"))
                                     .toObject();
        const QJsonArray top = heat.value(QStringLiteral("details"))
                                   .toObject()
                                   .value(QStringLiteral("top_frames"))
                                   .toArray();
        QVERIFY(!top.isEmpty());
        const QStringList files =
            QDir(stills).entryList({QStringLiteral("heatmap_frame*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(files.size(), top.size());
        const qint64 best = top.first().toObject().value(QStringLiteral("frame")).toInteger();
        const auto [a, b] = manipulatedRange(QStringLiteral("blended"));
        QVERIFY2(best >= a && best <= b, qPrintable(QString::number(best)));
        const QString name = QStringLiteral("heatmap_frame%1_").arg(best, 6, 10, QLatin1Char('0'));
        const auto match = std::find_if(files.begin(), files.end(),
                                        [&](const QString& n) { return n.startsWith(name); });
        QVERIFY2(match != files.end(), qPrintable(files.join(QLatin1Char(' '))));
        QVERIFY(QRegularExpression(
                    QStringLiteral("^heatmap_frame\\d{6}_\\d\\d-\\d\\d-\\d\\d-\\d\\d\\.png$"))
                    .match(*match)
                    .hasMatch());

        // The still against the plain decoded frame, inside and outside the blended polygon.
        QImage still(QDir(stills).filePath(*match));
        QVERIFY(!still.isNull());
        auto index = buildFrameIndex(clip);
        QVERIFY(index.ok());
        auto shared = std::make_shared<const FrameIndex>(std::move(index).value());
        auto decoder = VideoDecoder::open(clip, shared);
        QVERIFY(decoder.ok());
        auto frame = (*decoder)->decode(best);
        QVERIFY(frame.ok());
        const QImage plain = (*frame)->toImage().convertToFormat(QImage::Format_RGB888);
        QCOMPARE(still.size(), plain.size());
        still = still.convertToFormat(QImage::Format_RGB888);
        QPolygonF polygon;
        const QJsonObject m = truth(QStringLiteral("blended"))
                                  .value(QStringLiteral("manipulations"))
                                  .toArray()
                                  .first()
                                  .toObject();
        for (const QJsonValue& r : m.value(QStringLiteral("regions")).toArray()) {
            if (r.toObject().value(QStringLiteral("frame")).toInteger() != best)
                continue;
            for (const QJsonValue& pt : r.toObject().value(QStringLiteral("polygon")).toArray())
                polygon << QPointF(pt.toArray().at(0).toDouble(), pt.toArray().at(1).toDouble());
        }
        QVERIFY(polygon.size() >= 3);
        double inside = 0, outside = 0;
        qint64 nInside = 0, nOutside = 0;
        for (int y = 0; y < plain.height(); y += 2) {
            const uchar* s = still.constScanLine(y);
            const uchar* o = plain.constScanLine(y);
            for (int x = 0; x < plain.width(); x += 2) {
                double d = 0;
                for (int c = 0; c < 3; ++c)
                    d += std::abs(int(s[3 * x + c]) - int(o[3 * x + c]));
                if (polygon.containsPoint(QPointF(x, y), Qt::OddEvenFill)) {
                    inside += d;
                    ++nInside;
                } else {
                    outside += d;
                    ++nOutside;
                }
            }
        }
        qInfo("still against plain frame %lld: mean change inside %.1f, outside %.1f",
              static_cast<long long>(best), inside / nInside, outside / nOutside);
        QVERIFY(inside / nInside > 3.0 * outside / nOutside);

        // Never into the evidence's own folder.
        QProcess beside;
        beside.start(QStringLiteral(FRAMEPROOF_EXE),
                     {QStringLiteral("analyze"), clip, QStringLiteral("--heatmaps"),
                      QFileInfo(clip).absolutePath()});
        QVERIFY(beside.waitForFinished(60000));
        QCOMPARE(beside.exitCode(), 64);
    }
};

QTEST_GUILESS_MAIN(TestAnalysis)
#include "tst_analysis.moc"
