#include "core/case/Bookmarks.h"

#include <QCoreApplication>
#include <QJsonObject>

#include <algorithm>

namespace fp {

namespace {
struct BookmarksText {
    Q_DECLARE_TR_FUNCTIONS(fp::Bookmarks)
};
} // namespace

QString bookmarkStatusName(BookmarkStatus status) {
    switch (status) {
    case BookmarkStatus::Ok:
        return BookmarksText::tr("OK");
    case BookmarkStatus::ToCheck:
        return BookmarksText::tr("To check");
    case BookmarkStatus::Warning:
        return BookmarksText::tr("Warning");
    }
    return {};
}

QString bookmarkStatusKey(BookmarkStatus status) {
    switch (status) {
    case BookmarkStatus::Ok:
        return QStringLiteral("ok");
    case BookmarkStatus::ToCheck:
        return QStringLiteral("to_check");
    case BookmarkStatus::Warning:
        return QStringLiteral("warning");
    }
    return {};
}

BookmarkStatus bookmarkStatusFromKey(const QString& key) {
    if (key == QLatin1String("ok"))
        return BookmarkStatus::Ok;
    if (key == QLatin1String("warning"))
        return BookmarkStatus::Warning;
    return BookmarkStatus::ToCheck;
}

BookmarkModel::BookmarkModel(QObject* parent)
    : QAbstractTableModel(parent) {}

void BookmarkModel::sortByPosition() {
    std::stable_sort(
        m_bookmarks.begin(), m_bookmarks.end(),
        [](const Bookmark& a, const Bookmark& b) { return a.firstFrame < b.firstFrame; });
}

int BookmarkModel::add(Bookmark bookmark) {
    if (bookmark.id.isNull())
        bookmark.id = QUuid::createUuid();
    if (!bookmark.created.isValid())
        bookmark.created = QDateTime::currentDateTimeUtc();
    if (bookmark.lastFrame < bookmark.firstFrame)
        std::swap(bookmark.firstFrame, bookmark.lastFrame);
    auto pos = std::upper_bound(m_bookmarks.begin(), m_bookmarks.end(), bookmark.firstFrame,
                                [](qint64 f, const Bookmark& b) { return f < b.firstFrame; });
    const int row = int(pos - m_bookmarks.begin());
    beginInsertRows({}, row, row);
    m_bookmarks.insert(row, bookmark);
    endInsertRows();
    Q_EMIT edited();
    return row;
}

void BookmarkModel::remove(int row) {
    if (row < 0 || row >= m_bookmarks.size())
        return;
    beginRemoveRows({}, row, row);
    m_bookmarks.removeAt(row);
    endRemoveRows();
    Q_EMIT edited();
}

void BookmarkModel::update(int row, const Bookmark& bookmark) {
    if (row < 0 || row >= m_bookmarks.size())
        return;
    beginResetModel();
    m_bookmarks[row] = bookmark;
    sortByPosition();
    endResetModel();
    Q_EMIT edited();
}

void BookmarkModel::clear() {
    beginResetModel();
    m_bookmarks.clear();
    endResetModel();
}

void BookmarkModel::setBookmarks(QVector<Bookmark> bookmarks) {
    beginResetModel();
    m_bookmarks = std::move(bookmarks);
    sortByPosition();
    endResetModel();
}

QVector<int> BookmarkModel::rowsAt(qint64 frame) const {
    QVector<int> rows;
    for (int i = 0; i < m_bookmarks.size(); ++i) {
        if (m_bookmarks[i].firstFrame <= frame && frame <= m_bookmarks[i].lastFrame)
            rows << i;
    }
    return rows;
}

QJsonArray BookmarkModel::toJson() const {
    QJsonArray array;
    for (const Bookmark& b : m_bookmarks) {
        array.append(
            QJsonObject{{QStringLiteral("id"), b.id.toString(QUuid::WithoutBraces)},
                        {QStringLiteral("start_frame"), b.firstFrame},
                        {QStringLiteral("end_frame"), b.lastFrame},
                        {QStringLiteral("status"), bookmarkStatusKey(b.status)},
                        {QStringLiteral("note"), b.note},
                        {QStringLiteral("created"), b.created.toString(Qt::ISODateWithMs)}});
    }
    return array;
}

QVector<Bookmark> BookmarkModel::fromJson(const QJsonArray& array) {
    QVector<Bookmark> result;
    for (const QJsonValue& value : array) {
        const QJsonObject o = value.toObject();
        Bookmark b;
        b.id = QUuid::fromString(o.value(QStringLiteral("id")).toString());
        b.firstFrame = o.value(QStringLiteral("start_frame")).toInteger();
        b.lastFrame = o.value(QStringLiteral("end_frame")).toInteger(b.firstFrame);
        b.status = bookmarkStatusFromKey(o.value(QStringLiteral("status")).toString());
        b.note = o.value(QStringLiteral("note")).toString();
        b.created =
            QDateTime::fromString(o.value(QStringLiteral("created")).toString(), Qt::ISODateWithMs);
        if (b.id.isNull())
            b.id = QUuid::createUuid();
        result << b;
    }
    return result;
}

int BookmarkModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(m_bookmarks.size());
}

int BookmarkModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant BookmarkModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= m_bookmarks.size())
        return {};
    const Bookmark& b = m_bookmarks[index.row()];
    switch (role) {
    case FirstFrameRole:
        return b.firstFrame;
    case LastFrameRole:
        return b.lastFrame;
    case StatusRole:
        return int(b.status);
    case Qt::DisplayRole:
    case Qt::EditRole:
        switch (index.column()) {
        case FramesColumn:
            return b.firstFrame == b.lastFrame
                       ? QString::number(b.firstFrame)
                       : QStringLiteral("%1-%2").arg(b.firstFrame).arg(b.lastFrame);
        case StatusColumn:
            return role == Qt::EditRole ? QVariant(int(b.status))
                                        : QVariant(bookmarkStatusName(b.status));
        case NoteColumn:
            return b.note;
        }
        break;
    case Qt::ToolTipRole:
        return b.note.isEmpty() ? bookmarkStatusName(b.status) : b.note;
    default:
        break;
    }
    return {};
}

QVariant BookmarkModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case FramesColumn:
        return BookmarksText::tr("Frames");
    case StatusColumn:
        return BookmarksText::tr("Status");
    case NoteColumn:
        return BookmarksText::tr("Note");
    }
    return {};
}

Qt::ItemFlags BookmarkModel::flags(const QModelIndex& index) const {
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
}

bool BookmarkModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || role != Qt::EditRole || index.row() >= m_bookmarks.size())
        return false;
    Bookmark b = m_bookmarks[index.row()];
    switch (index.column()) {
    case FramesColumn: {
        // "120" or "120-180"
        const QStringList parts = value.toString().split(QLatin1Char('-'), Qt::SkipEmptyParts);
        bool ok1 = false, ok2 = true;
        const qint64 first = parts.value(0).trimmed().toLongLong(&ok1);
        const qint64 last = parts.size() > 1 ? parts.value(1).trimmed().toLongLong(&ok2) : first;
        if (!ok1 || !ok2 || first < 0 || last < 0)
            return false;
        b.firstFrame = std::min(first, last);
        b.lastFrame = std::max(first, last);
        break;
    }
    case StatusColumn:
        b.status = BookmarkStatus(std::clamp(value.toInt(), 0, 2));
        break;
    case NoteColumn:
        b.note = value.toString();
        break;
    default:
        return false;
    }
    update(index.row(), b);
    return true;
}

} // namespace fp
