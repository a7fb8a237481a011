// The evidentiary report without a QApplication (widgets/ReportRenderer, ReportFigures and the
// shared painters): only a QGuiApplication exists (QT_QPA_PLATFORM=offscreen), a clip with a
// face and speech is analysed and its report rendered to PDF. pdftotext finds every figure's
// caption and the text drawn inside the figures (the timeline's lane labels, the plots' axis
// titles, the lip-sync legend); the only raster images are the heatmap stills; and afterwards
// there is still no QApplication and not one QWidget.

#include "core/analysis/HeatmapStill.h"
#include "core/report/ReportContent.h"
#include "core/session/AnalyzeClip.h"
#include "core/session/ReportAssembly.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"
#include "widgets/ReportRenderer.h"

#include <QApplication>
#include <QGuiApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace fp;

namespace {

QString run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    if (!p.waitForFinished(120000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

} // namespace

class TestReportHeadless : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty() ||
            QStandardPaths::findExecutable(QStringLiteral("pdfimages")).isEmpty())
            QFAIL("poppler-utils (pdftotext, pdfimages) is needed: installer/debian-packages.txt");
        if (!QFile::exists(test::faceFixture(QStringLiteral("talking_head.mp4"))))
            QSKIP("face fixtures missing (no astronaut portrait)");
        // A face and speech (made with espeak-ng) give every figure, the lip-sync one included.
        m_clip = test::faceFixture(QStringLiteral("speech_plus4.mp4"));
        if (!QFile::exists(m_clip)) {
            qWarning("speech_plus4.mp4 missing (no espeak-ng): no lip-sync figure to check");
            m_clip = test::faceFixture(QStringLiteral("talking_head.mp4"));
        }
    }

    void rendersWithoutQApplication() {
        QVERIFY(qobject_cast<QGuiApplication*>(QCoreApplication::instance()));
        QVERIFY(!qobject_cast<QApplication*>(QCoreApplication::instance()));

        // As `analyze --report` does it: the front door, the report assembly, the still frames.
        ClipRequest request;
        request.clip = m_clip;
        auto analysed = analyzeClip(request);
        QVERIFY2(analysed, analysed ? "" : qPrintable(analysed.error().message));
        const AnalysisOutput& output = *analysed->output;
        const std::shared_ptr<const FrameIndex> index = analysed->evidence.index;
        const EvidenceHashes* intake = &analysed->evidence.hashes;
        const bool lipSync = !output.lipsync.abstained;
        QVERIFY2(lipSync || !m_clip.contains(QStringLiteral("speech")),
                 qPrintable(output.lipsync.reason));
        auto stills = renderHeatmapStills(m_clip, index, output, 2);
        QVERIFY(stills);
        const size_t stillCount = stills->size();

        ReportSources sources;
        sources.analysis = &output;
        sources.facts = &analysed->evidence.facts;
        sources.index = index.get();
        sources.intakeHashes = *intake;
        auto in = assembleReportInput(sources);
        QVERIFY(in);
        in->exportHashes = *intake;
        ReportOptions options;
        options.heatmapStills = 2;
        completeReportInput(*in, options, QDateTime::currentDateTimeUtc());
        const ReportContent content = buildReportContent(*in);

        QTemporaryDir dir;
        const QString pdf = dir.filePath(QStringLiteral("headless.pdf"));
        ReportFigureData figures{analysed->output.get(), index, std::move(stills).value()};
        auto pages = ReportRenderer(content, figures).writePdf(pdf);
        QVERIFY2(pages, pages ? "" : qPrintable(pages.error().message));
        QVERIFY(*pages >= 6);

        // Still no QApplication, and the renderer made no widget along the way.
        QVERIFY(!qobject_cast<QApplication*>(QCoreApplication::instance()));
        QVERIFY(QApplication::allWidgets().isEmpty());

        const QString text = run(QStringLiteral("pdftotext"), {pdf, QStringLiteral("-")});
        QVERIFY2(!text.isEmpty(), "pdftotext failed");
        QVERIFY(text.contains(intake->sha256));
        QVERIFY(text.contains(QStringLiteral("page %1 of %1").arg(*pages)));
        QVERIFY(text.contains(
            QStringLiteral("Figure 1. Timeline overview of all %1 frames").arg(index->size())));
        QVERIFY(text.contains(QStringLiteral("Landmark jitter per frame")));
        QVERIFY(text.contains(QStringLiteral("Head-pose consistency per frame")));
        QVERIFY(text.contains(QStringLiteral("Blinks per frame")));
        QVERIFY(text.contains(QStringLiteral("Fused manipulation heatmap over the face region")));
        // Text inside the figures: vector text, drawn by the painters.
        for (const char* label : {"Type", "Bytes", "Marks", "Frame"})
            QVERIFY2(text.contains(QLatin1String(label)), label);
        if (lipSync) {
            QVERIFY(text.contains(QStringLiteral("Lip sync: top, each window's audio offset")));
            for (const char* label : {"Offset per window", "Audio and mouth", "Clip offset +4"})
                QVERIFY2(text.contains(QLatin1String(label)), label);
        }

        // Figures are vector: the only images are the heatmap stills.
        const QStringList images = run(QStringLiteral("pdfimages"), {QStringLiteral("-list"), pdf})
                                       .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(size_t(images.size() - 2), stillCount); // two header lines
        if (const QByteArray keep = qgetenv("FRAMEPROOF_REPORT_KEEP"); !keep.isEmpty())
            QFile::copy(pdf, QString::fromLocal8Bit(keep));
    }

private:
    QString m_clip;
};

int main(int argc, char** argv) {
    // A QGuiApplication, as `frameproof analyze --report` needs at most: fonts, no widgets.
    QGuiApplication app(argc, argv);
    TestReportHeadless test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_report_headless.moc"
