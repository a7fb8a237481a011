#include "widgets/ReportRenderer.h"

#include "core/util/TimeFormat.h"
#include "widgets/ReportFigures.h"
#include "widgets/ReportPageFlow.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QPainter>
#include <QSaveFile>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <functional>

namespace fp {

namespace {

struct ReportRendererText {
    Q_DECLARE_TR_FUNCTIONS(fp::ReportRenderer)
};

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
    return parts.isEmpty() ? ReportRendererText::tr("none") : parts.join(QStringLiteral("; "));
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

// ---- Cover ------------------------------------------------------------------------------------
void paintCover(PageFlow& flow, const ReportContent& c) {
    flow.skip(mm(8));
    if (!c.options.lab.isEmpty())
        flow.text(c.options.lab.toUpper(), font(10, true), kMuted);
    flow.skip(mm(4));
    flow.text(ReportRendererText::tr("Forensic examination report"), font(11), kAccent);
    flow.skip(mm(1));
    flow.text(c.title, font(20, true), kInk);
    flow.skip(mm(8));
    flow.keyValues(
        {{ReportRendererText::tr("Report identifier"), c.reportId},
         {ReportRendererText::tr("Case number"), c.options.caseNumber.isEmpty()
                                                     ? ReportRendererText::tr("not given")
                                                     : c.options.caseNumber},
         {ReportRendererText::tr("Examiner"),
          c.options.examiner.isEmpty() ? ReportRendererText::tr("not given") : c.options.examiner},
         {ReportRendererText::tr("Laboratory"),
          c.options.lab.isEmpty() ? ReportRendererText::tr("not given") : c.options.lab},
         {ReportRendererText::tr("Date of report"),
          c.generatedAt.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))},
         {ReportRendererText::tr("Evidence item"), c.fileName},
         {ReportRendererText::tr("SHA-256 at intake"), c.intakeHashes.sha256},
         {ReportRendererText::tr("SHA-256 at export"),
          c.exportHashes
              ? c.exportHashes->sha256
              : ReportRendererText::tr("could not be computed: %1").arg(c.exportHashError)}},
        {0, 6, 7}, mm(45));
    if (c.hashesMatch) {
        flow.notice(ReportRendererText::tr("Evidence integrity verified"),
                    ReportRendererText::tr(
                        "The evidence file was hashed again when this report was exported; its "
                        "SHA-256 and MD5 fingerprints equal those taken at intake, so the file "
                        "is unchanged since it was received."),
                    kOk, kOkFill);
    } else {
        flow.notice(
            ReportRendererText::tr(
                "WARNING: THE EVIDENCE FILE HAS CHANGED OR COULD NOT BE VERIFIED"),
            c.exportHashes
                ? ReportRendererText::tr(
                      "The SHA-256 of the file at export (%1) differs from the SHA-256 at "
                      "intake (%2). The file on disk is not the file that was analysed. "
                      "Treat every finding in this report with that in mind.")
                      .arg(c.exportHashes->sha256, c.intakeHashes.sha256)
                : ReportRendererText::tr("The file could not be hashed again at export: %1.")
                      .arg(c.exportHashError),
            kAlarm, kAlarmFill);
    }
    flow.subheading(ReportRendererText::tr("Contents"));
    const ReportSections& sections = c.options.sections;
    QStringList contents{ReportRendererText::tr("1  Evidence")};
    if (sections.custody)
        contents << ReportRendererText::tr("2  Custody and audit summary");
    if (sections.tools)
        contents << ReportRendererText::tr("3  Tools, libraries and models");
    if (sections.methods)
        contents << ReportRendererText::tr("4  Methods");
    if (sections.findings || sections.figures)
        contents << ReportRendererText::tr("5  Findings");
    if (sections.bookmarks)
        contents << ReportRendererText::tr("6  Bookmarks and notes");
    if (sections.conclusion)
        contents << ReportRendererText::tr("7  Examiner's conclusion");
    contents << ReportRendererText::tr("8  Limitations");
    if (sections.auditAppendix)
        contents << ReportRendererText::tr("Appendix A  Audit log");
    flow.text(contents.join(QLatin1Char('\n')), font(9), kInk, mm(2));
    flow.skip(mm(2));
    // Page 1 is read by people who are not examiners: every technical word on it is explained.
    flow.subheading(ReportRendererText::tr("How to read this report"));
    const QStringList guide{
        ReportRendererText::tr(
            "A hash (SHA-256, MD5) is a fingerprint computed from every byte of a file: "
            "changing even one byte changes it. The fingerprints taken when the file was "
            "received (intake) and again when this report was made (export) are compared to "
            "show that the file examined is the file received."),
        ReportRendererText::tr(
            "Sections 1 to 6 state facts: what was received, what was done and what was "
            "measured. A finding is a stretch of frames where a measurement departs from the "
            "clip's own usual level; on its own it does not prove manipulation."),
        ReportRendererText::tr(
            "Only section 7 gives the examiner's opinion: how strongly the findings support "
            "\"the faces were manipulated\" against \"they were not\", on a five-step scale "
            "from no support to very strong support, following the evaluative reporting "
            "guideline of ENFSI (the European Network of Forensic Science Institutes)."),
        ReportRendererText::tr(
            "Frames are counted from 0 in the order they are shown. A timecode HH:MM:SS:FF is "
            "hours, minutes, seconds and the frame within that second."),
        ReportRendererText::tr(
            "Prepared following the digital evidence guidelines SWGDE 23\u2011V\u2011001 and "
            "18\u2011Q\u2011002 (Scientific Working Group on Digital Evidence) and the standards "
            "ISO/IEC 27037 and 27042 (handling and analysing digital evidence).")};
    flow.list(guide, QStringList(guide.size(), QStringLiteral("\u2022")), font(8.5), {}, mm(1));
}

// ---- 1 Evidence -------------------------------------------------------------------------------
void paintEvidence(PageFlow& flow, const ReportContent& c) {
    flow.newPage();
    flow.heading(QStringLiteral("1"), ReportRendererText::tr("Evidence"));
    const QJsonObject& ev = c.evidence;
    const QJsonObject video = ev.value(QStringLiteral("video")).toObject();
    const QJsonValue audioValue = ev.value(QStringLiteral("audio"));
    std::vector<std::pair<QString, QString>> rows{
        {ReportRendererText::tr("File name"), c.fileName},
        {ReportRendererText::tr("Size"), sizeText(c.sizeBytes)},
        {ReportRendererText::tr("SHA-256 at intake"), c.intakeHashes.sha256},
        {ReportRendererText::tr("SHA-256 at export"),
         c.exportHashes ? c.exportHashes->sha256 : ReportRendererText::tr("not available")},
        {ReportRendererText::tr("MD5 at intake"), c.intakeHashes.md5},
        {ReportRendererText::tr("MD5 at export"),
         c.exportHashes ? c.exportHashes->md5 : ReportRendererText::tr("not available")},
        {ReportRendererText::tr("Hashes match"),
         c.hashesMatch ? ReportRendererText::tr("yes") : ReportRendererText::tr("NO")},
        {ReportRendererText::tr("Container"),
         QStringLiteral("%1 (%2)").arg(ev.value(QStringLiteral("format")).toString(),
                                       ev.value(QStringLiteral("format_long_name")).toString())},
        {ReportRendererText::tr("Duration"), formatSeconds(c.durationSeconds)},
        {ReportRendererText::tr("Video"),
         ReportRendererText::tr("%1, %2 x %3 px, %4 frames, %5 frames/s average, time base %6%7")
             .arg(video.value(QStringLiteral("codec")).toString())
             .arg(video.value(QStringLiteral("width")).toInt())
             .arg(video.value(QStringLiteral("height")).toInt())
             .arg(c.frameCount)
             .arg(video.value(QStringLiteral("avg_fps")).toDouble(), 0, 'f', 3)
             .arg(video.value(QStringLiteral("time_base")).toString(),
                  video.value(QStringLiteral("vfr")).toBool()
                      ? ReportRendererText::tr(", variable frame rate")
                      : ReportRendererText::tr(", constant frame rate"))},
        {ReportRendererText::tr("Audio"),
         audioValue.isObject() ? ReportRendererText::tr("%1, %2 Hz, %3 channel(s)")
                                     .arg(audioValue[QStringLiteral("codec")].toString())
                                     .arg(audioValue[QStringLiteral("sample_rate")].toInt())
                                     .arg(audioValue[QStringLiteral("channels")].toInt())
                               : ReportRendererText::tr("none")},
    };
    for (const QJsonValue& s : ev.value(QStringLiteral("streams")).toArray())
        rows.emplace_back(
            ReportRendererText::tr("Stream %1").arg(s[QStringLiteral("index")].toInt()),
            streamText(s.toObject()));
    const QJsonObject tags = ev.value(QStringLiteral("tags")).toObject();
    QStringList tagLines;
    for (auto it = tags.begin(); it != tags.end(); ++it)
        tagLines << QStringLiteral("%1: %2").arg(it.key(), it->toString());
    rows.emplace_back(ReportRendererText::tr("Container metadata"),
                      tagLines.isEmpty() ? ReportRendererText::tr("none")
                                         : tagLines.join(QLatin1Char('\n')));
    flow.keyValues(rows, {2, 3, 4, 5});
    if (!c.hashesMatch)
        flow.notice(ReportRendererText::tr("The evidence file changed after intake"),
                    c.limitations.value(0), kAlarm, kAlarmFill);
}

// ---- 2 Custody --------------------------------------------------------------------------------
void paintCustody(PageFlow& flow, const ReportContent& c) {
    if (c.options.sections.custody) {
        flow.heading(QStringLiteral("2"), ReportRendererText::tr("Custody and audit summary"));
        flow.paragraph(
            c.auditFromCase
                ? ReportRendererText::tr(
                      "The audit log comes from the case file %1. Each entry is chained "
                      "to the one before it by SHA-256, so a changed, inserted or removed "
                      "entry breaks every hash after it. The export of this report is "
                      "recorded in the case once the PDF and its JSON sidecar have been "
                      "written (report_exported, with the SHA-256 of both files), so it "
                      "follows the entries listed here.")
                      .arg(c.caseFile)
                : ReportRendererText::tr(
                      "No case file was given. The log below lists the actions of the "
                      "run that produced this report, in order; their time is the "
                      "report's date (%1).")
                      .arg(c.generatedAt.toString(Qt::ISODate)));
        QMap<QString, int> counts;
        for (const ReportAuditEntry& e : c.audit)
            counts[e.action] += 1;
        std::vector<std::pair<QString, QString>> custody{
            {ReportRendererText::tr("Entries"),
             c.auditOmitted > 0
                 ? ReportRendererText::tr(
                       "%1 about this evidence and the case itself, of %2 in the case (the "
                       "other %3 concern other evidence items)")
                       .arg(c.audit.size())
                       .arg(c.auditTotal)
                       .arg(c.auditOmitted)
                 : QString::number(c.audit.size())}};
        if (!c.audit.empty()) {
            custody.emplace_back(ReportRendererText::tr("First"),
                                 c.audit.front().timeUtc.isEmpty()
                                     ? ReportRendererText::tr("this run")
                                     : c.audit.front().timeUtc);
            custody.emplace_back(ReportRendererText::tr("Last"),
                                 c.audit.back().timeUtc.isEmpty()
                                     ? ReportRendererText::tr("this run")
                                     : c.audit.back().timeUtc);
            if (!c.auditChainHead.isEmpty())
                custody.emplace_back(ReportRendererText::tr("Last entry hash"), c.auditChainHead);
        }
        QStringList actionText;
        for (auto it = counts.begin(); it != counts.end(); ++it)
            actionText << QStringLiteral("%1 x %2").arg(it.key()).arg(it.value());
        custody.emplace_back(ReportRendererText::tr("Actions"),
                             actionText.join(QStringLiteral(", ")));
        QSet<QString> examiners;
        for (const ReportAuditEntry& e : c.audit)
            if (!e.examiner.isEmpty())
                examiners.insert(e.examiner);
        QStringList ex(examiners.begin(), examiners.end());
        ex.sort();
        custody.emplace_back(ReportRendererText::tr("Examiners"),
                             ex.isEmpty() ? ReportRendererText::tr("not recorded")
                                          : ex.join(QStringLiteral(", ")));
        flow.keyValues(custody, {4});
        flow.paragraph(ReportRendererText::tr("The full log is in Appendix A."), kMuted, 8.2);
    }
}

// ---- 3 Tools ----------------------------------------------------------------------------------
void paintTools(PageFlow& flow, const ReportContent& c) {
    if (c.options.sections.tools) {
        flow.heading(QStringLiteral("3"), ReportRendererText::tr("Tools, libraries and models"));
        std::vector<std::pair<QString, QString>> tools{
            {ReportRendererText::tr("Tool"),
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
            flow.table({ReportRendererText::tr("Model"), ReportRendererText::tr("Role"),
                        ReportRendererText::tr("SHA-256")},
                       {0.36, 0.14, 0.50}, modelRows, 8.0, {2});
    }
}

// ---- 4 Methods --------------------------------------------------------------------------------
void paintMethods(PageFlow& flow, const ReportContent& c) {
    if (c.options.sections.methods) {
        flow.heading(QStringLiteral("4"), ReportRendererText::tr("Methods"));
        int n = 0;
        for (const ReportMethod& m : c.methods) {
            ++n;
            flow.subheading(QStringLiteral("4.%1  %2").arg(n).arg(m.title));
            flow.paragraph(m.description);
            std::vector<std::pair<QString, QString>> mrows{
                {ReportRendererText::tr("Reference"),
                 m.reference.isEmpty() ? ReportRendererText::tr("none") : m.reference},
                {ReportRendererText::tr("Parameters"), parametersText(m.parameters)},
                {ReportRendererText::tr("Known limits"),
                 m.limits.isEmpty() ? ReportRendererText::tr("not documented") : m.limits},
                {ReportRendererText::tr("Error rate"), m.errorRate},
                {ReportRendererText::tr("Result"),
                 m.abstained
                     ? ReportRendererText::tr("not measured: %1").arg(m.reason)
                     : (std::isfinite(m.score) ? ReportRendererText::tr("clip score %1 %2. %3")
                                                     .arg(m.score, 0, 'g', 3)
                                                     .arg(m.unit, m.reason)
                                               : m.reason)}};
            flow.keyValues(mrows, {}, mm(30));
        }
    }
}

// ---- 5 Findings -------------------------------------------------------------------------------
void paintFindingsSection(PageFlow& flow, const ReportContent& c) {
    if (c.options.sections.findings || c.options.sections.figures) {
        flow.heading(QStringLiteral("5"), ReportRendererText::tr("Findings"));
        flow.paragraph(ReportRendererText::tr(
                           "What the methods measured, without interpretation. Each finding is a "
                           "frame range where a measurement departs from the clip's own usual "
                           "level."),
                       kMuted, 8.5);
        flow.list(c.summary, QStringList(c.summary.size(), QStringLiteral("\u2022")), font(9), {},
                  mm(0.8));
        flow.skip(mm(2));
    }
    if (c.options.sections.findings) {
        flow.subheading(ReportRendererText::tr("5.1  Findings by frame range"));
        if (c.findings.empty()) {
            flow.paragraph(ReportRendererText::tr("No method reported a finding."));
        } else {
            std::vector<QStringList> frows;
            int i = 0;
            for (const ReportFinding& f : c.findings) {
                frows.push_back({QString::number(++i), f.signalTitle,
                                 QStringLiteral("%1\u2013%2").arg(f.startFrame).arg(f.endFrame),
                                 QStringLiteral("%1\n%2").arg(f.startTimecode, f.endTimecode),
                                 f.severity, f.reason});
            }
            flow.table({ReportRendererText::tr("#"), ReportRendererText::tr("Signal"),
                        ReportRendererText::tr("Frames"), ReportRendererText::tr("Timecode"),
                        ReportRendererText::tr("Severity"), ReportRendererText::tr("Reason")},
                       {0.05, 0.15, 0.13, 0.15, 0.10, 0.42}, frows, 8.0);
        }
    }
}

// ---- 6 Bookmarks and notes --------------------------------------------------------------------
void paintBookmarks(PageFlow& flow, const ReportContent& c) {
    if (c.options.sections.bookmarks) {
        flow.heading(QStringLiteral("6"), ReportRendererText::tr("Bookmarks and notes"));
        if (c.bookmarks.empty()) {
            flow.paragraph(ReportRendererText::tr("No bookmarks were included."), kMuted);
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
            flow.table({ReportRendererText::tr("Frames"), ReportRendererText::tr("Timecode"),
                        ReportRendererText::tr("Status"), ReportRendererText::tr("Note")},
                       {0.15, 0.17, 0.13, 0.55}, brows, 8.2);
        }
        if (!c.notes.isEmpty()) {
            flow.subheading(ReportRendererText::tr("Examiner's notes"));
            for (const QString& n : c.notes)
                flow.paragraph(n);
        }
    }
}

// ---- 7 Conclusion -----------------------------------------------------------------------------
void paintConclusion(PageFlow& flow, const ReportContent& c) {
    QPainter& p = flow.painter();
    if (c.options.sections.conclusion) {
        const QString propositions =
            c.options.proposition.isEmpty()
                ? ReportRendererText::tr(
                      "Propositions considered. H1: the faces in the evidence clip were "
                      "manipulated "
                      "(face swap, re-enactment, lip-sync dubbing or a synthesised talking head). "
                      "H2: the faces were recorded as they appear, apart from ordinary encoding.")
                : c.options.proposition;
        // The verbal scale, the examiner's choice marked, and the sentence that reads it.
        const QString opinion =
            c.options.conclusion == ConclusionScale::NotGiven
                ? ReportRendererText::tr("The examiner has not given a conclusion.")
                : ReportRendererText::tr(
                      "In the examiner's opinion, the findings give %1 for H1 against H2.")
                      .arg(conclusionScaleText(c.options.conclusion));
        const double opinionHeight = flow.measure(opinion, font(10), flow.width());
        // The propositions, the scale and the opinion read as one: they start a page together
        // (the heading, held back, goes with them).
        flow.heading(QStringLiteral("7"), ReportRendererText::tr("Examiner's conclusion"));
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
        flow.textAt(ReportRendererText::tr("Signature: %1").arg(c.options.examiner), font(8),
                    kMuted, QPointF(flow.left(), flow.y()), mm(70));
        flow.textAt(ReportRendererText::tr("Date"), font(8), kMuted,
                    QPointF(flow.left() + mm(90), flow.y()), mm(50));
        flow.skip(mm(6));
    }
}

// ---- 8 Limitations ----------------------------------------------------------------------------
void paintLimitations(PageFlow& flow, const ReportContent& c) {
    flow.heading(QStringLiteral("8"), ReportRendererText::tr("Limitations"));
    {
        QStringList numbers;
        std::vector<QColor> inks;
        for (int i = 0; i < c.limitations.size(); ++i) {
            numbers << QStringLiteral("%1.").arg(i + 1);
            inks.push_back(i == 0 && !c.hashesMatch ? kAlarm : kInk); // the changed file
        }
        flow.list(c.limitations, numbers, font(9), inks, mm(1.5));
    }
}

// ---- Appendix A -------------------------------------------------------------------------------
void paintAuditAppendix(PageFlow& flow, const ReportContent& c) {
    if (c.options.sections.auditAppendix) {
        // On a page of its own, unless that would leave the last page of the report proper
        // nearly empty (a few limitation lines).
        if (flow.filled() > 0.5)
            flow.newPage();
        flow.heading(QStringLiteral("A"), ReportRendererText::tr("Audit log"));
        if (c.auditOmitted > 0)
            flow.paragraph(ReportRendererText::tr(
                               "The %1 entries about the other evidence items of this case are "
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
                             e.timeUtc.isEmpty() ? ReportRendererText::tr("this run") : e.timeUtc,
                             e.examiner, e.action, details});
        }
        flow.table({ReportRendererText::tr("#"), ReportRendererText::tr("Time (UTC)"),
                    ReportRendererText::tr("Examiner"), ReportRendererText::tr("Action"),
                    ReportRendererText::tr("Details")},
                   {0.04, 0.20, 0.12, 0.16, 0.48}, arows, 7.4, {4});
    }
}

void paintReport(PageFlow& flow, const ReportContent& c, const ReportFigureData& fig) {
    paintCover(flow, c);
    paintEvidence(flow, c);
    paintCustody(flow, c);
    paintTools(flow, c);
    paintMethods(flow, c);
    paintFindingsSection(flow, c);
    if (c.options.sections.figures)
        paintFigures(flow, c, fig);
    paintBookmarks(flow, c);
    paintConclusion(flow, c);
    paintLimitations(flow, c);
    paintAuditAppendix(flow, c);
}

} // namespace

ReportRenderer::ReportRenderer(const ReportContent& content, const ReportFigureData& figures)
    : m_content(content)
    , m_figures(figures) {}

Result<int> ReportRenderer::render(QIODevice* device) const {
    if (!m_figures.analysis || !m_figures.index)
        return makeError(Error::Kind::Internal,
                         ReportRendererText::tr("the report needs an analysis and a frame index"));
    return renderPdf(device, {QStringLiteral("%1 (%2)").arg(m_content.title, m_content.reportId),
                              QStringLiteral("Frameproof %1")
                                  .arg(m_content.tool.value(QStringLiteral("version")).toString()),
                              reportPageMarks(m_content),
                              [this](PageFlow& flow) { paintReport(flow, m_content, m_figures); }});
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
    return writePdfFile(path, [this](QIODevice* device) { return render(device); });
}

Result<int> ReportRenderer::writePdfAndSidecar(const QString& pdfPath) const {
    QSaveFile pdf(pdfPath);
    if (!pdf.open(QIODevice::WriteOnly))
        return makeError(
            Error::Kind::NotReadable,
            ReportRendererText::tr("cannot write %1: %2").arg(pdfPath, pdf.errorString()));
    auto pages = render(&pdf);
    if (!pages)
        return pages.error();
    const QString jsonPath = reportSidecarPath(pdfPath);
    QSaveFile json(jsonPath);
    const QByteArray bytes = reportJsonBytes(m_content);
    if (!json.open(QIODevice::WriteOnly) || json.write(bytes) != bytes.size())
        return makeError(
            Error::Kind::NotReadable,
            ReportRendererText::tr("cannot write %1: %2").arg(jsonPath, json.errorString()));
    if (!pdf.commit())
        return makeError(
            Error::Kind::NotReadable,
            ReportRendererText::tr("cannot write %1: %2").arg(pdfPath, pdf.errorString()));
    if (!json.commit()) {
        QFile::remove(pdfPath); // never a PDF without its sidecar
        return makeError(
            Error::Kind::NotReadable,
            ReportRendererText::tr("cannot write %1: %2").arg(jsonPath, json.errorString()));
    }
    return pages;
}

} // namespace fp
