#include "core/case/BookmarkStore.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QStandardPaths>

namespace fp {

namespace {
struct BookmarkStoreText {
    Q_DECLARE_TR_FUNCTIONS(fp::BookmarkStore)
};
} // namespace

QString bookmarkFilePath(const QString& sha256, const QString& dataDir) {
    const QString base = dataDir.isEmpty()
                             ? QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)
                             : dataDir;
    return QDir(base).filePath(QStringLiteral("bookmarks/%1.json").arg(sha256));
}

Result<QVector<Bookmark>> loadBookmarks(const QString& filePath) {
    QFile file(filePath);
    if (!file.exists())
        return QVector<Bookmark>();
    if (!file.open(QIODevice::ReadOnly))
        return makeError(Error::Kind::NotReadable,
                         BookmarkStoreText::tr("cannot read bookmarks %1: %2")
                             .arg(filePath, file.errorString()));
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(Error::Kind::Corrupt,
                         BookmarkStoreText::tr("bookmarks file %1 is damaged: %2")
                             .arg(filePath, parseError.errorString()));
    return BookmarkModel::fromJson(doc.object().value(QStringLiteral("bookmarks")).toArray());
}

Result<void> saveBookmarks(const QString& filePath, const QVector<Bookmark>& bookmarks) {
    QDir().mkpath(QFileInfo(filePath).absolutePath());
    BookmarkModel model;
    model.setBookmarks(bookmarks);
    const QJsonObject root{{QStringLiteral("schema"), QStringLiteral("frameproof.bookmarks/1")},
                           {QStringLiteral("bookmarks"), model.toJson()}};
    QSaveFile file(filePath);
    if (!file.open(QIODevice::WriteOnly))
        return makeError(Error::Kind::NotReadable,
                         BookmarkStoreText::tr("cannot save bookmarks to %1: %2")
                             .arg(filePath, file.errorString()));
    file.write(QJsonDocument(root).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return makeError(Error::Kind::NotReadable,
                         BookmarkStoreText::tr("cannot save bookmarks to %1: %2")
                             .arg(filePath, file.errorString()));
    return {};
}

} // namespace fp
