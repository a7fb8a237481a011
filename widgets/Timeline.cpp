#include "widgets/Timeline.h"
#include "widgets/PlotStyle.h"

#include "core/util/TimeFormat.h"
#include "widgets/WheelGesture.h"

#include <QFontMetrics>
#include <QHelpEvent>
#include <QMouseEvent>
#include <QPaintEvent>
#include <QPainter>
#include <QPolygonF>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <array>
#include <limits>

namespace fp {

struct TimelineInk {
    QColor background;
    QColor gutterBackground;
    QColor rulerBackground;
    QColor laneBackground;
    QColor separator;
    QColor text;
    QColor dimText;
    QColor tick;
    QColor keyMarker;
    QColor packetBar;
    QColor noValue;
    QColor noValueHatch;
    QColor gutterEdge;
};

namespace {

// Band heights in logical pixels, top to bottom.
constexpr int kRulerHeight = 22;
constexpr int kKeyHeight = 6;
constexpr int kTypesHeight = 14;
constexpr int kPacketHeight = 36;
constexpr int kMarksHeight = 14;
constexpr int kTrackHeight = 18;
constexpr int kKeyTop = kRulerHeight;
constexpr int kTypesTop = kKeyTop + kKeyHeight;
constexpr int kPacketTop = kTypesTop + kTypesHeight;
constexpr int kMarksTop = kPacketTop + kPacketHeight;
constexpr int kTracksTop = kMarksTop + kMarksHeight;

constexpr qint64 kMinVisibleFrames = 10;
constexpr double kMinLabelSpacing = 70.0;   // px between ruler labels
constexpr double kMinMinorSpacing = 5.0;    // px between minor ticks
constexpr double kFrameBoundaryWidth = 6.0; // px per frame from which boundaries are drawn
constexpr double kZoomPerNotch = 1.25;      // one wheel notch (120 units)
// frameAtX() floors a continuous position; this absorbs the rounding of xOfFrame() so that
// frameAtX(xOfFrame(f)) == f.
constexpr double kFrameEpsilon = 1e-6;

// The workstation's dark look, or ink on white for the printed report (setPrintAppearance).
const TimelineInk kScreenInk{
    QColor(0x20, 0x20, 0x20), QColor(0x1a, 0x1a, 0x1a), QColor(0x2c, 0x2c, 0x2c),
    QColor(0x26, 0x26, 0x26), QColor(0x12, 0x12, 0x12), QColor(0xdc, 0xdc, 0xdc),
    QColor(0x9a, 0x9a, 0x9a), QColor(0x8c, 0x8c, 0x8c), QColor(0xf0, 0xf0, 0xf0),
    QColor(0x9a, 0xa6, 0xb8), QColor(0x2e, 0x2e, 0x2e), QColor(0x4a, 0x4a, 0x4a),
    QColor(0x3a, 0x3a, 0x3a)};
const TimelineInk kPrintInk{
    QColor(0xff, 0xff, 0xff), QColor(0xf4, 0xf5, 0xf7), QColor(0xee, 0xf0, 0xf3),
    QColor(0xf7, 0xf8, 0xfa), QColor(0xdd, 0xe0, 0xe5), QColor(0x22, 0x26, 0x2b),
    QColor(0x6a, 0x70, 0x78), QColor(0x8a, 0x90, 0x98), QColor(0x22, 0x26, 0x2b),
    QColor(0x6f, 0x82, 0x9c), QColor(0xee, 0xef, 0xf1), QColor(0xd0, 0xd3, 0xd8),
    QColor(0xc8, 0xcd, 0xd4)};
using plot::kPlayhead;
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

float trackValue(const TimelineTrack& track, qint64 frame) {
    if (frame < 0 || frame >= qint64(track.values.size()))
        return std::numeric_limits<float>::quiet_NaN();
    return track.values[size_t(frame)];
}

// Integer pixel span of a cell, so adjacent cells tile without gaps or overlaps.
int snap(double x) {
    return int(std::lround(x));
}

} // namespace

Timeline::Timeline(QWidget* parent)
    : QWidget(parent)
    , m_ink(&kScreenInk) {
    setAttribute(Qt::WA_OpaquePaintEvent);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    // Clicking to seek must not take keyboard focus from the player's frame-step keys.
    setFocusPolicy(Qt::NoFocus);
    updateGutter();
}

void Timeline::setFrameIndex(std::shared_ptr<const FrameIndex> index) {
    m_index = std::move(index);
    m_maxPacketSize = 1;
    if (m_index) {
        for (const FrameIndexEntry& entry : m_index->entries)
            m_maxPacketSize = std::max(m_maxPacketSize, int(entry.packetSize));
    }
    m_playhead = hasClip() ? std::clamp<qint64>(m_playhead, 0, m_index->size() - 1) : 0;
    m_lastEmitted = -1;
    m_scrubbing = false;
    m_cellKey = {};
    updateGutter();
    if (hasClip()) {
        zoomToAll();
    } else {
        m_first = 0;
        m_last = 0;
    }
    update();
}

void Timeline::setPlayhead(qint64 frame) {
    if (!hasClip()) {
        m_playhead = std::max<qint64>(0, frame);
        return;
    }
    frame = std::clamp<qint64>(frame, 0, m_index->size() - 1);
    if (frame == m_playhead && frame >= m_first && frame <= m_last)
        return;
    const qint64 previous = m_playhead;
    m_playhead = frame;
    if (frame < m_first || frame > m_last) {
        scrollToShow(frame);
        update();
        return;
    }
    // Only the old and new playhead strips change; the cached cells make this cheap.
    updateAroundFrame(previous);
    updateAroundFrame(frame);
    update(QRect(0, 0, m_gutter, kRulerHeight));
}

void Timeline::setBookmarks(const QVector<TimelineMark>& marks) {
    m_marks = marks;
    update();
}

void Timeline::setTrack(const TimelineTrack& track) {
    auto it = std::find_if(m_tracks.begin(), m_tracks.end(),
                           [&](const TimelineTrack& t) { return t.name == track.name; });
    if (it != m_tracks.end())
        *it = track;
    else
        m_tracks.push_back(track);
    ++m_tracksRevision;
    updateGutter();
    updateGeometry();
    update();
}

void Timeline::removeTrack(const QString& name) {
    const auto removed =
        std::erase_if(m_tracks, [&](const TimelineTrack& t) { return t.name == name; });
    if (removed == 0)
        return;
    ++m_tracksRevision;
    updateGutter();
    updateGeometry();
    update();
}

QStringList Timeline::trackNames() const {
    QStringList names;
    for (const TimelineTrack& track : m_tracks)
        names << track.name;
    return names;
}

void Timeline::setVisibleRange(qint64 first, qint64 last) {
    if (!hasClip()) {
        m_first = 0;
        m_last = 0;
        return;
    }
    if (last < first)
        std::swap(first, last);
    const qint64 frames = m_index->size();
    const qint64 wanted = last - first + 1;
    const qint64 count = std::clamp(wanted, std::min(kMinVisibleFrames, frames), frames);
    if (count != wanted)
        first = first + (wanted - count) / 2; // grow or shrink around the middle
    first = std::clamp<qint64>(first, 0, frames - count);
    if (first == m_first && first + count - 1 == m_last)
        return;
    m_first = first;
    m_last = first + count - 1;
    update();
    Q_EMIT visibleRangeChanged(m_first, m_last);
}

void Timeline::zoomToAll() {
    if (hasClip())
        setVisibleRange(0, m_index->size() - 1);
}

int Timeline::frameAreaWidth() const {
    return std::max(1, width() - m_gutter - m_rightMargin);
}

void Timeline::setLabelColumnMinimum(int pixels) {
    pixels = std::max(0, pixels);
    if (pixels == m_minGutter)
        return;
    m_minGutter = pixels;
    updateGutter();
    updateGeometry();
}

void Timeline::setRightMargin(int pixels) {
    pixels = std::max(0, pixels);
    if (pixels == m_rightMargin)
        return;
    m_rightMargin = pixels;
    update();
}

double Timeline::pixelsPerFrame() const {
    return double(frameAreaWidth()) / double(m_last - m_first + 1);
}

qint64 Timeline::frameAtX(double x) const {
    if (!hasClip())
        return -1;
    const double offset = (x - m_gutter) * double(m_last - m_first + 1) / frameAreaWidth();
    const double frame = double(m_first) + std::floor(offset + kFrameEpsilon);
    return qint64(std::clamp(frame, 0.0, double(m_index->size() - 1)));
}

double Timeline::xOfFrame(qint64 frame) const {
    return m_gutter + double(frame - m_first) * frameAreaWidth() / double(m_last - m_first + 1);
}

QRect Timeline::laneRect(Lane lane, int track) const {
    const int left = m_gutter;
    const int areaWidth = frameAreaWidth();
    switch (lane) {
    case Lane::Ruler:
        return {left, 0, areaWidth, kRulerHeight};
    case Lane::Keyframes:
        return {left, kKeyTop, areaWidth, kKeyHeight};
    case Lane::PictureTypes:
        return {left, kTypesTop, areaWidth, kTypesHeight};
    case Lane::PacketSizes:
        return {left, kPacketTop, areaWidth, kPacketHeight};
    case Lane::Bookmarks:
        return {left, kMarksTop, areaWidth, kMarksHeight};
    case Lane::Track:
        if (track < 0 || track >= int(m_tracks.size()))
            return {};
        return {left, kTracksTop + track * kTrackHeight, areaWidth, kTrackHeight};
    }
    return {};
}

int Timeline::totalHeight() const {
    return kTracksTop + int(m_tracks.size()) * kTrackHeight + 2;
}

QSize Timeline::sizeHint() const {
    return {800, totalHeight()};
}

QSize Timeline::minimumSizeHint() const {
    return {m_gutter + m_rightMargin + 120, totalHeight()};
}

QFont Timeline::smallFont() const {
    QFont small = font();
    if (small.pointSizeF() > 0)
        small.setPointSizeF(std::max(7.0, small.pointSizeF() * 0.85));
    else if (small.pixelSize() > 0)
        small.setPixelSize(std::max(9, int(small.pixelSize() * 0.85)));
    return small;
}

void Timeline::updateGutter() {
    const QFontMetrics metrics(smallFont());
    int widest = metrics.horizontalAdvance(QStringLiteral("000000"));
    for (const QString& label : {tr("Type"), tr("Bytes"), tr("Marks")})
        widest = std::max(widest, metrics.horizontalAdvance(label));
    for (const TimelineTrack& track : m_tracks)
        widest = std::max(widest, metrics.horizontalAdvance(track.name));
    const int natural = std::clamp(widest + 14, 56, 150);
    const int gutter = std::max(natural, m_minGutter);
    if (gutter != m_gutter) {
        m_gutter = gutter;
        update();
    }
    if (natural != m_naturalGutter) {
        m_naturalGutter = natural;
        Q_EMIT labelColumnChanged();
    }
}

void Timeline::changeEvent(QEvent* event) {
    if (event->type() == QEvent::FontChange) {
        updateGutter();
        updateGeometry();
    }
    QWidget::changeEvent(event);
}

// Builds the cells of the visible range: O(visible frames), redone only when the range, the
// width, the index or the tracks change (not when the playhead moves).
void Timeline::ensureCells() {
    const CellCacheKey key{m_index.get(), m_first,          m_last,
                           m_gutter,      frameAreaWidth(), m_tracksRevision};
    if (key == m_cellKey)
        return;
    m_cellKey = key;
    m_cells.clear();
    m_trackCells.assign(m_tracks.size(), {});
    if (!hasClip())
        return;

    const qint64 count = m_last - m_first + 1;
    const qint64 columns = frameAreaWidth();
    if (count <= columns) {
        // One cell per frame.
        m_cells.reserve(size_t(count));
        for (qint64 f = m_first; f <= m_last; ++f) {
            const FrameIndexEntry& entry = m_index->at(f);
            Cell cell;
            cell.x0 = xOfFrame(f);
            cell.x1 = xOfFrame(f + 1);
            cell.firstFrame = cell.lastFrame = f;
            cell.type = kSlotTypes[size_t(typeSlot(entry.pictureType))];
            cell.key = entry.key;
            cell.maxPacket = entry.packetSize;
            m_cells.push_back(cell);
        }
        for (size_t t = 0; t < m_tracks.size(); ++t) {
            std::vector<float>& values = m_trackCells[t];
            values.reserve(size_t(count));
            for (qint64 f = m_first; f <= m_last; ++f)
                values.push_back(trackValue(m_tracks[t], f));
        }
        return;
    }

    // Many frames per pixel column: aggregate. A frame belongs to the column its left edge
    // falls in; since there are more frames than columns, every column gets at least one.
    m_cells.resize(size_t(columns));
    std::vector<std::array<qint64, 4>> typeCounts(size_t(columns), std::array<qint64, 4>{});
    for (qint64 c = 0; c < columns; ++c) {
        m_cells[size_t(c)].x0 = double(m_gutter + c);
        m_cells[size_t(c)].x1 = double(m_gutter + c + 1);
        m_cells[size_t(c)].firstFrame = -1;
    }
    for (qint64 f = m_first; f <= m_last; ++f) {
        const size_t column = size_t((f - m_first) * columns / count);
        Cell& cell = m_cells[column];
        const FrameIndexEntry& entry = m_index->at(f);
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
    for (size_t t = 0; t < m_tracks.size(); ++t) {
        std::vector<float>& values = m_trackCells[t];
        values.assign(size_t(columns), std::numeric_limits<float>::quiet_NaN());
        const TimelineTrack& track = m_tracks[t];
        const qint64 end = std::min<qint64>(m_last + 1, qint64(track.values.size()));
        for (qint64 f = m_first; f < end; ++f) {
            const float value = track.values[size_t(f)];
            if (std::isnan(value))
                continue;
            float& slot = values[size_t((f - m_first) * columns / count)];
            if (std::isnan(slot) || value > slot)
                slot = value;
        }
    }
}

void Timeline::setPrintAppearance(bool print) {
    m_ink = print ? &kPrintInk : &kScreenInk;
    update();
}

void Timeline::paintEvent(QPaintEvent* event) {
    QPainter painter(this);
    const QRect dirty = event->rect();
    painter.fillRect(dirty, m_ink->background);

    const QRect frameArea(m_gutter, 0, frameAreaWidth(), height());
    if (!hasClip()) {
        paintGutter(painter);
        painter.setPen(m_ink->dimText);
        painter.drawText(frameArea, Qt::AlignCenter, tr("No clip"));
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

void Timeline::paintRuler(QPainter& painter) {
    const QRect ruler = laneRect(Lane::Ruler);
    painter.fillRect(ruler, m_ink->rulerBackground);
    painter.fillRect(QRect(ruler.left(), ruler.bottom(), ruler.width(), 1), m_ink->separator);

    const QFont labelFont = smallFont();
    const QFontMetrics metrics(labelFont);
    const double perFrame = pixelsPerFrame();
    const double labelSpacing =
        std::max(kMinLabelSpacing,
                 double(metrics.horizontalAdvance(QString::number(m_index->size() - 1))) + 16.0);

    // Label step from 1, 2, 5, 10, 20, 50, ... frames so that labels stay apart.
    const auto labelStep = [&]() -> qint64 {
        for (qint64 decade = 1; decade <= m_index->size(); decade *= 10) {
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
    painter.setPen(m_ink->text);
    const qint64 firstTick = (m_first / minor) * minor;
    const double baseline = ruler.top() + metrics.ascent() + 2;
    double previousLabelRight = -1e9;
    for (qint64 tick = firstTick; tick <= m_last; tick += minor) {
        const double x = std::floor(xOfFrame(tick)) + 0.5;
        if (tick % step == 0) {
            majorLines.append(QLineF(x, bottom - 9, x, bottom));
            // A label sits right of its tick; one that would run past the frame area's edge
            // (the clip rect: the printed figure has no right margin, "180" came out as "18")
            // sits left of it instead, or is left out if it would then touch its neighbour.
            const QString text = QString::number(tick);
            const double textWidth = metrics.horizontalAdvance(text);
            double left = x + 3;
            if (left + textWidth > frameAreaRight())
                left = x - 3 - textWidth;
            if (left > previousLabelRight + 4) {
                painter.drawText(QPointF(left, baseline), text);
                previousLabelRight = left + textWidth;
            }
        } else {
            minorLines.append(QLineF(x, bottom - 4, x, bottom));
        }
    }
    painter.setPen(QPen(m_ink->tick, 0));
    painter.drawLines(minorLines);
    painter.setPen(QPen(m_ink->text, 0));
    painter.drawLines(majorLines);
}

void Timeline::paintKeyframes(QPainter& painter, size_t firstCell, size_t endCell) {
    const QRect band = laneRect(Lane::Keyframes);
    painter.fillRect(band, m_ink->background);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(m_ink->keyMarker);
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
    const QColor tickColor = plot::over(m_ink->keyMarker, 120, m_ink->laneBackground);
    painter.setPen(QPen(tickColor, 1.0));
    painter.drawLines(ticks);
    painter.restore();
}

void Timeline::paintPictureTypes(QPainter& painter, size_t firstCell, size_t endCell) {
    const QRect lane = laneRect(Lane::PictureTypes);
    painter.fillRect(lane, m_ink->laneBackground);
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

void Timeline::paintPacketSizes(QPainter& painter, size_t firstCell, size_t endCell) {
    const QRect lane = laneRect(Lane::PacketSizes);
    painter.fillRect(lane, m_ink->laneBackground);
    painter.fillRect(QRect(lane.left(), lane.top(), lane.width(), 1), m_ink->separator);
    // Bars are scaled to the largest packet of the whole clip, so heights compare across zoom.
    const int maxBar = lane.height() - 4;
    const int baseline = lane.bottom() - 1;
    const bool narrowGaps = pixelsPerFrame() >= 4.0;
    QVector<QRect> bars;
    bars.reserve(int(endCell - firstCell));
    for (size_t i = firstCell; i < endCell; ++i) {
        const Cell& cell = m_cells[i];
        if (cell.maxPacket <= 0)
            continue;
        const int barHeight = std::max(
            1, int(std::lround(double(cell.maxPacket) / double(m_maxPacketSize) * maxBar)));
        const int x0 = snap(cell.x0);
        int x1 = std::max(x0 + 1, snap(cell.x1));
        if (narrowGaps)
            x1 = std::max(x0 + 1, x1 - 1);
        bars.append(QRect(x0, baseline - barHeight + 1, x1 - x0, barHeight));
    }
    painter.save();
    painter.setPen(Qt::NoPen);
    painter.setBrush(m_ink->packetBar);
    painter.drawRects(bars);
    painter.restore();
}

void Timeline::paintBookmarks(QPainter& painter) {
    const QRect lane = laneRect(Lane::Bookmarks);
    painter.fillRect(lane, m_ink->background);
    painter.fillRect(QRect(lane.left(), lane.top(), lane.width(), 1), m_ink->separator);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    for (const TimelineMark& mark : m_marks) {
        if (mark.lastFrame < m_first || mark.firstFrame > m_last)
            continue;
        const QColor color = mark.color.isValid() ? mark.color : kDefaultMark;
        const double x0 = xOfFrame(std::max(mark.firstFrame, m_first));
        const double x1 = xOfFrame(std::min(mark.lastFrame, m_last) + 1);
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
        const QColor fill = plot::over(color, 110, m_ink->laneBackground);
        const QRectF range(x0 + 0.5, lane.top() + 2.5, x1 - x0 - 1.0, lane.height() - 4.0);
        painter.setPen(QPen(color, 1.0));
        painter.setBrush(fill);
        painter.drawRoundedRect(range, 2.0, 2.0);
    }
    painter.restore();
}

void Timeline::paintTracks(QPainter& painter, size_t firstCell, size_t endCell) {
    for (size_t t = 0; t < m_tracks.size(); ++t) {
        const QRect lane = laneRect(Lane::Track, int(t));
        const QRect body = lane.adjusted(0, 1, 0, -1);
        painter.fillRect(lane, m_ink->background);
        // No value: a hatched empty cell, so it never reads as a low value.
        painter.fillRect(body, m_ink->noValue);
        painter.fillRect(body, QBrush(m_ink->noValueHatch, Qt::BDiagPattern));
        const TimelineTrack& track = m_tracks[t];
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
        const bool gaps = pixelsPerFrame() >= kFrameBoundaryWidth;
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

void Timeline::paintFrameBoundaries(QPainter& painter, size_t firstCell, size_t endCell) {
    if (pixelsPerFrame() < kFrameBoundaryWidth)
        return;
    QVector<QLineF> lines;
    const double top = kTypesTop;
    const double bottom = height();
    for (size_t i = firstCell; i < endCell; ++i) {
        const double x = snap(m_cells[i].x0) + 0.5;
        lines.append(QLineF(x, top, x, bottom));
    }
    painter.setPen(QPen(m_ink->separator, 0));
    painter.drawLines(lines);
}

bool Timeline::showsPlayhead() const {
    // A printed figure is an overview of the whole clip, not a position in it: a playhead
    // there would read as a marked frame (and its gutter label as a stray "0").
    return m_ink != &kPrintInk;
}

void Timeline::paintPlayhead(QPainter& painter) {
    if (!showsPlayhead() || m_playhead < m_first || m_playhead > m_last)
        return;
    const double x0 = xOfFrame(m_playhead);
    const double x1 = xOfFrame(m_playhead + 1);
    const double lanesBottom = height();
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

void Timeline::paintGutter(QPainter& painter) {
    const QRect gutter(0, 0, m_gutter, height());
    painter.fillRect(gutter, m_ink->gutterBackground);
    if (m_rightMargin > 0)
        painter.fillRect(QRect(frameAreaRight(), 0, m_rightMargin, height()),
                         m_ink->gutterBackground);
    painter.fillRect(QRect(m_gutter - 1, 0, 1, height()), m_ink->gutterEdge);
    painter.setFont(smallFont());
    const auto label = [&](int top, int laneHeight, const QString& text, const QColor& color) {
        const QRect box(6, top, m_gutter - 10, laneHeight);
        painter.setPen(color);
        painter.drawText(box, Qt::AlignVCenter | Qt::AlignLeft,
                         painter.fontMetrics().elidedText(text, Qt::ElideRight, box.width()));
    };
    if (hasClip() && showsPlayhead())
        label(0, kRulerHeight, QString::number(m_playhead), kPlayhead);
    label(kTypesTop, kTypesHeight, tr("Type"), m_ink->dimText);
    label(kPacketTop, kPacketHeight, tr("Bytes"), m_ink->dimText);
    label(kMarksTop, kMarksHeight, tr("Marks"), m_ink->dimText);
    for (size_t t = 0; t < m_tracks.size(); ++t)
        label(kTracksTop + int(t) * kTrackHeight, kTrackHeight, m_tracks[t].name, m_ink->text);
}

void Timeline::updateAroundFrame(qint64 frame) {
    const double x0 = xOfFrame(frame);
    const double x1 = xOfFrame(frame + 1);
    update(QRectF(x0 - 8.0, 0.0, (x1 - x0) + 16.0, height()).toAlignedRect());
}

void Timeline::scrollToShow(qint64 frame) {
    const qint64 count = m_last - m_first + 1;
    qint64 first = 0;
    if (frame > m_last && frame <= m_last + count)
        first = frame - count / 10; // stepping forward past the edge: turn the page
    else if (frame < m_first && frame >= m_first - count)
        first = frame - (count - 1 - count / 10); // stepping back: page back
    else
        first = frame - count / 2; // a jump: centre it
    setVisibleRange(first, first + count - 1);
}

void Timeline::scrubTo(double x) {
    const qint64 frame = std::clamp(frameAtX(x), m_first, m_last);
    if (frame == m_lastEmitted)
        return;
    m_lastEmitted = frame;
    Q_EMIT seekRequested(frame);
}

void Timeline::mousePressEvent(QMouseEvent* event) {
    if (event->button() != Qt::LeftButton || !hasClip() || event->position().x() < m_gutter) {
        QWidget::mousePressEvent(event);
        return;
    }
    m_scrubbing = true;
    m_lastEmitted = -1;
    scrubTo(event->position().x());
    event->accept();
}

void Timeline::mouseMoveEvent(QMouseEvent* event) {
    if (!m_scrubbing || !hasClip()) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    scrubTo(event->position().x());
    event->accept();
}

void Timeline::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_scrubbing || event->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    if (hasClip())
        scrubTo(event->position().x());
    m_scrubbing = false;
    event->accept();
}

void Timeline::zoomAround(double x, qint64 frameCount) {
    const qint64 frames = m_index->size();
    frameCount = std::clamp(frameCount, std::min(kMinVisibleFrames, frames), frames);
    const double fraction = std::clamp((x - m_gutter) / frameAreaWidth(), 0.0, 1.0);
    const qint64 anchor = frameAtX(x);
    const double position = double(m_first) + fraction * double(m_last - m_first + 1);
    qint64 first = std::llround(position - fraction * double(frameCount));
    // Make the frame under the cursor exactly the same one (rounding could move it by one).
    const qint64 landed =
        first +
        qint64(std::floor((x - m_gutter) * double(frameCount) / frameAreaWidth() + kFrameEpsilon));
    first += anchor - landed;
    setVisibleRange(first, first + frameCount - 1);
}

void Timeline::wheelEvent(QWheelEvent* event) {
    if (!hasClip()) {
        QWidget::wheelEvent(event);
        return;
    }
    const WheelGesture wheel = wheelGesture(*event);
    if (wheel.kind == WheelGesture::Kind::Scroll) {
        event->ignore(); // the plain wheel belongs to the scroll area the timeline sits in
        return;
    }
    const qint64 count = m_last - m_first + 1;
    if (wheel.kind == WheelGesture::Kind::Pan) {
        // Pan a tenth of the view per notch; wheel down / right moves later in the clip.
        m_panAccumulator += -double(wheel.delta) / 120.0 * std::max(1.0, double(count) / 10.0);
        const auto shift = qint64(m_panAccumulator);
        m_panAccumulator -= double(shift);
        if (shift != 0)
            setVisibleRange(m_first + shift, m_last + shift);
        event->accept();
        return;
    }
    // Zoom: wheel up shows fewer frames. Small (touchpad) deltas accumulate until they add up
    // to at least one frame.
    m_zoomAccumulator += wheel.delta;
    const double factor = std::pow(kZoomPerNotch, m_zoomAccumulator / 120.0);
    const qint64 frames = m_index->size();
    const qint64 minCount = std::min(kMinVisibleFrames, frames);
    const qint64 target =
        std::clamp<qint64>(std::llround(double(count) / factor), minCount, frames);
    if (target != count) {
        zoomAround(event->position().x(), target);
        m_zoomAccumulator = 0;
    } else if ((count == minCount && m_zoomAccumulator > 0) ||
               (count == frames && m_zoomAccumulator < 0)) {
        m_zoomAccumulator = 0; // at the limit: do not bank wheel turns
    }
    event->accept();
}

QString Timeline::frameToolTip(qint64 frame) const {
    const FrameIndexEntry& entry = m_index->at(frame);
    QString time = formatSeconds(m_index->secondsAt(frame));
    if (m_index->nominalFrameRate.valid())
        time += QStringLiteral(" (") + formatTimecode(frame, m_index->nominalFrameRate) +
                QLatin1Char(')');
    QString text = tr("Frame %1  pts %2  t=%3  type %4")
                       .arg(frame)
                       .arg(entry.pts)
                       .arg(time)
                       .arg(QChar::fromLatin1(entry.pictureType));
    if (entry.key)
        text += tr("  key");
    if (entry.corrupt)
        text += tr("  corrupt");
    text += tr("  size %1 bytes").arg(entry.packetSize);
    return text;
}

QString Timeline::toolTipAt(const QPoint& pos) const {
    if (!hasClip() || pos.y() < 0 || pos.y() >= height())
        return {};
    const int trackRow = pos.y() >= kTracksTop ? (pos.y() - kTracksTop) / kTrackHeight : -1;
    if (pos.x() < m_gutter) {
        if (trackRow >= 0 && trackRow < int(m_tracks.size()))
            return m_tracks[size_t(trackRow)].name;
        return {};
    }
    const qint64 frame = std::clamp(frameAtX(pos.x()), m_first, m_last);

    if (pos.y() >= kMarksTop && pos.y() < kTracksTop) {
        // The topmost (last drawn) mark under the cursor, with a few pixels of slack for pins.
        for (auto it = m_marks.crbegin(); it != m_marks.crend(); ++it) {
            const double x0 = xOfFrame(it->firstFrame);
            const double x1 = xOfFrame(it->lastFrame + 1);
            const double centre = (x0 + x1) / 2.0;
            const double half = std::max((x1 - x0) / 2.0, 4.0);
            if (std::abs(pos.x() + 0.5 - centre) <= half) {
                if (!it->tooltip.isEmpty())
                    return it->tooltip;
                return tr("Bookmark, frames %1–%2").arg(it->firstFrame).arg(it->lastFrame);
            }
        }
    }

    if (trackRow >= 0 && trackRow < int(m_tracks.size())) {
        const TimelineTrack& track = m_tracks[size_t(trackRow)];
        // The same frames the pixel column aggregates when zoomed out.
        qint64 last = frame;
        if (pixelsPerFrame() < 1.0)
            last = std::clamp(frameAtX(std::floor(double(pos.x())) + 1.0) - 1, frame, m_last);
        float best = std::numeric_limits<float>::quiet_NaN();
        for (qint64 f = frame; f <= last; ++f) {
            const float value = trackValue(track, f);
            if (!std::isnan(value) && (std::isnan(best) || value > best))
                best = value;
        }
        const QString value =
            std::isnan(best) ? tr("no value") : QString::number(double(best), 'g', 5);
        if (last > frame)
            return tr("%1  frames %2–%3  max %4").arg(track.name).arg(frame).arg(last).arg(value);
        return tr("%1  frame %2  %3").arg(track.name).arg(frame).arg(value);
    }
    return frameToolTip(frame);
}

bool Timeline::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty()) {
            QToolTip::hideText();
            event->ignore();
        } else {
            QToolTip::showText(help->globalPos(), text, this);
        }
        return true;
    }
    return QWidget::event(event);
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
