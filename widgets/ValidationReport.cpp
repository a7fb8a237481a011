#include "widgets/ValidationReport.h"

#include "widgets/Palette.h"
#include "widgets/ReportPageFlow.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <vector>

namespace fp {

using namespace report;

namespace {

struct ValidationReportText {
    Q_DECLARE_TR_FUNCTIONS(fp::ValidationReport)
};

QString decimal(const QJsonValue& v, int decimals = 2) {
    return v.isDouble() ? QString::number(v.toDouble(), 'f', decimals) : QStringLiteral("-");
}

QString interval(const QJsonObject& signal) {
    const QJsonArray ci = signal.value(QStringLiteral("auc_ci")).toArray();
    if (!ci.at(0).isDouble())
        return QStringLiteral("-");
    return QStringLiteral("%1 to %2").arg(decimal(ci.at(0)), decimal(ci.at(1)));
}

QString missAt(const QJsonObject& signal, double target) {
    for (const QJsonValue& p : signal.value(QStringLiteral("operating_points")).toArray()) {
        const QJsonObject o = p.toObject();
        if (std::abs(o.value(QStringLiteral("target_false_alarm_rate")).toDouble() - target) < 1e-9)
            return decimal(o.value(QStringLiteral("miss_rate")));
    }
    return QStringLiteral("-");
}

// ---- Figures ------------------------------------------------------------------------------

// Axes of a unit square in `r`, with a grid every 0.2 and the labels under and left of it.
void unitAxes(QPainter& p, const QRectF& r, const QString& xTitle, const QString& yTitle) {
    const palette::Surfaces& ink = palette::kPaper;
    p.fillRect(r, ink.background);
    p.setFont(font(6.5));
    for (int i = 0; i <= 5; ++i) {
        const double f = i / 5.0;
        const double x = r.left() + f * r.width();
        const double y = r.bottom() - f * r.height();
        p.setPen(QPen(ink.grid, mm(0.15)));
        p.drawLine(QPointF(x, r.top()), QPointF(x, r.bottom()));
        p.drawLine(QPointF(r.left(), y), QPointF(r.right(), y));
        p.setPen(ink.dimText);
        const QString label = QString::number(f, 'f', 1);
        p.drawText(QRectF(x - mm(5), r.bottom() + mm(0.8), mm(10), mm(3.5)), Qt::AlignHCenter,
                   label);
        p.drawText(QRectF(r.left() - mm(9), y - mm(1.8), mm(8), mm(3.5)), Qt::AlignRight, label);
    }
    p.setPen(QPen(ink.axisLine, mm(0.2)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
    p.setPen(ink.text);
    p.drawText(QRectF(r.left(), r.bottom() + mm(4.2), r.width(), mm(3.5)), Qt::AlignHCenter,
               xTitle);
    p.save();
    p.translate(r.left() - mm(11), r.center().y());
    p.rotate(-90);
    p.drawText(QRectF(-r.height() / 2, -mm(3.5), r.height(), mm(3.5)), Qt::AlignHCenter, yTitle);
    p.restore();
}

// The ROC curve: false-alarm rate across, hit rate up; chance is the diagonal.
void paintRoc(QPainter& p, const QRectF& r, const QJsonObject& signal, const QColor& colour) {
    unitAxes(p, r, ValidationReportText::tr("false-alarm rate (genuine clips flagged)"),
             ValidationReportText::tr("hit rate (generated flagged)"));
    p.setPen(QPen(palette::kPaper.dimText, mm(0.2), Qt::DashLine));
    p.drawLine(r.bottomLeft(), r.topRight());
    QPainterPath curve;
    bool first = true;
    for (const QJsonValue& v : signal.value(QStringLiteral("roc")).toArray()) {
        const QJsonArray point = v.toArray();
        const QPointF at(r.left() + point.at(0).toDouble() * r.width(),
                         r.bottom() - point.at(1).toDouble() * r.height());
        if (first)
            curve.moveTo(at);
        else
            curve.lineTo(at);
        first = false;
    }
    p.setPen(QPen(colour, mm(0.45)));
    p.setBrush(Qt::NoBrush);
    p.drawPath(curve);
    p.setPen(palette::kPaper.text);
    p.setFont(font(7, true));
    p.drawText(
        r.adjusted(mm(2), mm(1), -mm(2), 0), Qt::AlignRight | Qt::AlignTop,
        ValidationReportText::tr("AUC %1").arg(decimal(signal.value(QStringLiteral("auc")))));
}

// Every clip's score on one scale, genuine above, generated below.
void paintScores(QPainter& p, const QRectF& r, const QString& name, const QJsonArray& clips,
                 const QColor& colour) {
    const palette::Surfaces& ink = palette::kPaper;
    std::vector<double> genuine;
    std::vector<double> generated;
    for (const QJsonValue& c : clips) {
        const QJsonValue s = c.toObject().value(QStringLiteral("scores")).toObject().value(name);
        if (s.isDouble())
            (c.toObject().value(QStringLiteral("label")).toString() == QLatin1String("generated")
                 ? generated
                 : genuine)
                .push_back(s.toDouble());
    }
    p.fillRect(r, ink.background);
    p.setPen(QPen(ink.axisLine, mm(0.2)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(r);
    p.setFont(font(6.5));
    if (genuine.empty() && generated.empty()) {
        p.setPen(ink.dimText);
        p.drawText(r, Qt::AlignCenter, ValidationReportText::tr("no clip has a score"));
        return;
    }
    std::vector<double> all = genuine;
    all.insert(all.end(), generated.begin(), generated.end());
    const auto [lo, hi] = std::minmax_element(all.begin(), all.end());
    const double low = *lo;
    const double span = std::max(1e-12, *hi - low);
    const double rowHeight = r.height() / 2;
    const auto row = [&](const std::vector<double>& values, int index, const QColor& fill,
                         const QString& label) {
        const double centre = r.top() + rowHeight * (index + 0.5);
        p.setPen(ink.dimText);
        p.drawText(
            QRectF(r.left() + mm(1), r.top() + rowHeight * index + mm(0.5), r.width(), mm(3)),
            Qt::AlignLeft, label);
        p.setPen(Qt::NoPen);
        p.setBrush(fill);
        for (size_t i = 0; i < values.size(); ++i) {
            const double x = r.left() + mm(2) + (values[i] - low) / span * (r.width() - mm(4));
            const double y = centre + mm(1.2) * ((i % 5) - 2.0) * 0.5; // spread equal scores
            p.drawEllipse(QPointF(x, y + mm(1)), mm(0.8), mm(0.8));
        }
    };
    row(genuine, 0, ink.dimText, ValidationReportText::tr("genuine (%1)").arg(genuine.size()));
    row(generated, 1, colour, ValidationReportText::tr("generated (%1)").arg(generated.size()));
    p.setPen(ink.dimText);
    p.drawText(QRectF(r.left(), r.bottom() + mm(0.8), r.width() / 2, mm(3.5)), Qt::AlignLeft,
               QString::number(low, 'g', 3));
    p.drawText(QRectF(r.center().x(), r.bottom() + mm(0.8), r.width() / 2, mm(3.5)), Qt::AlignRight,
               QString::number(*hi, 'g', 3));
    p.setPen(ink.text);
    p.drawText(QRectF(r.left(), r.bottom() + mm(4.2), r.width(), mm(3.5)), Qt::AlignHCenter,
               ValidationReportText::tr("clip score"));
}

// ---- Sections -----------------------------------------------------------------------------

void paintCorpus(PageFlow& flow, const QJsonObject& v) {
    const QJsonObject labels = v.value(QStringLiteral("labels")).toObject();
    flow.skip(mm(4));
    flow.text(ValidationReportText::tr("Validation of the signals"), font(11), kAccent);
    flow.text(
        ValidationReportText::tr("How well each measurement tells generated from genuine footage"),
        font(18, true), kInk);
    flow.skip(mm(5));
    int errors = 0;
    for (const QJsonValue& c : v.value(QStringLiteral("clips")).toArray())
        errors += c.toObject().contains(QStringLiteral("error")) ? 1 : 0;
    flow.keyValues(
        {{ValidationReportText::tr("Labels file"), labels.value(QStringLiteral("file")).toString()},
         {ValidationReportText::tr("Its SHA-256"),
          labels.value(QStringLiteral("sha256")).toString()},
         {ValidationReportText::tr("Clips"),
          ValidationReportText::tr(
              "%1 labelled rows; %2 genuine clips scored; %3 left out (unreadable); %4 rows "
              "skipped")
              .arg(labels.value(QStringLiteral("rows")).toInt())
              .arg(v.value(QStringLiteral("genuine_clips")).toInt())
              .arg(errors)
              .arg(labels.value(QStringLiteral("skipped")).toArray().size())},
         {ValidationReportText::tr("Tool"),
          v.value(QStringLiteral("tool")).toObject().value(QStringLiteral("version")).toString()},
         {ValidationReportText::tr("Parameters SHA-256"),
          v.value(QStringLiteral("parameters_sha256")).toString()}},
        {1, 4}, mm(40));
    const QJsonObject combined = v.value(QStringLiteral("combined")).toObject();
    flow.notice(ValidationReportText::tr("What these figures are"),
                ValidationReportText::tr(
                    "Each signal's clip score as the analysis gives it today, uncalibrated: a "
                    "finding is still judged against the clip's own usual level, not against "
                    "genuine footage. An AUC of 0.5 is chance; under 0.5 the signal points the "
                    "wrong way on this corpus. The calibrated AUC reads each score as its "
                    "two-sided distance from the genuine clips' scores, each genuine clip held "
                    "out of its own reference; analyses report it, findings do not use it yet. The "
                    "intervals are "
                    "95 % stratified bootstrap intervals. %1 of the %2 genuine clips have at least "
                    "one finding, %3 a "
                    "medium or high one. Combined score: %4.")
                    .arg(v.value(QStringLiteral("genuine_with_findings")).toInt())
                    .arg(v.value(QStringLiteral("genuine_clips")).toInt())
                    .arg(v.value(QStringLiteral("genuine_with_medium_or_higher_findings")).toInt())
                    .arg(combined.value(QStringLiteral("reason")).toString()),
                kAlarm, kAlarmFill);
}

void paintSummary(PageFlow& flow, const QJsonObject& signalsObject) {
    flow.heading(QStringLiteral("1"), ValidationReportText::tr("Summary"));
    std::vector<QStringList> rows;
    for (auto it = signalsObject.begin(); it != signalsObject.end(); ++it) {
        const QJsonObject s = it.value().toObject();
        rows.push_back(
            {it.key(), decimal(s.value(QStringLiteral("auc"))), interval(s),
             QString::number(s.value(QStringLiteral("genuine")).toInt()),
             QString::number(s.value(QStringLiteral("generated")).toInt()),
             QString::number(s.value(QStringLiteral("abstained")).toInt()), missAt(s, 0.01),
             missAt(s, 0.05), missAt(s, 0.10),
             decimal(
                 s.value(QStringLiteral("calibrated")).toObject().value(QStringLiteral("auc")))});
    }
    flow.table({ValidationReportText::tr("Signal"), ValidationReportText::tr("AUC"),
                ValidationReportText::tr("95 % interval"), ValidationReportText::tr("Genuine"),
                ValidationReportText::tr("Generated"), ValidationReportText::tr("Abstained"),
                ValidationReportText::tr("Miss at 1 % FA"),
                ValidationReportText::tr("Miss at 5 % FA"),
                ValidationReportText::tr("Miss at 10 % FA"),
                ValidationReportText::tr("Calibrated AUC, held out")},
               {0.13, 0.06, 0.12, 0.09, 0.11, 0.11, 0.085, 0.085, 0.085, 0.125}, rows, 7.4);
}

void paintSignal(PageFlow& flow, const QString& name, const QJsonObject& s, const QJsonArray& clips,
                 int number) {
    const QColor colour = palette::signalColour(name, true);
    flow.heading(QStringLiteral("2.%1").arg(number), name);
    flow.figure(
        mm(62),
        ValidationReportText::tr("ROC of %1 (left; dashed: chance) and every clip's score (right), "
                                 "AUC %2, 95 % interval %3.")
            .arg(name, decimal(s.value(QStringLiteral("auc"))), interval(s)),
        [&](const QRectF& r) {
            QPainter& p = flow.painter();
            const double side = r.height() - mm(12);
            paintRoc(p, QRectF(r.left() + mm(14), r.top() + mm(3), side, side), s, colour);
            const double left = r.left() + mm(14) + side + mm(12);
            paintScores(p, QRectF(left, r.top() + mm(3), r.right() - left - mm(2), side), name,
                        clips, colour);
        });
    const QJsonObject family = s.value(QStringLiteral("by_condition"))
                                   .toObject()
                                   .value(QStringLiteral("family"))
                                   .toObject();
    std::vector<QStringList> rows;
    for (auto it = family.begin(); it != family.end(); ++it) {
        const QJsonObject f = it.value().toObject();
        if (f.value(QStringLiteral("generated")).toInt() == 0)
            continue;
        rows.push_back({it.key(), decimal(f.value(QStringLiteral("auc"))),
                        decimal(f.value(QStringLiteral("calibrated_auc"))),
                        QString::number(f.value(QStringLiteral("generated")).toInt()),
                        QString::number(f.value(QStringLiteral("genuine")).toInt())});
    }
    if (!rows.empty())
        flow.table({ValidationReportText::tr("Generator family"),
                    ValidationReportText::tr("AUC against genuine"),
                    ValidationReportText::tr("Calibrated AUC, family left out"),
                    ValidationReportText::tr("Generated"), ValidationReportText::tr("Genuine")},
                   {0.44, 0.15, 0.17, 0.12, 0.12}, rows);
}

void paintLeftOut(PageFlow& flow, const QJsonObject& v) {
    std::vector<QStringList> rows;
    for (const QJsonValue& s :
         v.value(QStringLiteral("labels")).toObject().value(QStringLiteral("skipped")).toArray())
        rows.push_back({ValidationReportText::tr("line %1").arg(
                            s.toObject().value(QStringLiteral("line")).toInt()),
                        s.toObject().value(QStringLiteral("message")).toString()});
    for (const QJsonValue& c : v.value(QStringLiteral("clips")).toArray()) {
        const QJsonObject o = c.toObject();
        if (o.contains(QStringLiteral("error")))
            rows.push_back({o.value(QStringLiteral("path")).toString(),
                            o.value(QStringLiteral("error")).toString()});
    }
    flow.heading(QStringLiteral("3"), ValidationReportText::tr("Rows and clips left out"));
    if (rows.empty())
        flow.paragraph(
            ValidationReportText::tr("None: every row was read and every clip analysed."));
    else
        flow.table({ValidationReportText::tr("Row or clip"), ValidationReportText::tr("Why")},
                   {0.35, 0.65}, rows);
}

// The document: header, identifier and footer lines, and the sections in order.
PdfDocument validationDocument(const QJsonObject& v) {
    const QJsonObject labels = v.value(QStringLiteral("labels")).toObject();
    PageMarks marks{ValidationReportText::tr("Frameproof validation report"),
                    ValidationReportText::tr("Parameters %1")
                        .arg(v.value(QStringLiteral("parameters_sha256")).toString().left(16)),
                    ValidationReportText::tr("Labels SHA-256 %1")
                        .arg(labels.value(QStringLiteral("sha256")).toString())};
    return {ValidationReportText::tr("Frameproof validation report"),
            QStringLiteral("Frameproof %1")
                .arg(v.value(QStringLiteral("tool"))
                         .toObject()
                         .value(QStringLiteral("version"))
                         .toString()),
            std::move(marks), [v](PageFlow& flow) {
                paintCorpus(flow, v);
                const QJsonObject signalsObject = v.value(QStringLiteral("signals")).toObject();
                paintSummary(flow, signalsObject);
                flow.heading(QStringLiteral("2"), ValidationReportText::tr("Signals"));
                int number = 1;
                const QJsonArray clips = v.value(QStringLiteral("clips")).toArray();
                for (auto it = signalsObject.begin(); it != signalsObject.end(); ++it)
                    paintSignal(flow, it.key(), it.value().toObject(), clips, number++);
                paintLeftOut(flow, v);
            }};
}

} // namespace

Result<int> writeValidationPdf(const QJsonObject& validation, const QString& path) {
    const PdfDocument document = validationDocument(validation);
    return writePdfFile(path,
                        [&document](QIODevice* device) { return renderPdf(device, document); });
}

} // namespace fp
