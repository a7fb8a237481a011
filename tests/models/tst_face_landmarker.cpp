// FaceLandmarker: only the pinned model loads, faces are found where they are (and nowhere
// else), the 68 points land on the right features with sub-pixel precision, and clones agree
// across threads. The real face is the public-domain NASA astronaut portrait from Debian's
// python3-skimage (tests/models/fetch_astronaut.sh, the CTest fixture `astronaut`); frames of
// ../shared/media are used where that folder exists.

#include "models/FaceLandmarker.h"
#include "tests/TestSupport.h"

#include <opencv2/imgproc.hpp>

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <thread>

Q_DECLARE_METATYPE(cv::Size)

using namespace fp;
using namespace fp::models;

namespace {

QString sharedMedia() {
    const QByteArray env = qgetenv("FRAMEPROOF_SHARED_MEDIA");
    return env.isEmpty() ? QStringLiteral(FRAMEPROOF_SOURCE_DIR "/../shared/media")
                         : QString::fromLocal8Bit(env);
}

// Where the `astronaut` fixture puts the portrait: beside the media fixtures.
QString astronautDir() {
    const QByteArray env = qgetenv("FRAMEPROOF_ASTRONAUT_DIR");
    return env.isEmpty() ? QDir::cleanPath(test::fixturesDir() + QStringLiteral("/.."))
                         : QString::fromLocal8Bit(env);
}

cv::Mat loadBgr(const QString& path) {
    QImage image(path);
    if (image.isNull())
        return {};
    image = image.convertToFormat(QImage::Format_BGR888);
    return cv::Mat(image.height(), image.width(), CV_8UC3, const_cast<uchar*>(image.constBits()),
                   static_cast<size_t>(image.bytesPerLine()))
        .clone();
}

bool saveBgr(const cv::Mat& bgr, const QString& path) {
    const QImage image(bgr.data, bgr.cols, bgr.rows, static_cast<qsizetype>(bgr.step),
                       QImage::Format_BGR888);
    return image.save(path);
}

// One decoded frame of a clip, through the ffmpeg CLI (so the test needs no decoder of ours).
cv::Mat clipFrame(const QString& clip, const QString& filter, const QString& dir) {
    const QString out = QDir(dir).filePath(QFileInfo(clip).completeBaseName() + ".png");
    QStringList args = {QStringLiteral("-v"), QStringLiteral("error"), QStringLiteral("-y"),
                        QStringLiteral("-i"), clip};
    if (!filter.isEmpty())
        args << QStringLiteral("-vf") << filter;
    args << QStringLiteral("-frames:v") << QStringLiteral("1") << out;
    QProcess ffmpeg;
    ffmpeg.start(QStringLiteral("ffmpeg"), args);
    if (!ffmpeg.waitForFinished(120000) || ffmpeg.exitCode() != 0)
        return {};
    return loadBgr(out);
}

cv::Point2f meanOf(const FaceShape& shape, int first, int last) {
    cv::Point2f sum(0, 0);
    for (int i = first; i <= last; ++i)
        sum += shape.points[static_cast<size_t>(i)];
    return sum / float(last - first + 1);
}

float distance(cv::Point2f a, cv::Point2f b) {
    return std::hypot(a.x - b.x, a.y - b.y);
}

QString describe(const QRectF& r) {
    return QStringLiteral("(%1,%2 %3x%4)").arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height());
}

// The anatomy every frontal 68-point fit must have, whoever the face is.
void verifyAnatomy(const FaceShape& shape, const QRectF& imageRect) {
    const cv::Point2f rightEye = meanOf(shape, 36, 41); // the subject's right: image left
    const cv::Point2f leftEye = meanOf(shape, 42, 47);
    const float interOcular = distance(leftEye, rightEye);
    const cv::Point2f noseTip = shape.points[30];
    const cv::Point2f mouth = meanOf(shape, 48, 67);

    for (const cv::Point2f& p : shape.points) {
        QVERIFY(std::isfinite(p.x) && std::isfinite(p.y));
        QVERIFY2(imageRect.contains(p.x, p.y),
                 qPrintable(QStringLiteral("point %1,%2 outside").arg(p.x).arg(p.y)));
    }
    QVERIFY2(interOcular > 30.0f, qPrintable(QString::number(interOcular)));
    QVERIFY(rightEye.x < leftEye.x);
    QVERIFY(std::abs(rightEye.y - leftEye.y) < 0.25f * interOcular);
    QVERIFY(noseTip.x > rightEye.x && noseTip.x < leftEye.x);
    QVERIFY(noseTip.y > std::max(rightEye.y, leftEye.y) + 0.3f * interOcular);
    QVERIFY(mouth.y > noseTip.y);
    for (int i = 48; i <= 67; ++i)
        QVERIFY(shape.points[size_t(i)].y > noseTip.y - 0.1f * interOcular);
    QVERIFY(shape.points[8].y > mouth.y); // the chin
    float jawLeft = shape.points[0].x, jawRight = shape.points[0].x;
    for (int i = 0; i <= 16; ++i) {
        jawLeft = std::min(jawLeft, shape.points[size_t(i)].x);
        jawRight = std::max(jawRight, shape.points[size_t(i)].x);
    }
    QVERIFY(jawRight - jawLeft > 1.5f * interOcular);
    // The points are fitted in the box: none strays far outside it.
    const QRectF around = shape.box.adjusted(-0.25 * shape.box.width(), -0.25 * shape.box.height(),
                                             0.25 * shape.box.width(), 0.25 * shape.box.height());
    for (const cv::Point2f& p : shape.points)
        QVERIFY(around.contains(p.x, p.y));
}

// Boxes agree when their centres and sizes differ by less than `tolerance` of the size.
bool boxesAgree(const QRectF& a, const QRectF& b, double tolerance) {
    const double size = std::max(a.width(), a.height());
    return std::abs(a.center().x() - b.center().x()) < tolerance * size &&
           std::abs(a.center().y() - b.center().y()) < tolerance * size &&
           std::abs(a.width() - b.width()) < tolerance * size &&
           std::abs(a.height() - b.height()) < tolerance * size;
}

double medianMs(const std::function<void()>& work, int runs) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        ms.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

class TestFaceLandmarker : public QObject {
    Q_OBJECT

    std::unique_ptr<FaceLandmarker> m_landmarker;
    cv::Mat m_astronaut;
    QString m_astronautMissing;
    QRectF m_astronautBox; // her face, found once by astronautHasExactlyOneFace()

    QRectF astronautBox() {
        if (m_astronautBox.isEmpty()) {
            const auto faces = m_landmarker->detect(m_astronaut);
            if (!faces.empty())
                m_astronautBox = faces.front().box;
        }
        return m_astronautBox;
    }

private Q_SLOTS:
    void initTestCase() {
        QElapsedTimer timer;
        timer.start();
        auto opened = FaceLandmarker::open();
        QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
        qInfo("model load (hash + deserialise + detector): %lld ms", timer.elapsed());
        m_landmarker = std::move(opened.value());

        const QString png = QDir(astronautDir()).filePath(QStringLiteral("astronaut.png"));
        if (!QFile::exists(png)) {
            // Run outside CTest: fetch it the way the fixture does.
            QProcess fetch;
            fetch.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            fetch.start(QStringLiteral("bash"),
                        {QStringLiteral(FRAMEPROOF_SOURCE_DIR "/tests/models/fetch_astronaut.sh"),
                         astronautDir()});
            fetch.waitForFinished(600000);
        }
        m_astronaut = loadBgr(png);
        if (m_astronaut.empty())
            m_astronautMissing = QStringLiteral("%1 is not here (python3-skimage could not be "
                                                "downloaded?): run tests/models/fetch_astronaut.sh")
                                     .arg(png);
        else
            QCOMPARE(m_astronaut.size(), cv::Size(512, 512));
    }

    // --- the model file -------------------------------------------------------------------

    void openReportsPinnedHash() {
        QCOMPARE(m_landmarker->modelSha256(), QString::fromLatin1(kShapePredictorSha256));
        // The expected hash is compared case-insensitively.
        auto upper = FaceLandmarker::open(QString::fromLatin1(kShapePredictorPath),
                                          QString::fromLatin1(kShapePredictorSha256).toUpper());
        QVERIFY2(upper.ok(), upper.ok() ? "" : qPrintable(upper.error().message));
        QCOMPARE(upper.value()->modelSha256(), QString::fromLatin1(kShapePredictorSha256));
    }

    void wrongHashNamesBothHashes() {
        const QString wrong = QString(64, QLatin1Char('0'));
        auto opened = FaceLandmarker::open({}, wrong);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, Error::Kind::Corrupt);
        const QString message = opened.error().message;
        QVERIFY2(message.contains(QString::fromLatin1(kShapePredictorSha256)), qPrintable(message));
        QVERIFY2(message.contains(wrong), qPrintable(message));
        QVERIFY2(message.contains(QString::fromLatin1(kShapePredictorPath)), qPrintable(message));
    }

    void missingModelSaysInstallLibdlibData() {
        const QString path = QStringLiteral("/nonexistent/shape_predictor_68_face_landmarks.dat");
        auto opened = FaceLandmarker::open(path);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, Error::Kind::NotFound);
        const QString message = opened.error().message;
        QVERIFY2(message.contains(QStringLiteral("68-point face landmark model is missing")),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("libdlib-data")), qPrintable(message));
        QVERIFY2(message.contains(path), qPrintable(message));

        QTemporaryDir dir;
        auto folder = FaceLandmarker::open(dir.path());
        QVERIFY(!folder.ok());
        QCOMPARE(folder.error().kind, Error::Kind::NotReadable);
    }

    // A file with the right hash that is not a shape predictor fails cleanly: 1 KB of noise,
    // and the real model cut short after 1 MB.
    void garbageModelIsAClearError_data() {
        QTest::addColumn<QByteArray>("bytes");
        QByteArray noise(1024, '\0');
        QRandomGenerator random(20240601);
        for (char& c : noise)
            c = char(random.bounded(256));
        QTest::newRow("1 KB noise") << noise;
        QFile real(QString::fromLatin1(kShapePredictorPath));
        QVERIFY(real.open(QIODevice::ReadOnly));
        QTest::newRow("truncated model") << real.read(1 << 20);
    }
    void garbageModelIsAClearError() {
        QFETCH(QByteArray, bytes);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("garbage.dat"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QCOMPARE(file.write(bytes), qint64(bytes.size()));
        file.close();
        const QString sha = QString::fromLatin1(
            QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());

        auto opened = FaceLandmarker::open(path, sha);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, Error::Kind::Corrupt);
        const QString message = opened.error().message;
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("is not a dlib shape predictor")),
                 qPrintable(message));
        QVERIFY2(message.contains(path), qPrintable(message));
    }

    // --- the astronaut --------------------------------------------------------------------

    void astronautHasExactlyOneFace() {
        if (m_astronaut.empty())
            QSKIP(qPrintable(m_astronautMissing));
        const auto faces = m_landmarker->detect(m_astronaut);
        QCOMPARE(faces.size(), size_t(1));
        const QRectF box = faces.front().box;
        m_astronautBox = box;
        qInfo("astronaut face %s, score %.3f", qPrintable(describe(box)), faces.front().score);
        QVERIFY(faces.front().score > 0.0);
        // Where her face is (looked at): x about 170..280, y about 60..190.
        QVERIFY2(QRectF(150, 50, 160, 170).contains(box), qPrintable(describe(box)));
        QVERIFY2(box.width() > 70 && box.width() < 160, qPrintable(describe(box)));
        QVERIFY2(box.height() > 70 && box.height() < 160, qPrintable(describe(box)));
        QVERIFY(box.contains(225, 125)); // between her eyes and mouth

        const double ms = medianMs([&] { (void)m_landmarker->detect(m_astronaut); }, 3);
        qInfo("detect on 512x512 BGR: %.1f ms (median of 3)", ms);
    }

    void astronautLandmarksSitOnTheFace() {
        if (m_astronaut.empty())
            QSKIP(qPrintable(m_astronautMissing));
        const QRectF box = astronautBox();
        const FaceShape shape = m_landmarker->landmarks(m_astronaut, box);
        QCOMPARE(shape.box, box);
        verifyAnatomy(shape, QRectF(0, 0, m_astronaut.cols, m_astronaut.rows));

        const cv::Point2f rightEye = meanOf(shape, 36, 41);
        const cv::Point2f leftEye = meanOf(shape, 42, 47);
        qInfo("eyes %.1f,%.1f and %.1f,%.1f; nose tip %.1f,%.1f; mouth %.1f,%.1f; chin %.1f,%.1f",
              rightEye.x, rightEye.y, leftEye.x, leftEye.y, shape.points[30].x, shape.points[30].y,
              meanOf(shape, 48, 67).x, meanOf(shape, 48, 67).y, shape.points[8].x,
              shape.points[8].y);
        cv::Mat drawing = m_astronaut.clone();
        cv::rectangle(drawing, cv::Rect2d(box.x(), box.y(), box.width(), box.height()),
                      cv::Scalar(255, 255, 0), 1);
        for (size_t i = 0; i < shape.points.size(); ++i) {
            const cv::Scalar colour = i <= 16   ? cv::Scalar(0, 255, 255)  // jaw: yellow
                                      : i <= 26 ? cv::Scalar(255, 0, 255)  // brows: magenta
                                      : i <= 35 ? cv::Scalar(0, 0, 255)    // nose: red
                                      : i <= 47 ? cv::Scalar(0, 255, 0)    // eyes: green
                                                : cv::Scalar(255, 128, 0); // mouth: blue
            cv::circle(drawing, shape.points[i], 2, colour, cv::FILLED, cv::LINE_AA);
        }
        const QString out = QDir::temp().filePath(QStringLiteral("astronaut_landmarks.png"));
        QVERIFY(saveBgr(drawing, out));
        qInfo("landmarks drawn on %s", qPrintable(out));

        // Where her eyes, nose tip and mouth are (read off the drawing, 4x enlarged: every
        // point sat on its feature).
        QVERIFY(distance(rightEye, {203.5f, 102.0f}) < 4);
        QVERIFY(distance(leftEye, {247.0f, 104.5f}) < 4);
        QVERIFY(distance(shape.points[30], {225.5f, 127.5f}) < 4);
        QVERIFY(distance(meanOf(shape, 48, 67), {223.5f, 146.0f}) < 4);

        // Sub-pixel: dlib's own predictor would put every point on a pixel centre.
        int offCentre = 0;
        for (const cv::Point2f& p : shape.points)
            offCentre += std::abs(p.x - std::floor(p.x) - 0.5f) > 0.01f ? 1 : 0;
        QVERIFY2(offCentre > 40, qPrintable(QString::number(offCentre)));

        const double ms = medianMs(
            [&] {
                for (int i = 0; i < 20; ++i)
                    (void)m_landmarker->landmarks(m_astronaut, box);
            },
            5);
        qInfo("landmarks: %.3f ms per face (BGR)", ms / 20);
    }

    // Moving the picture and the box by whole pixels moves every point by exactly as much.
    void landmarksFollowATranslation() {
        if (m_astronaut.empty())
            QSKIP(qPrintable(m_astronautMissing));
        const QRectF box = astronautBox();
        const FaceShape shape = m_landmarker->landmarks(m_astronaut, box);
        cv::Mat moved;
        cv::copyMakeBorder(m_astronaut, moved, 5, 0, 7, 0, cv::BORDER_CONSTANT, cv::Scalar::all(0));
        const FaceShape movedShape = m_landmarker->landmarks(moved, box.translated(7, 5));
        for (size_t i = 0; i < shape.points.size(); ++i) {
            QVERIFY(std::abs(movedShape.points[i].x - shape.points[i].x - 7.0f) < 1e-3f);
            QVERIFY(std::abs(movedShape.points[i].y - shape.points[i].y - 5.0f) < 1e-3f);
        }
        // A quarter-pixel move of the box alone moves the fit a little, not a pixel.
        const FaceShape nudged = m_landmarker->landmarks(m_astronaut, box.translated(0.25, 0.25));
        double mean = 0;
        for (size_t i = 0; i < shape.points.size(); ++i)
            mean += distance(nudged.points[i], shape.points[i]) / double(shape.points.size());
        QVERIFY2(mean > 0.0 && mean < 1.0, qPrintable(QString::number(mean)));
    }

    void greyInputAgreesWithColour() {
        if (m_astronaut.empty())
            QSKIP(qPrintable(m_astronautMissing));
        cv::Mat grey;
        cv::cvtColor(m_astronaut, grey, cv::COLOR_BGR2GRAY);
        const auto faces = m_landmarker->detect(grey);
        QCOMPARE(faces.size(), size_t(1));
        QVERIFY2(boxesAgree(faces.front().box, astronautBox(), 0.1),
                 qPrintable(describe(faces.front().box)));
        const FaceShape shape = m_landmarker->landmarks(grey, astronautBox());
        verifyAnatomy(shape, QRectF(0, 0, grey.cols, grey.rows));
        const FaceShape colour = m_landmarker->landmarks(m_astronaut, astronautBox());
        const float interOcular = distance(meanOf(colour, 36, 41), meanOf(colour, 42, 47));
        double mean = 0;
        for (size_t i = 0; i < shape.points.size(); ++i)
            mean += distance(shape.points[i], colour.points[i]) / double(shape.points.size());
        QVERIFY2(mean < 0.05 * interOcular, qPrintable(QString::number(mean)));
    }

    // The detector's smallest face is 80 px; half the astronaut needs one doubling, and the
    // box comes back in the half-size picture's pixels.
    void halfSizeGivesHalfBox() {
        if (m_astronaut.empty())
            QSKIP(qPrintable(m_astronautMissing));
        cv::Mat half;
        cv::resize(m_astronaut, half, cv::Size(256, 256), 0, 0, cv::INTER_AREA);
        const auto faces = m_landmarker->detect(half, 1);
        QCOMPARE(faces.size(), size_t(1));
        const QRectF full = astronautBox();
        const QRectF expected(full.x() / 2, full.y() / 2, full.width() / 2, full.height() / 2);
        qInfo("half size: %s, expected about %s", qPrintable(describe(faces.front().box)),
              qPrintable(describe(expected)));
        QVERIFY2(boxesAgree(faces.front().box, expected, 0.1),
                 qPrintable(describe(faces.front().box)));

        // Doubled, the full picture gives the same face, in full-size pixels. The round
        // mission patch on her suit (about 130..215, 340..425) then passes too, barely: it
        // comes after the face, which the scores order first.
        const auto doubled = m_landmarker->detect(m_astronaut, 1);
        for (const FaceDetection& d : doubled)
            qInfo("doubled: %s score %.3f", qPrintable(describe(d.box)), d.score);
        QVERIFY(!doubled.empty() && doubled.size() <= 2);
        QVERIFY2(boxesAgree(doubled.front().box, full, 0.1),
                 qPrintable(describe(doubled.front().box)));
        QVERIFY(doubled.front().score > 1.0);
        for (size_t i = 1; i < doubled.size(); ++i) {
            QVERIFY(doubled[i].score < 0.25 * doubled.front().score);
            QVERIFY(QRectF(110, 320, 130, 130).contains(doubled[i].box));
        }
    }

    // --- nothing to find ------------------------------------------------------------------

    void blankPictureHasNoFace() {
        const cv::Mat grey(240, 320, CV_8UC3, cv::Scalar(128, 128, 128));
        QVERIFY(m_landmarker->detect(grey).empty());
        QVERIFY(m_landmarker->detect(grey, 1).empty());
        const cv::Mat greyOneChannel(240, 320, CV_8UC1, cv::Scalar(128));
        QVERIFY(m_landmarker->detect(greyOneChannel).empty());
    }

    void tinyAndEmptyPicturesAreHandled() {
        cv::Mat tiny(20, 20, CV_8UC3);
        cv::randu(tiny, cv::Scalar::all(0), cv::Scalar::all(256));
        for (int upsample = 0; upsample <= 4; ++upsample)
            QVERIFY(m_landmarker->detect(tiny, upsample).empty());
        QVERIFY(m_landmarker->detect(cv::Mat()).empty());
        QVERIFY(m_landmarker->detect(cv::Mat(1, 1, CV_8UC1, cv::Scalar(0))).empty());
        QVERIFY(m_landmarker->detect(cv::Mat(100, 100, CV_32FC1, cv::Scalar(0))).empty());

        // Landmarks still come back (the mean face in the box) and stay finite.
        for (const cv::Mat& image : {tiny, cv::Mat()}) {
            const FaceShape shape = m_landmarker->landmarks(image, QRectF(2, 3, 15, 14));
            for (const cv::Point2f& p : shape.points)
                QVERIFY(std::isfinite(p.x) && std::isfinite(p.y));
        }
        const FaceShape degenerate = m_landmarker->landmarks(tiny, QRectF(5, 5, 0, 0));
        for (const cv::Point2f& p : degenerate.points)
            QVERIFY(std::isfinite(p.x) && std::isfinite(p.y));
    }

    // --- real clips (development material, where present) ---------------------------------

    void realClipFrames_data() {
        QTest::addColumn<QString>("clip");
        QTest::addColumn<QString>("filter");
        QTest::addColumn<cv::Size>("size");
        QTest::newRow("sadtalker/WDA_KatieHill_000 512x512")
            << QStringLiteral("sadtalker/WDA_KatieHill_000.mp4") << QString() << cv::Size(512, 512);
        QTest::newRow("wav2lip/kim_7s_raw at 640x360")
            << QStringLiteral("wav2lip/kim_7s_raw.mp4") << QStringLiteral("scale=640:360")
            << cv::Size(640, 360);
    }
    void realClipFrames() {
        QFETCH(QString, clip);
        QFETCH(QString, filter);
        QFETCH(cv::Size, size);
        const QString path = QDir(sharedMedia()).filePath(clip);
        if (!QFile::exists(path))
            QSKIP("../shared/media is not here: the real clips are development material only");
        QTemporaryDir dir;
        const cv::Mat frame = clipFrame(path, filter, dir.path());
        QCOMPARE(frame.size(), size);

        const auto faces = m_landmarker->detect(frame);
        QCOMPARE(faces.size(), size_t(1));
        const QRectF box = faces.front().box;
        qInfo("%s: face %s, score %.3f", qPrintable(clip), qPrintable(describe(box)),
              faces.front().score);
        QVERIFY(QRectF(0, 0, frame.cols, frame.rows).contains(box));
        verifyAnatomy(m_landmarker->landmarks(frame, box), QRectF(0, 0, frame.cols, frame.rows));

        const double ms = medianMs([&] { (void)m_landmarker->detect(frame); }, 3);
        qInfo("detect on %dx%d BGR: %.1f ms (median of 3)", frame.cols, frame.rows, ms);
    }

    // --- threads --------------------------------------------------------------------------

    void clonesAgreeAcrossThreads() {
        if (m_astronaut.empty())
            QSKIP(qPrintable(m_astronautMissing));
        const auto reference = m_landmarker->detect(m_astronaut);
        QCOMPARE(reference.size(), size_t(1));
        const FaceShape referenceShape = m_landmarker->landmarks(m_astronaut, reference[0].box);

        std::atomic<int> mismatches{0};
        std::atomic<int> runs{0};
        const auto work = [&] {
            const std::unique_ptr<FaceLandmarker> mine = m_landmarker->clone();
            for (int i = 0; i < 8; ++i) {
                const auto faces = mine->detect(m_astronaut);
                if (faces.size() != 1 || faces[0].box != reference[0].box ||
                    faces[0].score != reference[0].score) {
                    ++mismatches;
                    continue;
                }
                const FaceShape shape = mine->landmarks(m_astronaut, faces[0].box);
                if (shape.points != referenceShape.points)
                    ++mismatches;
                ++runs;
            }
        };
        std::thread a(work);
        std::thread b(work);
        a.join();
        b.join();
        QCOMPARE(mismatches.load(), 0);
        QCOMPARE(runs.load(), 16);
        QCOMPARE(m_landmarker->clone()->modelSha256(), m_landmarker->modelSha256());
    }
};

QTEST_GUILESS_MAIN(TestFaceLandmarker)
#include "tst_face_landmarker.moc"
