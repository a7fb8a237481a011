// TorchDetector, ModelCard and ModelRegistry with tiny TorchScript models built here, in C++
// (no downloaded weights): a fixed 3x3 convolution whose first filter responds to bright
// pixels and whose second responds to dark ones, pooled into one logit that rises with
// brightness and falls with darkness. Grad-CAM must then light up the bright square and
// nothing else; a card that does not fit its model, a model that breaks the (logits, feature
// map) contract and a file that does not hash to its card must all be clear errors.

#include "models/ModelRegistry.h"
#include "models/TorchDetector.h"
#include "tests/TestSupport.h"

#include <opencv2/imgproc.hpp>

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

// The test builds its models with LibTorch, so it includes it (tests/ may; core, widgets and
// app may not). Only what is needed: Module, define() and save().
#include <ATen/ATen.h>
#include <torch/csrc/jit/api/module.h>

#include <cmath>

using namespace fp;
using namespace fp::models;

namespace {

constexpr int kSide = 32;
// The bright square, in the top-left quadrant of a 32x32 crop.
const cv::Rect kSquare(6, 4, 8, 8);

// Two 3x3 filters over the three channels: mean brightness - 0.5 and 0.5 - mean brightness,
// each through a ReLU. `head` turns `features` [1,2,h,w] into what forward returns.
torch::jit::Module tinyModel(const std::string& name, const std::string& head,
                             bool withReadout = false) {
    torch::jit::Module module(name);
    at::Tensor weight = at::full({2, 3, 3, 3}, 1.0 / 27.0, at::kFloat);
    weight[1].mul_(-1.0);
    module.register_parameter("weight", weight, false);
    module.register_parameter("bias", at::tensor({-0.5f, 0.5f}), false);
    if (withReadout)
        // A dense readout over a 32x32 feature map: only that input size works.
        module.register_parameter("readout", at::full({1, 2 * kSide * kSide}, 0.01f), false);
    module.define(R"JIT(
def features(self, x):
    return torch.relu(torch.conv2d(x, self.weight, self.bias, [1, 1], [1, 1]))
)JIT");
    module.define("def forward(self, x):\n    features = self.features(x)\n" + head);
    return module;
}

// The detector the test is about: log-odds 8 * mean(bright) - 4 * mean(dark) - 0.5.
const std::string kSigmoidHead = R"JIT(
    pooled = features.mean([2, 3])
    logit = 8.0 * pooled[:, 0:1] - 4.0 * pooled[:, 1:2] - 0.5
    return (logit, features)
)JIT";

QString sha256OfFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

QJsonObject cardFor(const QString& modelPath, int side = kSide) {
    QJsonObject input{
        {QStringLiteral("size"), QJsonArray{3, side, side}},
        {QStringLiteral("channel_order"), QStringLiteral("RGB")},
        {QStringLiteral("range"), QJsonArray{0, 1}},
        {QStringLiteral("mean"), QJsonArray{0, 0, 0}},
        {QStringLiteral("std"), QJsonArray{1, 1, 1}},
    };
    return QJsonObject{
        {QStringLiteral("format"), QStringLiteral("frameproof.model-card/1")},
        {QStringLiteral("name"), QStringLiteral("tiny-bright-square")},
        {QStringLiteral("version"), QStringLiteral("1")},
        {QStringLiteral("input"), input},
        {QStringLiteral("face_alignment"), QStringLiteral("none (a synthetic test pattern)")},
        {QStringLiteral("output"),
         QJsonObject{{QStringLiteral("meaning"), QStringLiteral("logit of manipulated")},
                     {QStringLiteral("activation"), QStringLiteral("sigmoid")}}},
        {QStringLiteral("training_data"), QStringLiteral("none: fixed weights")},
        {QStringLiteral("reported_auc"),
         QJsonObject{{QStringLiteral("value"), 0.5},
                     {QStringLiteral("dataset"), QStringLiteral("none")}}},
        {QStringLiteral("licence"), QStringLiteral("MIT")},
        {QStringLiteral("sha256"), sha256OfFile(modelPath)},
    };
}

// The error message of a failed Result, for QVERIFY2 (which evaluates it even on success).
template <typename R>
const char* why(const R& result) {
    static QByteArray text;
    text = result.ok() ? QByteArray() : result.error().message.toLocal8Bit();
    return text.constData();
}

bool writeJson(const QString& path, const QJsonObject& object) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(object).toJson()) > 0;
}

// A dark crop (BGR), with the bright square if asked.
cv::Mat crop(bool withSquare, int side = kSide) {
    cv::Mat image(side, side, CV_8UC3, cv::Scalar(30, 30, 30));
    if (withSquare)
        image(kSquare).setTo(cv::Scalar(230, 230, 230));
    return image;
}

} // namespace

class TestTorchDetector : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // Saves `module` as NAME.pt and its card (with the real SHA-256, edited by `edit`) as
    // NAME.card.json.
    template <typename Edit>
    void install(const QString& name, torch::jit::Module module, Edit edit) {
        module.save(path(name + QStringLiteral(".pt")).toStdString());
        QJsonObject card = cardFor(path(name + QStringLiteral(".pt")));
        edit(card);
        QVERIFY(writeJson(path(name + QStringLiteral(".card.json")), card));
    }
    void install(const QString& name, torch::jit::Module module) {
        install(name, std::move(module), [](QJsonObject&) {});
    }

    Result<std::unique_ptr<TorchDetector>> open(const QString& name) const {
        return TorchDetector::open(path(name + QStringLiteral(".pt")),
                                   path(name + QStringLiteral(".card.json")));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        install(QStringLiteral("tiny"), tinyModel("TinyDetector", kSigmoidHead));
    }

    void scoresAndGradCam() {
        auto detector = open(QStringLiteral("tiny"));
        QVERIFY2(detector.ok(), why(detector));
        TorchDetector& d = **detector;
        QCOMPARE(d.card().name, QStringLiteral("tiny-bright-square"));
        QCOMPARE(d.modelSha256(), sha256OfFile(path(QStringLiteral("tiny.pt"))));

        const Result<DetectorOutput> plain = d.run(crop(false));
        const Result<DetectorOutput> square = d.run(crop(true));
        QVERIFY2(plain.ok(), why(plain));
        QVERIFY2(square.ok(), why(square));

        // The logit by hand: dark 30/255 everywhere gives 0.5 - 0.118 = 0.382 in the dark
        // channel, except at the border, where the zero padding darkens the 3x3 mean.
        // The square (1/16 of the crop) adds about 8 * 0.4 / 16 + 4 * 0.38 / 16 = 0.3 to the
        // log-odds.
        QVERIFY(square->score > plain->score);
        QVERIFY2(square->logOdds - plain->logOdds > 0.25 && square->logOdds - plain->logOdds < 0.35,
                 qPrintable(QString::number(square->logOdds - plain->logOdds)));
        QCOMPARE(square->score, 1.0 / (1.0 + std::exp(-square->logOdds)));
        QVERIFY(plain->logOdds < -1.5 && plain->logOdds > -2.5);

        // Grad-CAM: the map has the crop's size and range, peaks inside the square, and the
        // dark background (which lowers the log-odds) stays at zero.
        const cv::Mat& cam = square->gradCam;
        QCOMPARE(cam.type(), CV_32F);
        QCOMPARE(cam.cols, kSide);
        QCOMPARE(cam.rows, kSide);
        QCOMPARE(square->featureWidth, kSide);
        QVERIFY(square->gradCamPeak > 0.0);
        double low = 0, high = 0;
        cv::Point peak;
        cv::minMaxLoc(cam, &low, &high, nullptr, &peak);
        QVERIFY(low >= 0.0);
        QVERIFY(std::abs(high - 1.0) < 1e-6); // normalised by its peak
        QVERIFY2(kSquare.contains(peak),
                 qPrintable(QStringLiteral("peak at %1,%2").arg(peak.x).arg(peak.y)));
        QVERIFY(peak.x < kSide / 2 && peak.y < kSide / 2);
        // Everywhere more than 2 px (the filter's reach plus the upsampling) from the square.
        cv::Mat far(kSide, kSide, CV_8U, cv::Scalar(255));
        far(cv::Rect(kSquare.x - 2, kSquare.y - 2, kSquare.width + 4, kSquare.height + 4)).setTo(0);
        double farHigh = 0;
        cv::minMaxLoc(cam, nullptr, &farHigh, nullptr, nullptr, far);
        QCOMPARE(farHigh, 0.0);
        // Inside the square (1 px in from its edge) the map is near its peak.
        double insideLow = 0;
        cv::minMaxLoc(
            cam(cv::Rect(kSquare.x + 1, kSquare.y + 1, kSquare.width - 2, kSquare.height - 2)),
            &insideLow, nullptr);
        QVERIFY(insideLow > 0.9);

        // No bright pixels: nothing raises the log-odds, so the map is all zero.
        QCOMPARE(plain->gradCamPeak, 0.0);
        QCOMPARE(cv::countNonZero(plain->gradCam), 0);

        // The same crop gives the same answer (the JIT's profiling runs change nothing).
        const Result<DetectorOutput> again = d.run(crop(true));
        QVERIFY(again.ok());
        QCOMPARE(again->score, square->score);
        QCOMPARE(cv::norm(again->gradCam, square->gradCam, cv::NORM_INF), 0.0);
    }

    void softmaxOutput() {
        // Two logits (-l, l): log-odds of class 1 is 2l.
        install(QStringLiteral("softmax"), tinyModel("SoftmaxDetector", R"JIT(
    pooled = features.mean([2, 3])
    logit = 8.0 * pooled[:, 0:1] - 4.0 * pooled[:, 1:2] - 0.5
    return (torch.cat([-logit, logit], 1), features)
)JIT"),
                [](QJsonObject& card) {
                    card[QStringLiteral("output")] = QJsonObject{
                        {QStringLiteral("meaning"), QStringLiteral("[real, manipulated]")},
                        {QStringLiteral("activation"), QStringLiteral("softmax")},
                        {QStringLiteral("manipulated_index"), 1}};
                });
        auto sigmoid = open(QStringLiteral("tiny"));
        auto softmax = open(QStringLiteral("softmax"));
        QVERIFY2(softmax.ok(), why(softmax));
        const auto a = (*sigmoid)->run(crop(true));
        const auto b = (*softmax)->run(crop(true));
        QVERIFY(a.ok() && b.ok());
        QVERIFY(std::abs(b->logOdds - 2.0 * a->logOdds) < 1e-5);
        QVERIFY(cv::norm(a->gradCam, b->gradCam, cv::NORM_INF) < 1e-5);
    }

    void refusesAFileThatDoesNotMatchItsCard() {
        install(QStringLiteral("wronghash"), tinyModel("TinyDetector", kSigmoidHead),
                [](QJsonObject& card) {
                    card[QStringLiteral("sha256")] = QString(64, QLatin1Char('0'));
                });
        const auto detector = open(QStringLiteral("wronghash"));
        QVERIFY(!detector.ok());
        QCOMPARE(detector.error().kind, Error::Kind::Corrupt);
        QVERIFY2(detector.error().message.contains(QLatin1String("SHA-256")), why(detector));
        QVERIFY(detector.error().message.contains(QString(64, QLatin1Char('0'))));
    }

    void wrongInputSize() {
        // The model's dense readout needs 32x32; its card says 64x64.
        install(QStringLiteral("fixed64"),
                tinyModel("FixedSizeDetector", R"JIT(
    logit = (features.flatten(1) * self.readout).sum(1, keepdim=True)
    return (logit, features)
)JIT",
                          true),
                [](QJsonObject& card) {
                    card[QStringLiteral("input")] =
                        QJsonObject{{QStringLiteral("size"), QJsonArray{3, 64, 64}},
                                    {QStringLiteral("mean"), QJsonArray{0, 0, 0}},
                                    {QStringLiteral("std"), QJsonArray{1, 1, 1}}};
                });
        const auto detector = open(QStringLiteral("fixed64"));
        QVERIFY(!detector.ok());
        const QString message = detector.error().message;
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("does not fit its card")), qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("3x64x64")), qPrintable(message));
        QVERIFY2(!message.contains(QLatin1String("Exception raised from")), qPrintable(message));

        // A crop of another size than the card's is refused, not resized.
        auto tiny = open(QStringLiteral("tiny"));
        QVERIFY(tiny.ok());
        const auto result = (*tiny)->run(crop(true, 48));
        QVERIFY(!result.ok());
        QVERIFY2(result.error().message.contains(QLatin1String("48x48")), why(result));
        QVERIFY(result.error().message.contains(QLatin1String("32x32")));
        QVERIFY(!(*tiny)->run(cv::Mat()).ok());
        QVERIFY(!(*tiny)->run(cv::Mat(kSide, kSide, CV_32FC3, cv::Scalar(0.5))).ok());
    }

    void wrongOutputShape_data() {
        QTest::addColumn<QString>("head");
        QTest::addColumn<QString>("expected");
        QTest::newRow("single tensor") << QStringLiteral(R"JIT(
    return features.mean([1, 2, 3]).unsqueeze(1)
)JIT") << QStringLiteral("returned Tensor instead");
        QTest::newRow("feature map of rank 2") << QStringLiteral(R"JIT(
    pooled = features.mean([2, 3])
    return (pooled[:, 0:1], pooled)
)JIT") << QStringLiteral("feature map must be [1,C,h,w], but it is [1,2]");
        QTest::newRow("two logits for a sigmoid card") << QStringLiteral(R"JIT(
    pooled = features.mean([2, 3])
    return (pooled, features)
)JIT") << QStringLiteral("logits must be [1,1]");
        QTest::newRow("three outputs") << QStringLiteral(R"JIT(
    pooled = features.mean([2, 3])
    return (pooled[:, 0:1], features, features)
)JIT") << QStringLiteral("tuple of 3");
        QTest::newRow("detached feature map") << QStringLiteral(R"JIT(
    pooled = features.mean([2, 3])
    return (pooled[:, 0:1], features.detach())
)JIT") << QStringLiteral("feature map it returned is detached");
    }

    void wrongOutputShape() {
        QFETCH(QString, head);
        QFETCH(QString, expected);
        const QString name = QStringLiteral("bad_%1")
                                 .arg(QTest::currentDataTag())
                                 .replace(QLatin1Char(' '), QLatin1Char('_'));
        install(name, tinyModel("BadDetector", head.toStdString()));
        const auto detector = open(name);
        QVERIFY(!detector.ok());
        const QString message = detector.error().message;
        qInfo("%s", qPrintable(message));
        QVERIFY2(message.contains(QLatin1String("(logits, feature map)")), qPrintable(message));
        QVERIFY2(message.contains(expected), qPrintable(message));
    }

    void notAModel() {
        QFile junk(path(QStringLiteral("junk.pt")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("this is not a zip archive");
        junk.close();
        QVERIFY(writeJson(path(QStringLiteral("junk.card.json")),
                          cardFor(path(QStringLiteral("junk.pt")))));
        const auto detector = open(QStringLiteral("junk"));
        QVERIFY(!detector.ok());
        QVERIFY2(detector.error().message.contains(QLatin1String("not a TorchScript model")),
                 why(detector));
        QVERIFY(!TorchDetector::open(path(QStringLiteral("missing.pt")),
                                     path(QStringLiteral("tiny.card.json")))
                     .ok());
    }

    void cardErrorsNameTheField_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QJsonValue>("value"); // undefined: remove the field
        QTest::addColumn<QString>("expected");
        QTest::newRow("no licence")
            << QStringLiteral("licence") << QJsonValue(QJsonValue::Undefined)
            << QStringLiteral("\"licence\" is missing");
        QTest::newRow("no training data")
            << QStringLiteral("training_data") << QJsonValue(QStringLiteral(" "))
            << QStringLiteral("\"training_data\" must not be empty");
        QTest::newRow("no auc") << QStringLiteral("reported_auc")
                                << QJsonValue(QJsonValue::Undefined)
                                << QStringLiteral("\"reported_auc\" is missing");
        QTest::newRow("auc out of range")
            << QStringLiteral("reported_auc")
            << QJsonValue(QJsonObject{{QStringLiteral("value"), 1.5},
                                      {QStringLiteral("dataset"), QStringLiteral("x")}})
            << QStringLiteral("\"reported_auc.value\"");
        QTest::newRow("short hash") << QStringLiteral("sha256") << QJsonValue(QStringLiteral("ab"))
                                    << QStringLiteral("\"sha256\" must be");
        QTest::newRow("bad std") << QStringLiteral("input")
                                 << QJsonValue(
                                        QJsonObject{{QStringLiteral("size"), QJsonArray{3, 32, 32}},
                                                    {QStringLiteral("mean"), QJsonArray{0, 0, 0}},
                                                    {QStringLiteral("std"), QJsonArray{1, 1}}})
                                 << QStringLiteral("\"input.std\" must be an array of 3 numbers");
        QTest::newRow("bad activation")
            << QStringLiteral("output")
            << QJsonValue(QJsonObject{{QStringLiteral("meaning"), QStringLiteral("x")},
                                      {QStringLiteral("activation"), QStringLiteral("tanh")}})
            << QStringLiteral("\"output.activation\"");
    }

    void cardErrorsNameTheField() {
        QFETCH(QString, field);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expected);
        QJsonObject card = cardFor(path(QStringLiteral("tiny.pt")));
        if (value.isUndefined())
            card.remove(field);
        else
            card[field] = value;
        const Result<ModelCard> parsed =
            ModelCard::fromJson(QJsonDocument(card).toJson(), QStringLiteral("x.card.json"));
        QVERIFY(!parsed.ok());
        QVERIFY2(parsed.error().message.contains(expected), why(parsed));
        QVERIFY(parsed.error().message.contains(QLatin1String("x.card.json")));

        // A card without reported AUC must say so explicitly (null), and that is valid.
        QJsonObject noAuc = cardFor(path(QStringLiteral("tiny.pt")));
        noAuc[QStringLiteral("reported_auc")] = QJsonValue(QJsonValue::Null);
        const Result<ModelCard> valid =
            ModelCard::fromJson(QJsonDocument(noAuc).toJson(), QStringLiteral("y"));
        QVERIFY2(valid.ok(), why(valid));
        QVERIFY(!valid->reportedAuc.has_value());
    }

    void registryListsModelsWithProvenance() {
        QTemporaryDir user;
        QTemporaryDir system;
        QVERIFY(user.isValid() && system.isValid());
        const QString good = user.filePath(QStringLiteral("good.pt"));
        QVERIFY(QFile::copy(path(QStringLiteral("tiny.pt")), good));
        QVERIFY(writeJson(user.filePath(QStringLiteral("good.card.json")), cardFor(good)));
        // A copy with one byte changed, under the good card.
        QFile original(good);
        QVERIFY(original.open(QIODevice::ReadOnly));
        QByteArray bytes = original.readAll();
        bytes[bytes.size() / 2] = char(bytes[bytes.size() / 2] ^ 0x01);
        QFile tampered(system.filePath(QStringLiteral("tampered.pt")));
        QVERIFY(tampered.open(QIODevice::WriteOnly));
        tampered.write(bytes);
        tampered.close();
        QVERIFY(writeJson(system.filePath(QStringLiteral("tampered.card.json")), cardFor(good)));
        // A model without a card, a card without a model, and an invalid card.
        QVERIFY(QFile::copy(good, system.filePath(QStringLiteral("orphan.pt"))));
        QVERIFY(writeJson(system.filePath(QStringLiteral("lonely.card.json")), cardFor(good)));
        QJsonObject broken = cardFor(good);
        broken.remove(QStringLiteral("training_data"));
        QVERIFY(QFile::copy(good, system.filePath(QStringLiteral("broken.pt"))));
        QVERIFY(writeJson(system.filePath(QStringLiteral("broken.card.json")), broken));

        const std::vector<InstalledModel> models =
            ModelRegistry::scan({user.path(), system.path(), user.path() /* listed once */,
                                 m_dir.filePath(QStringLiteral("no-such-folder"))});
        QStringList seen;
        for (const InstalledModel& m : models)
            seen << QFileInfo(m.modelPath).completeBaseName() + QLatin1Char('=') +
                        statusName(m.status);
        QCOMPARE(seen,
                 (QStringList{QStringLiteral("good=ok"), QStringLiteral("broken=card_invalid"),
                              QStringLiteral("lonely=model_missing"),
                              QStringLiteral("orphan=card_invalid"),
                              QStringLiteral("tampered=hash_mismatch")}));

        const InstalledModel& ok = models[0];
        QVERIFY(ok.ok() && ok.problem.isEmpty());
        QCOMPARE(ok.sha256, sha256OfFile(good));
        const QJsonObject provenance = ok.toJson();
        QCOMPARE(provenance[QStringLiteral("status")].toString(), QStringLiteral("ok"));
        QCOMPARE(provenance[QStringLiteral("name")].toString(),
                 QStringLiteral("tiny-bright-square"));
        QCOMPARE(provenance[QStringLiteral("sha256")].toString(), sha256OfFile(good));
        QCOMPARE(
            provenance[QStringLiteral("card")].toObject()[QStringLiteral("licence")].toString(),
            QStringLiteral("MIT"));

        const InstalledModel& bad = models[4];
        QVERIFY(bad.problem.contains(QLatin1String("SHA-256")));
        QCOMPARE(bad.sha256,
                 QString::fromLatin1(
                     QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex()));
        QVERIFY(models[1].problem.contains(QLatin1String("training_data")));
        // The tampered file is refused by the detector too.
        const auto refused = TorchDetector::open(bad.modelPath, bad.cardPath);
        QVERIFY(!refused.ok());
        QVERIFY(refused.error().message.contains(QLatin1String("SHA-256")));

        QCOMPARE(ModelRegistry::defaultFolders(QStringLiteral("/home/u/.local/share/fp"),
                                               QStringLiteral("/usr/bin")),
                 (QStringList{QStringLiteral("/home/u/.local/share/fp/models"),
                              QStringLiteral("/usr/share/frameproof/models"),
                              QStringLiteral("/usr/bin/models")}));
    }
};

QTEST_GUILESS_MAIN(TestTorchDetector)
#include "tst_torch_detector.moc"
