#include "widgets/FindingsView.h"
#include "widgets/Palette.h"

#include "widgets/ListNavigationKeys.h"

#include <QHeaderView>
#include <QIcon>
#include <QLabel>
#include <QPainter>
#include <QPixmap>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <tuple>

namespace fp {

namespace {

// Sorts by the numbers behind the text: frames by (start, end), severity by rank; the other
// columns by text, ties by start frame.
class FindingItem final : public QTreeWidgetItem {
public:
    using QTreeWidgetItem::QTreeWidgetItem;

    bool operator<(const QTreeWidgetItem& other) const override {
        const int column = treeWidget() ? treeWidget()->sortColumn() : 0;
        const auto frames = [](const QTreeWidgetItem& item) {
            return std::make_tuple(item.data(0, FindingsView::StartFrameRole).toLongLong(),
                                   item.data(0, FindingsView::EndFrameRole).toLongLong());
        };
        switch (column) {
        case FindingsView::SeverityColumn: {
            const int a = data(0, FindingsView::SeverityRankRole).toInt();
            const int b = other.data(0, FindingsView::SeverityRankRole).toInt();
            return a != b ? a < b : frames(*this) < frames(other);
        }
        case FindingsView::SignalColumn:
        case FindingsView::ReasonColumn: {
            const int order = text(column).localeAwareCompare(other.text(column));
            return order != 0 ? order < 0 : frames(*this) < frames(other);
        }
        default:
            return frames(*this) < frames(other);
        }
    }
};

QIcon dotIcon(const QColor& colour) {
    QPixmap pixmap(12, 12);
    pixmap.fill(Qt::transparent);
    QPainter painter(&pixmap);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setPen(Qt::NoPen);
    painter.setBrush(colour);
    painter.drawEllipse(QRectF(1.5, 1.5, 9, 9));
    return QIcon(pixmap);
}

} // namespace

FindingsView::FindingsView(QWidget* parent)
    : QWidget(parent)
    , m_neverRunText(tr("No analysis yet")) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    m_stack = new QStackedWidget(this);
    layout->addWidget(m_stack);

    m_placeholder = new QLabel(m_stack);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setForegroundRole(QPalette::PlaceholderText);
    m_stack->addWidget(m_placeholder);

    auto* split = new QSplitter(Qt::Vertical, m_stack);
    split->setChildrenCollapsible(false);
    m_tree = new QTreeWidget(split);
    m_tree->setColumnCount(ColumnCount);
    m_tree->setHeaderLabels({tr("Frames"), tr("Signal"), tr("Severity"), tr("Reason")});
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->setSelectionMode(QAbstractItemView::SingleSelection);
    m_tree->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_tree->setTextElideMode(Qt::ElideRight);
    m_tree->setSortingEnabled(true);
    m_tree->sortByColumn(FramesColumn, Qt::AscendingOrder);
    keepNavigationKeys(m_tree); // Up/Down move between findings, not keyframes, while focused
    QHeaderView* header = m_tree->header();
    header->setStretchLastSection(true);
    header->setSectionResizeMode(FramesColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(SignalColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(SeverityColumn, QHeaderView::ResizeToContents);
    m_detail = new QTextBrowser(split);
    m_detail->setOpenLinks(false);
    m_detail->setFrameShape(QFrame::NoFrame);
    m_detail->setMinimumHeight(m_detail->fontMetrics().height() * 3);
    m_detail->setAccessibleName(tr("Selected finding"));
    split->addWidget(m_tree);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    m_stack->addWidget(split);
    connect(m_tree, &QTreeWidget::currentItemChanged, this,
            [this](QTreeWidgetItem* item) { showDetail(item); });

    const auto seek = [this](QTreeWidgetItem* item) {
        if (item)
            Q_EMIT seekRequested(item->data(0, StartFrameRole).toLongLong());
    };
    connect(m_tree, &QTreeWidget::itemClicked, this, seek);
    connect(m_tree, &QTreeWidget::itemActivated, this, seek);

    updatePlaceholder();
}

void FindingsView::setFindings(const std::vector<Finding>& findings,
                               const QMap<QString, QString>& signalTitles) {
    m_analysed = true;
    m_tree->setSortingEnabled(false); // insert first, sort once
    m_tree->clear();
    const bool lightBase = palette().color(QPalette::Base).lightness() > 128;
    QList<QTreeWidgetItem*> items;
    items.reserve(qsizetype(findings.size()));
    for (const Finding& finding : findings) {
        auto* item = new FindingItem;
        const QString frames =
            finding.startFrame == finding.endFrame
                ? QString::number(finding.startFrame)
                : QStringLiteral("%1-%2").arg(finding.startFrame).arg(finding.endFrame);
        const QString title = signalTitles.value(finding.signal, finding.signal);
        const QColor colour = severityColour(finding.severity);
        item->setText(FramesColumn, frames);
        item->setText(SignalColumn, title);
        item->setText(SeverityColumn, finding.severity);
        item->setText(ReasonColumn, finding.reason);
        item->setTextAlignment(FramesColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setIcon(SeverityColumn, dotIcon(colour));
        item->setForeground(SeverityColumn, lightBase ? colour.darker(150) : colour);
        const qint64 length = finding.endFrame - finding.startFrame + 1;
        const QString tip =
            tr("Frames %1 (%2), %3, %4 severity\n%5")
                .arg(frames, length == 1 ? tr("1 frame") : tr("%1 frames").arg(length), title,
                     finding.severity, finding.reason);
        for (int column = 0; column < ColumnCount; ++column)
            item->setToolTip(column, tip);
        item->setData(0, StartFrameRole, qint64(finding.startFrame));
        item->setData(0, EndFrameRole, qint64(finding.endFrame));
        item->setData(0, SeverityRankRole, severityRank(finding.severity));
        items << item;
    }
    m_tree->addTopLevelItems(items);
    m_tree->setSortingEnabled(true);
    // The first row, selected without seeking (a click seeks), so the detail shows it.
    m_tree->setCurrentItem(m_tree->topLevelItem(0));
    showDetail(m_tree->currentItem());
    updatePlaceholder();
}

void FindingsView::clear() {
    m_analysed = false;
    m_tree->clear();
    m_detail->clear();
    updatePlaceholder();
}

void FindingsView::showDetail(QTreeWidgetItem* item) {
    if (!item) {
        m_detail->setPlainText(count() > 0 ? tr("Select a finding to read it in full.")
                                           : QString());
        return;
    }
    const qint64 first = item->data(0, StartFrameRole).toLongLong();
    const qint64 last = item->data(0, EndFrameRole).toLongLong();
    const qint64 length = last - first + 1;
    const QString severity = item->text(SeverityColumn);
    const bool lightBase = palette().color(QPalette::Base).lightness() > 128;
    const QColor colour =
        lightBase ? severityColour(severity).darker(150) : severityColour(severity);
    const QString frames = first == last
                               ? tr("Frame %1").arg(first)
                               : tr("Frames %1–%2 (%3 frames)").arg(first).arg(last).arg(length);
    m_detail->setHtml(QStringLiteral("<p><b>%1</b> &middot; %2 &middot; <span style=\"color:%3\">"
                                     "%4</span></p><p>%5</p>")
                          .arg(frames.toHtmlEscaped(), item->text(SignalColumn).toHtmlEscaped(),
                               colour.name(), tr("%1 severity").arg(severity).toHtmlEscaped(),
                               item->text(ReasonColumn).toHtmlEscaped()));
}

QString FindingsView::detailText() const {
    return m_detail->toPlainText();
}

int FindingsView::count() const {
    return m_tree->topLevelItemCount();
}

void FindingsView::setPlaceholder(const QString& text) {
    m_neverRunText = text;
    updatePlaceholder();
}

QString FindingsView::placeholderShown() const {
    return m_stack->currentWidget() == m_placeholder ? m_placeholder->text() : QString();
}

int FindingsView::severityRank(const QString& severity) {
    if (severity == QLatin1String("high"))
        return 2;
    if (severity == QLatin1String("medium"))
        return 1;
    if (severity == QLatin1String("low"))
        return 0;
    return -1;
}

QColor FindingsView::severityColour(const QString& severity) {
    return palette::severityColour(severityRank(severity));
}

void FindingsView::updatePlaceholder() {
    if (count() > 0) {
        m_stack->setCurrentWidget(m_tree->parentWidget()); // the list and the detail
        return;
    }
    m_placeholder->setText(m_analysed ? tr("No findings") : m_neverRunText);
    m_stack->setCurrentWidget(m_placeholder);
}

} // namespace fp
