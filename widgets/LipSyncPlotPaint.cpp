// The painting half of LipSyncPlotPainter (LipSyncPlotPainter.h); state, layout and geometry
// are in LipSyncPlotPainter.cpp.
#include "widgets/LipSyncPlotPainter.h"
#include "widgets/Palette.h"

#include "widgets/LipSyncPlotStyle.h"

#include <QFontMetrics>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

namespace fp {

using namespace lipsync;
using palette::kPlayhead;
using plot::niceStep;

void LipSyncPlotPainter::paint(QPainter& p) {
    p.fillRect(QRect(QPoint(), m_size), m_ink->background);
    const Layout l = layoutRects();
    if (!m_result || m_frames <= 0) {
        paintPlaceholder(p, l);
        return;
    }
    ensureDecimated();
    p.fillRect(l.offsets, m_ink->laneBackground);
    p.fillRect(l.curves, m_ink->laneBackground);
    paintFrameGrid(p, l);
    paintTitles(p, l);
    paintOffsets(p, l);
    paintCurves(p, l);
    paintAxis(p, l);
    paintPlayhead(p, l);
}

void LipSyncPlotPainter::paintPlaceholder(QPainter& p, const Layout& l) {
    {
        p.fillRect(l.offsets, m_ink->laneBackground);
        p.fillRect(l.curves, m_ink->laneBackground);
        p.setPen(m_ink->dimText);
        QString text = m_placeholder;
        if (m_result) { // a result with nothing per frame: say why instead of the placeholder
            const QString reason = m_result->reason.trimmed();
            text = !m_result->abstained ? LipSyncPanelText::tr("No lip-sync values")
                   : reason.isEmpty()
                       ? LipSyncPanelText::tr("Lip sync not assessed")
                       : LipSyncPanelText::tr("Lip sync not assessed: %1").arg(reason);
        }
        p.drawText(l.offsets.united(l.curves), Qt::AlignCenter | Qt::TextWordWrap, text);
    }
}

void LipSyncPlotPainter::paintTitles(QPainter& p, const Layout& l) {
    // Left and right gutters: the units of the axes under them.
    const auto gutterText = [&](const QRect& title, const QString& left, const QColor& leftColour,
                                const QString& right, const QColor& rightColour) {
        p.setFont(m_font);
        p.setPen(leftColour);
        p.drawText(QRect(0, title.top(), l.left - 6, title.height()),
                   Qt::AlignRight | Qt::AlignVCenter, left);
        p.setPen(rightColour);
        p.drawText(QRect(l.right + 6, title.top(), m_size.width() - l.right - 6, title.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, right);
    };
    gutterText(l.offsetsTitle, LipSyncPanelText::tr("frames"), m_ink->dimText,
               LipSyncPanelText::tr("ms"), m_ink->dimText);
    gutterText(l.curvesTitle, LipSyncPanelText::tr("mouth"), palette::kMouth,
               LipSyncPanelText::tr("dB"), palette::kAudio);

    paintLegendRow(
        p, l, l.offsetsTitle, LipSyncPanelText::tr("Offset per window"),
        LipSyncPanelText::tr("positive: audio after video"),
        {{LegendEntry::Filled, withAlpha(palette::kSyncConfident, 230),
          LipSyncPanelText::tr("judged (opacity = confidence)")},
         {LegendEntry::Hollow, palette::kSyncUnjudged, LipSyncPanelText::tr("not judged")},
         {LegendEntry::Dashed, m_ink->clipOffset,
          m_result->abstained
              ? LipSyncPanelText::tr("clip offset")
              // "frames" spelled out: the right gutter's "ms" follows this entry and
              // read as "clip offset +8 ms" when the offset was +8 frames (320 ms).
              : LipSyncPanelText::tr("clip offset %1 frames")
                    .arg(signedNumber(m_result->offsetFrames))}});
    std::vector<LegendEntry> curves = {
        {LegendEntry::Line, palette::kAudio, LipSyncPanelText::tr("Audio energy (dB)")},
        {LegendEntry::Line, palette::kMouth, LipSyncPanelText::tr("Mouth opening")},
        {LegendEntry::Band, withAlpha(palette::kSpeech, 110), LipSyncPanelText::tr("Speech")}};
    const QString note = m_shift != 0
                             ? LipSyncPanelText::tr("audio drawn %1 frames earlier").arg(m_shift)
                             : QString();
    paintLegendRow(p, l, l.curvesTitle, LipSyncPanelText::tr("Audio and mouth"), note, curves);
}

// `heading` in bold, then `note` in the dim colour; legend entries right-aligned in the title
// row, dropped from the left when there is no room, never overlapping the title.
void LipSyncPlotPainter::paintLegendRow(QPainter& p, const Layout& l, const QRect& title,
                                        const QString& heading, const QString& note,
                                        const std::vector<LegendEntry>& entries) {
    const QFontMetrics fm(m_font);
    QFont bold = m_font;
    bold.setBold(true);
    const QFontMetrics boldFm(bold);
    const int swatch = 14;
    const int spacing = 14;
    std::vector<int> widths;
    for (const LegendEntry& e : entries)
        widths.push_back(swatch + 5 + fm.horizontalAdvance(e.text));
    const int boldWidth = boldFm.horizontalAdvance(heading);
    const int noteWidth = note.isEmpty() ? 0 : fm.horizontalAdvance(note) + 8;
    const int headingWidth = boldWidth + noteWidth;
    int available = l.right - l.left - headingWidth - 20;
    size_t firstShown = 0;
    int total = 0;
    for (size_t i = entries.size(); i-- > 0;) {
        if (total + widths[i] + spacing > available) {
            firstShown = i + 1;
            break;
        }
        total += widths[i] + spacing;
    }
    p.setFont(bold);
    p.setPen(m_ink->text);
    p.drawText(QRect(l.left, title.top(), boldWidth + 2, title.height()),
               Qt::AlignLeft | Qt::AlignVCenter, heading);
    p.setFont(m_font);
    if (!note.isEmpty()) {
        p.setPen(m_ink->dimText);
        p.drawText(QRect(l.left + boldWidth + 8, title.top(), noteWidth, title.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, note);
    }
    int x = l.right - total + spacing;
    const int cy = title.center().y() + 1;
    for (size_t i = firstShown; i < entries.size(); ++i) {
        const LegendEntry& e = entries[i];
        const QRectF box(x, cy - 4.5, swatch, 9);
        p.save();
        p.setRenderHint(QPainter::Antialiasing, true);
        switch (e.kind) {
        case LegendEntry::Filled:
            p.fillRect(box, e.colour);
            break;
        case LegendEntry::Hollow:
            p.setPen(QPen(e.colour, 1.0));
            p.setBrush(Qt::NoBrush);
            p.drawRect(box.adjusted(0.5, 0.5, -0.5, -0.5));
            break;
        case LegendEntry::Dashed:
            p.setPen(QPen(e.colour, 1.2, Qt::DashLine));
            p.drawLine(QPointF(box.left(), cy), QPointF(box.right(), cy));
            break;
        case LegendEntry::Line:
            p.setPen(QPen(e.colour, 2.0));
            p.drawLine(QPointF(box.left(), cy), QPointF(box.right(), cy));
            break;
        case LegendEntry::Band:
            p.fillRect(box, e.colour);
            break;
        }
        p.restore();
        p.setPen(m_ink->text);
        p.drawText(QRect(x + swatch + 5, title.top(), widths[i] - swatch - 5 + 2, title.height()),
                   Qt::AlignLeft | Qt::AlignVCenter, e.text);
        x += widths[i] + spacing;
    }
}

void LipSyncPlotPainter::paintOffsets(QPainter& p, const Layout& l) {
    const QRect lane = l.offsets;
    paintOffsetGrid(p, lane);

    p.save();
    p.setClipRect(lane);
    const double pxPerOffset = lane.height() / (2.0 * m_offsetLimit);
    const double barHeight = std::clamp(pxPerOffset * 0.8, 5.0, 12.0);
    // The window under the playhead: a faint band over its whole span, in both plots.
    if (m_currentWindow >= 0) {
        const LipSyncWindow& w = m_result->windows[size_t(m_currentWindow)];
        const double x0 = xOfEdge(double(w.startFrame));
        const double x1 = xOfEdge(double(w.endFrame) + 1.0);
        p.fillRect(QRectF(x0, lane.top(), x1 - x0, lane.height()), m_ink->laneShade);
    }

    // The clip offset, under the windows so that they stay readable.
    if (!m_result->abstained) {
        const double y = offsetY(m_result->offsetFrames, lane);
        p.setPen(QPen(m_ink->clipOffset, 1.2, Qt::DashLine));
        p.drawLine(QPointF(lane.left(), y), QPointF(lane.right(), y));
    }
    paintWindows(p, lane, barHeight);

    // The window "Play window" plays, outlined over its full span.
    if (m_currentWindow >= 0) {
        const LipSyncWindow& w = m_result->windows[size_t(m_currentWindow)];
        const double x0 = xOfEdge(double(w.startFrame));
        const double x1 = xOfEdge(double(w.endFrame) + 1.0);
        const double y = offsetY(w.offsetFrames, lane);
        p.setRenderHint(QPainter::Antialiasing, true);
        p.setPen(QPen(withAlpha(kPlayhead, 220), 1.2));
        p.setBrush(Qt::NoBrush);
        p.drawRoundedRect(QRectF(x0, y - barHeight / 2.0 - 2.5, x1 - x0, barHeight + 5.0), 2, 2);
        p.setRenderHint(QPainter::Antialiasing, false);
    }
    if (m_result->windows.empty() || m_result->abstained) {
        const QString reason = m_result->reason.trimmed();
        const QString text =
            m_result->abstained
                ? (reason.isEmpty() ? LipSyncPanelText::tr("Not judged")
                                    : LipSyncPanelText::tr("Not judged: %1").arg(reason))
                : LipSyncPanelText::tr("No analysis windows");
        p.setFont(m_font);
        p.setPen(m_ink->dimText);
        if (m_result->windows.empty())
            p.drawText(lane, Qt::AlignCenter, text);
    }
    p.restore();
    p.setPen(m_ink->axisLine);
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(lane).adjusted(-0.5, -0.5, 0.5, 0.5));
}

// Horizontal grid with frames on the left and milliseconds on the right.
void LipSyncPlotPainter::paintOffsetGrid(QPainter& p, const QRect& lane) {
    const QFont small = smallFont();
    const QFontMetrics sfm(small);
    p.setFont(small);
    const double step =
        std::max(1.0, niceStep(2.0 * m_offsetLimit * kYLabelSpacing / std::max(20, lane.height())));
    for (double v = -std::floor(m_offsetLimit / step) * step; v <= m_offsetLimit; v += step) {
        const double y = offsetY(v, lane);
        if (y < lane.top() + 2 || y > lane.bottom() - 1)
            continue;
        p.setPen(v == 0.0 ? m_ink->axisLine : m_ink->grid);
        p.drawLine(QPointF(lane.left(), y), QPointF(lane.right(), y));
        p.setPen(m_ink->dimText);
        const QRectF labelRect(0, y - sfm.height() / 2.0, lane.left() - 6, sfm.height());
        p.drawText(labelRect, Qt::AlignRight | Qt::AlignVCenter, signedNumber(std::llround(v)));
        const double ms = msOfFrames(v);
        if (std::isfinite(ms))
            p.drawText(QRectF(lane.right() + 6, y - sfm.height() / 2.0,
                              m_size.width() - lane.right() - 6, sfm.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, signedNumber(std::llround(ms)));
    }
}

// Windows, merged per pixel column when they are narrower than a pixel: each column keeps its
// lowest and highest judged offset at the opacity of its most confident window.
void LipSyncPlotPainter::paintWindows(QPainter& p, const QRect& lane, double barHeight) {
    struct Column {
        int x = std::numeric_limits<int>::min();
        double x0 = 0, x1 = 0;
        int lowOffset = 0, highOffset = 0;
        double confidence = -1.0; // -1: no judged window in the column
        int unjudgedOffset = 0;
        bool any = false;
    } column;
    const auto flush = [&] {
        if (!column.any)
            return;
        const QRectF base(column.x0, 0, std::max(1.0, column.x1 - column.x0), barHeight);
        if (column.confidence >= 0.0) {
            const int alpha =
                45 + int(210.0 * std::clamp(column.confidence / kFullConfidence, 0.0, 1.0));
            const QColor fill = plot::over(palette::kSyncConfident, alpha, m_ink->laneBackground);
            for (int offset : {column.lowOffset, column.highOffset}) {
                QRectF r = base;
                r.moveTop(offsetY(offset, lane) - barHeight / 2.0);
                p.fillRect(r, fill);
                if (column.lowOffset == column.highOffset)
                    break;
            }
        } else {
            QRectF r = base;
            r.moveTop(offsetY(column.unjudgedOffset, lane) - barHeight / 2.0);
            p.setPen(QPen(palette::kSyncUnjudged, 1.0));
            p.setBrush(Qt::NoBrush);
            p.drawRect(r.adjusted(0.5, 0.5, -0.5, -0.5));
        }
        column = Column{};
    };
    const double firstVisible = double(m_first);
    const double lastVisible = double(m_last) + 1.0;
    auto it = std::upper_bound(m_tiles.begin(), m_tiles.end(), firstVisible,
                               [](double f, const Tile& t) { return f < t.to; });
    for (; it != m_tiles.end() && it->from < lastVisible; ++it) {
        const LipSyncWindow& w = m_result->windows[size_t(it->window)];
        const double x0 = xOfEdge(it->from);
        const double x1 = xOfEdge(it->to);
        const bool narrow = x1 - x0 < 1.5;
        const int px = int(std::floor(x0));
        if (!narrow || px != column.x)
            flush();
        if (!column.any) {
            column.x = narrow ? px : std::numeric_limits<int>::min();
            column.x0 = x0;
            column.lowOffset = column.highOffset = w.offsetFrames;
            column.unjudgedOffset = w.offsetFrames;
            column.any = true;
        }
        column.x1 = std::max(column.x1, x1);
        if (w.judged) {
            if (column.confidence < 0.0) {
                column.lowOffset = column.highOffset = w.offsetFrames;
            } else {
                column.lowOffset = std::min(column.lowOffset, w.offsetFrames);
                column.highOffset = std::max(column.highOffset, w.offsetFrames);
            }
            column.confidence = std::max(column.confidence, w.confidence);
        }
        if (!narrow)
            flush();
    }
    flush();
}

void LipSyncPlotPainter::drawSeries(QPainter& p, const DecimatedSeries& s, const QRect& lane,
                                    double low, double high, const QColor& colour) {
    if (!std::isfinite(low) || !std::isfinite(high))
        return;
    const double span = high - low;
    const auto map = [&](const QPointF& point) {
        return QPointF(xOfEdge(point.x() + 0.5),
                       lane.bottom() - (point.y() - low) / span * lane.height());
    };
    // Where points are denser than one per two pixels, the 1-px cosmetic line (the raster
    // engine's fast path, no path stroking); a wider pen where the line is sparse enough to
    // show it. Stroking a min/max zig-zag with a wide pen costs hundreds of ms per paint.
    const bool dense = double(s.pointCount()) > lane.width() / 2.0;
    QPen pen(colour, dense ? 1.0 : 1.6);
    pen.setCosmetic(true);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    // In short pieces: stroking one long min/max zig-zag as a single path costs time that grows
    // much faster than its length (the stroke outline intersects itself everywhere).
    constexpr qsizetype kPiece = 48;
    QPolygonF piece;
    for (const QList<QPointF>& segment : s.segments) {
        for (qsizetype start = 0; start + 1 < segment.size(); start += kPiece) {
            const qsizetype end = std::min(segment.size(), start + kPiece + 1);
            piece.resize(end - start);
            for (qsizetype i = start; i < end; ++i)
                piece[i - start] = map(segment[i]);
            p.drawPolyline(piece);
        }
    }
    p.setPen(Qt::NoPen);
    p.setBrush(colour);
    for (const QPointF& dot : s.dots)
        p.drawEllipse(map(dot), 2.2, 2.2);
}

void LipSyncPlotPainter::paintCurveAxis(QPainter& p, const QRect& lane, double low, double high,
                                        bool left, const QColor& colour) {
    const QFontMetrics sfm(smallFont());
    if (!std::isfinite(low))
        return;
    const double step = niceStep((high - low) * kYLabelSpacing / std::max(20, lane.height()));
    const int decimals = decimalsFor(step);
    for (double v = std::ceil(low / step) * step; v <= high; v += step) {
        const double y = lane.bottom() - (v - low) / (high - low) * lane.height();
        if (y < lane.top() + 4 || y > lane.bottom() - 4)
            continue;
        if (left) {
            p.setPen(m_ink->grid);
            p.drawLine(QPointF(lane.left(), y), QPointF(lane.right(), y));
        }
        p.setPen(colour);
        const QString label = QString::number(v, 'f', decimals);
        if (left)
            p.drawText(QRectF(0, y - sfm.height() / 2.0, lane.left() - 6, sfm.height()),
                       Qt::AlignRight | Qt::AlignVCenter, label);
        else
            p.drawText(QRectF(lane.right() + 6, y - sfm.height() / 2.0,
                              m_size.width() - lane.right() - 6, sfm.height()),
                       Qt::AlignLeft | Qt::AlignVCenter, label);
    }
}

// Speech, shifted with the audio; runs narrower than a pixel still get one.
void LipSyncPlotPainter::paintSpeech(QPainter& p, const QRect& lane) {
    double lastX1 = -1e9;
    QRectF pending;
    for (auto [a, b] : m_speechRuns) {
        const double from = double(a - m_shift);
        const double to = double(b - m_shift) + 1.0;
        if (to < double(m_first) || from > double(m_last) + 1.0)
            continue;
        double x0 = xOfEdge(from);
        double x1 = xOfEdge(to);
        if (x1 - x0 < 1.0)
            x1 = x0 + 1.0;
        if (pending.isValid() && x0 <= lastX1 + 0.5) {
            pending.setRight(std::max(pending.right(), x1));
        } else {
            if (pending.isValid())
                p.fillRect(pending, plot::over(palette::kSpeech, palette::kSpeech.alpha(),
                                               m_ink->laneBackground));
            pending = QRectF(x0, lane.top(), x1 - x0, lane.height());
        }
        lastX1 = pending.right();
    }
    if (pending.isValid())
        p.fillRect(pending,
                   plot::over(palette::kSpeech, palette::kSpeech.alpha(), m_ink->laneBackground));
}

void LipSyncPlotPainter::paintCurves(QPainter& p, const Layout& l) {
    const QRect lane = l.curves;
    p.setFont(smallFont());

    // Left axis: mouth opening; right axis: audio energy. Each in its curve's colour.
    paintCurveAxis(p, lane, m_mouthLow, m_mouthHigh, true, withAlpha(palette::kMouth, 230));
    paintCurveAxis(p, lane, m_audioLow, m_audioHigh, false, withAlpha(palette::kAudio, 230));

    p.save();
    p.setClipRect(lane);
    if (m_currentWindow >= 0) {
        const LipSyncWindow& w = m_result->windows[size_t(m_currentWindow)];
        const double x0 = xOfEdge(double(w.startFrame));
        const double x1 = xOfEdge(double(w.endFrame) + 1.0);
        p.fillRect(QRectF(x0, lane.top(), x1 - x0, lane.height()), m_ink->laneShade);
    }
    paintSpeech(p, lane);

    p.setRenderHint(QPainter::Antialiasing, true);
    drawSeries(p, m_mouthDrawn, lane, m_mouthLow, m_mouthHigh, palette::kMouth);
    drawSeries(p, m_audioDrawn, lane, m_audioLow, m_audioHigh, palette::kAudio);
    p.setRenderHint(QPainter::Antialiasing, false);
    if (!std::isfinite(m_audioLow) && !std::isfinite(m_mouthLow)) {
        p.setFont(m_font);
        p.setPen(m_ink->dimText);
        p.drawText(lane, Qt::AlignCenter, LipSyncPanelText::tr("No audio or mouth values"));
    }
    p.restore();
    p.setPen(m_ink->axisLine);
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(lane).adjusted(-0.5, -0.5, 0.5, 0.5));
}

void LipSyncPlotPainter::paintFrameGrid(QPainter& p, const Layout& l) {
    const double step = frameStep();
    p.setPen(m_ink->grid);
    for (double f = std::ceil(double(m_first) / step) * step; f <= double(m_last); f += step) {
        const double x = std::round(xOfFrame(qint64(f))) + 0.5;
        p.drawLine(QPointF(x, l.offsets.top() + 1), QPointF(x, l.offsets.bottom()));
        p.drawLine(QPointF(x, l.curves.top() + 1), QPointF(x, l.curves.bottom()));
    }
}

void LipSyncPlotPainter::paintAxis(QPainter& p, const Layout& l) {
    const QFont small = smallFont();
    const QFontMetrics sfm(small);
    p.setFont(small);

    // Row labels in the left gutter.
    p.setPen(m_ink->dimText);
    p.drawText(QRect(0, l.frameAxis.top(), l.left - 6, l.frameAxis.height()),
               Qt::AlignRight | Qt::AlignVCenter, LipSyncPanelText::tr("frame"));
    p.drawText(QRect(0, l.timeAxis.top(), l.left - 6, l.timeAxis.height()),
               Qt::AlignRight | Qt::AlignVCenter, LipSyncPanelText::tr("time"));

    // Frames: ticks and labels on round numbers (their grid lines are under the plots).
    const auto labelRect = [&](double x, int w, const QRect& row) {
        return axisLabelRect(x, w, row, l.left, m_size.width());
    };
    const double fStep = frameStep();
    double lastRight = -1e9;
    for (double f = std::ceil(double(m_first) / fStep) * fStep; f <= double(m_last); f += fStep) {
        const double x = xOfFrame(qint64(f));
        p.setPen(m_ink->axisLine);
        p.drawLine(QPointF(x, l.curves.bottom() + 1), QPointF(x, l.curves.bottom() + 4));
        const QString label = QString::number(qint64(f));
        const QRectF r = labelRect(x, sfm.horizontalAdvance(label), l.frameAxis);
        if (r.left() < lastRight + 6)
            continue;
        lastRight = r.right();
        p.setPen(m_ink->text);
        p.drawText(r, Qt::AlignCenter, label);
    }

    paintTimeAxis(p, l);
}

// Time: ticks on round seconds, placed through the frame times (exact for VFR). A label that
// would stick out at either end is pulled in, not dropped.
void LipSyncPlotPainter::paintTimeAxis(QPainter& p, const Layout& l) {
    const QFontMetrics sfm(smallFont());
    const double width = std::max(1, l.curves.width());
    const auto labelRect = [&](double x, int w, const QRect& row) {
        return axisLabelRect(x, w, row, l.left, m_size.width());
    };
    const double t0 = secondsAtFrame(double(m_first));
    const double t1 = secondsAtFrame(double(m_last) + 1.0);
    if (!std::isfinite(t0) || !std::isfinite(t1) || t1 <= t0)
        return;
    const double timeStep = niceSecondsStep((t1 - t0) * kXLabelSpacing / width);
    const int decimals = timeStep < 1.0 ? decimalsFor(timeStep) : 0;
    // Clock style (M:SS, or H:MM:SS past an hour) once the view reaches a minute; seconds below.
    const bool clock = t1 >= 60.0 && timeStep >= 1.0;
    const bool hours = t1 >= 3600.0;
    double lastRight = -1e9;
    for (double t = std::ceil(t0 / timeStep - 1e-9) * timeStep; t <= t1; t += timeStep) {
        const double x = xOfEdge(frameAtSeconds(t));
        QString label;
        if (clock) {
            const qint64 whole = std::llround(t);
            const QString ss = QStringLiteral("%1").arg(whole % 60, 2, 10, QLatin1Char('0'));
            label = hours ? QStringLiteral("%1:%2:%3")
                                .arg(whole / 3600)
                                .arg((whole / 60) % 60, 2, 10, QLatin1Char('0'))
                                .arg(ss)
                          : QStringLiteral("%1:%2").arg(whole / 60).arg(ss);
        } else {
            label = LipSyncPanelText::tr("%1 s").arg(t, 0, 'f', decimals);
        }
        p.setPen(m_ink->axisLine);
        p.drawLine(QPointF(x, l.timeAxis.top()), QPointF(x, l.timeAxis.top() + 3));
        QRectF r = labelRect(x, sfm.horizontalAdvance(label), l.timeAxis);
        r.translate(0, 2);
        if (r.left() < lastRight + 6)
            continue;
        lastRight = r.right();
        p.setPen(m_ink->dimText);
        p.drawText(r, Qt::AlignCenter, label);
    }
}

void LipSyncPlotPainter::paintPlayhead(QPainter& p, const Layout& l) {
    if (m_playhead < m_first || m_playhead > m_last)
        return;
    const double x = std::round(xOfFrame(m_playhead)) + 0.5;
    p.setRenderHint(QPainter::Antialiasing, false);
    p.setPen(QPen(kPlayhead, 1.0));
    p.drawLine(QPointF(x, l.offsets.top()), QPointF(x, l.curves.bottom()));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setPen(Qt::NoPen);
    p.setBrush(kPlayhead);
    const double top = l.offsets.top();
    p.drawPolygon(QPolygonF({QPointF(x - 5, top), QPointF(x + 5, top), QPointF(x, top + 6)}));
}

} // namespace fp
