#include "widgets/TimelinePainter.h"

#include "widgets/Palette.h"
#include "widgets/PlotStyle.h"

#include <QCoreApplication>
#include <QFontMetrics>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <array>

namespace fp {

namespace {

using namespace timeline;

constexpr double kMinLabelSpacing = 70.0;   // px between ruler labels
constexpr double kMinMinorSpacing = 5.0;    // px between minor ticks
constexpr double kFrameBoundaryWidth = 6.0; // px per frame from which boundaries are drawn

// The widget's translation context, so the texts keep their translations.
struct TimelineText {
    Q_DECLARE_TR_FUNCTIONS(fp::Timeline)
};

// The workstation's dark look, or ink on white for the printed report (setPrintAppearance).
// The palette's surfaces, as the timeline names them.
TimelineInk timelineInkOf(const palette::Surfaces& s) {
    return {s.background,      s.gutterBackground,
            s.rulerBackground, s.laneBackground,
            s.separator,       s.text,
            s.dimText,         s.tick,
            s.keyMarker,       s.packetBar,
            s.noValue,         s.noValueHatch,
            s.gutterEdge};
}
const TimelineInk kScreenInk = timelineInkOf(palette::kScreen);
const TimelineInk kPrintInk = timelineInkOf(palette::kPaper);
using palette::kPlayhead;
const QColor kDefaultMark(0xf0, 0xc8, 0x50);

QColor typeColor(char type) {
    switch (type) {
    case 'I':
        return {0xdc, 0x46, 0x3c};
    case 'P':
        return {0x46, 0x82, 0xdc};
    case 'B':
        return {0x50, 0xb4, 0x5a};
    default:
        return {0x6e, 0x6e, 0x6e};
    }
}

// The colour slot of a picture type: I, P, B, anything else.
int typeSlot(char type) {
    switch (type) {
    case 'I':
        return 0;
    case 'P':
        return 1;
    case 'B':
        return 2;
    default:
        return 3;
    }
}

constexpr std::array<char, 4> kSlotTypes = {'I', 'P', 'B', '?'};

QColor scaleColor(const TimelineTrack& track, float value) {
    double t = 0.0;
    if (track.high != track.low)
        t = (double(value) - double(track.low)) / (double(track.high) - double(track.low));
    else
        t = value >= track.high ? 1.0 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const auto mix = [t](int a, int b) { return int(std::lround(a + (b - a) * t)); };
    const QColor& lo = track.lowColor;
    const QColor& hi = track.highColor;
    return QColor(mix(lo.red(), hi.red()), mix(lo.green(), hi.green()), mix(lo.blue(), hi.blue()),
                  mix(lo.alpha(), hi.alpha()));
}

// Integer pixel span of a cell, so adjacent cells tile without gaps or overlaps.
int snap(double x) {
    return int(std::lround(x));
}

} // namespace

const TimelineInk& timelineInk(bool print) {
    return print ? kPrintInk : kScreenInk;
}

namespace timeline {

QFont smallFont(const QFont& base) {
    QFont small = base;
    if (small.pointSizeF() > 0)
        small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    else if (small.pixelSize() > 0)
        small.setPixelSize(std::max(9, int(small.pixelSize() * 0.85)));
    return small;
}

int naturalGutter(const QFont& small, const std::vector<TimelineTrack>& tracks) {
    const QFontMetrics metrics(small);
    int widest = metrics.horizontalAdvance(QStringLiteral("000000"));
    for (const QString& label :
         {TimelineText::tr("Type"), TimelineText::tr("Bytes"), TimelineText::tr("Marks")})
        widest = std::max(widest, metrics.horizontalAdvance(label));
    for (const TimelineTrack& track : tracks)
        widest = std::max(widest, metrics.horizontalAdvance(track.name));
    return std::clamp(widest + 14, 56, 150);
}

int maxPacketSize(const FrameIndex& index) {
    int largest = 1;
    for (const FrameIndexEntry& entry : index.entries)
        largest = std::max(largest, int(entry.packetSize));
    return largest;
}

} // namespace timeline

qint64 TimelineView::frameAtX(double x) const {
    if (!hasClip())
        return -1;
    const double offset = (x - gutter) * double(last - first + 1) / frameAreaWidth();
    const double frame = double(first) + std::floor(offset + kFrameEpsilon);
    return qint64(std::clamp(frame, 0.0, double(index->size() - 1)));
}

QRect TimelineView::laneRect(TimelineLane lane, int track) const {
    const int left = gutter;
    const int areaWidth = frameAreaWidth();
    switch (lane) {
    case TimelineLane::Ruler:
        return {left, 0, areaWidth, kRulerHeight};
    case TimelineLane::Keyframes:
        return {left, kKeyTop, areaWidth, kKeyHeight};
    case TimelineLane::PictureTypes:
        return {left, kTypesTop, areaWidth, kTypesHeight};
    case TimelineLane::PacketSizes:
        return {left, kPacketTop, areaWidth, kPacketHeight};
    case TimelineLane::Bookmarks:
        return {left, kMarksTop, areaWidth, kMarksHeight};
    case TimelineLane::Track:
        if (track < 0 || track >= int(tracks->size()))
            return {};
        return {left, kTracksTop + track * kTrackHeight, areaWidth, kTrackHeight};
    }
    return {};
}

// Builds the cells of the visible range: O(visible frames), redone only when the range, the
// width, the index or the tracks change (not when the playhead moves).
void TimelinePainter::ensureCells() {
    const CellCacheKey key{
        m_v->index, m_v->first, m_v->last, m_v->gutter, m_v->frameAreaWidth(), m_v->tracksRevision};
    if (key == m_cellKey)
        return;
    m_cellKey = key;
    m_cells.clear();
    m_trackCells.assign((*m_v->tracks).size(), {});
    if (!m_v->hasClip())
        return;

    const qint64 count = m_v->last - m_v->first + 1;
    const qint64 columns = m_v->frameAreaWidth();
    if (count <= columns) {
        // One cell per frame.
        m_cells.reserve(size_t(count));
        for (qint64 f = m_v->first; f <= m_v->last; ++f) {
            const FrameIndexEntry& entry = m_v->index->at(f);
            Cell cell;
            cell.x0 = m_v->xOfFrame(f);
            cell.x1 = m_v->xOfFrame(f + 1);
            cell.firstFrame = cell.lastFrame = f;
            cell.type = kSlotTypes[size_t(typeSlot(entry.pictureType))];
            cell.key = entry.key;
            cell.maxPacket = entry.packetSize;
            m_cells.push_back(cell);
        }
        for (size_t t = 0; t < (*m_v->tracks).size(); ++t) {
            std::vector<float>& values = m_trackCells[t];
            values.reserve(size_t(count));
            for (qint64 f = m_v->first; f <= m_v->last; ++f)
                values.push_back((*m_v->tracks)[t].valueAt(f));
        }
        return;
    }

    // Many frames per pixel column: aggregate. A frame belongs to the column its left edge
    // falls in; since there are more frames than columns, every column gets at least one.
    m_cells.resize(size_t(columns));
    std::vector<std::array<qint64, 4>> typeCounts(size_t(columns), std::array<qint64, 4>{});
    for (qint64 c = 0; c < columns; ++c) {
        m_cells[size_t(c)].x0 = double(m_v->gutter + c);
        m_cells[size_t(c)].x1 = double(m_v->gutter + c + 1);
        m_cells[size_t(c)].firstFrame = -1;
    }
    for (qint64 f = m_v->first; f <= m_v->last; ++f) {
        const size_t column = size_t((f - m_v->first) * columns / count);
        Cell& cell = m_cells[column];
        const FrameIndexEntry& entry = m_v->index->at(f);
        if (cell.firstFrame < 0)
            cell.firstFrame = f;
        cell.lastFrame = f;
        cell.key = cell.key || entry.key;
        cell.maxPacket = std::max(cell.maxPacket, int(entry.packetSize));
        ++typeCounts[column][size_t(typeSlot(entry.pictureType))];
    }
    for (size_t c = 0; c < m_cells.size(); ++c) {
        const std::array<qint64, 4>& counts = typeCounts[c];
        Cell& cell = m_cells[c];
        if (cell.key || counts[0] > 0) {
            cell.type = 'I';
            continue;
        }
        size_t dominant = 1; // ties prefer P, then B, then unknown
        for (size_t slot = 2; slot < 4; ++slot) {
            if (counts[slot] > counts[dominant])
                dominant = slot;
        }
        cell.type = kSlotTypes[dominant];
    }
    // Tracks show the maximum per column, so a short spike stays visible when zoomed out.
    for (size_t t = 0; t < (*m_v->tracks).size(); ++t) {
        std::vector<float>& values = m_trackCells[t];
        values.assign(size_t(columns), std::numeric_limits<float>::quiet_NaN());
        const TimelineTrack& track = (*m_v->tracks)[t];
        const qint64 end = std::min<qint64>(m_v->last + 1, qint64(track.values.size()));
        for (qint64 f = m_v->first; f < end; ++f) {
            const float value = track.values[size_t(f)];
            if (std::isnan(value))
                continue;
            float& slot = values[size_t((f - m_v->first) * columns / count)];
            if (std::isnan(slot) || value > slot)
                slot = value;
        }
    }
}
void TimelinePainter::paint(QPainter& painter, const TimelineView& view, const QRect& dirty) {
    m_v = &view;
    painter.fillRect(dirty, m_v->ink->background);

    const QRect frameArea(m_v->gutter, 0, m_v->frameAreaWidth(), m_v->height);
    if (!m_v->hasClip()) {
        paintGutter(painter);
        painter.setPen(m_v->ink->dimText);
        painter.drawText(frameArea, Qt::AlignCenter, TimelineText::tr("No clip"));
        return;
    }

    ensureCells();
    // Only the cells that intersect the repainted area (a playhead move repaints a strip).
    const auto firstIt = std::partition_point(
        m_cells.begin(), m_cells.end(), [&](const Cell& cell) { return cell.x1 < dirty.left(); });
    const auto endIt = std::partition_point(
        firstIt, m_cells.end(), [&](const Cell& cell) { return cell.x0 <= dirty.right() + 1; });
    const auto firstCell = size_t(firstIt - m_cells.begin());
    const auto endCell = size_t(endIt - m_cells.begin());

    painter.save();
    painter.setClipRect(frameArea.intersected(dirty));
    paintRuler(painter);
    paintKeyframes(painter, 0, m_cells.size()); // triangle spacing depends on all cells
    paintPictureTypes(painter, firstCell, endCell);
    paintPacketSizes(painter, firstCell, endCell);
    paintBookmarks(painter);
    paintTracks(painter, firstCell, endCell);
    paintFrameBoundaries(painter, firstCell, endCell);
    paintPlayhead(painter);
    painter.restore();

    paintGutter(painter);
}

void TimelinePainter::paintRuler(QPainter& painter) {
    const QRect ruler = m_v->laneRect(TimelineLane::Ruler);
    painter.fillRect(ruler, m_v->ink->rulerBackground);
    painter.fillRect(QRect(ruler.left(), ruler.bottom(), ruler.width(), 1), m_v->ink->separator);

    const QFont labelFont = m_v->smallFont;
    const QFontMetrics metrics(labelFont);
    const double perFrame = m_v->pixelsPerFrame();
    const double labelSpacing =
        std::max(kMinLabelSpacing,
                 double(metrics.horizontalAdvance(QString::number(m_v->index->size() - 1))) + 16.0);

    // Label step from 1, 2, 5, 10, 20, 50, ... frames so that labels stay apart.
    const auto labelStep = [&]() -> qint64 {
        for (qint64 decade = 1; decade <= m_v->index->size(); decade *= 10) {
            for (qint64 candidate : {decade, 2 * decade, 5 * decade}) {
                if (double(candidate) * perFrame >= labelSpacing)
                    return candidate;
            }
        }
        return std::numeric_limits<qint64>::max() / 4; // only frame 0 gets a label
    };
    const qint64 step = labelStep();
    qint64 minor = step;
    for (qint64 divisor : {10, 5, 2}) {
        if (step % divisor == 0 && double(step / divisor) * perFrame >= kMinMinorSpacing) {
            minor = step / divisor;
            break;
        }
    }

    QVector<QLineF> majorLines;
    QVector<QLineF> minorLines;
    const double bottom = ruler.bottom() + 0.5;
    painter.setFont(labelFont);
    painter.setPen(m_v->ink->text);
    const qint64 firstTick = (m_v->first / minor) * minor;
    const double baseline = ruler.top() + metrics.ascent() + 2;
    double previousLabelRight = -1e9;
    for (qint64 tick = firstTick; tick <= m_v->last; tick += minor) {
        const double x = std::floor(m_v->xOfFrame(tick)) + 0.5;
        if (tick % step == 0) {
            majorLines.append(QLineF(x, bottom - 9, x, bottom));
            // A label sits right of its tick; one that would run past the frame area's edge
            // (the clip rect: the printed figure has no right margin, "180" came out as "18")
            // sits left of it instead, or is left out if it would then touch its neighbour.
            const QString text = QString::number(tick);
            const double textWidth = metrics.horizontalAdvance(text);
            double left = x + 3;
            if (left + textWidth > m_v->frameAreaRight())
                left = x - 3 - textWidth;
            if (left > previousLabelRight + 4) {
                painter.drawText(QPointF(left, baseline), text);
                previousLabelRight = left + textWidth;
            }
        } else {
            minorLines.append(QLineF(x, bottom - 4, x, bottom));
        }
    }
    painter.setPen(QPen(m_v->ink->tick, 0));
    painter.drawLines(minorLines);
    painter.setPen(QPen(m_v->ink->text, 0));
    painter.drawLines(majorLines);
}

void TimelinePainter::paintKeyframes(QPainter& painter, size_t firstCell, size_t endCell) {
    const QRect band = m_v->laneRect(TimelineLane::Keyframes);
    painter.fillRect(band, m_v->ink->background);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(m_v->ink->keyMarker);
    QVector<QLineF> ticks;
    // Triangles where there is room; when keyframes are dense (zoomed out on a short GOP) they
    // all become ticks, and a local cluster of keyframes gets ticks after its first triangle.
    constexpr double kTriangleSpacing = 8.0;
    const auto keyCells =
        std::count_if(m_cells.begin() + qptrdiff(firstCell), m_cells.begin() + qptrdiff(endCell),
                      [](const Cell& cell) { return cell.key; });
    const bool dense = double(keyCells) * kTriangleSpacing > band.width() / 2.0;
    double lastTriangle = -1e9;
    for (size_t i = firstCell; i < endCell; ++i) {
        const Cell& cell = m_cells[i];
        if (!cell.key)
            continue;
        const double centre = (cell.x0 + cell.x1) / 2.0;
        if (!dense && centre - lastTriangle >= kTriangleSpacing) {
            const QPolygonF triangle({QPointF(centre - 3.5, band.top() + 0.5),
                                      QPointF(centre + 3.5, band.top() + 0.5),
                                      QPointF(centre, band.bottom() + 1.0)});
            painter.drawPolygon(triangle);
            lastTriangle = centre;
        } else {
            ticks.append(QLineF(centre, band.top(), centre, band.bottom() + 1.0));
        }
    }
    // Dimmed, so a long clip's comb of keyframes does not shout over the ruler.
    const QColor tickColor = plot::over(m_v->ink->keyMarker, 120, m_v->ink->laneBackground);
    painter.setPen(QPen(tickColor, 1.0));
    painter.drawLines(ticks);
    painter.restore();
}

void TimelinePainter::paintPictureTypes(QPainter& painter, size_t firstCell, size_t endCell) {
    const QRect lane = m_v->laneRect(TimelineLane::PictureTypes);
    painter.fillRect(lane, m_v->ink->laneBackground);
    // One drawRects() per colour instead of one call per cell.
    std::array<QVector<QRect>, 4> rects;
    for (size_t i = firstCell; i < endCell; ++i) {
        const Cell& cell = m_cells[i];
        const int x0 = snap(cell.x0);
        const int x1 = std::max(x0 + 1, snap(cell.x1));
        rects[size_t(typeSlot(cell.type))].append(
            QRect(x0, lane.top() + 1, x1 - x0, lane.height() - 2));
    }
    painter.save();
    painter.setPen(Qt::NoPen);
    for (size_t slot = 0; slot < rects.size(); ++slot) {
        painter.setBrush(typeColor(kSlotTypes[slot]));
        painter.drawRects(rects[slot]);
    }
    painter.restore();
}

void TimelinePainter::paintPacketSizes(QPainter& painter, size_t firstCell, size_t endCell) {
    const QRect lane = m_v->laneRect(TimelineLane::PacketSizes);
    painter.fillRect(lane, m_v->ink->laneBackground);
    painter.fillRect(QRect(lane.left(), lane.top(), lane.width(), 1), m_v->ink->separator);
    // Bars are scaled to the largest packet of the whole clip, so heights compare across zoom.
    const int maxBar = lane.height() - 4;
    const int baseline = lane.bottom() - 1;
    const bool narrowGaps = m_v->pixelsPerFrame() >= 4.0;
    QVector<QRect> bars;
    bars.reserve(int(endCell - firstCell));
    for (size_t i = firstCell; i < endCell; ++i) {
        const Cell& cell = m_cells[i];
        if (cell.maxPacket <= 0)
            continue;
        const int barHeight = std::max(
            1, int(std::lround(double(cell.maxPacket) / double(m_v->maxPacketSize) * maxBar)));
        const int x0 = snap(cell.x0);
        int x1 = std::max(x0 + 1, snap(cell.x1));
        if (narrowGaps)
            x1 = std::max(x0 + 1, x1 - 1);
        bars.append(QRect(x0, baseline - barHeight + 1, x1 - x0, barHeight));
    }
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.setBrush(m_v->ink->packetBar);
    painter.drawRects(bars);
    painter.restore();
}

void TimelinePainter::paintBookmarks(QPainter& painter) {
    const QRect lane = m_v->laneRect(TimelineLane::Bookmarks);
    painter.fillRect(lane, m_v->ink->background);
    painter.fillRect(QRect(lane.left(), lane.top(), lane.width(), 1), m_v->ink->separator);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const TimelineMark& mark : (*m_v->marks)) {
        if (mark.lastFrame < m_v->first || mark.firstFrame > m_v->last)
            continue;
        const QColor color = mark.color.isValid() ? mark.color : kDefaultMark;
        const double x0 = m_v->xOfFrame(std::max(mark.firstFrame, m_v->first));
        const double x1 = m_v->xOfFrame(std::min(mark.lastFrame, m_v->last) + 1);
        if (x1 - x0 < 6.0) {
            // A pin: too narrow for a range, so a stem with a diamond head.
            const double centre = std::floor((x0 + x1) / 2.0) + 0.5;
            painter.setPen(QPen(color, 1.5));
            painter.drawLine(QPointF(centre, lane.top() + 5.0),
                             QPointF(centre, lane.bottom() + 1.0));
            painter.setPen(Qt::NoPen);
            painter.setBrush(color);
            painter.drawPolygon(QPolygonF(
                {QPointF(centre, lane.top() + 1.0), QPointF(centre + 4.0, lane.top() + 5.0),
                 QPointF(centre, lane.top() + 9.0), QPointF(centre - 4.0, lane.top() + 5.0)}));
            continue;
        }
        const QColor fill = plot::over(color, 110, m_v->ink->laneBackground);
        const QRectF range(x0 + 0.5, lane.top() + 2.5, x1 - x0 - 1.0, lane.height() - 4.0);
        painter.setPen(QPen(color, 1.0));
        painter.setBrush(fill);
        painter.drawRoundedRect(range, 2.0, 2.0);
    }
    painter.restore();
}

void TimelinePainter::paintTracks(QPainter& painter, size_t firstCell, size_t endCell) {
    for (size_t t = 0; t < (*m_v->tracks).size(); ++t) {
        const QRect lane = m_v->laneRect(TimelineLane::Track, int(t));
        const QRect body = lane.adjusted(0, 1, 0, -1);
        painter.fillRect(lane, m_v->ink->background);
        // No value: a hatched empty cell, so it never reads as a low value.
        painter.fillRect(body, m_v->ink->noValue);
        painter.fillRect(body, QBrush(m_v->ink->noValueHatch, Qt::BDiagPattern));
        const TimelineTrack& track = (*m_v->tracks)[t];
        const std::vector<float>& values = m_trackCells[t];
        // Runs of equal colour become one rectangle.
        int runStart = -1;
        int runEnd = -1;
        QRgb runColor = 0;
        const auto flush = [&] {
            if (runStart >= 0)
                painter.fillRect(QRect(runStart, body.top(), runEnd - runStart, body.height()),
                                 QColor::fromRgba(runColor));
            runStart = -1;
        };
        const bool gaps = m_v->pixelsPerFrame() >= kFrameBoundaryWidth;
        for (size_t i = firstCell; i < endCell && i < values.size(); ++i) {
            const float value = values[i];
            if (std::isnan(value)) {
                flush();
                continue;
            }
            const QRgb rgb = scaleColor(track, value).rgba();
            const int x0 = snap(m_cells[i].x0);
            const int x1 = std::max(x0 + 1, snap(m_cells[i].x1));
            if (runStart >= 0 && rgb == runColor && x0 == runEnd && !gaps) {
                runEnd = x1;
                continue;
            }
            flush();
            runStart = x0;
            runEnd = x1;
            runColor = rgb;
        }
        flush();
    }
}

void TimelinePainter::paintFrameBoundaries(QPainter& painter, size_t firstCell, size_t endCell) {
    if (m_v->pixelsPerFrame() < kFrameBoundaryWidth)
        return;
    QVector<QLineF> lines;
    const double top = kTypesTop;
    const double bottom = m_v->height;
    for (size_t i = firstCell; i < endCell; ++i) {
        const double x = snap(m_cells[i].x0) + 0.5;
        lines.append(QLineF(x, top, x, bottom));
    }
    painter.setPen(QPen(m_v->ink->separator, 0));
    painter.drawLines(lines);
}

void TimelinePainter::paintPlayhead(QPainter& painter) {
    if (!m_v->showPlayhead || m_v->playhead < m_v->first || m_v->playhead > m_v->last)
        return;
    const double x0 = m_v->xOfFrame(m_v->playhead);
    const double x1 = m_v->xOfFrame(m_v->playhead + 1);
    const double lanesBottom = m_v->height;
    if (x1 - x0 >= 4.0) {
        QColor highlight = kPlayhead;
        highlight.setAlpha(45);
        painter.fillRect(QRectF(snap(x0), kKeyTop, snap(x1) - snap(x0), lanesBottom - kKeyTop),
                         highlight);
    }
    const double centre = std::floor(x1 - x0 >= 2.0 ? (x0 + x1) / 2.0 : x0) + 0.5;
    painter.setPen(QPen(kPlayhead, 1.0));
    painter.drawLine(QPointF(centre, 0), QPointF(centre, lanesBottom));
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(kPlayhead);
    painter.drawPolygon(
        QPolygonF({QPointF(centre - 5.5, 0.0), QPointF(centre + 5.5, 0.0),
                   QPointF(centre + 5.5, 8.0), QPointF(centre, 13.5), QPointF(centre - 5.5, 8.0)}));
    painter.restore();
}

void TimelinePainter::paintGutter(QPainter& painter) {
    const QRect gutter(0, 0, m_v->gutter, m_v->height);
    painter.fillRect(gutter, m_v->ink->gutterBackground);
    if (m_v->rightMargin > 0)
        painter.fillRect(QRect(m_v->frameAreaRight(), 0, m_v->rightMargin, m_v->height),
                         m_v->ink->gutterBackground);
    painter.fillRect(QRect(m_v->gutter - 1, 0, 1, m_v->height), m_v->ink->gutterEdge);
    painter.setFont(m_v->smallFont);
    const auto label = [&](int top, int laneHeight, const QString& text, const QColor& color) {
        const QRect box(6, top, m_v->gutter - 10, laneHeight);
        painter.setPen(color);
        painter.drawText(box, Qt::AlignVCenter | Qt::AlignLeft,
                         painter.fontMetrics().elidedText(text, Qt::ElideRight, box.width()));
    };
    if (m_v->hasClip() && m_v->showPlayhead)
        label(0, kRulerHeight, QString::number(m_v->playhead), kPlayhead);
    label(kTypesTop, kTypesHeight, TimelineText::tr("Type"), m_v->ink->dimText);
    label(kPacketTop, kPacketHeight, TimelineText::tr("Bytes"), m_v->ink->dimText);
    label(kMarksTop, kMarksHeight, TimelineText::tr("Marks"), m_v->ink->dimText);
    for (size_t t = 0; t < (*m_v->tracks).size(); ++t)
        label(kTracksTop + int(t) * kTrackHeight, kTrackHeight, (*m_v->tracks)[t].name,
              m_v->ink->text);
}

std::optional<TimelineTrack> signalTrack(const SignalResult& signal) {
    TimelineTrack track;
    track.name = signal.title;
    track.values.reserve(signal.perFrame.size());
    std::vector<double> sorted;
    for (double v : signal.perFrame) {
        track.values.push_back(float(v));
        if (!std::isnan(v))
            sorted.push_back(v);
    }
    if (sorted.empty())
        return std::nullopt;
    std::sort(sorted.begin(), sorted.end());
    track.low = float(sorted[sorted.size() / 2]);
    track.high = float(sorted[std::min(sorted.size() - 1, sorted.size() * 99 / 100)]);
    if (signal.name == QLatin1String("blink")) { // closed eyes are the notable end
        track.low = float(sorted[sorted.size() * 60 / 100]);
        track.high = float(sorted.front());
    }
    if (track.high == track.low)
        track.high = track.low + 1e-6f;
    return track;
}

} // namespace fp
