#include "widgets/BookmarksPanel.h"
#include "widgets/Palette.h"

#include "widgets/ListNavigationKeys.h"

#include "core/case/Bookmarks.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QPushButton>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QVBoxLayout>

namespace fp {

namespace {

// Edits the status column with a drop-down of the three statuses.
class StatusDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&,
                          const QModelIndex&) const override {
        auto* box = new QComboBox(parent);
        for (auto status : {BookmarkStatus::Ok, BookmarkStatus::ToCheck, BookmarkStatus::Warning})
            box->addItem(bookmarkStatusName(status), int(status));
        return box;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override {
        auto* box = static_cast<QComboBox*>(editor);
        box->setCurrentIndex(box->findData(index.data(BookmarkModel::StatusRole)));
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model,
                      const QModelIndex& index) const override {
        model->setData(index, static_cast<QComboBox*>(editor)->currentData(), Qt::EditRole);
    }
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override {
        QStyleOptionViewItem styled = option;
        const auto status = BookmarkStatus(index.data(BookmarkModel::StatusRole).toInt());
        styled.palette.setColor(QPalette::Text, palette::bookmarkColour(status));
        QStyledItemDelegate::paint(painter, styled, index);
    }
};

} // namespace

BookmarksPanel::BookmarksPanel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    m_view = new QTableView(this);
    keepNavigationKeys(m_view); // Up/Down move between bookmarks, not keyframes, while focused
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
    m_view->horizontalHeader()->setStretchLastSection(true);
    m_view->verticalHeader()->setVisible(false);
    m_view->setItemDelegateForColumn(BookmarkModel::StatusColumn, new StatusDelegate(m_view));
    m_view->setToolTip(
        tr("Double-click the frames to jump there; edit the status and the note in place"));
    connect(m_view, &QTableView::activated, this, [this](const QModelIndex& index) {
        if (index.column() == BookmarkModel::FramesColumn ||
            !index.flags().testFlag(Qt::ItemIsEditable))
            Q_EMIT seekRequested(index.data(BookmarkModel::FirstFrameRole).toLongLong());
    });
    connect(m_view, &QTableView::clicked, this, [this](const QModelIndex& index) {
        Q_EMIT seekRequested(index.data(BookmarkModel::FirstFrameRole).toLongLong());
    });
    layout->addWidget(m_view);

    auto* buttons = new QHBoxLayout;
    m_add = new QPushButton(tr("Add at playhead"), this);
    m_add->setToolTip(tr("Bookmark the frame on screen, or the marked range (M)"));
    m_remove = new QPushButton(tr("Remove"), this);
    m_remove->setToolTip(tr("Remove the selected bookmarks"));
    connect(m_add, &QPushButton::clicked, this, &BookmarksPanel::addRequested);
    connect(m_remove, &QPushButton::clicked, this, &BookmarksPanel::removeSelected);
    buttons->addWidget(m_add);
    buttons->addWidget(m_remove);
    buttons->addStretch();
    layout->addLayout(buttons);
    setModel(nullptr);
}

void BookmarksPanel::setModel(BookmarkModel* model) {
    m_model = model;
    m_view->setModel(model);
    m_add->setEnabled(model != nullptr);
    m_remove->setEnabled(model != nullptr);
    if (model)
        m_view->horizontalHeader()->setSectionResizeMode(BookmarkModel::FramesColumn,
                                                         QHeaderView::ResizeToContents);
}

void BookmarksPanel::removeSelected() {
    if (!m_model || !m_view->selectionModel())
        return;
    QList<int> rows;
    for (const QModelIndex& index : m_view->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end(), std::greater<>());
    for (int row : rows)
        m_model->remove(row);
}

} // namespace fp
