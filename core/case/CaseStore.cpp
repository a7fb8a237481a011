#include "core/case/CaseStore.h"

#include "core/case/CaseStoreSql.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLockFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>

// A CaseStore's lifetime: create or open the file (lock, connection, checks), transactions and
// their errors, and saving a copy. The other CaseStore*.cpp files hold the rest, by table.

namespace fp {

using namespace casesql;

namespace {

struct CaseStoreText {
    Q_DECLARE_TR_FUNCTIONS(fp::CaseStore)
};

// True when the file starts with SQLite's header (an empty file is not a case).
bool looksLikeSqlite(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return f.read(16) == QByteArray("SQLite format 3\0", 16);
}

// Takes CASE.fpcase.lock beside a case opened read-write; the error says who holds it.
Result<std::unique_ptr<QLockFile>> lockCase(const QString& path) {
    auto lock = std::make_unique<QLockFile>(path + QStringLiteral(".lock"));
    lock->setStaleLockTime(0); // stale only when its process is gone, never by age
    if (lock->tryLock(0))
        return lock;
    qint64 pid = 0;
    QString host, app;
    lock->getLockInfo(&pid, &host, &app);
    if (pid > 0)
        return makeError(Error::Kind::NotReadable,
                         CaseStoreText::tr("case %1 is locked: in use by %2 (process %3 on %4)")
                             .arg(QFileInfo(path).fileName(), app)
                             .arg(pid)
                             .arg(host));
    return makeError(Error::Kind::NotReadable,
                     CaseStoreText::tr("case %1: cannot create the lock file beside it (read-only "
                                       "folder?)")
                         .arg(QFileInfo(path).fileName()));
}

// Points the connection at the case file, with its options.
void setDatabaseFile(QSqlDatabase& db, const QString& path, bool readOnly) {
    db.setDatabaseName(path);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
    if (readOnly) {
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        // A case nobody is writing (no lock, no WAL) is read as immutable: SQLite then leaves
        // no -shm/-wal files behind and needs no write access to the folder. Otherwise the WAL
        // is read as usual, so a case being written (or left by a crash) is seen as it is.
        const bool quiet = !QFileInfo::exists(path + QStringLiteral("-wal")) &&
                           !QFileInfo::exists(path + QStringLiteral("-shm")) &&
                           !QFileInfo::exists(path + QStringLiteral(".lock"));
        if (quiet) {
            db.setDatabaseName(QUrl::fromLocalFile(path).toString(QUrl::FullyEncoded) +
                               QStringLiteral("?mode=ro&immutable=1"));
            options += QStringLiteral(";QSQLITE_OPEN_URI");
        }
    }
    db.setConnectOptions(options);
}

} // namespace

CaseStore::CaseStore(QString path, QString examiner, Mode mode)
    : m_path(std::move(path))
    , m_examiner(std::move(examiner))
    , m_mode(mode)
    , m_connection(
          QStringLiteral("fp-case-%1").arg(QUuid::createUuid().toString(QUuid::WithoutBraces))) {}

CaseStore::~CaseStore() {
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        if (db.isValid())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
    if (m_lock)
        m_lock->unlock();
}

Error CaseStore::sqlError(const QString& what, const QString& driverText) const {
    const QString lower = driverText.toLower();
    Error::Kind kind = Error::Kind::Internal;
    if (lower.contains(QLatin1String("malformed")) ||
        lower.contains(QLatin1String("not a database")))
        kind = Error::Kind::Corrupt;
    else if (lower.contains(QLatin1String("locked")) || lower.contains(QLatin1String("busy")))
        kind = Error::Kind::NotReadable;
    else if (lower.contains(QLatin1String("readonly")) ||
             lower.contains(QLatin1String("read-only")) ||
             lower.contains(QLatin1String("unable to open")) ||
             lower.contains(QLatin1String("disk I/O")))
        kind = Error::Kind::NotReadable;
    return makeError(kind, CaseStoreText::tr("case %1: %2: %3")
                               .arg(QFileInfo(m_path).fileName(), what, driverText.trimmed()));
}

Result<std::unique_ptr<CaseStore>> CaseStore::create(const QString& path, const QString& examiner) {
    if (QFileInfo::exists(path))
        return makeError(
            Error::Kind::NotReadable,
            CaseStoreText::tr("%1 already exists; a new case needs a new file name").arg(path));
    std::unique_ptr<CaseStore> store(
        new CaseStore(QFileInfo(path).absoluteFilePath(), examiner, Mode::ReadWrite));
    if (auto ok = store->connect(true); !ok) {
        store.reset();
        QFile::remove(path);
        return ok.error();
    }
    return store;
}

Result<std::unique_ptr<CaseStore>> CaseStore::open(const QString& path, const QString& examiner,
                                                   Mode mode) {
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(Error::Kind::NotFound,
                         CaseStoreText::tr("case %1 does not exist").arg(path));
    if (!info.isFile() || !info.isReadable())
        return makeError(Error::Kind::NotReadable,
                         CaseStoreText::tr("cannot read case %1").arg(path));
    if (!looksLikeSqlite(path))
        return makeError(
            Error::Kind::Unsupported,
            CaseStoreText::tr("%1 is not a Frameproof case file").arg(info.fileName()));
    std::unique_ptr<CaseStore> store(new CaseStore(info.absoluteFilePath(), examiner, mode));
    if (auto ok = store->connect(false); !ok)
        return ok.error();
    return store;
}

Result<void> CaseStore::connect(bool create) {
    if (m_mode == Mode::ReadWrite) {
        auto lock = lockCase(m_path);
        if (!lock)
            return lock.error();
        m_lock = std::move(*lock);
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    if (!db.isValid())
        return makeError(Error::Kind::Internal,
                         CaseStoreText::tr("Qt's SQLite driver (QSQLITE) is not installed "
                                           "(Debian: libqt6sql6-sqlite)"));
    setDatabaseFile(db, m_path, m_mode == Mode::ReadOnly);
    if (!db.open())
        return sqlError(CaseStoreText::tr("cannot open"), db.lastError().text());

    QSqlQuery q(db);
    auto exec = [&](const QString& sql) -> Result<void> {
        if (!q.exec(sql))
            return sqlError(sql, q.lastError().text());
        return {};
    };
    if (m_mode == Mode::ReadWrite) {
        if (auto ok = exec(QStringLiteral("PRAGMA journal_mode=WAL")); !ok)
            return ok;
        if (auto ok = exec(QStringLiteral("PRAGMA synchronous=FULL")); !ok)
            return ok;
    }
    if (auto ok = exec(QStringLiteral("PRAGMA foreign_keys=ON")); !ok)
        return ok;
    if (create) {
        if (auto ok = createSchema(); !ok)
            return ok;
    } else {
        if (!q.exec(QStringLiteral("PRAGMA application_id")))
            return sqlError(CaseStoreText::tr("cannot read"), q.lastError().text());
        if (!q.next() || q.value(0).toInt() != kApplicationId)
            return makeError(
                Error::Kind::Unsupported,
                CaseStoreText::tr("%1 is an SQLite database but not a Frameproof case file")
                    .arg(QFileInfo(m_path).fileName()));
    }
    if (auto ok = readMeta(); !ok)
        return ok;
    m_detailTable = m_info.schemaVersion >= 2;
    if (m_mode == Mode::ReadWrite && !m_detailTable)
        if (auto ok = upgradeSchema(); !ok)
            return ok;
    if (m_mode == Mode::ReadWrite && !create)
        return markInterrupted();
    return {};
}

Result<void> CaseStore::requireWritable() const {
    if (m_mode == Mode::ReadOnly)
        return makeError(
            Error::Kind::NotReadable,
            CaseStoreText::tr("case %1 is open read-only").arg(QFileInfo(m_path).fileName()));
    return {};
}

Result<void> CaseStore::transaction(const std::function<Result<void>()>& work) {
    if (auto ok = requireWritable(); !ok)
        return ok;
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    // IMMEDIATE takes the write lock up front: no deadlock when upgrading a read later.
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return sqlError(CaseStoreText::tr("cannot start a transaction"), q.lastError().text());
    Result<void> result = work();
    if (!result) {
        q.exec(QStringLiteral("ROLLBACK"));
        return result;
    }
    if (!q.exec(QStringLiteral("COMMIT"))) {
        const QString text = q.lastError().text();
        q.exec(QStringLiteral("ROLLBACK"));
        return sqlError(CaseStoreText::tr("cannot commit"), text);
    }
    return {};
}

Result<void> CaseStore::saveCopy(const QString& target) {
    if (QFileInfo::exists(target))
        return makeError(
            Error::Kind::NotReadable,
            CaseStoreText::tr("%1 already exists; choose a new file name").arg(target));
    if (QFileInfo(target).absoluteFilePath() == m_path)
        return makeError(Error::Kind::NotReadable,
                         CaseStoreText::tr("the copy needs a file name of its own"));
    auto entry =
        appendAudit(QStringLiteral("case_copied"),
                    QJsonObject{{QStringLiteral("target"), QFileInfo(target).absoluteFilePath()}});
    if (!entry)
        return entry.error();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    bind(q, QFileInfo(target).absoluteFilePath());
    if (!q.exec())
        return sqlError(CaseStoreText::tr("cannot save a copy"), q.lastError().text());
    return {};
}

} // namespace fp
