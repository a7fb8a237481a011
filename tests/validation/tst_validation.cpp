// core/validation and `frameproof validate`: the AUC equals the share of (generated, genuine)
// pairs ranked the right way, counted here pair by pair; the bootstrap interval holds it; an
// operating point never flags more genuine clips than its target allows; the labels file keeps
// quoted commas and skips a bad row with its line number; on a corpus of generated fixtures
// (blends and jitter against clean talking heads) the validate JSON's AUCs are those of its
// own clip scores, a missing clip and a corrupted row are reported and skipped, and a second
// run takes every clip from the cache and gives the same figures; the PDF names the corpus's
// fingerprint, draws a ROC per signal and lists what was left out. The calibration against
// genuine footage is two-sided and records what it was made from; its held-out AUC is the
// leave-one-out count done here; a calibration made with other parameters says so.

#include "core/analysis/AnalysisPipeline.h"
#include "core/analysis/Calibration.h"
#include "core/validation/LabelsFile.h"
#include "core/validation/Roc.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"

#include <QJsonArray>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <random>

using namespace fp;
using namespace fp::validation;

namespace {

// The AUC by its definition: over every (generated, genuine) pair, 1 when the generated clip
// scores higher, 1/2 on a tie.
double pairwiseAuc(const std::vector<double>& genuine, const std::vector<double>& generated) {
    double wins = 0.0;
    for (double g : generated)
        for (double n : genuine)
            wins += g > n ? 1.0 : g == n ? 0.5 : 0.0;
    return wins / double(genuine.size() * generated.size());
}

QJsonObject readJson(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object()
                                       : QJsonObject();
}

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

} // namespace

class TestValidation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aucCountsPairs() {
        std::mt19937 random(3);
        std::normal_distribution<double> genuineScores(0.0, 1.0);
        std::normal_distribution<double> generatedScores(0.8, 1.0);
        std::vector<double> genuine(57);
        std::vector<double> generated(23);
        for (double& v : genuine)
            v = std::round(genuineScores(random) * 4) / 4; // ties on purpose
        for (double& v : generated)
            v = std::round(generatedScores(random) * 4) / 4;
        const double expected = pairwiseAuc(genuine, generated);
        QVERIFY(std::abs(rocAuc(genuine, generated) - expected) < 1e-12);
        QVERIFY(expected > 0.6 && expected < 0.9);
        const AucInterval ci = bootstrapAucInterval(genuine, generated, 2000);
        QVERIFY2(ci.low <= expected && expected <= ci.high,
                 qPrintable(
                     QStringLiteral("%1 not in [%2, %3]").arg(expected).arg(ci.low).arg(ci.high)));
        QVERIFY(ci.high - ci.low > 0.05 && ci.high - ci.low < 0.5);
        QCOMPARE(ci.resamples, 2000);
        // The same seed, the same interval.
        const AucInterval again = bootstrapAucInterval(genuine, generated, 2000);
        QCOMPARE(again.low, ci.low);
        QCOMPARE(again.high, ci.high);

        QCOMPARE(rocAuc({1, 2, 3}, {4, 5}), 1.0);
        QCOMPARE(rocAuc({4, 5}, {1, 2, 3}), 0.0);
        QCOMPARE(rocAuc({1, 1}, {1}), 0.5);
        QVERIFY(std::isnan(rocAuc({}, {1.0})));
    }

    void rocRunsFromNothingToEverything() {
        const std::vector<RocPoint> roc = rocCurve({0.1, 0.2, 0.3, 0.4}, {0.35, 0.5});
        QCOMPARE(roc.front().falseAlarmRate, 0.0);
        QCOMPARE(roc.front().hitRate, 0.0);
        QCOMPARE(roc.back().falseAlarmRate, 1.0);
        QCOMPARE(roc.back().hitRate, 1.0);
        for (size_t i = 1; i < roc.size(); ++i) {
            QVERIFY(roc[i].falseAlarmRate >= roc[i - 1].falseAlarmRate);
            QVERIFY(roc[i].hitRate >= roc[i - 1].hitRate);
        }
    }

    void operatingPointsKeepTheirTarget() {
        // 20 genuine clips 1..20, generated 15.5, 18.5, 25, 30.
        std::vector<double> genuine;
        for (int i = 1; i <= 20; ++i)
            genuine.push_back(i);
        const std::vector<double> generated{15.5, 18.5, 25, 30};
        const auto points = operatingPoints(genuine, generated, {0.0, 0.05, 0.10, 0.25});
        QCOMPARE(points.size(), size_t(4));
        // 0 %: only above 20 -> 25 and 30 flagged.
        QCOMPARE(points[0].genuineFlagged, 0);
        QCOMPARE(points[0].generatedMissed, 2);
        // 5 % of 20 = 1 genuine clip: threshold 20 flags 20, 25, 30.
        QCOMPARE(points[1].genuineFlagged, 1);
        QCOMPARE(points[1].generatedMissed, 2);
        QCOMPARE(points[1].threshold, 20.0);
        // 10 %: two genuine (19, 20) and 18.5 is caught too.
        QCOMPARE(points[2].genuineFlagged, 2);
        QCOMPARE(points[2].generatedMissed, 1);
        QCOMPARE(points[2].missRate, 0.25);
        for (const OperatingPoint& p : points)
            QVERIFY(p.falseAlarmRate <= p.targetFalseAlarmRate + 1e-12);
        QVERIFY(operatingPoints({}, generated, {0.05}).empty());
    }

    void calibrationIsTwoSidedAgainstGenuine() {
        const std::vector<double> genuine{1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        QCOMPARE(genuineFraction(genuine, 0.0), 0.0);
        QCOMPARE(genuineFraction(genuine, 11.0), 1.0);
        QCOMPARE(genuineFraction(genuine, 5.0), 0.45); // 4 below, one tie
        // Outside genuine footage either way reads the same; the middle reads as typical.
        QCOMPARE(deviationFromGenuine(genuine, 0.0), 1.0);
        QCOMPARE(deviationFromGenuine(genuine, 99.0), 1.0);
        QVERIFY(deviationFromGenuine(genuine, 5.5) < 0.01);
        QVERIFY(std::isnan(deviationFromGenuine({}, 1.0)));

        Calibration c;
        c.toolVersion = QStringLiteral("0.1.0");
        c.parametersSha256 = QStringLiteral("aa11");
        c.labelsSha256 = QStringLiteral("bb22");
        c.genuineClips = {QStringLiteral("cc33")};
        c.genuineScores.insert(QStringLiteral("blink"), genuine);
        auto back = Calibration::fromJson(c.toJson());
        QVERIFY(back);
        QCOMPARE(back->genuineScores.value(QStringLiteral("blink")), genuine);
        QCOMPARE(back->calibratedScore(QStringLiteral("blink"), 0.0), 1.0);
        QVERIFY(std::isnan(back->calibratedScore(QStringLiteral("heatmap"), 0.0)));
        // A changed parameter is a visible mismatch, not a silently wrong score.
        QVERIFY(back->applicableTo(QStringLiteral("aa11")).isEmpty());
        QVERIFY(back->applicableTo(QStringLiteral("ff99")).contains(QStringLiteral("other")));
        QVERIFY(
            !Calibration::fromJson(QJsonObject{{QStringLiteral("schema"), QStringLiteral("x")}}));

        // In an analysis: applied with the parameters it was made with; a changed parameter
        // leaves no calibrated score and says why in the result's `calibration`.
        AnalysisOptions options;
        AnalysisResult result;
        SignalResult blink;
        blink.name = QStringLiteral("blink");
        blink.score = 12.0;
        blink.parameters = QJsonObject{{QStringLiteral("threshold_drop"), 0.05}};
        result.signals.push_back(blink);
        Calibration made = *back;
        made.parametersSha256 = analysisParametersSha256(options);
        made.signalParameters.insert(QStringLiteral("blink"),
                                     signalParametersSha256(blink.parameters));
        options.calibration = std::make_shared<const Calibration>(made);
        applyCalibration(options, result);
        QCOMPARE(result.calibration.value(QStringLiteral("status")).toString(),
                 QStringLiteral("applied"));
        QCOMPARE(result.signals[0].calibratedScore, deviationFromGenuine(genuine, 12.0));
        // One of the signal's own parameters changed: that signal is not calibrated, and why.
        result.signals[0].parameters = QJsonObject{{QStringLiteral("threshold_drop"), 0.06}};
        applyCalibration(options, result);
        QVERIFY(std::isnan(result.signals[0].calibratedScore));
        QVERIFY(result.calibration.value(QStringLiteral("signals_not_calibrated"))
                    .toObject()
                    .value(QStringLiteral("blink"))
                    .toString()
                    .contains(QStringLiteral("other parameters")));
        result.signals[0].parameters = blink.parameters;
        // An analysis-wide parameter changed: nothing is calibrated.
        options.tracker.detectEvery += 1;
        applyCalibration(options, result);
        QCOMPARE(result.calibration.value(QStringLiteral("status")).toString(),
                 QStringLiteral("not applied"));
        QVERIFY(result.calibration.value(QStringLiteral("reason"))
                    .toString()
                    .contains(QStringLiteral("other analysis parameters")));
        QVERIFY(std::isnan(result.signals[0].calibratedScore));
        // The one shipped with the program loads and applies to the default parameters.
        auto shipped = shippedCalibration();
        QVERIFY2(shipped, shipped ? "" : qPrintable(shipped.error().message));
        QVERIFY((*shipped)->applicableTo(analysisParametersSha256(AnalysisOptions{})).isEmpty());
        QVERIFY((*shipped)->genuineClips.size() >= 50);
    }

    void labelsFileKeepsConditionsAndSkipsBadRows() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("labels.csv"));
        writeFile(path, "path,label,family,note\r\n"
                        "a.mp4,genuine,,\"plain, with a comma\"\r\n"
                        "sub/b.mp4,Generated,wav2lip,\"says \"\"hi\"\"\"\r\n"
                        "c.mp4,perhaps,,\r\n"
                        "d.mp4,genuine\r\n"
                        "\r\n"
                        "\"e.mp4,genuine,,\r\n");
        auto labels = readLabelsFile(path);
        QVERIFY(labels);
        QCOMPARE(labels->clips.size(), size_t(2));
        QCOMPARE(labels->clips[0].path, dir.filePath(QStringLiteral("a.mp4")));
        QCOMPARE(labels->clips[0].generated, false);
        QCOMPARE(labels->clips[0].conditions.value(QStringLiteral("note")),
                 QStringLiteral("plain, with a comma"));
        QCOMPARE(labels->clips[1].generated, true);
        QCOMPARE(labels->clips[1].line, 3);
        QCOMPARE(labels->clips[1].conditions.value(QStringLiteral("family")),
                 QStringLiteral("wav2lip"));
        QCOMPARE(labels->clips[1].conditions.value(QStringLiteral("note")),
                 QStringLiteral("says \"hi\""));
        QCOMPARE(labels->skipped.size(), size_t(3));
        QCOMPARE(labels->skipped[0].line, 4);
        QVERIFY(labels->skipped[0].message.contains(QStringLiteral("perhaps")));
        QCOMPARE(labels->skipped[1].line, 5);
        QCOMPARE(labels->skipped[2].line, 7);
        QCOMPARE(labels->sha256.size(), 64);

        writeFile(path, "file,truth\na.mp4,genuine\n");
        auto refused = readLabelsFile(path);
        QVERIFY(!refused);
        QVERIFY(refused.error().message.contains(QStringLiteral("path and label")));
    }

    void validateMeasuresAndReusesItsCache() {
        const QString faces =
            QFileInfo(test::faceFixture(QStringLiteral("demo.mp4"))).absolutePath();
        for (const char* name : {"talking_head.mp4", "speech.mp4", "demo.mp4", "blended.mp4",
                                 "blended_strong.mp4", "jitter.mp4"})
            QVERIFY2(QFile::exists(test::faceFixture(QString::fromLatin1(name))), name);
        QTemporaryDir dir;
        const QString labels = dir.filePath(QStringLiteral("labels.csv"));
        writeFile(labels, "path,label,family\n"
                          "talking_head.mp4,genuine,\n"
                          "speech.mp4,genuine,\n"
                          "demo.mp4,genuine,\n"
                          "blended.mp4,generated,blend\n"
                          "blended_strong.mp4,generated,blend\n"
                          "jitter.mp4,generated,jitter\n"
                          "absent.mp4,genuine,\n"
                          "broken.mp4,genuine\n");
        const QStringList args{QStringLiteral("validate"), labels,
                               QStringLiteral("--root"),   faces,
                               QStringLiteral("--cache"),  dir.filePath(QStringLiteral("cache")),
                               QStringLiteral("--json"),   dir.filePath(QStringLiteral("v1.json")),
                               QStringLiteral("--jobs"),   QStringLiteral("2")};
        const test::FrameproofRun first = test::runFrameproof(args);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QVERIFY2(first.err.contains("line 9 skipped"), first.err.constData());
        QVERIFY2(first.err.contains("absent.mp4: skipped"), first.err.constData());
        QCOMPARE(first.err.count("analysed"), 6);
        QVERIFY(first.out.contains("landmark_jitter"));

        const QJsonObject v1 = readJson(dir.filePath(QStringLiteral("v1.json")));
        QCOMPARE(v1.value(QStringLiteral("schema")).toString(),
                 QStringLiteral("frameproof.validate/1"));
        const QJsonArray clips = v1.value(QStringLiteral("clips")).toArray();
        QCOMPARE(clips.size(), 7); // six scored, the absent one with its error
        const QJsonObject signalFigures = v1.value(QStringLiteral("signals")).toObject();
        QVERIFY(signalFigures.contains(QStringLiteral("landmark_jitter")));
        int checked = 0;
        for (auto it = signalFigures.begin(); it != signalFigures.end(); ++it) {
            std::vector<double> genuine;
            std::vector<double> generated;
            std::vector<double> blends; // the family "blend": blended.mp4, blended_strong.mp4
            for (const QJsonValue& c : clips) {
                const QJsonValue s =
                    c.toObject().value(QStringLiteral("scores")).toObject().value(it.key());
                if (!s.isDouble())
                    continue;
                (c.toObject().value(QStringLiteral("label")).toString() ==
                         QLatin1String("generated")
                     ? generated
                     : genuine)
                    .push_back(s.toDouble());
                if (c.toObject()
                        .value(QStringLiteral("path"))
                        .toString()
                        .startsWith(QLatin1String("blended")))
                    blends.push_back(s.toDouble());
            }
            const QJsonObject f = it.value().toObject();
            QCOMPARE(f.value(QStringLiteral("genuine")).toInt(), int(genuine.size()));
            QCOMPARE(f.value(QStringLiteral("generated")).toInt(), int(generated.size()));
            if (genuine.empty() || generated.empty()) {
                QVERIFY(f.value(QStringLiteral("auc")).isNull());
                continue;
            }
            const double auc = pairwiseAuc(genuine, generated);
            QVERIFY(std::abs(f.value(QStringLiteral("auc")).toDouble() - auc) < 1e-9);
            // Calibrated, held out: each genuine clip against the others.
            std::vector<double> heldGenuine;
            std::vector<double> heldGenerated;
            for (size_t i = 0; i < genuine.size(); ++i) {
                std::vector<double> others = genuine;
                others.erase(others.begin() + std::ptrdiff_t(i));
                std::sort(others.begin(), others.end());
                heldGenuine.push_back(deviationFromGenuine(others, genuine[i]));
            }
            std::vector<double> sortedGenuine = genuine;
            std::sort(sortedGenuine.begin(), sortedGenuine.end());
            for (double g : generated)
                heldGenerated.push_back(deviationFromGenuine(sortedGenuine, g));
            const QJsonObject calibrated = f.value(QStringLiteral("calibrated")).toObject();
            QVERIFY(std::abs(calibrated.value(QStringLiteral("auc")).toDouble() -
                             pairwiseAuc(heldGenuine, heldGenerated)) < 1e-9);
            const QJsonArray ci = f.value(QStringLiteral("auc_ci")).toArray();
            QVERIFY(ci.at(0).toDouble() <= auc + 1e-9 && auc <= ci.at(1).toDouble() + 1e-9);
            // A family only generated clips have is measured against every genuine clip.
            const QJsonObject blend = f.value(QStringLiteral("by_condition"))
                                          .toObject()
                                          .value(QStringLiteral("family"))
                                          .toObject()
                                          .value(QStringLiteral("blend"))
                                          .toObject();
            QCOMPARE(blend.value(QStringLiteral("genuine_from")).toString(),
                     QStringLiteral("all genuine clips"));
            QCOMPARE(blend.value(QStringLiteral("genuine")).toInt(), int(genuine.size()));
            QVERIFY(blend.value(QStringLiteral("auc")).isDouble());
            // Leave the family out: its calibrated AUC uses only genuine clips as reference.
            std::vector<double> heldBlends;
            for (double g : blends)
                heldBlends.push_back(deviationFromGenuine(sortedGenuine, g));
            QVERIFY(std::abs(blend.value(QStringLiteral("calibrated_auc")).toDouble() -
                             pairwiseAuc(heldGenuine, heldBlends)) < 1e-9);
            ++checked;
        }
        QVERIFY(checked >= 4);

        QStringList again = args;
        again[again.indexOf(dir.filePath(QStringLiteral("v1.json")))] =
            dir.filePath(QStringLiteral("v2.json"));
        const test::FrameproofRun second = test::runFrameproof(again);
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(second.err.count("analysed"), 0);
        QCOMPARE(second.err.count("from the cache"), 6);
        QJsonObject v2 = readJson(dir.filePath(QStringLiteral("v2.json")));
        QCOMPARE(v2.value(QStringLiteral("signals")), v1.value(QStringLiteral("signals")));

        // The PDF, from the cache: the corpus, the summary, a ROC figure per signal.
        const QString pdf = dir.filePath(QStringLiteral("validation.pdf"));
        QStringList withReport = args;
        const QString calibrationFile = dir.filePath(QStringLiteral("calibration.json"));
        withReport << QStringLiteral("--report") << pdf << QStringLiteral("--write-calibration")
                   << calibrationFile;
        const test::FrameproofRun third = test::runFrameproof(withReport);
        QVERIFY2(third.exitCode == 0, third.err.constData());
        QProcess text;
        text.start(QStringLiteral("pdftotext"),
                   {QStringLiteral("-layout"), pdf, QStringLiteral("-")});
        QVERIFY(text.waitForFinished(60000));
        const QString body = QString::fromUtf8(text.readAllStandardOutput());
        QVERIFY2(body.contains(QStringLiteral("How well each measurement tells generated")),
                 qPrintable(body.left(500)));
        QVERIFY(body.contains(v1.value(QStringLiteral("labels"))
                                  .toObject()
                                  .value(QStringLiteral("sha256"))
                                  .toString()));
        for (auto it = signalFigures.begin(); it != signalFigures.end(); ++it)
            QVERIFY2(body.contains(QStringLiteral("ROC of %1").arg(it.key())),
                     qPrintable(it.key()));
        QVERIFY(body.contains(QStringLiteral("absent.mp4")));
        QVERIFY(body.contains(QStringLiteral("line 9")));
        QVERIFY(body.contains(QStringLiteral("page 1 of")));

        // The calibration: the three genuine clips' scores, the corpus and the parameters.
        auto calibration = Calibration::fromJson(readJson(calibrationFile));
        QVERIFY2(calibration, calibration ? "" : qPrintable(calibration.error().message));
        QCOMPARE(calibration->genuineClips.size(), 3);
        QCOMPARE(calibration->parametersSha256,
                 v1.value(QStringLiteral("analysis_parameters_sha256")).toString());
        QCOMPARE(calibration->parametersSha256, analysisParametersSha256(AnalysisOptions{}));
        QCOMPARE(calibration->labelsSha256, v1.value(QStringLiteral("labels"))
                                                .toObject()
                                                .value(QStringLiteral("sha256"))
                                                .toString());
        QCOMPARE(calibration->genuineScores.value(QStringLiteral("landmark_jitter")).size(),
                 size_t(3));
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
