// The evidentiary report (core/report/ReportContent, widgets/ReportRenderer, ReportDialog and
// `frameproof analyze --report`), on the synthetic blend fixture, which has real findings:
// pdftotext of the PDF holds the evidence SHA-256, every finding's frame range, every method's
// reference and "page 1 of"; pdftoppm renders every page; two runs give the same sidecar apart
// from generated_at; a file changed after intake is stated loudly; a folder batch writes one
// report per clip and a summary row per file, errors included. Pagination, page by page
// (pdftotext -f N -l N): no page but the last holds fewer than kMinBodyLines lines of body text,
// and no page ends with a heading. The dialog exports on a worker: a cancelled export leaves no
// file, temporary or final. The window, the command line and the batch write the same sidecar
// for the same clip.

#include "core/analysis/HeatmapStill.h"
#include "core/case/CaseStore.h"
#include "core/evidence/EvidenceHasher.h"
#include "core/report/ReportContent.h"
#include "core/session/AnalyzeClip.h"
#include "core/session/ReportAssembly.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"
#include "widgets/ReportDialog.h"
#include "widgets/ReportRenderer.h"

#include <QApplication>
#include <QJsonArray>
#include <QPdfDocument>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace fp;

namespace {

QString pdfText(const QString& pdf, bool layout = true) {
    QProcess p;
    p.start(QStringLiteral("pdftotext"),
            layout ? QStringList{QStringLiteral("-layout"), pdf, QStringLiteral("-")}
                   : QStringList{pdf, QStringLiteral("-")});
    if (!p.waitForFinished(60000) || p.exitCode() != 0)
        return {};
    return QString::fromUtf8(p.readAllStandardOutput());
}

// Without whitespace and hyphens: a wrapped cell breaks lines anywhere, and pdftotext joins a
// line ending in a hyphen with the next without it ("audio-" + "visual" -> "audiovisual").
QString squeezed(QString text) {
    text.remove(QRegularExpression(QStringLiteral("[\\s-]+")));
    return text;
}

int pdfPages(const QString& pdf) {
    QProcess p;
    p.start(QStringLiteral("pdfinfo"), {pdf});
    p.waitForFinished(30000);
    const QString info = QString::fromUtf8(p.readAllStandardOutput());
    for (const QString& line : info.split(QLatin1Char('\n'))) {
        if (line.startsWith(QStringLiteral("Pages:")))
            return line.mid(6).trimmed().toInt();
    }
    return 0;
}

// Body lines of each page: pdftotext -layout of the page without its running header (the first
// line) and footer (the last), blank lines dropped.
QList<QStringList> pageBodies(const QString& pdf) {
    QList<QStringList> pages;
    const int count = pdfPages(pdf);
    for (int n = 1; n <= count; ++n) {
        QProcess p;
        p.start(QStringLiteral("pdftotext"),
                {QStringLiteral("-layout"), QStringLiteral("-f"), QString::number(n),
                 QStringLiteral("-l"), QString::number(n), pdf, QStringLiteral("-")});
        p.waitForFinished(60000);
        QStringList lines;
        for (const QString& line :
             QString::fromUtf8(p.readAllStandardOutput()).split(QLatin1Char('\n'))) {
            if (!line.trimmed().isEmpty())
                lines << line.trimmed();
        }
        if (lines.size() >= 2) {
            lines.removeFirst();
            lines.removeLast();
        }
        pages << lines;
    }
    return pages;
}

constexpr int kMinBodyLines = 3;

// Empty when the PDF keeps the pagination rules; else what is wrong, page by page.
QString paginationProblems(const QString& pdf, const QJsonObject& sidecar) {
    // The report's headings: "1  Evidence" ... "A  Audit log", "4.N  <method>", "5.1 ..."
    QStringList titles{QStringLiteral("Evidence"),
                       QStringLiteral("Custody and audit summary"),
                       QStringLiteral("Tools, libraries and models"),
                       QStringLiteral("Methods"),
                       QStringLiteral("Findings"),
                       QStringLiteral("Bookmarks and notes"),
                       QStringLiteral("Examiner's conclusion"),
                       QStringLiteral("Limitations"),
                       QStringLiteral("Audit log")};
    QStringList subtitles{QStringLiteral("Findings by frame range"), QStringLiteral("Figures")};
    for (const QJsonValue& m : sidecar.value(QStringLiteral("methods")).toArray())
        subtitles << m[QStringLiteral("title")].toString();
    const auto escaped = [](const QStringList& list) {
        QStringList out;
        for (const QString& t : list)
            out << QRegularExpression::escape(t);
        return out.join(QLatin1Char('|'));
    };
    const QRegularExpression heading(QStringLiteral("^([1-8]|A)\\s+(%1)$").arg(escaped(titles)));
    const QRegularExpression subheading(
        QStringLiteral(
            "^[45]\\.\\d+\\s+(%1)$|^(Contents|How to read this report|Examiner's notes)$")
            .arg(escaped(subtitles)));
    QStringList problems;
    const QList<QStringList> pages = pageBodies(pdf);
    if (pages.isEmpty())
        return QStringLiteral("no pages");
    for (int n = 0; n < pages.size(); ++n) {
        const QStringList& body = pages[n];
        if (n + 1 < pages.size() && body.size() < kMinBodyLines)
            problems << QStringLiteral("page %1 holds only %2 line(s): %3")
                            .arg(n + 1)
                            .arg(body.size())
                            .arg(body.join(QStringLiteral(" / ")));
        if (!body.isEmpty() &&
            (heading.match(body.last()).hasMatch() || subheading.match(body.last()).hasMatch()))
            problems << QStringLiteral("page %1 ends with the heading \"%2\"")
                            .arg(n + 1)
                            .arg(body.last());
    }
    return problems.join(QLatin1Char('\n'));
}

QJsonObject readJson(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}

QByteArray withoutGeneratedAt(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QByteArray out;
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (!line.trimmed().startsWith("\"generated_at\""))
            out += line + '\n';
    }
    return out;
}

QString sha256Of(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(&f);
    return QString::fromLatin1(h.result().toHex());
}

int runExe(const QStringList& args, QString* errors = nullptr) {
    const test::FrameproofRun run = test::runFrameproof(args);
    if (errors)
        *errors = QString::fromUtf8(run.err);
    return run.exitCode;
}

} // namespace

class TestReport : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        if (QStandardPaths::findExecutable(QStringLiteral("pdftotext")).isEmpty() ||
            QStandardPaths::findExecutable(QStringLiteral("pdftoppm")).isEmpty())
            QFAIL("poppler-utils (pdftotext, pdftoppm) is needed: installer/debian-packages.txt");
        QVERIFY2(QFile::exists(test::faceFixture(QStringLiteral("blended.mp4"))),
                 "face fixtures missing (the `face` CTest fixture makes them)");
    }

    void commandLineReportHasEverythingAndIsReproducible() {
        QTemporaryDir dir;
        const QString clip = test::faceFixture(QStringLiteral("blended.mp4"));
        const QString a = dir.filePath(QStringLiteral("a.pdf"));
        const QString b = dir.filePath(QStringLiteral("b.pdf"));
        QString errors;
        QCOMPARE(runExe({QStringLiteral("analyze"), clip, QStringLiteral("--report"), a,
                         QStringLiteral("--examiner"), QStringLiteral("Dr. Test Examiner")},
                        &errors),
                 0);
        QVERIFY2(QFile::exists(a), qPrintable(errors));
        QCOMPARE(runExe({QStringLiteral("analyze"), clip, QStringLiteral("--report"), b,
                         QStringLiteral("--examiner"), QStringLiteral("Dr. Test Examiner")}),
                 0);

        const QString sidecarA = dir.filePath(QStringLiteral("a.report.json"));
        const QString sidecarB = dir.filePath(QStringLiteral("b.report.json"));
        const QJsonObject report = readJson(sidecarA);
        QCOMPARE(report.value(QStringLiteral("schema")).toString(),
                 QStringLiteral("frameproof.report/1"));
        // Same input: byte-identical sidecars apart from generated_at.
        QVERIFY(!withoutGeneratedAt(sidecarA).isEmpty());
        QCOMPARE(withoutGeneratedAt(sidecarA), withoutGeneratedAt(sidecarB));

        const QString text = pdfText(a);
        QVERIFY2(!text.isEmpty(), "pdftotext failed");
        const QString flat = squeezed(pdfText(a, false));
        const QString sha = sha256Of(clip);
        QVERIFY2(text.contains(sha), "the evidence SHA-256 is not in the PDF");
        QVERIFY(text.contains(QStringLiteral("page 1 of"), Qt::CaseInsensitive));
        QVERIFY(text.contains(QStringLiteral("Dr. Test Examiner")));
        QVERIFY(text.contains(report.value(QStringLiteral("report_id")).toString()));
        QVERIFY(text.contains(QStringLiteral("Evidence integrity verified")));

        const QJsonArray findings =
            report.value(QStringLiteral("findings"))[QStringLiteral("list")].toArray();
        QVERIFY2(!findings.isEmpty(), "the blend fixture should give findings");
        for (const QJsonValue& f : findings) {
            const QString range = QStringLiteral("%1\u2013%2")
                                      .arg(f[QStringLiteral("start_frame")].toInteger())
                                      .arg(f[QStringLiteral("end_frame")].toInteger());
            QVERIFY2(text.contains(range),
                     qPrintable(QStringLiteral("finding %1 missing").arg(range)));
        }
        const QJsonArray methods = report.value(QStringLiteral("methods")).toArray();
        QVERIFY(methods.size() >= 6);
        for (const QJsonValue& m : methods) {
            const QString reference = squeezed(m[QStringLiteral("reference")].toString());
            if (reference.isEmpty())
                continue;
            QVERIFY2(flat.contains(reference),
                     qPrintable(QStringLiteral("reference missing: %1").arg(reference)));
        }

        // Every page renders.
        const int pages = pdfPages(a);
        QVERIFY(pages >= 6);
        const QString problems = paginationProblems(a, report);
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
        QVERIFY(text.contains(QStringLiteral("page %1 of %1").arg(pages), Qt::CaseInsensitive));
        QProcess ppm;
        ppm.start(QStringLiteral("pdftoppm"),
                  {QStringLiteral("-r"), QStringLiteral("40"), QStringLiteral("-png"), a,
                   dir.filePath(QStringLiteral("page"))});
        QVERIFY(ppm.waitForFinished(120000));
        QCOMPARE(ppm.exitCode(), 0);
        const QStringList rendered =
            QDir(dir.path()).entryList({QStringLiteral("page*.png")}, QDir::Files, QDir::Name);
        QCOMPARE(rendered.size(), pages);
        for (const QString& name : rendered) {
            QImage page(dir.filePath(name));
            QVERIFY(!page.isNull());
            // Not blank: some dark ink on every page (at least the header and footer).
            int dark = 0;
            const QImage grey = page.convertToFormat(QImage::Format_Grayscale8);
            for (int y = 0; y < grey.height(); ++y)
                for (int x = 0; x < grey.width(); ++x)
                    dark += grey.constScanLine(y)[x] < 128;
            QVERIFY2(dark > 50, qPrintable(name));
        }
        // Figures are vector: the only images are the heatmap stills.
        QProcess images;
        images.start(QStringLiteral("pdfimages"), {QStringLiteral("-list"), a});
        QVERIFY(images.waitForFinished(60000));
        const QStringList rows = QString::fromUtf8(images.readAllStandardOutput())
                                     .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        const int stills =
            report.value(QStringLiteral("findings"))[QStringLiteral("heatmap_stills")]
                .toArray()
                .size();
        QVERIFY(stills > 0);
        QCOMPARE(rows.size() - 2, stills); // two header lines
    }

    void changedEvidenceIsStatedLoudly() {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("evidence.mp4"));
        QVERIFY(QFile::copy(test::faceFixture(QStringLiteral("blended.mp4")), copy));
        auto intake = hashEvidenceFile(copy);
        QVERIFY(intake);
        auto facts = probeMediaFacts(copy);
        QVERIFY(facts);
        auto built = buildFrameIndex(copy);
        QVERIFY(built);
        auto index = std::make_shared<const FrameIndex>(std::move(built).value());
        auto output = runAnalysis(copy, index, AnalysisOptions{});
        QVERIFY(output);
        auto stills = renderHeatmapStills(copy, index, *output, 2);
        QVERIFY(stills);

        // The file changes after intake: one byte appended.
        {
            QFile f(copy);
            QVERIFY(f.open(QIODevice::Append));
            f.write("x");
        }
        auto atExport = hashEvidenceFile(copy);
        QVERIFY(atExport);
        QVERIFY(atExport->sha256 != intake->sha256);

        ReportInput in;
        in.analysis = &output.value();
        in.facts = &facts.value();
        in.index = index.get();
        in.intakeHashes = *intake;
        in.exportHashes = *atExport;
        in.tool = QJsonObject{{QStringLiteral("name"), QStringLiteral("Frameproof")},
                              {QStringLiteral("version"), QStringLiteral("test")}};
        in.options.caseNumber = QStringLiteral("2026-0042");
        in.options.heatmapStills = 2;
        in.options.conclusion = ConclusionScale::Moderate;
        in.generatedAt = QDateTime::currentDateTimeUtc();
        in.audit = runAuditLog(QStringLiteral("t"), *facts, *intake, {}, QStringLiteral("id"));
        const ReportContent content = buildReportContent(in);
        QVERIFY(!content.hashesMatch);
        QVERIFY(reportToJson(content)
                    .value(QStringLiteral("evidence"))[QStringLiteral("hashes_match")]
                    .isBool());
        QCOMPARE(reportToJson(content)
                     .value(QStringLiteral("evidence"))[QStringLiteral("hashes_match")]
                     .toBool(),
                 false);

        const QString pdf = dir.filePath(QStringLiteral("changed.pdf"));
        ReportFigureData figures{&output.value(), index, std::move(stills).value()};
        auto pages = ReportRenderer(content, figures).writePdf(pdf);
        QVERIFY2(pages, pages ? "" : qPrintable(pages.error().message));
        const QString text = pdfText(pdf);
        QVERIFY(text.contains(QStringLiteral("WARNING: THE EVIDENCE FILE HAS CHANGED")));
        QVERIFY(text.contains(QStringLiteral("THE EVIDENCE FILE CHANGED after intake")));
        QVERIFY(text.contains(atExport->sha256));
        QVERIFY(text.contains(intake->sha256));
        QVERIFY(text.contains(QStringLiteral("Case 2026-0042")));
        QVERIFY(!text.contains(QStringLiteral("Evidence integrity verified")));
        QCOMPARE(pdfPages(pdf), *pages);
        const QString problems = paginationProblems(pdf, reportToJson(content));
        QVERIFY2(problems.isEmpty(), qPrintable(problems));

        // The dialog: the same content with a live preview (Qt PDF).
        ReportDialogInput d;
        d.clipPath = copy;
        d.analysis = std::make_shared<const AnalysisOutput>(std::move(output).value());
        d.index = index;
        d.facts = std::make_shared<const MediaFacts>(*facts);
        d.report.intakeHashes = *intake;
        d.report.tool = in.tool;
        Bookmark mark;
        mark.firstFrame = 120;
        mark.lastFrame = 140;
        mark.status = BookmarkStatus::Warning;
        mark.note = QStringLiteral("mouth edge flickers");
        d.report.bookmarks = {mark};
        ReportDialog dialog(d);
        ReportOptions options;
        options.examiner = QStringLiteral("A. Examiner");
        options.lab = QStringLiteral("Test Forensic Lab");
        options.caseNumber = QStringLiteral("2026-0042");
        options.conclusion = ConclusionScale::Weak;
        dialog.setOptions(options);
        dialog.show();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.previewPageCount() > 0, 60000);
        QCOMPARE(dialog.options().conclusion, ConclusionScale::Weak);
        QCOMPARE(dialog.chosenBookmarks().size(), size_t(1));
        if (const QByteArray shots = qgetenv("FRAMEPROOF_SCREENSHOT_DIR"); !shots.isEmpty()) {
            QTest::qWait(3000); // Qt PDF renders pages on a thread of its own
            dialog.grab().save(
                QDir(QString::fromLocal8Bit(shots)).filePath(QStringLiteral("report_dialog.png")));
        }
        const QString exported = dir.filePath(QStringLiteral("dialog.pdf"));
        QSignalSpy finished(&dialog, &ReportDialog::exportFinished);
        QSignalSpy written(&dialog, &ReportDialog::exported);
        dialog.startExport(exported);
        QVERIFY(dialog.isExporting()); // hashing runs on a worker: startExport() returned at once
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        QVERIFY2(finished.at(0).at(0).toString().isEmpty(),
                 qPrintable(finished.at(0).at(0).toString()));
        QCOMPARE(finished.at(0).at(1).toBool(), false);
        QCOMPARE(written.size(), 1);
        QCOMPARE(written.at(0).at(0).toString(), exported);
        QVERIFY(!dialog.isExporting());
        const QString dialogText = pdfText(exported);
        QVERIFY(dialogText.contains(QStringLiteral("mouth edge flickers")));
        QVERIFY(dialogText.contains(QStringLiteral("weak support")));
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("dialog.report.json"))));
    }

    // The window's report (analysis through the front door, assembled by ReportAssembly,
    // exported by the dialog with nothing typed) has the same sidecar as `analyze --report`
    // and as the folder batch's, apart from generated_at.
    void windowCommandLineAndBatchWriteTheSameSidecar() {
        QTemporaryDir dir;
        const QString clip = test::faceFixture(QStringLiteral("talking_head.mp4"));
        QVERIFY(QFile::exists(clip));
        QString errors;
        const QString cli = dir.filePath(QStringLiteral("cli.pdf"));
        QCOMPARE(
            runExe({QStringLiteral("analyze"), clip, QStringLiteral("--report"), cli}, &errors), 0);
        QTemporaryDir in;
        QVERIFY(QFile::link(clip, in.filePath(QStringLiteral("talking_head.mp4"))));
        QCOMPARE(runExe({QStringLiteral("analyze"), in.path(), QStringLiteral("--report"),
                         dir.filePath(QStringLiteral("batch"))},
                        &errors),
                 0);

        ClipRequest request;
        request.clip = clip;
        auto analysed = analyzeClip(request);
        QVERIFY2(analysed, analysed ? "" : qPrintable(analysed.error().message));
        ReportSources sources;
        sources.analysis = analysed->output.get();
        sources.facts = &analysed->evidence.facts;
        sources.index = analysed->evidence.index.get();
        sources.intakeHashes = analysed->evidence.hashes;
        auto assembled = assembleReportInput(sources);
        QVERIFY(assembled);
        ReportDialog dialog(
            ReportDialogInput{clip, analysed->output, analysed->evidence.index,
                              std::make_shared<const MediaFacts>(analysed->evidence.facts),
                              std::move(assembled).value()});
        dialog.setOptions(ReportOptions{}); // nothing typed (the settings may remember a name)
        dialog.show();
        const QString window = dir.filePath(QStringLiteral("window.pdf"));
        QSignalSpy finished(&dialog, &ReportDialog::exportFinished);
        dialog.startExport(window);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 120000);
        QVERIFY2(finished.at(0).at(0).toString().isEmpty(),
                 qPrintable(finished.at(0).at(0).toString()));

        const QByteArray expected = withoutGeneratedAt(reportSidecarPath(cli));
        QVERIFY(expected.contains("\"schema\""));
        QCOMPARE(withoutGeneratedAt(reportSidecarPath(window)), expected);
        QCOMPARE(withoutGeneratedAt(dir.filePath(QStringLiteral("batch/talking_head.report.json"))),
                 expected);
    }

    // A case holding two clips: the second clip's report lists the audit entries about itself
    // and the case, says how many concern the other clip, and gives the whole chain's head.
    void caseReportListsItsOwnEvidence() {
        QTemporaryDir dir;
        const QString first = test::fixture(QStringLiteral("no_audio.mp4"));
        const QString second = test::faceFixture(QStringLiteral("talking_head.mp4"));
        const QString casePath = dir.filePath(QStringLiteral("two.fpcase"));
        for (const QString& clip : {first, second}) {
            QString errors;
            QCOMPARE(
                runExe({QStringLiteral("analyze"), clip, QStringLiteral("--case"), casePath,
                        QStringLiteral("--examiner"), QStringLiteral("E. Xaminer"),
                        QStringLiteral("--report"),
                        dir.filePath(QFileInfo(clip).completeBaseName() + QStringLiteral(".pdf"))},
                       &errors),
                0);
        }
        const QJsonObject custody =
            readJson(dir.filePath(QStringLiteral("talking_head.report.json")))
                .value(QStringLiteral("custody"))
                .toObject();
        const QJsonArray audit = custody.value(QStringLiteral("audit")).toArray();
        const int total = custody.value(QStringLiteral("entries_total")).toInt();
        const int omitted = custody.value(QStringLiteral("entries_about_other_evidence")).toInt();
        QVERIFY(omitted >= 3); // hashed, opened, analysed... of the first clip
        QCOMPARE(audit.size() + omitted, total);
        const QString otherSha = sha256Of(first);
        QStringList actions;
        for (const QJsonValue& v : audit) {
            const QJsonObject details = v.toObject().value(QStringLiteral("details")).toObject();
            QVERIFY(details.value(QStringLiteral("sha256")).toString() != otherSha);
            QVERIFY(details.value(QStringLiteral("evidence_id")).toInteger(2) == 2);
            // Analysis 1 is the first clip's: its `analysed` entry names no evidence itself.
            QVERIFY2(details.value(QStringLiteral("analysis_id")).toInteger(2) == 2,
                     qPrintable(v.toObject().value(QStringLiteral("action")).toString()));
            actions << v.toObject().value(QStringLiteral("action")).toString();
        }
        QVERIFY(actions.contains(QStringLiteral("case_created")));
        QVERIFY(actions.contains(QStringLiteral("analysed")));
        // The export itself is recorded once the files exist, after the entries the report
        // lists (tests/session/tst_analyze_clip checks a failed write records none).
        QVERIFY(!actions.contains(QStringLiteral("report_exported")));
        {
            auto store = CaseStore::open(casePath, QStringLiteral("E. Xaminer"));
            QVERIFY(store);
            auto log = (*store)->auditLog();
            QVERIFY(log && !log->empty());
            QCOMPARE(log->back().action, QStringLiteral("report_exported"));
            QCOMPARE(log->back().details.value(QStringLiteral("evidence_id")).toInteger(),
                     qint64(2));
            QCOMPARE(log->back().details.value(QStringLiteral("file_sha256")).toString(),
                     sha256Of(dir.filePath(QStringLiteral("talking_head.pdf"))));
        }
        QVERIFY(!custody.value(QStringLiteral("chain_head")).toString().isEmpty());
        const QString problems =
            paginationProblems(dir.filePath(QStringLiteral("talking_head.pdf")),
                               readJson(dir.filePath(QStringLiteral("talking_head.report.json"))));
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
        const QString text =
            squeezed(pdfText(dir.filePath(QStringLiteral("talking_head.pdf")), false));
        QVERIFY2(text.contains(squeezed(QStringLiteral(
                     "entries about the other evidence items of this case are not listed here"))),
                 qPrintable(text.left(400)));
    }

    void folderBatchWritesReportsAndSummary() {
        QTemporaryDir in;
        QTemporaryDir out;
        QVERIFY(QFile::copy(test::fixture(QStringLiteral("no_audio.mp4")),
                            in.filePath(QStringLiteral("clip_a.mp4"))));
        // A subfolder is searched too, and its clip of the same name does not collide.
        QVERIFY(QDir(in.path()).mkdir(QStringLiteral("sub")));
        QVERIFY(QFile::copy(test::fixture(QStringLiteral("no_audio.mp4")),
                            in.filePath(QStringLiteral("sub/clip_a.mp4"))));
        {
            QFile junk(in.filePath(QStringLiteral("not_a_video.mp4")));
            QVERIFY(junk.open(QIODevice::WriteOnly));
            junk.write("this is not a video file\n");
        }
        {
            // The examiner's notes beside the clips are skipped, not an error.
            QFile notes(in.filePath(QStringLiteral("notes.txt")));
            QVERIFY(notes.open(QIODevice::WriteOnly));
            notes.write("received from the desk on 12 May\n");
        }
        const QString reports = out.filePath(QStringLiteral("reports"));
        const QString json = out.filePath(QStringLiteral("json"));
        QString errors;
        const int status = runExe({QStringLiteral("analyze"), in.path(), QStringLiteral("--report"),
                                   reports, QStringLiteral("--json"), json},
                                  &errors);
        QCOMPARE(status, 2); // one file failed, and the batch said so
        QVERIFY(QFile::exists(QDir(reports).filePath(QStringLiteral("clip_a.pdf"))));
        QVERIFY(QFile::exists(QDir(reports).filePath(QStringLiteral("clip_a.report.json"))));
        QVERIFY(QFile::exists(QDir(json).filePath(QStringLiteral("clip_a.json"))));
        const QString problems = paginationProblems(
            QDir(reports).filePath(QStringLiteral("clip_a.pdf")),
            readJson(QDir(reports).filePath(QStringLiteral("clip_a.report.json"))));
        QVERIFY2(problems.isEmpty(), qPrintable(problems));
        QFile csv(QDir(reports).filePath(QStringLiteral("summary.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(csv.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 5);
        QVERIFY(lines[0].startsWith(QStringLiteral("file,sha256,frames,landmark_jitter_score")));
        QVERIFY(lines[0].contains(
            QStringLiteral("lipsync_offset_frames,lipsync_confidence,findings,report,error")));
        QVERIFY(lines[1].startsWith(QStringLiteral("clip_a.mp4,") +
                                    sha256Of(in.filePath(QStringLiteral("clip_a.mp4")))));
        QVERIFY(lines[1].contains(QStringLiteral("clip_a.pdf")));
        QVERIFY(lines[2].startsWith(QStringLiteral("not_a_video.mp4,")));
        QVERIFY(!lines[2].section(QLatin1Char(','), -1).isEmpty()); // the error
        QVERIFY(lines[3].startsWith(QStringLiteral("notes.txt,")));
        QVERIFY2(lines[3].endsWith(QStringLiteral("skipped: not a recording (.txt)")),
                 qPrintable(lines[3]));
        QVERIFY(!QFile::exists(QDir(reports).filePath(QStringLiteral("notes.pdf"))));
        QVERIFY(lines[4].startsWith(QStringLiteral("sub/clip_a.mp4,")));
        QVERIFY(lines[4].contains(QStringLiteral("sub_clip_a.pdf")));
        QVERIFY(QFile::exists(QDir(reports).filePath(QStringLiteral("sub_clip_a.pdf"))));
        QVERIFY(QFile::exists(QDir(json).filePath(QStringLiteral("sub_clip_a.json"))));
    }
    // Export from the dialog hashes a large evidence file on a worker with progress; Cancel (or
    // the dialog's Close) stops it and nothing is written, not even a temporary file; a cancel
    // right after the start is as clean. The GUI thread keeps turning meanwhile.
    void cancelledExportLeavesNoFile() {
        QTemporaryDir dir;
        const QString clip = test::faceFixture(QStringLiteral("blended.mp4"));
        auto intake = hashEvidenceFile(clip);
        QVERIFY(intake);
        auto facts = probeMediaFacts(clip);
        QVERIFY(facts);
        auto built = buildFrameIndex(clip);
        QVERIFY(built);
        auto index = std::make_shared<const FrameIndex>(std::move(built).value());
        auto output = runAnalysis(clip, index, AnalysisOptions{});
        QVERIFY(output);
        // The "evidence" the dialog hashes at export: 1 GiB, sparse, so it costs no disk but a
        // few seconds of hashing.
        const QString big = dir.filePath(QStringLiteral("evidence.bin"));
        {
            QFile f(big);
            QVERIFY(f.open(QIODevice::WriteOnly));
            QVERIFY(f.resize(qint64(1) << 30));
        }
        ReportDialogInput d;
        d.clipPath = big;
        d.analysis = std::make_shared<const AnalysisOutput>(std::move(output).value());
        d.index = index;
        d.facts = std::make_shared<const MediaFacts>(*facts);
        d.report.intakeHashes = *intake;
        d.report.tool = QJsonObject{{QStringLiteral("name"), QStringLiteral("Frameproof")},
                                    {QStringLiteral("version"), QStringLiteral("test")}};
        ReportDialog dialog(d);
        dialog.show();
        const QString pdf = dir.filePath(QStringLiteral("cancelled.pdf"));
        QSignalSpy finished(&dialog, &ReportDialog::exportFinished);
        QSignalSpy written(&dialog, &ReportDialog::exported);

        // Cancelled mid-hash, from the Cancel button.
        dialog.startExport(pdf);
        QVERIFY(dialog.isExporting());
        auto* bar = dialog.findChild<QProgressBar*>();
        QVERIFY(bar);
        QVERIFY(bar->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, 60000); // progress arrives, the loop turns
        QVERIFY(finished.isEmpty());
        if (const QByteArray shots = qgetenv("FRAMEPROOF_SCREENSHOT_DIR"); !shots.isEmpty())
            dialog.grab().save(QDir(QString::fromLocal8Bit(shots))
                                   .filePath(QStringLiteral("report_dialog_exporting.png")));
        QPushButton* cancel = nullptr;
        for (QPushButton* b : dialog.findChildren<QPushButton*>())
            if (b->text().contains(QStringLiteral("Cancel")) && b->isVisible())
                cancel = b;
        QVERIFY(cancel);
        QTest::mouseClick(cancel, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 60000);
        QCOMPARE(finished.at(0).at(1).toBool(), true); // cancelled
        QVERIFY(!dialog.isExporting());
        QVERIFY(!bar->isVisible());

        // Cancelled at once.
        dialog.startExport(pdf);
        dialog.cancelExport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 2, 60000);
        QCOMPARE(finished.at(1).at(1).toBool(), true);

        // Close while exporting cancels the export and keeps the dialog open.
        dialog.startExport(pdf);
        dialog.reject();
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 3, 60000);
        QCOMPARE(finished.at(2).at(1).toBool(), true);
        QVERIFY(dialog.isVisible());

        QCOMPARE(written.size(), 0);
        QVERIFY(!QFile::exists(pdf));
        QVERIFY(!QFile::exists(reportSidecarPath(pdf)));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{QStringLiteral("evidence.bin")});

        // Refused: the report may not replace the evidence.
        dialog.startExport(big);
        QCOMPARE(finished.size(), 4);
        QVERIFY(!finished.at(3).at(0).toString().isEmpty());
        QCOMPARE(QFileInfo(big).size(), qint64(1) << 30);
    }
};

QTEST_MAIN(TestReport)
#include "tst_report.moc"
