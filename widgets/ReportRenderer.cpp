#include "widgets/ReportRenderer.h"

#include "core/util/TimeFormat.h"
#include "widgets/LipSyncPanel.h"
#include "widgets/ReportPageFlow.h"
#include "widgets/SignalPlot.h"
#include "widgets/Timeline.h"

#include <QBuffer>
#include <QCheckBox>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLayout>
#include <QLocale>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <functional>

namespace fp {

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("fp::ReportRenderer", text);
}

using namespace fp::report;

QString parametersText(const QJsonObject& o) {
    QStringList parts;
    for (auto it = o.begin(); it != o.end(); ++it) {
        QString v;
        if (it->isObject() || it->isArray()) {
            v = QString::fromUtf8(
                (it->isObject() ? QJsonDocument(it->toObject()) : QJsonDocument(it->toArray()))
                    .toJson(QJsonDocument::Compact));
        } else if (it->isDouble()) {
            v = QString::number(it->toDouble(), 'g', 6);
        } else if (it->isBool()) {
            v = it->toBool() ? QStringLiteral("true") : QStringLiteral("false");
        } else {
            v = it->toVariant().toString();
        }
        parts << QStringLiteral("%1 = %2").arg(it.key(), v);
    }
    return parts.isEmpty() ? tr("none") : parts.join(QStringLiteral("; "));
}

// One stream's facts as a line of "key value" pairs (empty and unknown values left out).
QString streamText(const QJsonObject& stream) {
    QStringList parts;
    QStringList tags;
    for (auto it = stream.begin(); it != stream.end(); ++it) {
        if (it.key() == QLatin1String("index"))
            continue;
        if (it.key() == QLatin1String("tags")) {
            const QJsonObject t = it->toObject();
            for (auto tag = t.begin(); tag != t.end(); ++tag)
                tags << QStringLiteral("%1=%2").arg(tag.key(), tag->toVariant().toString());
            continue;
        }
        QString v;
        if (it->isArray() || it->isObject())
            v = QString::fromUtf8(
                (it->isArray() ? QJsonDocument(it->toArray()) : QJsonDocument(it->toObject()))
                    .toJson(QJsonDocument::Compact));
        else if (it->isDouble())
            v = QString::number(it->toDouble(), 'g', 10);
        else
            v = it->toVariant().toString();
        if (v.isEmpty() || v == QLatin1String("[]") || v == QLatin1String("{}") ||
            v == QLatin1String("unknown"))
            continue;
        parts << QStringLiteral("%1 %2").arg(it.key().replace(QLatin1Char('_'), QLatin1Char(' ')),
                                             v);
    }
    if (!tags.isEmpty())
        parts << QStringLiteral("tags %1").arg(tags.join(QStringLiteral(", ")));
    return parts.join(QStringLiteral("; "));
}

// Compact JSON with a space after each separator, so a narrow table cell wraps between values
// rather than inside a key.
QString spacedJson(const QJsonObject& o) {
    const QString compact = QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
    QString out;
    out.reserve(compact.size() * 11 / 10);
    bool inString = false;
    for (qsizetype i = 0; i < compact.size(); ++i) {
        const QChar ch = compact[i];
        out += ch;
        if (inString && ch == QLatin1Char('\\') && i + 1 < compact.size())
            out += compact[++i]; // an escaped character, '"' included
        else if (ch == QLatin1Char('"'))
            inString = !inString;
        else if (!inString && (ch == QLatin1Char(',') || ch == QLatin1Char(':')))
            out += QLatin1Char(' ');
    }
    return out;
}

QString sizeText(int64_t bytes) {
    return QStringLiteral("%1 bytes (%2)")
        .arg(QLocale::c().toString(qlonglong(bytes)),
             QLocale::c().formattedDataSize(bytes, 1, QLocale::DataSizeSIFormat));
}

// Draws a widget (laid out at `logical` size) into `target`, scaled, as vector graphics.
void drawWidget(QPainter& p, QWidget& widget, const QSize& logical, const QRectF& target) {
    // Shown off screen so the chart lays out its axes and plot area as in the window.
    widget.setAttribute(Qt::WA_DontShowOnScreen);
    QFont plain = widget.font(); // no ligatures in text that may be searched (see font())
    plain.setStyleStrategy(QFont::PreferNoShaping);
    widget.setFont(plain);
    widget.resize(logical);
    widget.show();
    QCoreApplication::processEvents();
    widget.resize(logical);
    QCoreApplication::processEvents();
    p.save();
    p.translate(target.topLeft());
    p.scale(target.width() / logical.width(), target.height() / logical.height());
    widget.render(&p, QPoint(), QRegion(), QWidget::DrawChildren);
    p.restore();
    p.setPen(QPen(kRule, mm(0.2)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(target);
}

void paintReport(PageFlow& flow, const ReportContent& c, const ReportFigureData& fig) {
    QPainter& p = flow.painter();
    const AnalysisOutput& analysis = *fig.analysis;

    // ---- Cover -------------------------------------------------------------------------------
    flow.skip(mm(8));
    if (!c.options.lab.isEmpty())
        flow.text(c.options.lab.toUpper(), font(10, true), kMuted);
    flow.skip(mm(4));
    flow.text(tr("Forensic examination report"), font(11), kAccent);
    flow.skip(mm(1));
    flow.text(c.title, font(20, true), kInk);
    flow.skip(mm(8));
    flow.keyValues(
        {{tr("Report identifier"), c.reportId},
         {tr("Case number"),
          c.options.caseNumber.isEmpty() ? tr("not given") : c.options.caseNumber},
         {tr("Examiner"), c.options.examiner.isEmpty() ? tr("not given") : c.options.examiner},
         {tr("Laboratory"), c.options.lab.isEmpty() ? tr("not given") : c.options.lab},
         {tr("Date of report"),
          c.generatedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))},
         {tr("Evidence item"), c.fileName},
         {tr("SHA-256 at intake"), c.intakeHashes.sha256},
         {tr("SHA-256 at export"), c.exportHashes
                                       ? c.exportHashes->sha256
                                       : tr("could not be computed: %1").arg(c.exportHashError)}},
        {0, 6, 7}, mm(45));
    if (c.hashesMatch) {
        flow.notice(tr("Evidence integrity verified"),
                    tr("The evidence file was hashed again when this report was exported; its "
                       "SHA-256 and MD5 fingerprints equal those taken at intake, so the file "
                       "is unchanged since it was received."),
                    kOk, kOkFill);
    } else {
        flow.notice(
            tr("WARNING: THE EVIDENCE FILE HAS CHANGED OR COULD NOT BE VERIFIED"),
            c.exportHashes
                ? tr("The SHA-256 of the file at export (%1) differs from the SHA-256 at "
                     "intake (%2). The file on disk is not the file that was analysed. "
                     "Treat every finding in this report with that in mind.")
                      .arg(c.exportHashes->sha256, c.intakeHashes.sha256)
                : tr("The file could not be hashed again at export: %1.").arg(c.exportHashError),
            kAlarm, kAlarmFill);
    }
    flow.subheading(tr("Contents"));
    const ReportSections& sections = c.options.sections;
    QStringList contents{tr("1  Evidence")};
    if (sections.custody)
        contents << tr("2  Custody and audit summary");
    if (sections.tools)
        contents << tr("3  Tools, libraries and models");
    if (sections.methods)
        contents << tr("4  Methods");
    if (sections.findings || sections.figures)
        contents << tr("5  Findings");
    if (sections.bookmarks)
        contents << tr("6  Bookmarks and notes");
    if (sections.conclusion)
        contents << tr("7  Examiner's conclusion");
    contents << tr("8  Limitations");
    if (sections.auditAppendix)
        contents << tr("Appendix A  Audit log");
    flow.text(contents.join(QLatin1Char('\n')), font(9), kInk, mm(2));
    flow.skip(mm(2));
    // Page 1 is read by people who are not examiners: every technical word on it is explained.
    flow.subheading(tr("How to read this report"));
    const QStringList guide{
        tr("A hash (SHA-256, MD5) is a fingerprint computed from every byte of a file: "
           "changing even one byte changes it. The fingerprints taken when the file was "
           "received (intake) and again when this report was made (export) are compared to "
           "show that the file examined is the file received."),
        tr("Sections 1 to 6 state facts: what was received, what was done and what was "
           "measured. A finding is a stretch of frames where a measurement departs from the "
           "clip's own usual level; on its own it does not prove manipulation."),
        tr("Only section 7 gives the examiner's opinion: how strongly the findings support "
           "\"the faces were manipulated\" against \"they were not\", on a five-step scale "
           "from no support to very strong support, following the evaluative reporting "
           "guideline of ENFSI (the European Network of Forensic Science Institutes)."),
        tr("Frames are counted from 0 in the order they are shown. A timecode HH:MM:SS:FF is "
           "hours, minutes, seconds and the frame within that second."),
        tr("Prepared following the digital evidence guidelines SWGDE 23\u2011V\u2011001 and "
           "18\u2011Q\u2011002 (Scientific Working Group on Digital Evidence) and the standards "
           "ISO/IEC 27037 and 27042 (handling and analysing digital evidence).")};
    flow.list(guide, QStringList(guide.size(), QStringLiteral("\u2022")), font(8.5), {}, mm(1));

    // ---- 1 Evidence --------------------------------------------------------------------------
    flow.newPage();
    flow.heading(QStringLiteral("1"), tr("Evidence"));
    const QJsonObject& ev = c.evidence;
    const QJsonObject video = ev.value(QStringLiteral("video")).toObject();
    const QJsonValue audioValue = ev.value(QStringLiteral("audio"));
    std::vector<std::pair<QString, QString>> rows{
        {tr("File name"), c.fileName},
        {tr("Size"), sizeText(c.sizeBytes)},
        {tr("SHA-256 at intake"), c.intakeHashes.sha256},
        {tr("SHA-256 at export"), c.exportHashes ? c.exportHashes->sha256 : tr("not available")},
        {tr("MD5 at intake"), c.intakeHashes.md5},
        {tr("MD5 at export"), c.exportHashes ? c.exportHashes->md5 : tr("not available")},
        {tr("Hashes match"), c.hashesMatch ? tr("yes") : tr("NO")},
        {tr("Container"),
         QStringLiteral("%1 (%2)").arg(ev.value(QStringLiteral("format")).toString(),
                                       ev.value(QStringLiteral("format_long_name")).toString())},
        {tr("Duration"), formatSeconds(c.durationSeconds)},
        {tr("Video"),
         tr("%1, %2 x %3 px, %4 frames, %5 frames/s average, time base %6%7")
             .arg(video.value(QStringLiteral("codec")).toString())
             .arg(video.value(QStringLiteral("width")).toInt())
             .arg(video.value(QStringLiteral("height")).toInt())
             .arg(c.frameCount)
             .arg(video.value(QStringLiteral("avg_fps")).toDouble(), 0, 'f', 3)
             .arg(video.value(QStringLiteral("time_base")).toString(),
                  video.value(QStringLiteral("vfr")).toBool() ? tr(", variable frame rate")
                                                              : tr(", constant frame rate"))},
        {tr("Audio"), audioValue.isObject()
                          ? tr("%1, %2 Hz, %3 channel(s)")
                                .arg(audioValue[QStringLiteral("codec")].toString())
                                .arg(audioValue[QStringLiteral("sample_rate")].toInt())
                                .arg(audioValue[QStringLiteral("channels")].toInt())
                          : tr("none")},
    };
    for (const QJsonValue& s : ev.value(QStringLiteral("streams")).toArray())
        rows.emplace_back(tr("Stream %1").arg(s[QStringLiteral("index")].toInt()),
                          streamText(s.toObject()));
    const QJsonObject tags = ev.value(QStringLiteral("tags")).toObject();
    QStringList tagLines;
    for (auto it = tags.begin(); it != tags.end(); ++it)
        tagLines << QStringLiteral("%1: %2").arg(it.key(), it->toString());
    rows.emplace_back(tr("Container metadata"),
                      tagLines.isEmpty() ? tr("none") : tagLines.join(QLatin1Char('\n')));
    flow.keyValues(rows, {2, 3, 4, 5});
    if (!c.hashesMatch)
        flow.notice(tr("The evidence file changed after intake"), c.limitations.value(0), kAlarm,
                    kAlarmFill);

    // ---- 2 Custody ---------------------------------------------------------------------------
    if (c.options.sections.custody) {
        flow.heading(QStringLiteral("2"), tr("Custody and audit summary"));
        flow.paragraph(
            c.auditFromCase
                ? tr("The audit log comes from the case file %1. Each entry is chained "
                     "to the one before it by SHA-256, so a changed, inserted or removed "
                     "entry breaks every hash after it. The export of this report is "
                     "recorded in the case once the PDF and its JSON sidecar have been "
                     "written (report_exported, with the SHA-256 of both files), so it "
                     "follows the entries listed here.")
                      .arg(c.caseFile)
                : tr("No case file was given. The log below lists the actions of the "
                     "run that produced this report, in order; their time is the "
                     "report's date (%1).")
                      .arg(c.generatedAt.toString(Qt::ISODate)));
        QMap<QString, int> counts;
        for (const ReportAuditEntry& e : c.audit)
            counts[e.action] += 1;
        std::vector<std::pair<QString, QString>> custody{
            {tr("Entries"),
             c.auditOmitted > 0
                 ? tr("%1 about this evidence and the case itself, of %2 in the case (the "
                      "other %3 concern other evidence items)")
                       .arg(c.audit.size())
                       .arg(c.auditTotal)
                       .arg(c.auditOmitted)
                 : QString::number(c.audit.size())}};
        if (!c.audit.empty()) {
            custody.emplace_back(tr("First"), c.audit.front().timeUtc.isEmpty()
                                                  ? tr("this run")
                                                  : c.audit.front().timeUtc);
            custody.emplace_back(tr("Last"), c.audit.back().timeUtc.isEmpty()
                                                 ? tr("this run")
                                                 : c.audit.back().timeUtc);
            if (!c.auditChainHead.isEmpty())
                custody.emplace_back(tr("Last entry hash"), c.auditChainHead);
        }
        QStringList actionText;
        for (auto it = counts.begin(); it != counts.end(); ++it)
            actionText << QStringLiteral("%1 x %2").arg(it.key()).arg(it.value());
        custody.emplace_back(tr("Actions"), actionText.join(QStringLiteral(", ")));
        QSet<QString> examiners;
        for (const ReportAuditEntry& e : c.audit)
            if (!e.examiner.isEmpty())
                examiners.insert(e.examiner);
        QStringList ex(examiners.begin(), examiners.end());
        ex.sort();
        custody.emplace_back(tr("Examiners"),
                             ex.isEmpty() ? tr("not recorded") : ex.join(QStringLiteral(", ")));
        flow.keyValues(custody, {4});
        flow.paragraph(tr("The full log is in Appendix A."), kMuted, 8.2);
    }

    // ---- 3 Tools -----------------------------------------------------------------------------
    if (c.options.sections.tools) {
        flow.heading(QStringLiteral("3"), tr("Tools, libraries and models"));
        std::vector<std::pair<QString, QString>> tools{
            {tr("Tool"),
             QStringLiteral("%1 %2").arg(c.tool.value(QStringLiteral("name")).toString(),
                                         c.tool.value(QStringLiteral("version")).toString())}};
        const QJsonObject libs = c.tool.value(QStringLiteral("libraries")).toObject();
        for (auto it = libs.begin(); it != libs.end(); ++it)
            tools.emplace_back(it.key(), it->toString());
        flow.keyValues(tools);
        std::vector<QStringList> modelRows;
        for (const QJsonValue& m : c.models) {
            const QJsonObject o = m.toObject();
            modelRows.push_back({o.value(QStringLiteral("name")).toString(),
                                 o.value(QStringLiteral("role")).toString(),
                                 o.value(QStringLiteral("sha256")).toString()});
        }
        if (!modelRows.empty())
            flow.table({tr("Model"), tr("Role"), tr("SHA-256")}, {0.36, 0.14, 0.50}, modelRows, 8.0,
                       {2});
    }

    // ---- 4 Methods ---------------------------------------------------------------------------
    if (c.options.sections.methods) {
        flow.heading(QStringLiteral("4"), tr("Methods"));
        int n = 0;
        for (const ReportMethod& m : c.methods) {
            ++n;
            flow.subheading(QStringLiteral("4.%1  %2").arg(n).arg(m.title));
            flow.paragraph(m.description);
            std::vector<std::pair<QString, QString>> mrows{
                {tr("Reference"), m.reference.isEmpty() ? tr("none") : m.reference},
                {tr("Parameters"), parametersText(m.parameters)},
                {tr("Known limits"), m.limits.isEmpty() ? tr("not documented") : m.limits},
                {tr("Error rate"), m.errorRate},
                {tr("Result"), m.abstained ? tr("not measured: %1").arg(m.reason)
                                           : (std::isfinite(m.score) ? tr("clip score %1 %2. %3")
                                                                           .arg(m.score, 0, 'g', 3)
                                                                           .arg(m.unit, m.reason)
                                                                     : m.reason)}};
            flow.keyValues(mrows, {}, mm(30));
        }
    }

    // ---- 5 Findings --------------------------------------------------------------------------
    if (c.options.sections.findings || c.options.sections.figures) {
        flow.heading(QStringLiteral("5"), tr("Findings"));
        flow.paragraph(tr("What the methods measured, without interpretation. Each finding is a "
                          "frame range where a measurement departs from the clip's own usual "
                          "level."),
                       kMuted, 8.5);
        flow.list(c.summary, QStringList(c.summary.size(), QStringLiteral("\u2022")), font(9), {},
                  mm(0.8));
        flow.skip(mm(2));
    }
    if (c.options.sections.findings) {
        flow.subheading(tr("5.1  Findings by frame range"));
        if (c.findings.empty()) {
            flow.paragraph(tr("No method reported a finding."));
        } else {
            std::vector<QStringList> frows;
            int i = 0;
            for (const ReportFinding& f : c.findings) {
                frows.push_back({QString::number(++i), f.signalTitle,
                                 QStringLiteral("%1\u2013%2").arg(f.startFrame).arg(f.endFrame),
                                 QStringLiteral("%1\n%2").arg(f.startTimecode, f.endTimecode),
                                 f.severity, f.reason});
            }
            flow.table(
                {tr("#"), tr("Signal"), tr("Frames"), tr("Timecode"), tr("Severity"), tr("Reason")},
                {0.05, 0.15, 0.13, 0.15, 0.10, 0.42}, frows, 8.0);
        }
    }
    if (c.options.sections.figures) {
        flow.subheading(tr("5.2  Figures"));
        int figureNo = 0;
        const auto findingRanges = [&](const QString& signal) {
            std::vector<std::pair<qint64, qint64>> r;
            for (const ReportFinding& f : c.findings)
                if (f.signal == signal)
                    r.emplace_back(f.startFrame, f.endFrame);
            return r;
        };
        // Timeline overview
        {
            Timeline timeline;
            timeline.setPrintAppearance(true);
            timeline.setFrameIndex(fig.index);
            for (const SignalResult& s : analysis.result.signals) {
                if (s.name == QLatin1String("lipsync") || s.abstained)
                    continue;
                std::optional<TimelineTrack> t = signalTrack(s);
                if (!t)
                    continue;
                t->lowColor = QColor(0xf2, 0xf3, 0xf5); // the clip's usual level: paper
                t->highColor = QColor(0xc0, 0x28, 0x1e);
                timeline.setTrack(*t);
            }
            QVector<TimelineMark> marks;
            for (const ReportFinding& f : c.findings)
                marks << TimelineMark{f.startFrame, f.endFrame, QColor(230, 80, 60), f.reason};
            timeline.setBookmarks(marks);
            timeline.setPlayhead(-1);
            const QSize logical(820, timeline.sizeHint().height());
            const double h = flow.width() * logical.height() / logical.width();
            flow.figure(h,
                        tr("Figure %1. Timeline overview of all %2 frames: ruler, keyframes, "
                           "picture types, packet sizes, the findings (red, in the marks lane) and "
                           "one track per signal (brighter = further from the clip's usual level).")
                            .arg(++figureNo)
                            .arg(c.frameCount),
                        [&](const QRectF& r) { drawWidget(p, timeline, logical, r); });
        }
        struct PlotSpec {
            const char* signal;
            QColor colour;
        };
        // Darker inks than the workstation's, for white paper.
        for (const PlotSpec& spec : {PlotSpec{"landmark_jitter", QColor(0xd0, 0x55, 0x28)},
                                     PlotSpec{"head_pose", QColor(0x2a, 0x6c, 0xb8)},
                                     PlotSpec{"blink", QColor(0x2e, 0x8b, 0x4a)},
                                     PlotSpec{"heatmap", QColor(0xb0, 0x6a, 0x00)}}) {
            const SignalResult* s = analysis.result.signal(QLatin1String(spec.signal));
            if (!s)
                continue;
            SignalPlot plot;
            plot.setPrintAppearance(true);
            QString caption;
            if (s->abstained) { // nothing to draw: say so in a line instead of an empty plot
                flow.paragraph(tr("No figure for %1: not measured (%2).").arg(s->title, s->reason),
                               kMuted, 8.2);
                continue;
            }
            {
                plot.setSeries(s->title, s->unit, s->perFrame, spec.colour);
                plot.setMarkers(findingRanges(s->name), QColor(230, 80, 60),
                                QStringLiteral("findings"));
                if (s->name == QLatin1String("blink")) {
                    std::vector<std::pair<qint64, qint64>> blinks;
                    for (const QJsonValue& b : s->details.value(QStringLiteral("blinks")).toArray())
                        blinks.emplace_back(
                            b.toObject().value(QStringLiteral("start_frame")).toInteger(),
                            b.toObject().value(QStringLiteral("end_frame")).toInteger());
                    plot.setMarkers(blinks, QColor(120, 220, 140), QStringLiteral("blinks"));
                }
                QStringList ranges;
                for (auto [a, b] : findingRanges(s->name))
                    ranges << QStringLiteral("%1\u2013%2").arg(a).arg(b);
                caption = tr("Figure %1. %2 per frame (%3). Shaded red: findings%4.%5")
                              .arg(figureNo + 1)
                              .arg(s->title, s->unit,
                                   ranges.isEmpty()
                                       ? tr(" (none)")
                                       : tr(" at frames %1").arg(ranges.join(QStringLiteral(", "))),
                                   s->name == QLatin1String("blink")
                                       ? tr(" Shaded green: detected blinks.")
                                       : QString());
            }
            plot.setPlayhead(-1);
            ++figureNo;
            const QSize logical(760, 200);
            flow.figure(flow.width() * logical.height() / logical.width(), caption,
                        [&](const QRectF& r) { drawWidget(p, plot, logical, r); });
        }
        // Lip sync. It compares the mouth with the sound: without either there is nothing to
        // draw (an empty offset plot under "not judged" reads as a broken figure), so a line
        // says why instead, as for the other signals.
        const LipSyncResult& sync = analysis.lipsync;
        const auto anyValue = [](const std::vector<double>& v) {
            return std::any_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
        };
        if (sync.abstained && !(anyValue(sync.audioEnergy) && anyValue(sync.mouthOpening))) {
            flow.paragraph(tr("No figure for lip sync: not measured (%1). Lip sync compares the "
                              "movements of the mouth with the sound, so it needs both a "
                              "visible face and an audio track.")
                               .arg(sync.reason),
                           kMuted, 8.2);
        } else {
            LipSyncPanel panel;
            panel.setPrintAppearance(true);
            panel.setFrameIndex(fig.index);
            panel.setResult(sync);
            panel.setPlayhead(-1);
            panel.shiftCheckBox()->hide();
            panel.playWindowButton()->hide();
            const QSize logical(800, 300);
            const QString caption =
                sync.abstained
                    ? tr("Figure %1. Lip sync not measured (%2): no audio offset was found. "
                         "Shown for reference: the audio energy and the mouth opening per "
                         "frame, speech shaded.")
                          .arg(++figureNo)
                          .arg(sync.reason)
                    : tr("Figure %1. Lip sync: top, each window's audio offset in frames (more "
                         "opaque = more confident; dashed: the clip offset of %2 frames, %3 ms, "
                         "confidence %4); bottom, audio energy and mouth opening with speech "
                         "shaded. A positive offset means the sound comes after the lips move.")
                          .arg(++figureNo)
                          .arg(sync.offsetFrames)
                          .arg(sync.offsetMs, 0, 'f', 0)
                          .arg(sync.confidence, 0, 'f', 2);
            flow.figure(flow.width() * logical.height() / logical.width(), caption,
                        [&](const QRectF& r) { drawWidget(p, panel, logical, r); });
        }
        // Heatmap stills, two per row.
        if (!fig.stills.empty()) {
            const double gap = mm(4);
            const double cellW = (flow.width() - gap) / 2;
            for (size_t i = 0; i < fig.stills.size(); i += 2) {
                double h = 0;
                for (size_t k = i; k < std::min(i + 2, fig.stills.size()); ++k) {
                    const QImage& img = fig.stills[k].image;
                    if (!img.isNull())
                        h = std::max(h, cellW * img.height() / std::max(1, img.width()));
                }
                QStringList captions;
                for (size_t k = i; k < std::min(i + 2, fig.stills.size()); ++k) {
                    const HeatmapStill& s = fig.stills[k];
                    captions << tr("%1: frame %2, timecode %3 (%4), heatmap score %5")
                                    .arg(k == i ? tr("left") : tr("right"))
                                    .arg(s.frame)
                                    .arg(formatTimecode(s.frame, c.nominalFrameRate),
                                         formatSeconds(fig.index->secondsAt(s.frame)))
                                    .arg(s.score, 0, 'f', 2);
                }
                const QString caption =
                    tr("Figure %1. Fused manipulation heatmap over the face region (inferno "
                       "colours; clear = the clip's usual level, brighter = further from it), "
                       "top frames by heatmap score. %2.")
                        .arg(++figureNo)
                        .arg(captions.join(QStringLiteral("; ")));
                flow.figure(h, caption, [&](const QRectF& r) {
                    for (size_t k = i; k < std::min(i + 2, fig.stills.size()); ++k) {
                        const QImage& img = fig.stills[k].image;
                        const double ih = cellW * img.height() / std::max(1, img.width());
                        const QRectF target(r.left() + (k - i) * (cellW + gap), r.top(), cellW, ih);
                        p.drawImage(target, img);
                        p.setPen(QPen(kRule, mm(0.2)));
                        p.drawRect(target);
                        // Frame label burnt into the figure's corner (vector text).
                        const QString label =
                            tr("frame %1  %2")
                                .arg(fig.stills[k].frame)
                                .arg(formatTimecode(fig.stills[k].frame, c.nominalFrameRate));
                        const QFont lf = font(7.5, true, kMono);
                        const QRectF box(target.left() + mm(1), target.top() + mm(1), mm(40),
                                         mm(4.2));
                        p.fillRect(box, QColor(0, 0, 0));
                        flow.textAt(label, lf, Qt::white, box.topLeft() + QPointF(mm(1), mm(0.5)),
                                    box.width() - mm(2));
                    }
                });
            }
        }
    }

    // ---- 6 Bookmarks and notes ---------------------------------------------------------------
    if (c.options.sections.bookmarks) {
        flow.heading(QStringLiteral("6"), tr("Bookmarks and notes"));
        if (c.bookmarks.empty()) {
            flow.paragraph(tr("No bookmarks were included."), kMuted);
        } else {
            std::vector<QStringList> brows;
            for (const ReportBookmark& b : c.bookmarks)
                brows.push_back(
                    {b.firstFrame == b.lastFrame
                         ? QString::number(b.firstFrame)
                         : QStringLiteral("%1\u2013%2").arg(b.firstFrame).arg(b.lastFrame),
                     b.firstFrame == b.lastFrame
                         ? b.firstTimecode
                         : QStringLiteral("%1\n%2").arg(b.firstTimecode, b.lastTimecode),
                     b.statusText, b.note});
            flow.table({tr("Frames"), tr("Timecode"), tr("Status"), tr("Note")},
                       {0.15, 0.17, 0.13, 0.55}, brows, 8.2);
        }
        if (!c.notes.isEmpty()) {
            flow.subheading(tr("Examiner's notes"));
            for (const QString& n : c.notes)
                flow.paragraph(n);
        }
    }

    // ---- 7 Conclusion ------------------------------------------------------------------------
    if (c.options.sections.conclusion) {
        const QString propositions =
            c.options.proposition.isEmpty()
                ? tr("Propositions considered. H1: the faces in the evidence clip were manipulated "
                     "(face swap, re-enactment, lip-sync dubbing or a synthesised talking head). "
                     "H2: the faces were recorded as they appear, apart from ordinary encoding.")
                : c.options.proposition;
        // The verbal scale, the examiner's choice marked, and the sentence that reads it.
        const QString opinion =
            c.options.conclusion == ConclusionScale::NotGiven
                ? tr("The examiner has not given a conclusion.")
                : tr("In the examiner's opinion, the findings give %1 for H1 against H2.")
                      .arg(conclusionScaleText(c.options.conclusion));
        const double opinionHeight = flow.measure(opinion, font(10), flow.width());
        // The propositions, the scale and the opinion read as one: they start a page together
        // (the heading, held back, goes with them).
        flow.heading(QStringLiteral("7"), tr("Examiner's conclusion"));
        flow.ensure(flow.measure(propositions, font(9), flow.width()) + mm(2) + mm(14) +
                    opinionHeight);
        flow.paragraph(propositions);
        const auto& scales = conclusionScales();
        const double cellW = flow.width() / double(scales.size() - 1);
        flow.ensure(mm(14) + opinionHeight);
        const double y0 = flow.y();
        for (size_t i = 1; i < scales.size(); ++i) {
            const QRectF cell(flow.left() + (i - 1) * cellW, y0, cellW - mm(1), mm(11));
            const bool chosen = scales[i] == c.options.conclusion;
            p.setPen(QPen(chosen ? kAccent : kRule, chosen ? mm(0.6) : mm(0.25)));
            p.setBrush(chosen ? kAccent : QColor(Qt::white));
            p.drawRect(cell);
            p.setBrush(Qt::NoBrush);
            flow.textAt(conclusionScaleText(scales[i]), font(8.2, chosen),
                        chosen ? Qt::white : kMuted, cell.topLeft() + QPointF(mm(1), mm(3.3)),
                        cell.width() - mm(2), Qt::AlignHCenter);
        }
        flow.skip(mm(14));
        flow.paragraph(opinion, kInk, 10);
        if (!c.options.conclusionText.isEmpty())
            flow.paragraph(c.options.conclusionText);
        flow.ensure(mm(25)); // the signature lines and their labels, together
        flow.skip(mm(10));
        p.setPen(QPen(kInk, mm(0.25)));
        p.drawLine(QPointF(flow.left(), flow.y() + mm(8)),
                   QPointF(flow.left() + mm(70), flow.y() + mm(8)));
        p.drawLine(QPointF(flow.left() + mm(90), flow.y() + mm(8)),
                   QPointF(flow.left() + mm(140), flow.y() + mm(8)));
        flow.skip(mm(9));
        flow.textAt(tr("Signature: %1").arg(c.options.examiner), font(8), kMuted,
                    QPointF(flow.left(), flow.y()), mm(70));
        flow.textAt(tr("Date"), font(8), kMuted, QPointF(flow.left() + mm(90), flow.y()), mm(50));
        flow.skip(mm(6));
    }

    // ---- 8 Limitations -----------------------------------------------------------------------
    flow.heading(QStringLiteral("8"), tr("Limitations"));
    {
        QStringList numbers;
        std::vector<QColor> inks;
        for (int i = 0; i < c.limitations.size(); ++i) {
            numbers << QStringLiteral("%1.").arg(i + 1);
            inks.push_back(i == 0 && !c.hashesMatch ? kAlarm : kInk); // the changed file
        }
        flow.list(c.limitations, numbers, font(9), inks, mm(1.5));
    }

    // ---- Appendix A --------------------------------------------------------------------------
    if (c.options.sections.auditAppendix) {
        // On a page of its own, unless that would leave the last page of the report proper
        // nearly empty (a few limitation lines).
        if (flow.filled() > 0.5)
            flow.newPage();
        flow.heading(QStringLiteral("A"), tr("Audit log"));
        if (c.auditOmitted > 0)
            flow.paragraph(tr("The %1 entries about the other evidence items of this case are "
                              "not listed here; the case file holds them all, and `frameproof "
                              "verify %2` checks the whole chain, up to the last entry hash "
                              "given in section 2.")
                               .arg(c.auditOmitted)
                               .arg(QFileInfo(c.caseFile).fileName()));
        std::vector<QStringList> arows;
        for (const ReportAuditEntry& e : c.audit) {
            QString details = spacedJson(e.details);
            if (!e.entryHash.isEmpty())
                details += QStringLiteral("\nentry hash %1").arg(e.entryHash);
            arows.push_back({QString::number(e.sequence),
                             e.timeUtc.isEmpty() ? tr("this run") : e.timeUtc, e.examiner, e.action,
                             details});
        }
        flow.table({tr("#"), tr("Time (UTC)"), tr("Examiner"), tr("Action"), tr("Details")},
                   {0.04, 0.20, 0.12, 0.16, 0.48}, arows, 7.4, {4});
    }
}

// The offscreen platform warns once per shown widget that it cannot propagate size hints; that
// says nothing about the report, so it is kept out of the command line's stderr.
QtMessageHandler g_previousHandler = nullptr;
void quietHandler(QtMsgType type, const QMessageLogContext& context, const QString& message) {
    if (message.contains(QLatin1String("does not support propagateSizeHints")))
        return;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

Result<int> paintTo(QIODevice* device, const ReportContent& content, const ReportFigureData& fig,
                    int total) {
    QPdfWriter writer(device);
    writer.setPdfVersion(QPagedPaintDevice::PdfVersion_A1b);
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));
    writer.setTitle(QStringLiteral("%1 (%2)").arg(content.title, content.reportId));
    writer.setCreator(QStringLiteral("Frameproof %1")
                          .arg(content.tool.value(QStringLiteral("version")).toString()));
    QPainter painter;
    if (!painter.begin(&writer))
        return makeError(Error::Kind::Internal, tr("cannot start the PDF"));
    painter.setRenderHint(QPainter::Antialiasing);
    PageFlow flow(writer, painter, content, total);
    paintReport(flow, content, fig);
    flow.finish();
    const int pages = flow.page();
    painter.end();
    return pages;
}

} // namespace

ReportRenderer::ReportRenderer(const ReportContent& content, const ReportFigureData& figures)
    : m_content(content)
    , m_figures(figures) {}

Result<int> ReportRenderer::render(QIODevice* device) const {
    if (!m_figures.analysis || !m_figures.index)
        return makeError(Error::Kind::Internal,
                         tr("the report needs an analysis and a frame index"));
    g_previousHandler = qInstallMessageHandler(quietHandler);
    struct Restore {
        ~Restore() { qInstallMessageHandler(g_previousHandler); }
    } restore;
    QBuffer scratch;
    scratch.open(QIODevice::WriteOnly);
    auto counted = paintTo(&scratch, m_content, m_figures, 0);
    if (!counted)
        return counted.error();
    return paintTo(device, m_content, m_figures, *counted);
}

Result<QByteArray> ReportRenderer::pdfBytes() const {
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    auto pages = render(&buffer);
    if (!pages)
        return pages.error();
    return buffer.data();
}

Result<int> ReportRenderer::writePdf(const QString& path) const {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(Error::Kind::NotReadable,
                         tr("cannot write %1: %2").arg(path, file.errorString()));
    auto pages = render(&file);
    if (!pages) {
        file.cancelWriting();
        return pages.error();
    }
    if (!file.commit())
        return makeError(Error::Kind::NotReadable,
                         tr("cannot write %1: %2").arg(path, file.errorString()));
    return pages;
}

Result<int> ReportRenderer::writePdfAndSidecar(const QString& pdfPath) const {
    QSaveFile pdf(pdfPath);
    if (!pdf.open(QIODevice::WriteOnly))
        return makeError(Error::Kind::NotReadable,
                         tr("cannot write %1: %2").arg(pdfPath, pdf.errorString()));
    auto pages = render(&pdf);
    if (!pages)
        return pages.error();
    const QString jsonPath = reportSidecarPath(pdfPath);
    QSaveFile json(jsonPath);
    const QByteArray bytes = reportJsonBytes(m_content);
    if (!json.open(QIODevice::WriteOnly) || json.write(bytes) != bytes.size())
        return makeError(Error::Kind::NotReadable,
                         tr("cannot write %1: %2").arg(jsonPath, json.errorString()));
    if (!pdf.commit())
        return makeError(Error::Kind::NotReadable,
                         tr("cannot write %1: %2").arg(pdfPath, pdf.errorString()));
    if (!json.commit()) {
        QFile::remove(pdfPath); // never a PDF without its sidecar
        return makeError(Error::Kind::NotReadable,
                         tr("cannot write %1: %2").arg(jsonPath, json.errorString()));
    }
    return pages;
}

} // namespace fp
