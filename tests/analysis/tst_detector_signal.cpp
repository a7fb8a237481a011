// Learned detectors inside the analysis (issue 6): a tiny TorchScript model built here (a fixed
// "bright skin" filter, no downloaded weights) installed in a models folder runs on every face
// of the synthetic talking head, gives signals.detector.NAME with one value per frame, and its
// Grad-CAM lands on the face in the Detector map; a model whose file does not hash to its card
// is refused with a clear reason and never run; and `frameproof analyze` picks up a model from
// the user's models folder.

#include "core/analysis/AnalysisJson.h"
#include "core/analysis/AnalysisPipeline.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

// The test builds its model with LibTorch (tests/ may; core, widgets and app may not).
#include <ATen/ATen.h>
#include <torch/csrc/jit/api/module.h>

#include <cmath>

using namespace fp;
using namespace fp::test;

namespace {

constexpr int kSide = 48;

// One 3x3 filter: mean brightness - 0.45 through a ReLU; log-odds = 6 x its mean - 1.
torch::jit::Module brightModel() {
    torch::jit::Module module("bright");
    module.register_parameter("weight", at::full({1, 3, 3, 3}, 1.0 / 27.0, at::kFloat), false);
    module.register_parameter("bias", at::tensor({-0.45f}), false);
    module.define(R"JIT(
def forward(self, x):
    features = torch.relu(torch.conv2d(x, self.weight, self.bias, [1, 1], [1, 1]))
    logit = 6.0 * features.mean([2, 3]) - 1.0
    return (logit, features)
)JIT");
    return module;
}

QString sha256Of(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromLatin1(
        QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
}

// Saves the model as NAME.pt in `folder` with its card; `hash` empty: the real SHA-256.
bool install(const QString& folder, const QString& name, QString hash = {}) {
    if (!QDir().mkpath(folder))
        return false;
    const QString model = QDir(folder).filePath(name + QStringLiteral(".pt"));
    brightModel().save(model.toStdString());
    if (hash.isEmpty())
        hash = sha256Of(model);
    const QJsonObject card{
        {QStringLiteral("format"), QStringLiteral("frameproof.model-card/1")},
        {QStringLiteral("name"), name},
        {QStringLiteral("version"), QStringLiteral("1")},
        {QStringLiteral("input"), QJsonObject{{QStringLiteral("size"), QJsonArray{3, kSide, kSide}},
                                              {QStringLiteral("mean"), QJsonArray{0, 0, 0}},
                                              {QStringLiteral("std"), QJsonArray{1, 1, 1}}}},
        {QStringLiteral("face_alignment"), QStringLiteral("Frameproof's five-point alignment")},
        {QStringLiteral("output"),
         QJsonObject{{QStringLiteral("meaning"), QStringLiteral("logit of bright skin")},
                     {QStringLiteral("activation"), QStringLiteral("sigmoid")}}},
        {QStringLiteral("training_data"), QStringLiteral("none: fixed weights")},
        {QStringLiteral("reported_auc"), QJsonValue()},
        {QStringLiteral("licence"), QStringLiteral("MIT")},
        {QStringLiteral("sha256"), hash},
    };
    QFile file(QDir(folder).filePath(name + QStringLiteral(".card.json")));
    return file.open(QIODevice::WriteOnly) && file.write(QJsonDocument(card).toJson()) > 0;
}

} // namespace

class TestDetectorSignal : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

private Q_SLOTS:
    void runsOnEveryFaceAndMapsOntoIt() {
        const QString clip = faceFixture(QStringLiteral("talking_head.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("face fixtures missing");
        const QString folder = m_dir.filePath(QStringLiteral("models"));
        QVERIFY(install(folder, QStringLiteral("bright-skin")));
        QVERIFY(install(folder, QStringLiteral("tampered"), QString(64, QLatin1Char('0'))));

        AnalysisOptions options;
        options.runLipSync = false;
        options.detectorFolders = QStringList{folder};
        auto output = analyseClip(clip, options);
        QVERIFY2(output.ok(), qPrintable(output.ok() ? QString() : output.error().message));
        QCOMPARE(output->detectors.size(), size_t(2));

        const SignalResult* d = output->result.signal(QStringLiteral("detector.bright-skin"));
        QVERIFY(d);
        QVERIFY2(!d->abstained, qPrintable(d->reason));
        QCOMPARE(int64_t(d->perFrame.size()), output->result.frameCount);
        int valued = 0;
        for (double v : d->perFrame) {
            if (std::isnan(v))
                continue;
            QVERIFY(v > 0.0 && v < 1.0);
            ++valued;
        }
        // The talking head shows its face on every frame.
        QCOMPARE(int64_t(valued), output->result.frameCount);
        QVERIFY(d->score > 0.0 && d->score < 1.0);
        QCOMPARE(d->parameters.value(QStringLiteral("sha256")).toString(),
                 sha256Of(QDir(folder).filePath(QStringLiteral("bright-skin.pt"))));

        // Grad-CAM: on every mapped face-frame, most of the Detector map lies inside the face
        // box and its centre of mass near the box's (the aligned crop is centred on the inner
        // face, a little wider than the jaw), and it is not empty.
        int mapped = 0, centred = 0;
        double inside = 0, total = 0;
        for (const FaceMapFrame& e : output->maps.entries) {
            if (!(e.available & (1 << int(FaceMapKind::Detector))))
                continue;
            ++mapped;
            const FaceTrack* track = output->faces.primary();
            QVERIFY(track);
            QRectF box;
            for (const FaceObservation& o : track->observations) {
                if (o.frame == e.frame)
                    box = o.box;
            }
            double mass = 0;
            QPointF centroid(0, 0);
            for (int c = 0; c < kGridCells; ++c) {
                const double v = e.grids[size_t(FaceMapKind::Detector)][size_t(c)];
                const QPointF centre(
                    e.region.x() + (c % kGridSize + 0.5) * e.region.width() / kGridSize,
                    e.region.y() + (c / kGridSize + 0.5) * e.region.height() / kGridSize);
                total += v;
                mass += v;
                centroid += v * centre;
                if (box.contains(centre))
                    inside += v;
            }
            if (mass > 0) {
                centroid /= mass;
                const QPointF off = centroid - box.center();
                centred +=
                    std::abs(off.x()) < 0.2 * box.width() && std::abs(off.y()) < 0.2 * box.height()
                        ? 1
                        : 0;
            }
        }
        QCOMPARE(int64_t(mapped), output->result.frameCount);
        QVERIFY(total > 0);
        qInfo("Grad-CAM mass inside the face box: %.1f %%; centred on %d of %d face-frames",
              100.0 * inside / total, centred, mapped);
        QVERIFY(inside >= 0.75 * total);
        QVERIFY(centred >= mapped * 9 / 10);

        // The tampered model is refused and never run.
        const SignalResult* refused = output->result.signal(QStringLiteral("detector.tampered"));
        QVERIFY(refused);
        QVERIFY(refused->abstained);
        QVERIFY2(refused->reason.contains(QStringLiteral("SHA-256")), qPrintable(refused->reason));
        for (double v : refused->perFrame)
            QVERIFY(std::isnan(v));

        // JSON: signals.detector.NAME.
        const QJsonObject signals = signalsToJson(output->result);
        const QJsonObject detectors = signals.value(QStringLiteral("detector")).toObject();
        QVERIFY(detectors.contains(QStringLiteral("bright-skin")));
        QCOMPARE(detectors.value(QStringLiteral("bright-skin"))
                     .toObject()
                     .value(QStringLiteral("per_frame"))
                     .toArray()
                     .size(),
                 qsizetype(output->result.frameCount));
        QCOMPARE(detectors.value(QStringLiteral("tampered"))
                     .toObject()
                     .value(QStringLiteral("status"))
                     .toString(),
                 QStringLiteral("abstained"));
        QVERIFY(!signals.contains(QStringLiteral("detector.bright-skin")));
    }

    // Without models installed nothing is run and no detector signal appears.
    void noModelsNoSignal() {
        const QString clip = faceFixture(QStringLiteral("talking_head.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("face fixtures missing");
        AnalysisOptions options;
        options.runLipSync = false;
        options.detectorFolders = QStringList{m_dir.filePath(QStringLiteral("empty"))};
        auto output = analyseClip(clip, options);
        QVERIFY(output.ok());
        QVERIFY(output->detectors.empty());
        for (const SignalResult& s : output->result.signals)
            QVERIFY(!s.name.startsWith(QStringLiteral("detector.")));
    }

    // The command line finds a model in the user's models folder (XDG_DATA_HOME).
    void commandLinePicksUpUserModel() {
        const QString clip = faceFixture(QStringLiteral("talking_head.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("face fixtures missing");
        const QString data = m_dir.filePath(QStringLiteral("xdg"));
        QVERIFY(install(data + QStringLiteral("/Frameproof/Frameproof/models"),
                        QStringLiteral("bright-skin")));
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("XDG_DATA_HOME"), data);
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        process.setProcessEnvironment(env);
        const QString json = m_dir.filePath(QStringLiteral("out.json"));
        process.start(QStringLiteral(FRAMEPROOF_EXE),
                      {QStringLiteral("analyze"), clip, QStringLiteral("--json"), json});
        QVERIFY(process.waitForFinished(600000));
        QCOMPARE(process.exitCode(), 0);
        QFile file(json);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        const QJsonObject d = root.value(QStringLiteral("signals"))
                                  .toObject()
                                  .value(QStringLiteral("detector"))
                                  .toObject()
                                  .value(QStringLiteral("bright-skin"))
                                  .toObject();
        QCOMPARE(d.value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        QVERIFY(d.value(QStringLiteral("score")).toDouble() > 0.0);
    }
};

QTEST_GUILESS_MAIN(TestDetectorSignal)
#include "tst_detector_signal.moc"
