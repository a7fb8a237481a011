#include "models/FaceLandmarker.h"

#include "models/ModelFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QtGlobal>

#include <opencv2/imgproc.hpp>

// dlib is header-heavy (this file takes about 20 s to compile): it stays here (STYLE.md, habit
// 11). Its headers are in /usr/include, a system directory, so their warnings never reach
// -Werror; g++ 12 compiles this file without a warning and no pragmas are needed.
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_processing/shape_predictor.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <exception>
#include <future>
#include <istream>
#include <streambuf>
#include <utility>

namespace fp::models {

namespace {

struct FaceLandmarkerText {
    Q_DECLARE_TR_FUNCTIONS(fp::models::FaceLandmarker)
};

constexpr int kPointCount = 68;
// Doubling a picture that many times is enough for faces of 10 px; more only costs memory.
constexpr int kMaxUpsample = 3;
// Upsampling stops before the doubled picture would exceed this many pixels (a 4K frame
// doubled once is 33 MP).
constexpr qint64 kMaxUpsampledPixels = 40'000'000;

// dlib::shape_predictor (Kazemi & Sullivan's cascade of regression forests) returns its points
// as full_object_detection, which rounds them to whole pixels, and takes its box as an integer
// dlib::rectangle. Landmark jitter measures sub-pixel motion, so this class holds the same model
// data and runs the same cascade as dlib 19.24's shape_predictor::operator()
// (dlib/image_processing/shape_predictor.h), with two differences: the box corners may be
// fractional, and the result is not rounded. For a whole-pixel box the feature pixels it reads,
// and therefore the tree leaves it visits, are exactly dlib's, and rounding its points gives
// dlib's points (checked against dlib::shape_predictor on four real faces, 1,176 boxes: equal
// but for a few exact .5 ties). It reads dlib's own serialisation of shape_predictor (format
// version 1).
// Thread-safety: operator() is const and uses only local scratch; share one freely.
class SubpixelShapePredictor {
public:
    // Throws dlib::serialization_error (or std::bad_alloc) for anything that is not a
    // well-formed 68-point shape predictor.
    void deserialize(std::istream& in) {
        int version = 0;
        dlib::deserialize(version, in);
        if (version != 1)
            throw dlib::serialization_error("unexpected shape_predictor format version " +
                                            std::to_string(version));
        dlib::deserialize(m_initialShape, in);
        dlib::deserialize(m_forests, in);
        dlib::deserialize(m_anchorIdx, in);
        dlib::deserialize(m_deltas, in);
        validate();
    }

    // The points in pixel-index coordinates (dlib's: pixel i's centre is at i). `topLeft` and
    // `bottomRight` are the centres of the box's corner pixels, as in dlib::rectangle.
    template <typename Image>
    std::array<dlib::dpoint, kPointCount> operator()(const Image& image,
                                                     const dlib::dpoint& topLeft,
                                                     const dlib::dpoint& bottomRight) const {
        const dlib::point_transform_affine toImage = unnormalizingTransform(topLeft, bottomRight);
        const dlib::rectangle area = dlib::get_rect(image);
        const dlib::const_image_view<Image> view(image);
        dlib::matrix<float, 0, 1> shape = m_initialShape;
        std::vector<float> featurePixels;
        for (std::size_t level = 0; level < m_forests.size(); ++level) {
            // dlib::impl::extract_feature_pixel_values with our transform to the image.
            const dlib::matrix<float, 2, 2> toShape = dlib::matrix_cast<float>(
                dlib::impl::find_tform_between_shapes(m_initialShape, shape).get_m());
            const std::vector<unsigned long>& anchors = m_anchorIdx[level];
            const std::vector<dlib::vector<float, 2>>& deltas = m_deltas[level];
            featurePixels.resize(deltas.size());
            for (std::size_t i = 0; i < deltas.size(); ++i) {
                const dlib::point p =
                    toImage(toShape * deltas[i] + dlib::impl::location(shape, anchors[i]));
                featurePixels[i] =
                    area.contains(p) ? dlib::get_pixel_intensity(view[p.y()][p.x()]) : 0;
            }
            // Adding a tree's leaf (136 floats) to the shape is most of the time: a plain loop
            // over raw pointers lets the compiler use vector instructions (dlib's matrix
            // expression does not).
            unsigned long leaf = 0;
            float* const sum = &shape(0);
            const long size = shape.size();
            for (const dlib::impl::regression_tree& tree : m_forests[level]) {
                const float* const add = &tree(featurePixels, leaf)(0);
                for (long k = 0; k < size; ++k)
                    sum[k] += add[k];
            }
        }
        std::array<dlib::dpoint, kPointCount> points;
        for (int i = 0; i < kPointCount; ++i)
            points[static_cast<std::size_t>(i)] =
                toImage(dlib::impl::location(shape, static_cast<unsigned long>(i)));
        return points;
    }

private:
    // dlib::impl::unnormalizing_tform for a box with fractional corners: (0,0) -> top left,
    // (1,1) -> bottom right. Built the same way (float corners, find_affine_transform), so a
    // whole-pixel box gives dlib's transform bit for bit.
    static dlib::point_transform_affine unnormalizingTransform(const dlib::dpoint& tl,
                                                               const dlib::dpoint& br) {
        const std::vector<dlib::vector<float, 2>> from = {dlib::vector<float, 2>(0, 0),
                                                          dlib::vector<float, 2>(1, 0),
                                                          dlib::vector<float, 2>(1, 1)};
        const std::vector<dlib::vector<float, 2>> to = {
            dlib::vector<float, 2>(static_cast<float>(tl.x()), static_cast<float>(tl.y())),
            dlib::vector<float, 2>(static_cast<float>(br.x()), static_cast<float>(tl.y())),
            dlib::vector<float, 2>(static_cast<float>(br.x()), static_cast<float>(br.y()))};
        return dlib::find_affine_transform(from, to);
    }

    // The cascade indexes shapes, feature pixels and leaves without bounds checks: a file
    // with the right hash but the wrong layout (a custom model) must fail here, not there.
    void validate() const {
        const auto fail = [](const std::string& what) {
            throw dlib::serialization_error("not a 68-point shape predictor: " + what);
        };
        if (m_initialShape.size() != 2 * kPointCount)
            fail("it has " + std::to_string(m_initialShape.size() / 2) + " points");
        if (m_forests.empty() || m_anchorIdx.size() != m_forests.size() ||
            m_deltas.size() != m_forests.size())
            fail("inconsistent cascade levels");
        for (std::size_t level = 0; level < m_forests.size(); ++level) {
            const std::size_t features = m_deltas[level].size();
            if (m_anchorIdx[level].size() != features)
                fail("inconsistent feature pixels");
            for (unsigned long anchor : m_anchorIdx[level])
                if (anchor >= static_cast<unsigned long>(kPointCount))
                    fail("a feature pixel anchored to a missing point");
            for (const dlib::impl::regression_tree& tree : m_forests[level]) {
                if (tree.leaf_values.size() != tree.splits.size() + 1)
                    fail("a regression tree with the wrong number of leaves");
                for (const dlib::impl::split_feature& split : tree.splits)
                    if (split.idx1 >= features || split.idx2 >= features)
                        fail("a split on a missing feature pixel");
                for (const dlib::matrix<float, 0, 1>& leaf : tree.leaf_values)
                    if (leaf.size() != 2 * kPointCount)
                        fail("a leaf of the wrong size");
            }
        }
    }

    dlib::matrix<float, 0, 1> m_initialShape;
    std::vector<std::vector<dlib::impl::regression_tree>> m_forests;
    std::vector<std::vector<unsigned long>> m_anchorIdx;
    std::vector<std::vector<dlib::vector<float, 2>>> m_deltas;
};

// A read-only std::streambuf over memory the caller keeps alive.
class MemoryBuffer : public std::streambuf {
public:
    explicit MemoryBuffer(const QByteArray& bytes) {
        char* begin = const_cast<char*>(bytes.constData()); // never written: get area only
        setg(begin, begin, begin + bytes.size());
    }
};

// Pixel-edge coordinates (the header's: pixel i spans [i, i+1)) from dlib's pixel-index ones
// (pixel i's centre is at i; a rectangle's right and bottom pixels are inside it).
QRectF boxFromDlib(double left, double top, double right, double bottom) {
    return QRectF(left, top, right - left + 1.0, bottom - top + 1.0);
}

} // namespace

struct FaceLandmarker::Impl {
    SubpixelShapePredictor predictor;
    // Never run (running it changes its scratch state); each FaceLandmarker copies it, which
    // dlib allows concurrently as long as nobody runs the original.
    dlib::frontal_face_detector detectorPrototype;
    QString sha256;
};

struct FaceLandmarker::Detector {
    dlib::frontal_face_detector detector;
};

FaceLandmarker::FaceLandmarker(std::shared_ptr<const Impl> impl)
    : m_impl(std::move(impl))
    , m_detector(std::make_unique<Detector>(Detector{m_impl->detectorPrototype})) {}

FaceLandmarker::~FaceLandmarker() = default;

Result<std::unique_ptr<FaceLandmarker>> FaceLandmarker::open(const QString& modelPath,
                                                             const QString& expectedSha256) {
    const QString path = modelPath.isEmpty() ? QString::fromLatin1(kShapePredictorPath) : modelPath;
    const QString expected = expectedSha256.isEmpty() ? QString::fromLatin1(kShapePredictorSha256)
                                                      : expectedSha256.trimmed().toLower();

    const QFileInfo info(path);
    if (!info.exists())
        return makeError(
            Error::Kind::NotFound,
            FaceLandmarkerText::tr("the 68-point face landmark model is missing: install Debian's "
                                   "libdlib-data (expected %1)")
                .arg(path));
    if (!info.isFile())
        return makeError(
            Error::Kind::NotReadable,
            FaceLandmarkerText::tr("the 68-point face landmark model %1 is not a regular file")
                .arg(path));

    // dlib's face detector unpacks itself from a compressed string (about 0.35 s): do that on
    // another thread while this one reads, verifies and parses the landmark model.
    std::future<dlib::frontal_face_detector> detector =
        std::async(std::launch::async, [] { return dlib::get_frontal_face_detector(); });

    // Verify before parsing: dlib's deserialisation trusts its input, and a different file
    // would silently be a different model.
    Result<QByteArray> bytes =
        readModelFile(path, FaceLandmarkerText::tr("the 68-point face landmark model"));
    if (!bytes)
        return bytes.error();
    const QString actual = sha256Hex(*bytes);
    if (actual != expected)
        return makeError(Error::Kind::Corrupt,
                         FaceLandmarkerText::tr(
                             "the 68-point face landmark model %1 is not the pinned file: its "
                             "SHA-256 is %2, expected %3 (reinstall Debian's libdlib-data)")
                             .arg(path, actual, expected));

    auto impl = std::make_shared<Impl>();
    impl->sha256 = actual;
    try {
        MemoryBuffer buffer(*bytes);
        std::istream in(&buffer);
        impl->predictor.deserialize(in);
        impl->detectorPrototype = detector.get();
    } catch (const std::bad_alloc&) {
        return makeError(Error::Kind::Corrupt,
                         FaceLandmarkerText::tr(
                             "the 68-point face landmark model %1 is not a dlib shape predictor "
                             "(it asks for more memory than there is)")
                             .arg(path));
    } catch (const std::exception& e) {
        return makeError(Error::Kind::Corrupt,
                         FaceLandmarkerText::tr(
                             "the 68-point face landmark model %1 is not a dlib shape predictor "
                             "(%2)")
                             .arg(path, QString::fromLocal8Bit(e.what()).trimmed()));
    }
    return std::unique_ptr<FaceLandmarker>(new FaceLandmarker(std::move(impl)));
}

std::unique_ptr<FaceLandmarker> FaceLandmarker::clone() const {
    return std::unique_ptr<FaceLandmarker>(new FaceLandmarker(m_impl));
}

QString FaceLandmarker::modelSha256() const {
    return m_impl->sha256;
}

std::vector<FaceDetection> FaceLandmarker::detect(const cv::Mat& image, int upsample) const {
    if (image.empty() || image.depth() != CV_8U || image.dims != 2)
        return {};
    cv::Mat picture = image;
    if (image.channels() == 4)
        cv::cvtColor(image, picture, cv::COLOR_BGRA2BGR);
    else if (image.channels() != 1 && image.channels() != 3)
        return {};

    upsample = std::clamp(upsample, 0, kMaxUpsample);
    while (upsample > 0 &&
           qint64(picture.cols) * picture.rows << (2 * upsample) > kMaxUpsampledPixels)
        --upsample;
    const double scale = double(1 << upsample);
    if (upsample > 0)
        // Bilinear with OpenCV's half-pixel alignment: pixel edges scale exactly by `scale`,
        // so boxes map back by dividing their edges.
        cv::resize(picture, picture, cv::Size(picture.cols << upsample, picture.rows << upsample),
                   0, 0, cv::INTER_LINEAR);

    std::vector<dlib::rect_detection> found;
    try {
        // HOG takes the strongest gradient over the colour channels, so BGR order is fine.
        if (picture.channels() == 1)
            m_detector->detector(dlib::cv_image<unsigned char>(picture), found);
        else
            m_detector->detector(dlib::cv_image<dlib::bgr_pixel>(picture), found);
    } catch (const std::exception& e) {
        qWarning("face detection failed: %s", e.what());
        return {};
    }

    std::vector<FaceDetection> faces;
    faces.reserve(found.size());
    for (const dlib::rect_detection& d : found) {
        const QRectF box = boxFromDlib(double(d.rect.left()), double(d.rect.top()),
                                       double(d.rect.right()), double(d.rect.bottom()));
        faces.push_back(
            {QRectF(box.x() / scale, box.y() / scale, box.width() / scale, box.height() / scale),
             d.detection_confidence});
    }
    std::stable_sort(
        faces.begin(), faces.end(),
        [](const FaceDetection& a, const FaceDetection& b) { return a.score > b.score; });
    return faces;
}

FaceShape FaceLandmarker::landmarks(const cv::Mat& image, const QRectF& box) const {
    FaceShape shape;
    shape.box = box;
    // Edge coordinates to the centres of the box's corner pixels (dlib's rectangle corners).
    const dlib::dpoint topLeft(box.left(), box.top());
    const dlib::dpoint bottomRight(box.right() - 1.0, box.bottom() - 1.0);

    std::array<dlib::dpoint, kPointCount> points;
    cv::Mat picture = image;
    if (!image.empty() && image.depth() == CV_8U && image.channels() == 4)
        cv::cvtColor(image, picture, cv::COLOR_BGRA2BGR);
    if (picture.empty() || picture.depth() != CV_8U || picture.dims != 2 ||
        (picture.channels() != 1 && picture.channels() != 3))
        // No pixels to read: the model's mean face placed in the box.
        points = m_impl->predictor(dlib::array2d<unsigned char>(), topLeft, bottomRight);
    else if (picture.channels() == 1)
        points = m_impl->predictor(dlib::cv_image<unsigned char>(picture), topLeft, bottomRight);
    else
        points = m_impl->predictor(dlib::cv_image<dlib::bgr_pixel>(picture), topLeft, bottomRight);

    for (std::size_t i = 0; i < points.size(); ++i)
        shape.points[i] = cv::Point2f(static_cast<float>(points[i].x() + 0.5),
                                      static_cast<float>(points[i].y() + 0.5));
    return shape;
}

} // namespace fp::models
