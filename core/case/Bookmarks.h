#pragma once

// Bookmarks: a frame or frame range with a note and a status (OK / To check / Warning), as an
// item model the bookmarks dock binds to directly, and as JSON for saving beside the case
// (until the case file arrives, one JSON file per evidence SHA-256 in the user's data folder).
// Frames are presentation indices.
// Thread-safety: BookmarkModel is a QObject for the GUI thread; Bookmark is a plain value.

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonArray>
#include <QString>
#include <QUuid>
#include <QVector>

namespace fp {

enum class BookmarkStatus { Ok, ToCheck, Warning };

QString bookmarkStatusName(BookmarkStatus status); // translated, for display
QString bookmarkStatusKey(BookmarkStatus status);  // stable JSON key: ok, to_check, warning
BookmarkStatus bookmarkStatusFromKey(const QString& key);

struct Bookmark {
    QUuid id;
    qint64 firstFrame = 0; // inclusive
    qint64 lastFrame = 0;  // inclusive
    BookmarkStatus status = BookmarkStatus::ToCheck;
    QString note;
    QDateTime created; // UTC
    bool operator==(const Bookmark&) const = default;
};

class BookmarkModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { FramesColumn, StatusColumn, NoteColumn, ColumnCount };
    enum Role { FirstFrameRole = Qt::UserRole + 1, LastFrameRole, StatusRole };

    explicit BookmarkModel(QObject* parent = nullptr);

    const QVector<Bookmark>& bookmarks() const { return m_bookmarks; }
    // Adds and returns the row; bookmarks stay sorted by first frame.
    int add(Bookmark bookmark);
    void remove(int row);
    void update(int row, const Bookmark& bookmark);
    void clear();
    // Replaces everything (loading).
    void setBookmarks(QVector<Bookmark> bookmarks);
    // Rows whose range contains `frame`.
    QVector<int> rowsAt(qint64 frame) const;

    QJsonArray toJson() const;
    static QVector<Bookmark> fromJson(const QJsonArray& array);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role) override;

Q_SIGNALS:
    // Any change a user made (add, remove, edit): time to save.
    void edited();

private:
    void sortByPosition();
    QVector<Bookmark> m_bookmarks;
};

} // namespace fp
