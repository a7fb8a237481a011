#pragma once

// The bookmarks dock: a table bound to a BookmarkModel (frames, status, note), editable in
// place (the status through a drop-down), with buttons to add at the playhead and to remove.
// Double-clicking a row (or Enter) seeks to its first frame.
// Thread-safety: GUI thread only. The model is owned elsewhere (the clip session).

#include <QWidget>

class QTableView;
class QPushButton;

namespace fp {

class BookmarkModel;

class BookmarksPanel : public QWidget {
    Q_OBJECT
public:
    explicit BookmarksPanel(QWidget* parent = nullptr);

    void setModel(BookmarkModel* model); // null: nothing to show
    QTableView* view() const { return m_view; }

Q_SIGNALS:
    void seekRequested(qint64 frame);
    void addRequested();

private:
    void removeSelected();

    QTableView* m_view = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_remove = nullptr;
    BookmarkModel* m_model = nullptr;
};

} // namespace fp
