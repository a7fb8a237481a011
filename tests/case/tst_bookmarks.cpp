// Bookmarks: model edits stay sorted, JSON round-trips exactly, the store survives a restart.

#include "core/case/BookmarkStore.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace fp;

class TestBookmarks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void modelKeepsOrderAndEdits() {
        BookmarkModel model;
        QSignalSpy edited(&model, &BookmarkModel::edited);
        model.add(
            Bookmark{{}, 300, 300, BookmarkStatus::Warning, QStringLiteral("mouth smear"), {}});
        model.add(Bookmark{{}, 10, 40, BookmarkStatus::Ok, QStringLiteral("intro"), {}});
        model.add(Bookmark{{}, 120, 100, BookmarkStatus::ToCheck, QString(), {}}); // reversed range
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(edited.count(), 3);
        QCOMPARE(model.bookmarks()[0].firstFrame, qint64(10));
        QCOMPARE(model.bookmarks()[1].firstFrame, qint64(100));
        QCOMPARE(model.bookmarks()[1].lastFrame, qint64(120));
        QCOMPARE(
            model.data(model.index(0, BookmarkModel::FramesColumn), Qt::DisplayRole).toString(),
            QStringLiteral("10-40"));
        QCOMPARE(
            model.data(model.index(2, BookmarkModel::StatusColumn), Qt::DisplayRole).toString(),
            QStringLiteral("Warning"));
        QCOMPARE(model.rowsAt(110), QVector<int>{1});
        QVERIFY(model.rowsAt(50).isEmpty());

        // Editing the frames re-sorts; bad input is refused.
        QVERIFY(model.setData(model.index(0, BookmarkModel::FramesColumn),
                              QStringLiteral("500-510"), Qt::EditRole));
        QCOMPARE(model.bookmarks().last().firstFrame, qint64(500));
        QVERIFY(!model.setData(model.index(0, BookmarkModel::FramesColumn), QStringLiteral("x"),
                               Qt::EditRole));
        QVERIFY(model.setData(model.index(0, BookmarkModel::NoteColumn),
                              QStringLiteral("blend edge"), Qt::EditRole));
        QCOMPARE(model.bookmarks()[0].note, QStringLiteral("blend edge"));
        QVERIFY(model.setData(model.index(0, BookmarkModel::StatusColumn), int(BookmarkStatus::Ok),
                              Qt::EditRole));
        QCOMPARE(model.bookmarks()[0].status, BookmarkStatus::Ok);
        model.remove(1);
        QCOMPARE(model.rowCount(), 2);
    }

    void storeRoundTrips() {
        QTemporaryDir dir;
        const QString sha = QStringLiteral("ab").repeated(32);
        const QString path = bookmarkFilePath(sha, dir.path());
        QVERIFY(path.endsWith(sha + QStringLiteral(".json")));
        QVERIFY(loadBookmarks(path).ok());
        QVERIFY(loadBookmarks(path)->isEmpty());

        BookmarkModel model;
        model.add(Bookmark{
            {}, 5, 9, BookmarkStatus::Warning, QStringLiteral("ünïcode note, \"quoted\""), {}});
        model.add(Bookmark{{}, 1, 1, BookmarkStatus::Ok, QString(), {}});
        QVERIFY(saveBookmarks(path, model.bookmarks()).ok());
        auto loaded = loadBookmarks(path);
        QVERIFY(loaded.ok());
        QCOMPARE(*loaded, model.bookmarks());

        QFile damaged(path);
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("{not json");
        damaged.close();
        auto bad = loadBookmarks(path);
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, Error::Kind::Corrupt);
    }
};

QTEST_GUILESS_MAIN(TestBookmarks)
#include "tst_bookmarks.moc"
