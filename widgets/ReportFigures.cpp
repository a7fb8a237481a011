#include "widgets/ReportFigures.h"
#include "widgets/Palette.h"

#include "core/util/TimeFormat.h"
#include "widgets/LipSyncPlotPainter.h"
#include "widgets/PlotStyle.h"
#include "widgets/SignalPlotPainter.h"
#include "widgets/TimelinePainter.h"

#include <QAbstractTextDocumentLayout>
#include <QCoreApplication>
#include <QGuiApplication>
#include <QJsonArray>
#include <QPainter>
#include <QTextDocument>

#include <algorithm>
#include <cmath>

namespace fp::report {

namespace {

struct ReportRendererText {
    Q_DECLARE_TR_FUNCTIONS(fp::ReportRenderer)
};

// The font a widget on screen would have (the application's, at 96 logical dpi), in pixels so
// that it scales with the figure; no shaping, so the PDF's text searches as typed.
QFont figureFont(double factor = 1.0) {
    QFont f = QGuiApplication::font();
    const double points = f.pointSizeF() > 0 ? f.pointSizeF() : 9.0;
    f.setPixelSize(std::max(1, int(points * factor * 96.0 / 72.0)));
    f.setStyleStrategy(QFont::PreferNoShaping);
    return f;
}

// Runs `paint` with the painter mapping (0, 0, logical) onto `target`, then frames the target.
template <typename Paint>
void drawScaled(QPainter& p, const QSizeF& logical, const QRectF& target, Paint&& paint) {
    p.save();
    p.translate(target.topLeft());
    p.scale(target.width() / logical.width(), target.height() / logical.height());
    p.setClipRect(QRectF(QPointF(), logical));
    paint(p);
    p.restore();
    p.setPen(QPen(kRule, mm(0.2)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(target);
}

std::vector<std::pair<qint64, qint64>> findingRanges(const ReportContent& c,
                                                     const QString& signal) {
    std::vector<std::pair<qint64, qint64>> r;
    for (const ReportFinding& f : c.findings)
        if (f.signal == signal)
            r.emplace_back(f.startFrame, f.endFrame);
    return r;
}

void paintTimelineFigure(PageFlow& flow, const ReportContent& c, const ReportFigureData& fig,
                         int& figureNo) {
    std::vector<TimelineTrack> tracks;
    for (const SignalResult& s : fig.analysis->result.signals) {
        if (s.name == QLatin1String("lipsync") || s.abstained)
            continue;
        std::optional<TimelineTrack> t = signalTrack(s);
        if (!t)
            continue;
        const palette::TrackRamp ramp = palette::signalTrackRamp(true);
        t->lowColor = ramp.low; // the clip's usual level: paper
        t->highColor = ramp.high;
        tracks.push_back(*t);
    }
    QVector<TimelineMark> marks;
    for (const ReportFinding& f : c.findings)
        marks << TimelineMark{f.startFrame, f.endFrame, palette::kFinding, f.reason};
    TimelineView view;
    view.index = fig.index.get();
    view.tracks = &tracks;
    view.marks = &marks;
    view.ink = &timelineInk(true);
    view.smallFont = timeline::smallFont(figureFont());
    view.first = 0;
    view.last = std::max<qint64>(0, fig.index->size() - 1);
    view.playhead = -1;
    view.showPlayhead = false; // an overview of the whole clip, not a position in it
    view.width = 820;
    view.height = timeline::height(tracks.size());
    view.gutter = timeline::naturalGutter(view.smallFont, tracks);
    view.maxPacketSize = timeline::maxPacketSize(*fig.index);
    const QSizeF logical(view.width, view.height);
    flow.figure(flow.width() * logical.height() / logical.width(),
                ReportRendererText::tr(
                    "Figure %1. Timeline overview of all %2 frames: ruler, keyframes, "
                    "picture types, packet sizes, the findings (red, in the marks lane) and "
                    "one track per signal (brighter = further from the clip's usual level).")
                    .arg(++figureNo)
                    .arg(c.frameCount),
                [&](const QRectF& r) {
                    drawScaled(flow.painter(), logical, r, [&](QPainter& p) {
                        TimelinePainter().paint(p, view, QRect(0, 0, view.width, view.height));
                    });
                });
}

QString signalCaption(const ReportContent& c, const SignalResult& s, int figureNo) {
    QStringList ranges;
    for (auto [a, b] : findingRanges(c, s.name))
        ranges << QStringLiteral("%1\u2013%2").arg(a).arg(b);
    return ReportRendererText::tr("Figure %1. %2 per frame (%3). Shaded red: findings%4.%5")
        .arg(figureNo)
        .arg(s.title, s.unit,
             ranges.isEmpty()
                 ? ReportRendererText::tr(" (none)")
                 : ReportRendererText::tr(" at frames %1").arg(ranges.join(QStringLiteral(", "))),
             s.name == QLatin1String("blink")
                 ? ReportRendererText::tr(" Shaded green: detected blinks.")
                 : QString());
}

void paintSignalFigures(PageFlow& flow, const ReportContent& c, const AnalysisOutput& analysis,
                        int& figureNo) {
    for (const char* name : {"landmark_jitter", "head_pose", "blink", "heatmap"}) {
        const SignalResult* s = analysis.result.signal(QLatin1String(name));
        if (!s)
            continue;
        if (s->abstained) { // nothing to draw: say so in a line instead of an empty plot
            flow.paragraph(ReportRendererText::tr("No figure for %1: not measured (%2).")
                               .arg(s->title, s->reason),
                           kMuted, 8.2);
            continue;
        }
        SignalPlotPainter plot(figureFont(0.85), true);
        plot.addSeries({s->title, s->unit, &s->perFrame, palette::signalColour(s->name, true)});
        plot.addMarkers({palette::kFinding, findingRanges(c, s->name)});
        if (s->name == QLatin1String("blink")) {
            MarkerBands blinks{palette::kBlinks, {}};
            for (const QJsonValue& b : s->details.value(QStringLiteral("blinks")).toArray())
                blinks.ranges.emplace_back(
                    b.toObject().value(QStringLiteral("start_frame")).toInteger(),
                    b.toObject().value(QStringLiteral("end_frame")).toInteger());
            plot.addMarkers(blinks);
        }
        const QSizeF logical(760, 200);
        flow.figure(flow.width() * logical.height() / logical.width(),
                    signalCaption(c, *s, ++figureNo), [&](const QRectF& r) {
                        drawScaled(flow.painter(), logical, r,
                                   [&](QPainter& p) { plot.paint(p, logical); });
                    });
    }
}

QString lipSyncCaption(const LipSyncResult& sync, int figureNo) {
    return sync.abstained
               ? ReportRendererText::tr(
                     "Figure %1. Lip sync not measured (%2): no audio offset was found. "
                     "Shown for reference: the audio energy and the mouth opening per "
                     "frame, speech shaded.")
                     .arg(figureNo)
                     .arg(sync.reason)
               : ReportRendererText::tr(
                     "Figure %1. Lip sync: top, each window's audio offset in frames (more "
                     "opaque = more confident; dashed: the clip offset of %2 frames, %3 ms, "
                     "confidence %4); bottom, audio energy and mouth opening with speech "
                     "shaded. A positive offset means the sound comes after the lips move.")
                     .arg(figureNo)
                     .arg(sync.offsetFrames)
                     .arg(sync.offsetMs, 0, 'f', 0)
                     .arg(sync.confidence, 0, 'f', 2);
}

// The panel as the examiner sees it, in print colours: its header line over the two plots.
void paintLipSyncPanel(QPainter& p, const LipSyncResult& sync, const ReportFigureData& fig,
                       const QSizeF& logical) {
    const QFont font = figureFont();
    QTextDocument header;
    header.setDefaultFont(font);
    header.setDocumentMargin(0);
    header.setTextWidth(logical.width() - 16);
    header.setHtml(lipSyncHeaderText(sync, palette::kPaper.dimText).html);
    const double headerHeight = std::ceil(header.size().height()) + 8;
    p.save();
    p.translate(8, 4);
    QAbstractTextDocumentLayout::PaintContext context;
    context.palette.setColor(QPalette::Text, palette::kPaper.text);
    header.documentLayout()->draw(&p, context);
    p.restore();

    qint64 frames = 0;
    for (size_t size : {sync.audioEnergy.size(), sync.mouthOpening.size(), sync.mouthMotion.size(),
                        sync.speech.size(), sync.frameConfidence.size()})
        frames = std::max(frames, qint64(size));
    for (const LipSyncWindow& w : sync.windows)
        frames = std::max(frames, qint64(w.endFrame) + 1);
    LipSyncPlotPainter plots;
    plots.setPrintAppearance(true);
    plots.setFont(font);
    plots.setFrameIndex(fig.index);
    plots.setResult(&sync, frames);
    plots.setPlayhead(-1);
    const QSize size(int(logical.width()), int(logical.height() - headerHeight));
    plots.setSize(size);
    p.save();
    p.translate(0, headerHeight);
    plots.paint(p);
    p.restore();
}

// Lip sync compares the mouth with the sound: without either there is nothing to draw (an empty
// offset plot under "not judged" reads as a broken figure), so a line says why instead, as for
// the other signals.
void paintLipSyncFigure(PageFlow& flow, const ReportFigureData& fig, int& figureNo) {
    const LipSyncResult& sync = fig.analysis->lipsync;
    const auto anyValue = [](const std::vector<double>& v) {
        return std::any_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); });
    };
    if (sync.abstained && !(anyValue(sync.audioEnergy) && anyValue(sync.mouthOpening))) {
        flow.paragraph(ReportRendererText::tr(
                           "No figure for lip sync: not measured (%1). Lip sync compares the "
                           "movements of the mouth with the sound, so it needs both a "
                           "visible face and an audio track.")
                           .arg(sync.reason),
                       kMuted, 8.2);
        return;
    }
    const QSizeF logical(800, 300);
    flow.figure(flow.width() * logical.height() / logical.width(), lipSyncCaption(sync, ++figureNo),
                [&](const QRectF& r) {
                    drawScaled(flow.painter(), logical, r,
                               [&](QPainter& p) { paintLipSyncPanel(p, sync, fig, logical); });
                });
}

// Heatmap stills, two per row, each with its frame burnt into a corner (vector text).
void paintStills(PageFlow& flow, const ReportContent& c, const ReportFigureData& fig,
                 int& figureNo) {
    QPainter& p = flow.painter();
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
                captions << ReportRendererText::tr(
                                "%1: frame %2, timecode %3 (%4), heatmap score %5")
                                .arg(k == i ? ReportRendererText::tr("left")
                                            : ReportRendererText::tr("right"))
                                .arg(s.frame)
                                .arg(formatTimecode(s.frame, c.nominalFrameRate),
                                     formatSeconds(fig.index->secondsAt(s.frame)))
                                .arg(s.score, 0, 'f', 2);
            }
            const QString caption =
                ReportRendererText::tr(
                    "Figure %1. Fused manipulation heatmap over the face region (inferno "
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
                        ReportRendererText::tr("frame %1  %2")
                            .arg(fig.stills[k].frame)
                            .arg(formatTimecode(fig.stills[k].frame, c.nominalFrameRate));
                    const QFont lf = font(7.5, true, kMono);
                    const QRectF box(target.left() + mm(1), target.top() + mm(1), mm(40), mm(4.2));
                    p.fillRect(box, QColor(0, 0, 0));
                    flow.textAt(label, lf, Qt::white, box.topLeft() + QPointF(mm(1), mm(0.5)),
                                box.width() - mm(2));
                }
            });
        }
    }
}

} // namespace

void paintFigures(PageFlow& flow, const ReportContent& c, const ReportFigureData& fig) {
    flow.subheading(ReportRendererText::tr("5.2  Figures"));
    int figureNo = 0;
    paintTimelineFigure(flow, c, fig, figureNo);
    paintSignalFigures(flow, c, *fig.analysis, figureNo);
    paintLipSyncFigure(flow, fig, figureNo);
    paintStills(flow, c, fig, figureNo);
}

} // namespace fp::report
