#pragma once

// The evidentiary report's page-flowing writer (used by widgets/ReportRenderer): places blocks
// top to bottom on the A4 pages of a QPdfWriter and breaks pages the way a printed report must.
//  - Keep with next: a heading is held back and drawn only together with the start of what
//    follows it (its first kLinesTogether lines, first kRowsTogether rows, or the whole figure),
//    so a heading never ends a page.
//  - Orphans and widows: a paragraph or a list breaks only with at least kLinesTogether lines on
//    either side of the break; one too short to split that way moves to the next page whole.
//    List items of a few lines are never split.
//  - Tables and key/value lists: rows never split, at least kRowsTogether rows stay on either
//    side of a break, and a table's header row is repeated on the next page.
//  - A figure and its caption always share a page.
// Every page is headed with the case and the report identifier and footed with the evidence
// SHA-256 and "page X of Y" (the total comes from a first, counting pass).
//
// Lengths are in device pixels of the PDF writer (kDpi); mm() converts.
// Thread-safety: the thread that owns the painter.
// The writer, painter and content are borrowed and must outlive the flow.

#include "core/report/ReportContent.h"
#include "models/Result.h"
#include "widgets/Palette.h"

#include <QColor>
#include <QFont>
#include <QRectF>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <utility>
#include <vector>

class QPainter;
class QPdfWriter;
class QTextLayout;

namespace fp::report {

constexpr int kDpi = 600;
constexpr int kLinesTogether = 3; // lines kept together at a page break (orphans and widows)
constexpr int kRowsTogether = 2;  // table rows kept together at a page break

// The page's colours, from the one palette (widgets/Palette.h).
inline const QColor kInk = palette::kPageInk;
inline const QColor kMuted = palette::kPageMuted;
inline const QColor kAccent = palette::kPageAccent; // headings, rules
inline const QColor kRule = palette::kPageRule;
inline const QColor kShade = palette::kPageShade;
inline const QColor kAlarm = palette::kAlarm;
inline const QColor kAlarmFill = palette::kAlarmFill;
inline const QColor kOk = palette::kOk;
inline const QColor kOkFill = palette::kOkFill;

inline const QString kSans = QStringLiteral("DejaVu Sans");
inline const QString kMono = QStringLiteral("DejaVu Sans Mono");

// Millimetres to device pixels.
constexpr double mm(double v) {
    return v / 25.4 * kDpi;
}
// The report's fonts: no shaping, so the PDF's text searches and copies as typed.
QFont font(double points, bool bold = false, const QString& family = kSans);

// What every page carries: a header (left: the document, right: its identifier) and a footer
// line (left; "page N of M" goes right).
struct PageMarks {
    QString header;
    QString identifier;
    QString footer;
};
// The evidentiary report's marks: the case, the report identifier, the evidence's SHA-256.
PageMarks reportPageMarks(const ReportContent& content);

class PageFlow {
public:
    PageFlow(QPdfWriter& writer, QPainter& painter, PageMarks marks, int totalPages);

    int page() const { return m_page; }
    double width() const { return m_body.width(); }
    double left() const { return m_body.left(); }
    double y() const { return m_y; }
    // Share of the current page's body already used, 0..1.
    double filled() const;
    QPainter& painter() { return m_p; }

    void newPage();
    // Room for a block of `height` drawn directly with painter() at y(): breaks the page if
    // needed and draws the headings held back for it.
    void ensure(double height);
    void skip(double dy);
    // Draws the headings still held back (the end of the report).
    void finish();

    // Wrapped text at `indent` within the body, `w` wide (0: to the right margin), flowing
    // across pages by the orphan and widow rules.
    void text(const QString& text, const QFont& f, const QColor& colour, double indent = 0,
              double w = 0, Qt::Alignment align = Qt::AlignLeft);
    void paragraph(const QString& body, const QColor& colour = kInk, double size = 9.0);
    // Items with a hanging marker ("1.", a bullet); an item moves whole unless it is long.
    void list(const QStringList& items, const QStringList& markers, const QFont& f,
              const std::vector<QColor>& colours, double itemGap);
    // Height of `text` wrapped to `w`.
    double measure(const QString& text, const QFont& f, double w) const;
    // Draws wrapped text in a box at `at`, without page breaks (cells, labels).
    void textAt(const QString& text, const QFont& f, const QColor& colour, const QPointF& at,
                double w, Qt::Alignment align = Qt::AlignLeft);

    // Held back until the block after it is placed (keep with next).
    void heading(const QString& number, const QString& title);
    void subheading(const QString& title);

    // Two columns: label (muted) and value; rows never split across pages.
    void keyValues(const std::vector<std::pair<QString, QString>>& rows,
                   const QSet<int>& monoRows = {}, double keyWidth = mm(42));
    // A table with a header row, repeated after a page break. `widths` are fractions.
    void table(const QStringList& headers, const std::vector<double>& widths,
               const std::vector<QStringList>& rows, double size = 8.2,
               const QSet<int>& monoColumns = {});
    // A boxed notice (integrity status, warnings).
    void notice(const QString& title, const QString& body, const QColor& ink, const QColor& fill);
    // A figure of `height`: `paint` draws into the rectangle; the caption goes under it.
    void figure(double height, const QString& caption,
                const std::function<void(const QRectF&)>& paint);

private:
    struct HeldHeading {
        QString number;
        QString title;
        bool sub = false;
    };
    bool atPageTop() const { return m_y <= m_body.top() + 1; }
    double headingHeight(const HeldHeading& h) const;
    void drawHeading(const HeldHeading& h);
    // Breaks the page unless the held headings and `height` fit, then draws the headings.
    void place(double height);
    // Items of `heights` (each worth `weights` lines or rows), drawn by `drawItem` at y() (which
    // must advance y()). Breaks pages between items with at least `together` weight on either
    // side; a block worth less than 2 x `together` moves whole. `drawHead` (height `headHeight`)
    // starts the block and every continuation page (a table's header row).
    void flowItems(const std::vector<double>& heights, const std::vector<int>& weights,
                   int together, const std::function<void(size_t)>& drawItem, double headHeight = 0,
                   const std::function<void()>& drawHead = {});
    void decorate();

    QPdfWriter& m_writer;
    QPainter& m_p;
    PageMarks m_marks;
    int m_total = 0;
    int m_page = 1;
    double m_pageHeight = 0;
    QRectF m_body;
    double m_y = 0;
    std::vector<HeldHeading> m_held;
};

// A PDF document in the report's form (A4, PDF/A-1b, 600 dpi, `title` and `creator` in its
// properties, `marks` on every page), its body painted by `paint`. Painted twice: once to count
// the pages, then with "page N of M". Returns the number of pages.
struct PdfDocument {
    QString title;
    QString creator;
    PageMarks marks;
    std::function<void(PageFlow&)> paint;
};
Result<int> renderPdf(QIODevice* device, const PdfDocument& document);
// `render` into `path`, whole or not at all (QSaveFile); returns what `render` returned.
Result<int> writePdfFile(const QString& path, const std::function<Result<int>(QIODevice*)>& render);

} // namespace fp::report
