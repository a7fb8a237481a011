#include "widgets/ReportPageFlow.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QTextLayout>

#include <algorithm>
#include <memory>
#include <numeric>

namespace fp::report {

namespace {

struct ReportRendererText {
    Q_DECLARE_TR_FUNCTIONS(fp::ReportRenderer)
};

constexpr double kMarginLeftMm = 22.0;
constexpr double kMarginRightMm = 20.0;
constexpr double kMarginTopMm = 24.0;
constexpr double kMarginBottomMm = 20.0;

// QTextLayout breaks lines only at U+2028.
QString withLineSeparators(QString text) {
    text.replace(QLatin1Char('\n'), QChar(QChar::LineSeparator));
    return text;
}

// A text laid out in lines `w` wide, lines positioned from y = 0.
std::unique_ptr<QTextLayout> layOut(const QString& text, const QFont& f, double w,
                                    QPaintDevice* device, Qt::Alignment align = Qt::AlignLeft) {
    auto layout = std::make_unique<QTextLayout>(withLineSeparators(text), f, device);
    QTextOption option(align);
    option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
    layout->setTextOption(option);
    layout->beginLayout();
    double y = 0;
    for (QTextLine line = layout->createLine(); line.isValid(); line = layout->createLine()) {
        line.setLineWidth(w);
        line.setPosition(QPointF(0, y));
        y += line.height();
    }
    layout->endLayout();
    return layout;
}

} // namespace

QFont font(double points, bool bold, const QString& family) {
    QFont f(family);
    f.setPointSizeF(points);
    f.setBold(bold);
    // No shaping: no "fi"/"fl" ligatures, so the PDF's text searches and copies as typed.
    f.setStyleHint(family == kMono ? QFont::Monospace : QFont::SansSerif, QFont::PreferNoShaping);
    return f;
}

PageMarks reportPageMarks(const ReportContent& c) {
    return {c.options.caseNumber.isEmpty()
                ? ReportRendererText::tr("Frameproof forensic video report")
                : ReportRendererText::tr("Frameproof forensic video report  \u00b7  Case %1")
                      .arg(c.options.caseNumber),
            ReportRendererText::tr("Report %1").arg(c.reportId),
            ReportRendererText::tr("Evidence SHA-256 at intake %1").arg(c.intakeHashes.sha256)};
}

PageFlow::PageFlow(QPdfWriter& writer, QPainter& painter, PageMarks marks, int totalPages)
    : m_writer(writer)
    , m_p(painter)
    , m_marks(std::move(marks))
    , m_total(totalPages) {
    const QRect page = m_writer.pageLayout().fullRectPixels(kDpi);
    m_pageHeight = page.height();
    m_body = QRectF(mm(kMarginLeftMm), mm(kMarginTopMm),
                    page.width() - mm(kMarginLeftMm) - mm(kMarginRightMm),
                    m_pageHeight - mm(kMarginTopMm) - mm(kMarginBottomMm));
    m_y = m_body.top();
    decorate();
}

double PageFlow::filled() const {
    return (m_y - m_body.top()) / m_body.height();
}

void PageFlow::newPage() {
    m_writer.newPage();
    ++m_page;
    m_y = m_body.top();
    decorate();
}

void PageFlow::ensure(double height) {
    place(height);
}

void PageFlow::skip(double dy) {
    if (!m_held.empty())
        place(dy);
    m_y = std::min(m_y + dy, m_body.bottom());
}

void PageFlow::finish() {
    if (!m_held.empty())
        place(0);
}

void PageFlow::place(double height) {
    double held = 0;
    for (const HeldHeading& h : m_held)
        held += headingHeight(h);
    if (m_y + held + height > m_body.bottom() && !atPageTop())
        newPage();
    std::vector<HeldHeading> headings;
    headings.swap(m_held);
    for (const HeldHeading& h : headings)
        drawHeading(h);
}

// ---- headings -------------------------------------------------------------------------------

double PageFlow::headingHeight(const HeldHeading& h) const {
    if (h.sub)
        return mm(2.5) + measure(h.title, font(10.5, true), width()) + mm(1);
    return mm(5) + measure(h.title, font(13.5, true), width() - mm(12)) + mm(1.2) + mm(3);
}

void PageFlow::drawHeading(const HeldHeading& h) {
    if (h.sub) {
        if (!atPageTop())
            m_y += mm(2.5);
        const QFont f = font(10.5, true);
        textAt(h.title, f, kInk, QPointF(left(), m_y), width());
        m_y += measure(h.title, f, width()) + mm(1);
        return;
    }
    if (!atPageTop())
        m_y += mm(5);
    const QFont f = font(13.5, true);
    const double indent = h.number.isEmpty() ? 0 : mm(12);
    if (!h.number.isEmpty())
        textAt(h.number, f, kAccent, QPointF(left(), m_y), mm(12));
    textAt(h.title, f, kAccent, QPointF(left() + indent, m_y), width() - indent);
    m_y += measure(h.title, f, width() - indent) + mm(1.2);
    m_p.setPen(QPen(kAccent, mm(0.35)));
    m_p.drawLine(QPointF(left(), m_y), QPointF(left() + width(), m_y));
    m_y += mm(3);
}

void PageFlow::heading(const QString& number, const QString& title) {
    m_held.push_back({number, title, false});
}

void PageFlow::subheading(const QString& title) {
    m_held.push_back({QString(), title, true});
}

// ---- the page-breaking core -----------------------------------------------------------------

void PageFlow::flowItems(const std::vector<double>& heights, const std::vector<int>& weights,
                         int together, const std::function<void(size_t)>& drawItem,
                         double headHeight, const std::function<void()>& drawHead) {
    const size_t n = heights.size();
    if (n == 0)
        return;
    const int total = std::accumulate(weights.begin(), weights.end(), 0);
    const bool whole = total < 2 * together;
    // The block's first part, which must share a page with the held headings.
    double first = headHeight;
    for (size_t i = 0, w = 0; i < n && (whole || int(w) < together); ++i) {
        first += heights[i];
        w += size_t(weights[i]);
    }
    place(first);
    if (drawHead)
        drawHead();
    size_t i = 0;
    while (i < n) {
        const double room = m_body.bottom() - m_y;
        size_t end = i;
        double used = 0;
        while (end < n && used + heights[end] <= room + 0.5)
            used += heights[end++];
        if (end == n) {
            for (; i < n; ++i)
                drawItem(i);
            return;
        }
        if (end == i && m_y - headHeight <= m_body.top() + 1)
            end = i + 1; // taller than a page: drawn anyway, cut at the page's foot
        // Widows: carry at least `together` to the next page, keeping `together` here.
        int tail = 0;
        for (size_t k = end; k < n; ++k)
            tail += weights[k];
        if (!whole && end > i && tail < together) {
            size_t back = end;
            while (back > i && tail < together)
                tail += weights[--back];
            int kept = 0;
            for (size_t k = i; k < back; ++k)
                kept += weights[k];
            if (kept >= together)
                end = back;
        }
        for (; i < end; ++i)
            drawItem(i);
        newPage();
        if (drawHead)
            drawHead();
    }
}

// ---- text -----------------------------------------------------------------------------------

void PageFlow::text(const QString& text, const QFont& f, const QColor& colour, double indent,
                    double w, Qt::Alignment align) {
    if (w <= 0)
        w = width() - indent;
    const auto layout = layOut(text, f, w, &m_writer, align);
    std::vector<double> heights;
    for (int i = 0; i < layout->lineCount(); ++i)
        heights.push_back(layout->lineAt(i).height());
    flowItems(heights, std::vector<int>(heights.size(), 1), kLinesTogether, [&](size_t i) {
        const QTextLine line = layout->lineAt(int(i));
        m_p.setPen(colour);
        line.draw(&m_p, QPointF(left() + indent, m_y - line.y()));
        m_y += line.height();
    });
}

void PageFlow::paragraph(const QString& body, const QColor& colour, double size) {
    text(body, font(size), colour);
    m_y += mm(2);
}

void PageFlow::list(const QStringList& items, const QStringList& markers, const QFont& f,
                    const std::vector<QColor>& colours, double itemGap) {
    const double markerWidth = mm(7);
    const double indent = mm(2);
    const double w = width() - indent - markerWidth;
    // Each item is one unit when short; a long item (2 x kLinesTogether lines or more) is
    // split into its lines, so it can break with kLinesTogether lines on either side.
    struct Unit {
        size_t item;
        int firstLine;
        int lineCount;
    };
    std::vector<std::unique_ptr<QTextLayout>> layouts;
    std::vector<Unit> units;
    std::vector<double> heights;
    std::vector<int> weights;
    for (int k = 0; k < items.size(); ++k) {
        layouts.push_back(layOut(items[k], f, w, &m_writer));
        const QTextLayout& l = *layouts.back();
        const bool split = l.lineCount() >= 2 * kLinesTogether;
        for (int line = 0; line < l.lineCount();) {
            const int count = split ? 1 : l.lineCount();
            double h = 0;
            for (int j = line; j < line + count; ++j)
                h += l.lineAt(j).height();
            if (line + count == l.lineCount())
                h += itemGap;
            units.push_back({size_t(k), line, count});
            heights.push_back(h);
            weights.push_back(count);
            line += count;
        }
    }
    flowItems(heights, weights, kLinesTogether, [&](size_t u) {
        const Unit& unit = units[u];
        const QTextLayout& l = *layouts[unit.item];
        const QColor ink = unit.item < colours.size() ? colours[unit.item] : kInk;
        if (unit.firstLine == 0)
            textAt(markers.value(int(unit.item)), f, ink, QPointF(left() + indent, m_y),
                   markerWidth);
        m_p.setPen(ink);
        for (int j = unit.firstLine; j < unit.firstLine + unit.lineCount; ++j) {
            const QTextLine line = l.lineAt(j);
            line.draw(&m_p, QPointF(left() + indent + markerWidth, m_y - line.y()));
            m_y += line.height();
        }
        if (unit.firstLine + unit.lineCount == l.lineCount())
            m_y += itemGap;
    });
}

double PageFlow::measure(const QString& text, const QFont& f, double w) const {
    const auto layout = layOut(text, f, w, &m_writer);
    double h = 0;
    for (int i = 0; i < layout->lineCount(); ++i)
        h += layout->lineAt(i).height();
    return h;
}

void PageFlow::textAt(const QString& text, const QFont& f, const QColor& colour, const QPointF& at,
                      double w, Qt::Alignment align) {
    const auto layout = layOut(text, f, w, &m_writer, align);
    m_p.setPen(colour);
    layout->draw(&m_p, at);
}

// ---- rows -----------------------------------------------------------------------------------

void PageFlow::keyValues(const std::vector<std::pair<QString, QString>>& rows,
                         const QSet<int>& monoRows, double keyWidth) {
    const QFont keyFont = font(8.5, true);
    const double vw = width() - keyWidth - mm(2);
    const auto valueFont = [&](size_t i) {
        return monoRows.contains(int(i)) ? font(8.3, false, kMono) : font(9.0);
    };
    std::vector<double> heights;
    for (size_t i = 0; i < rows.size(); ++i)
        heights.push_back(std::max(measure(rows[i].first, keyFont, keyWidth - mm(2)),
                                   measure(rows[i].second, valueFont(i), vw)) +
                          mm(1.6));
    flowItems(heights, std::vector<int>(rows.size(), 1), kRowsTogether, [&](size_t i) {
        if (i % 2 == 0)
            m_p.fillRect(QRectF(left(), m_y, width(), heights[i]), kShade);
        textAt(rows[i].first, keyFont, kMuted, QPointF(left() + mm(1.5), m_y + mm(0.8)),
               keyWidth - mm(2));
        textAt(rows[i].second, valueFont(i), kInk,
               QPointF(left() + keyWidth + mm(0.5), m_y + mm(0.8)), vw);
        m_y += heights[i];
    });
    m_y += mm(3);
}

void PageFlow::table(const QStringList& headers, const std::vector<double>& widths,
                     const std::vector<QStringList>& rows, double size,
                     const QSet<int>& monoColumns) {
    const QFont headFont = font(size, true);
    const QFont bodyFont = font(size);
    const QFont monoFont = font(size - 0.4, false, kMono);
    const double pad = mm(1.2);
    std::vector<double> w;
    for (double f : widths)
        w.push_back(f * width());
    const auto cellFont = [&](int column, bool head) {
        return head ? headFont : monoColumns.contains(column) ? monoFont : bodyFont;
    };
    const auto rowHeight = [&](const QStringList& cells, bool head) {
        double h = 0;
        for (int i = 0; i < cells.size() && size_t(i) < w.size(); ++i)
            h = std::max(h, measure(cells[i], cellFont(i, head), w[size_t(i)] - 2 * pad));
        return h + 2 * pad;
    };
    const auto drawRow = [&](const QStringList& cells, bool head, double h, const QColor& fill,
                             const QColor& ink) {
        m_p.fillRect(QRectF(left(), m_y, width(), h), fill);
        double x = left();
        for (int i = 0; i < cells.size() && size_t(i) < w.size(); ++i) {
            textAt(cells[i], cellFont(i, head), ink, QPointF(x + pad, m_y + pad),
                   w[size_t(i)] - 2 * pad);
            x += w[size_t(i)];
        }
        m_y += h;
        m_p.setPen(QPen(kRule, mm(0.15)));
        m_p.drawLine(QPointF(left(), m_y), QPointF(left() + width(), m_y));
    };
    const double headHeight = rowHeight(headers, true);
    std::vector<double> heights;
    for (const QStringList& r : rows)
        heights.push_back(rowHeight(r, false));
    flowItems(
        heights, std::vector<int>(rows.size(), 1), kRowsTogether,
        [&](size_t r) {
            drawRow(rows[r], false, heights[r], r % 2 ? kShade : QColor(Qt::white), kInk);
        },
        headHeight, [&] { drawRow(headers, true, headHeight, kAccent, Qt::white); });
    m_y += mm(3);
}

// ---- boxes ----------------------------------------------------------------------------------

void PageFlow::notice(const QString& title, const QString& body, const QColor& ink,
                      const QColor& fill) {
    const double pad = mm(3);
    const double w = width() - 2 * pad - mm(1.6);
    const QFont titleFont = font(10.5, true);
    const double th = measure(title, titleFont, w);
    const double h = th + mm(1) + measure(body, font(9), w) + 2 * pad;
    place(h);
    m_p.setPen(QPen(ink, mm(0.5)));
    m_p.setBrush(fill);
    m_p.drawRect(QRectF(left(), m_y, width(), h));
    m_p.setBrush(Qt::NoBrush);
    m_p.fillRect(QRectF(left(), m_y, mm(1.6), h), ink);
    textAt(title, titleFont, ink, QPointF(left() + pad + mm(1.6), m_y + pad), w);
    textAt(body, font(9), kInk, QPointF(left() + pad + mm(1.6), m_y + pad + th + mm(1)), w);
    m_y += h + mm(4);
}

void PageFlow::figure(double height, const QString& caption,
                      const std::function<void(const QRectF&)>& paint) {
    const QFont captionFont = font(8.2);
    const double ch = measure(caption, captionFont, width());
    place(height + mm(1.2) + ch);
    paint(QRectF(left(), m_y, width(), height));
    m_y += height + mm(1.2);
    textAt(caption, captionFont, kMuted, QPointF(left(), m_y), width());
    m_y += ch + mm(5);
}

// ---- page furniture -------------------------------------------------------------------------

void PageFlow::decorate() {
    // Header: the document and its identifier; footer: its line and page X of Y.
    const double top = mm(kMarginTopMm) - mm(10);
    const QFont small = font(7.5);
    const QFont smallBold = font(7.5, true);
    const double w = width();
    textAt(m_marks.header, smallBold, kAccent, QPointF(left(), top), w * 0.6);
    textAt(m_marks.identifier, smallBold, kAccent, QPointF(left() + w * 0.5, top), w * 0.5,
           Qt::AlignRight);
    m_p.setPen(QPen(kRule, mm(0.25)));
    m_p.drawLine(QPointF(left(), top + mm(4.5)), QPointF(left() + w, top + mm(4.5)));

    const double bottom = m_pageHeight - mm(kMarginBottomMm) + mm(6);
    m_p.drawLine(QPointF(left(), bottom), QPointF(left() + w, bottom));
    textAt(m_marks.footer, font(6.8, false, kMono), kMuted, QPointF(left(), bottom + mm(1.5)),
           w * 0.8);
    const int total = m_total > 0 ? m_total : m_page;
    textAt(ReportRendererText::tr("page %1 of %2").arg(m_page).arg(total), small, kInk,
           QPointF(left() + w * 0.7, bottom + mm(1.5)), w * 0.3, Qt::AlignRight);
}

namespace {

Result<int> paintPass(QIODevice* device, const PdfDocument& document, int total) {
    QPdfWriter writer(device);
    writer.setPdfVersion(QPagedPaintDevice::PdfVersion_A1b);
    writer.setResolution(kDpi);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(0, 0, 0, 0), QPageLayout::Millimeter));
    writer.setTitle(document.title);
    writer.setCreator(document.creator);
    QPainter painter;
    if (!painter.begin(&writer))
        return makeError(Error::Kind::Internal, ReportRendererText::tr("cannot start the PDF"));
    painter.setRenderHint(QPainter::Antialiasing);
    PageFlow flow(writer, painter, document.marks, total);
    document.paint(flow);
    flow.finish();
    const int pages = flow.page();
    painter.end();
    return pages;
}

} // namespace

Result<int> renderPdf(QIODevice* device, const PdfDocument& document) {
    QBuffer scratch; // first pass: count the pages for "page N of M"
    scratch.open(QIODevice::WriteOnly);
    auto counted = paintPass(&scratch, document, 0);
    if (!counted)
        return counted.error();
    return paintPass(device, document, *counted);
}

Result<int> writePdfFile(const QString& path,
                         const std::function<Result<int>(QIODevice*)>& render) {
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(
            Error::Kind::NotReadable,
            ReportRendererText::tr("cannot write %1: %2").arg(path, file.errorString()));
    auto pages = render(&file);
    if (!pages) {
        file.cancelWriting();
        return pages.error();
    }
    if (!file.commit())
        return makeError(
            Error::Kind::NotReadable,
            ReportRendererText::tr("cannot write %1: %2").arg(path, file.errorString()));
    return pages;
}

} // namespace fp::report
