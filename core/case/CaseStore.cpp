#include "core/case/CaseStore.h"

#include "core/case/AnalysisDetail.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLockFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUuid>
#include <QVariant>

#include <map>

namespace fp {

namespace {

struct CaseStoreText {
    Q_DECLARE_TR_FUNCTIONS(fp::CaseStore)
};

// 'FPcs': marks the SQLite file as a Frameproof case (PRAGMA application_id).
constexpr int kApplicationId = 0x46506373;

// Schema 2: the detail blob of a complete analysis (core/case/AnalysisDetail.h), apart from the
// analyses rows so that listing analyses never reads it.
const char* const kDetailTable =
    "CREATE TABLE analysis_detail (analysis_id INTEGER PRIMARY KEY REFERENCES analyses(id),"
    " format INTEGER NOT NULL, size_bytes INTEGER NOT NULL, sha256 TEXT NOT NULL,"
    " data BLOB NOT NULL)";

const char* const kSchema[] = {
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE evidence (id INTEGER PRIMARY KEY, path TEXT NOT NULL, file_name TEXT NOT NULL,"
    " size_bytes INTEGER NOT NULL, sha256 TEXT NOT NULL UNIQUE, md5 TEXT NOT NULL,"
    " intake_time TEXT NOT NULL, examiner TEXT NOT NULL, facts TEXT NOT NULL)",
    "CREATE TABLE analyses (id INTEGER PRIMARY KEY,"
    " evidence_id INTEGER NOT NULL REFERENCES evidence(id),"
    " status TEXT NOT NULL CHECK (status IN ('running', 'complete', 'incomplete', 'failed')),"
    " started TEXT NOT NULL, finished TEXT, examiner TEXT NOT NULL, parameters TEXT NOT NULL,"
    " tool TEXT NOT NULL, models TEXT NOT NULL, result TEXT, message TEXT)",
    "CREATE TABLE bookmarks (id TEXT PRIMARY KEY,"
    " evidence_id INTEGER NOT NULL REFERENCES evidence(id), first_frame INTEGER NOT NULL,"
    " last_frame INTEGER NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL,"
    " created TEXT NOT NULL)",
    "CREATE TABLE notes (id INTEGER PRIMARY KEY, evidence_id INTEGER REFERENCES evidence(id),"
    " time TEXT NOT NULL, examiner TEXT NOT NULL, text TEXT NOT NULL)",
    "CREATE TABLE conclusion (id INTEGER PRIMARY KEY CHECK (id = 1), scale TEXT NOT NULL,"
    " text TEXT NOT NULL, time TEXT NOT NULL, examiner TEXT NOT NULL)",
    "CREATE TABLE audit (sequence INTEGER PRIMARY KEY, time TEXT NOT NULL,"
    " examiner TEXT NOT NULL, action TEXT NOT NULL, details TEXT NOT NULL,"
    " previous_hash TEXT NOT NULL, entry_hash TEXT NOT NULL)",
    kDetailTable,
    "CREATE INDEX analyses_evidence ON analyses(evidence_id)",
    "CREATE INDEX bookmarks_evidence ON bookmarks(evidence_id)",
};

// Binds a value; an empty QString is bound as '' (Qt would bind a null QString as NULL, which
// the NOT NULL text columns refuse).
void bind(QSqlQuery& q, const QVariant& value) {
    if (value.metaType().id() == QMetaType::QString && value.toString().isNull())
        q.addBindValue(QStringLiteral(""));
    else
        q.addBindValue(value);
}

QString jsonText(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QJsonObject jsonObject(const QVariant& text) {
    return QJsonDocument::fromJson(text.toString().toUtf8()).object();
}

QString timeText(const QDateTime& time) {
    return auditTimeText(time);
}

QDateTime timeFrom(const QVariant& text) {
    if (text.isNull())
        return {};
    QDateTime t = QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

QString sha256Hex(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

AnalysisStatus statusFromKey(const QString& key) {
    if (key == QLatin1String("complete"))
        return AnalysisStatus::Complete;
    if (key == QLatin1String("incomplete"))
        return AnalysisStatus::Incomplete;
    if (key == QLatin1String("failed"))
        return AnalysisStatus::Failed;
    return AnalysisStatus::Running;
}

QJsonObject bookmarkJson(const Bookmark& b) {
    return QJsonObject{{QStringLiteral("id"), b.id.toString(QUuid::WithoutBraces)},
                       {QStringLiteral("start_frame"), b.firstFrame},
                       {QStringLiteral("end_frame"), b.lastFrame},
                       {QStringLiteral("status"), bookmarkStatusKey(b.status)},
                       {QStringLiteral("note"), b.note}};
}

EvidenceRecord evidenceFrom(const QSqlQuery& q) {
    EvidenceRecord r;
    r.id = q.value(0).toLongLong();
    r.path = q.value(1).toString();
    r.fileName = q.value(2).toString();
    r.sizeBytes = q.value(3).toLongLong();
    r.sha256 = q.value(4).toString();
    r.md5 = q.value(5).toString();
    r.intakeTime = timeFrom(q.value(6));
    r.examiner = q.value(7).toString();
    r.facts = jsonObject(q.value(8));
    return r;
}

const char* const kEvidenceColumns =
    "id, path, file_name, size_bytes, sha256, md5, intake_time, examiner, facts";
const char* const kAnalysisColumns = "id, evidence_id, status, started, finished, examiner, "
                                     "parameters, tool, models, result, message";

AnalysisRecord analysisFrom(const QSqlQuery& q) {
    AnalysisRecord r;
    r.id = q.value(0).toLongLong();
    r.evidenceId = q.value(1).toLongLong();
    r.status = statusFromKey(q.value(2).toString());
    r.started = timeFrom(q.value(3));
    r.finished = timeFrom(q.value(4));
    r.examiner = q.value(5).toString();
    r.parameters = jsonObject(q.value(6));
    r.tool = jsonObject(q.value(7));
    r.models = jsonObject(q.value(8));
    r.result = jsonObject(q.value(9));
    r.message = q.value(10).toString();
    return r;
}

// True when the file starts with SQLite's header (an empty file is not a case).
bool looksLikeSqlite(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    return f.read(16) == QByteArray("SQLite format 3\0", 16);
}

} // namespace

QString analysisStatusKey(AnalysisStatus status) {
    switch (status) {
    case AnalysisStatus::Running:
        return QStringLiteral("running");
    case AnalysisStatus::Complete:
        return QStringLiteral("complete");
    case AnalysisStatus::Incomplete:
        return QStringLiteral("incomplete");
    case AnalysisStatus::Failed:
        return QStringLiteral("failed");
    }
    return QStringLiteral("running");
}

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
        m_lock = std::make_unique<QLockFile>(m_path + QStringLiteral(".lock"));
        m_lock->setStaleLockTime(0); // stale only when its process is gone, never by age
        if (!m_lock->tryLock(0)) {
            qint64 pid = 0;
            QString host, app;
            m_lock->getLockInfo(&pid, &host, &app);
            m_lock.reset();
            if (pid > 0)
                return makeError(
                    Error::Kind::NotReadable,
                    CaseStoreText::tr("case %1 is locked: in use by %2 (process %3 on %4)")
                        .arg(QFileInfo(m_path).fileName(), app)
                        .arg(pid)
                        .arg(host));
            return makeError(
                Error::Kind::NotReadable,
                CaseStoreText::tr("case %1: cannot create the lock file beside it (read-only "
                                  "folder?)")
                    .arg(QFileInfo(m_path).fileName()));
        }
    }
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connection);
    if (!db.isValid())
        return makeError(Error::Kind::Internal,
                         CaseStoreText::tr("Qt's SQLite driver (QSQLITE) is not installed "
                                           "(Debian: libqt6sql6-sqlite)"));
    db.setDatabaseName(m_path);
    QString options = QStringLiteral("QSQLITE_BUSY_TIMEOUT=5000");
    if (m_mode == Mode::ReadOnly) {
        options += QStringLiteral(";QSQLITE_OPEN_READONLY");
        // A case nobody is writing (no lock, no WAL) is read as immutable: SQLite then leaves
        // no -shm/-wal files behind and needs no write access to the folder. Otherwise the WAL
        // is read as usual, so a case being written (or left by a crash) is seen as it is.
        const bool quiet = !QFileInfo::exists(m_path + QStringLiteral("-wal")) &&
                           !QFileInfo::exists(m_path + QStringLiteral("-shm")) &&
                           !QFileInfo::exists(m_path + QStringLiteral(".lock"));
        if (quiet) {
            db.setDatabaseName(QUrl::fromLocalFile(m_path).toString(QUrl::FullyEncoded) +
                               QStringLiteral("?mode=ro&immutable=1"));
            options += QStringLiteral(";QSQLITE_OPEN_URI");
        }
    }
    db.setConnectOptions(options);
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

Result<void> CaseStore::createSchema() {
    QSqlDatabase db = QSqlDatabase::database(m_connection, false);
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA application_id=%1").arg(kApplicationId)))
        return sqlError(CaseStoreText::tr("cannot write"), q.lastError().text());
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString caseId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    return transaction([&]() -> Result<void> {
        for (const char* sql : kSchema) {
            if (!q.exec(QLatin1String(sql)))
                return sqlError(CaseStoreText::tr("cannot create the schema"),
                                q.lastError().text());
        }
        q.prepare(QStringLiteral("INSERT INTO meta (key, value) VALUES (?, ?)"));
        const std::pair<const char*, QString> meta[] = {
            {"schema_version", QString::number(kCaseSchemaVersion)},
            {"case_id", caseId},
            {"created", timeText(now)},
            {"created_by", QStringLiteral("Frameproof")}};
        for (const auto& [key, value] : meta) {
            bind(q, QLatin1String(key));
            bind(q, value);
            if (!q.exec())
                return sqlError(CaseStoreText::tr("cannot write"), q.lastError().text());
        }
        auto entry = appendAuditInTransaction(
            QStringLiteral("case_created"),
            QJsonObject{{QStringLiteral("case_id"), caseId},
                        {QStringLiteral("file_name"), QFileInfo(m_path).fileName()},
                        {QStringLiteral("schema_version"), kCaseSchemaVersion}});
        if (!entry)
            return entry.error();
        return {};
    });
}

Result<void> CaseStore::readMeta() {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT key, value FROM meta")))
        return makeError(Error::Kind::Unsupported,
                         CaseStoreText::tr("%1 is not a Frameproof case file: %2")
                             .arg(QFileInfo(m_path).fileName(), q.lastError().text()));
    std::map<QString, QString> meta;
    while (q.next())
        meta[q.value(0).toString()] = q.value(1).toString();
    bool numeric = false;
    m_info.schemaVersion = meta[QStringLiteral("schema_version")].toInt(&numeric);
    if (!numeric || m_info.schemaVersion < 1)
        return makeError(Error::Kind::Unsupported,
                         CaseStoreText::tr("%1 is not a Frameproof case file (no "
                                           "schema version)")
                             .arg(QFileInfo(m_path).fileName()));
    if (m_info.schemaVersion > kCaseSchemaVersion)
        return makeError(
            Error::Kind::Unsupported,
            CaseStoreText::tr("case %1 was written by a newer Frameproof (case schema %2; this "
                              "version reads up to %3): update Frameproof to open it")
                .arg(QFileInfo(m_path).fileName())
                .arg(m_info.schemaVersion)
                .arg(kCaseSchemaVersion));
    m_info.caseId = meta[QStringLiteral("case_id")];
    m_info.created = timeFrom(meta[QStringLiteral("created")]);
    return {};
}

Result<void> CaseStore::upgradeSchema() {
    const int from = m_info.schemaVersion;
    auto ok = transaction([&]() -> Result<void> {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        if (!q.exec(QLatin1String(kDetailTable)))
            return sqlError(CaseStoreText::tr("cannot upgrade the case"), q.lastError().text());
        q.prepare(QStringLiteral("UPDATE meta SET value = ? WHERE key = 'schema_version'"));
        bind(q, QString::number(kCaseSchemaVersion));
        if (!q.exec())
            return sqlError(CaseStoreText::tr("cannot upgrade the case"), q.lastError().text());
        auto entry = appendAuditInTransaction(
            QStringLiteral("case_upgraded"),
            QJsonObject{{QStringLiteral("from_schema_version"), from},
                        {QStringLiteral("schema_version"), kCaseSchemaVersion},
                        {QStringLiteral("added"), QStringLiteral("analysis_detail")}});
        if (!entry)
            return entry.error();
        return {};
    });
    if (!ok)
        return ok;
    m_info.schemaVersion = kCaseSchemaVersion;
    m_detailTable = true;
    return {};
}

Result<void> CaseStore::markInterrupted() {
    // Only this process holds the lock, so nothing else can be running an analysis here.
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT id, evidence_id, started FROM analyses WHERE status = "
                               "'running' ORDER BY id")))
        return sqlError(CaseStoreText::tr("cannot read"), q.lastError().text());
    std::vector<std::tuple<qint64, qint64, QString>> running;
    while (q.next())
        running.emplace_back(q.value(0).toLongLong(), q.value(1).toLongLong(),
                             q.value(2).toString());
    for (const auto& [id, evidenceId, started] : running) {
        const QString message =
            CaseStoreText::tr(
                "interrupted: the analysis started at %1 never finished (the program was closed, "
                "crashed or killed)")
                .arg(started);
        auto ok = transaction([&]() -> Result<void> {
            QSqlQuery u(QSqlDatabase::database(m_connection, false));
            u.prepare(QStringLiteral("UPDATE analyses SET status = 'incomplete', message = ? "
                                     "WHERE id = ? AND status = 'running'"));
            bind(u, message);
            bind(u, id);
            if (!u.exec())
                return sqlError(CaseStoreText::tr("cannot write"), u.lastError().text());
            auto entry = appendAuditInTransaction(
                QStringLiteral("analysis_incomplete"),
                QJsonObject{{QStringLiteral("analysis_id"), id},
                            {QStringLiteral("evidence_id"), evidenceId},
                            {QStringLiteral("started"), started},
                            {QStringLiteral("reason"), QStringLiteral("interrupted")}});
            if (!entry)
                return entry.error();
            return {};
        });
        if (!ok)
            return ok;
        ++m_interruptedOnOpen;
    }
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

Result<AuditEntry> CaseStore::appendAuditInTransaction(const QString& action,
                                                       const QJsonObject& details) {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT sequence, entry_hash FROM audit ORDER BY sequence DESC "
                               "LIMIT 1")))
        return sqlError(CaseStoreText::tr("cannot read the audit log"), q.lastError().text());
    AuditEntry entry;
    entry.sequence = 1;
    if (q.next()) {
        entry.sequence = q.value(0).toLongLong() + 1;
        entry.previousHash = q.value(1).toString().toLatin1();
    }
    // Whole milliseconds: the stored text must parse back to the very same time.
    entry.timeUtc =
        QDateTime::fromString(timeText(QDateTime::currentDateTimeUtc()), Qt::ISODateWithMs).toUTC();
    entry.examiner = m_examiner;
    entry.action = action;
    entry.details = details;
    entry.entryHash = auditEntryHash(entry.previousHash, entry);
    q.prepare(QStringLiteral("INSERT INTO audit (sequence, time, examiner, action, details, "
                             "previous_hash, entry_hash) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    bind(q, entry.sequence);
    bind(q, timeText(entry.timeUtc));
    bind(q, entry.examiner);
    bind(q, entry.action);
    bind(q, jsonText(entry.details));
    bind(q, QString::fromLatin1(entry.previousHash));
    bind(q, QString::fromLatin1(entry.entryHash));
    if (!q.exec())
        return sqlError(CaseStoreText::tr("cannot write the audit log"), q.lastError().text());
    return entry;
}

Result<AuditEntry> CaseStore::appendAudit(const QString& action, const QJsonObject& details) {
    std::optional<AuditEntry> written;
    auto ok = transaction([&]() -> Result<void> {
        auto entry = appendAuditInTransaction(action, details);
        if (!entry)
            return entry.error();
        written = *entry;
        return {};
    });
    if (!ok)
        return ok.error();
    return *written;
}

Result<std::vector<AuditEntry>> CaseStore::auditLog() const {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT sequence, time, examiner, action, details, previous_hash, "
                               "entry_hash FROM audit ORDER BY sequence")))
        return sqlError(CaseStoreText::tr("cannot read the audit log"), q.lastError().text());
    std::vector<AuditEntry> entries;
    while (q.next()) {
        AuditEntry e;
        e.sequence = q.value(0).toLongLong();
        e.timeUtc = timeFrom(q.value(1));
        e.examiner = q.value(2).toString();
        e.action = q.value(3).toString();
        e.details = jsonObject(q.value(4));
        e.previousHash = q.value(5).toString().toLatin1();
        e.entryHash = q.value(6).toString().toLatin1();
        entries.push_back(std::move(e));
    }
    return entries;
}

Result<AuditChainCheck> CaseStore::verifyChain() const {
    auto log = auditLog();
    if (!log)
        return log.error();
    return checkAuditChain(*log);
}

Result<std::vector<EvidenceRecord>> CaseStore::evidence() const {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT %1 FROM evidence ORDER BY id")
                    .arg(QLatin1String(kEvidenceColumns))))
        return sqlError(CaseStoreText::tr("cannot read the evidence"), q.lastError().text());
    std::vector<EvidenceRecord> records;
    while (q.next())
        records.push_back(evidenceFrom(q));
    return records;
}

Result<std::optional<EvidenceRecord>> CaseStore::evidenceBySha256(const QString& sha256) const {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM evidence WHERE sha256 = ?")
                  .arg(QLatin1String(kEvidenceColumns)));
    bind(q, sha256.toLower());
    if (!q.exec())
        return sqlError(CaseStoreText::tr("cannot read the evidence"), q.lastError().text());
    if (!q.next())
        return std::optional<EvidenceRecord>();
    return std::optional<EvidenceRecord>(evidenceFrom(q));
}

Result<EvidenceRecord> CaseStore::addEvidence(const QString& path, const EvidenceHashes& hashes,
                                              const QJsonObject& facts) {
    auto existing = evidenceBySha256(hashes.sha256);
    if (!existing)
        return existing.error();
    if (*existing)
        return **existing;
    EvidenceRecord r;
    r.path = QFileInfo(path).absoluteFilePath();
    r.fileName = QFileInfo(path).fileName();
    r.sizeBytes = hashes.sizeBytes;
    r.sha256 = hashes.sha256.toLower();
    r.md5 = hashes.md5.toLower();
    r.intakeTime =
        QDateTime::fromString(timeText(QDateTime::currentDateTimeUtc()), Qt::ISODateWithMs).toUTC();
    r.examiner = m_examiner;
    r.facts = facts;
    auto ok = transaction([&]() -> Result<void> {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("INSERT INTO evidence (path, file_name, size_bytes, sha256, md5, "
                                 "intake_time, examiner, facts) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
        bind(q, r.path);
        bind(q, r.fileName);
        bind(q, r.sizeBytes);
        bind(q, r.sha256);
        bind(q, r.md5);
        bind(q, timeText(r.intakeTime));
        bind(q, r.examiner);
        bind(q, jsonText(r.facts));
        if (!q.exec())
            return sqlError(CaseStoreText::tr("cannot add the evidence"), q.lastError().text());
        r.id = q.lastInsertId().toLongLong();
        auto entry = appendAuditInTransaction(
            QStringLiteral("hashed"), QJsonObject{{QStringLiteral("evidence_id"), r.id},
                                                  {QStringLiteral("path"), r.path},
                                                  {QStringLiteral("file_name"), r.fileName},
                                                  {QStringLiteral("size_bytes"), r.sizeBytes},
                                                  {QStringLiteral("sha256"), r.sha256},
                                                  {QStringLiteral("md5"), r.md5}});
        if (!entry)
            return entry.error();
        return {};
    });
    if (!ok)
        return ok.error();
    return r;
}

Result<void> CaseStore::recordOpened(qint64 evidenceId, const QString& path, const QString& how) {
    auto entry =
        appendAudit(QStringLiteral("opened"),
                    QJsonObject{{QStringLiteral("evidence_id"), evidenceId},
                                {QStringLiteral("path"), QFileInfo(path).absoluteFilePath()},
                                {QStringLiteral("via"), how}});
    if (!entry)
        return entry.error();
    return {};
}

Result<qint64> CaseStore::beginAnalysis(qint64 evidenceId, const QJsonObject& parameters,
                                        const QJsonObject& tool, const QJsonObject& models) {
    qint64 id = 0;
    auto ok = transaction([&]() -> Result<void> {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("INSERT INTO analyses (evidence_id, status, started, examiner, "
                                 "parameters, tool, models) VALUES (?, 'running', ?, ?, ?, ?, ?)"));
        const QString started = timeText(QDateTime::currentDateTimeUtc());
        bind(q, evidenceId);
        bind(q, started);
        bind(q, m_examiner);
        bind(q, jsonText(parameters));
        bind(q, jsonText(tool));
        bind(q, jsonText(models));
        if (!q.exec())
            return sqlError(CaseStoreText::tr("cannot record the analysis"), q.lastError().text());
        id = q.lastInsertId().toLongLong();
        auto entry =
            appendAuditInTransaction(QStringLiteral("analysis_started"),
                                     QJsonObject{{QStringLiteral("analysis_id"), id},
                                                 {QStringLiteral("evidence_id"), evidenceId},
                                                 {QStringLiteral("parameters"), parameters},
                                                 {QStringLiteral("tool"), tool},
                                                 {QStringLiteral("models"), models}});
        if (!entry)
            return entry.error();
        return {};
    });
    if (!ok)
        return ok.error();
    return id;
}

Result<void> CaseStore::completeAnalysis(qint64 analysisId, const QJsonObject& result,
                                         const QByteArray& detail) {
    const QString text = jsonText(result);
    const QString detailSha256 = detail.isEmpty() ? QString() : sha256Hex(detail);
    return transaction([&]() -> Result<void> {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("UPDATE analyses SET status = 'complete', finished = ?, "
                                 "result = ?, message = NULL WHERE id = ? AND status = 'running'"));
        bind(q, timeText(QDateTime::currentDateTimeUtc()));
        bind(q, text);
        bind(q, analysisId);
        if (!q.exec())
            return sqlError(CaseStoreText::tr("cannot record the analysis"), q.lastError().text());
        if (q.numRowsAffected() != 1)
            return makeError(
                Error::Kind::Internal,
                CaseStoreText::tr("analysis %1 is not running in this case").arg(analysisId));
        QJsonObject details{
            {QStringLiteral("analysis_id"), analysisId},
            {QStringLiteral("findings"), result.value(QStringLiteral("findings")).toArray().size()},
            {QStringLiteral("result_sha256"), sha256Hex(text.toUtf8())}};
        if (!detail.isEmpty()) {
            q.prepare(QStringLiteral("INSERT INTO analysis_detail (analysis_id, format, "
                                     "size_bytes, sha256, data) VALUES (?, ?, ?, ?, ?)"));
            bind(q, analysisId);
            bind(q, int(kAnalysisDetailFormat));
            bind(q, qint64(detail.size()));
            bind(q, detailSha256);
            bind(q, detail);
            if (!q.exec())
                return sqlError(CaseStoreText::tr("cannot record the analysis"),
                                q.lastError().text());
            details.insert(QStringLiteral("detail_sha256"), detailSha256);
            details.insert(QStringLiteral("detail_bytes"), qint64(detail.size()));
        }
        auto entry = appendAuditInTransaction(QStringLiteral("analysed"), details);
        if (!entry)
            return entry.error();
        return {};
    });
}

Result<void> CaseStore::failAnalysis(qint64 analysisId, const QString& message) {
    return transaction([&]() -> Result<void> {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("UPDATE analyses SET status = 'failed', finished = ?, "
                                 "message = ? WHERE id = ? AND status = 'running'"));
        bind(q, timeText(QDateTime::currentDateTimeUtc()));
        bind(q, message);
        bind(q, analysisId);
        if (!q.exec())
            return sqlError(CaseStoreText::tr("cannot record the analysis"), q.lastError().text());
        auto entry =
            appendAuditInTransaction(QStringLiteral("analysis_failed"),
                                     QJsonObject{{QStringLiteral("analysis_id"), analysisId},
                                                 {QStringLiteral("message"), message}});
        if (!entry)
            return entry.error();
        return {};
    });
}

Result<std::vector<AnalysisRecord>> CaseStore::analyses(qint64 evidenceId) const {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (evidenceId > 0) {
        q.prepare(QStringLiteral("SELECT %1 FROM analyses WHERE evidence_id = ? ORDER BY id")
                      .arg(QLatin1String(kAnalysisColumns)));
        bind(q, evidenceId);
    } else {
        q.prepare(QStringLiteral("SELECT %1 FROM analyses ORDER BY id")
                      .arg(QLatin1String(kAnalysisColumns)));
    }
    if (!q.exec())
        return sqlError(CaseStoreText::tr("cannot read the analyses"), q.lastError().text());
    std::vector<AnalysisRecord> records;
    while (q.next())
        records.push_back(analysisFrom(q));
    return records;
}

Result<std::optional<AnalysisRecord>> CaseStore::lastCompleteAnalysis(qint64 evidenceId) const {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT %1 FROM analyses WHERE evidence_id = ? AND status = "
                             "'complete' ORDER BY id DESC LIMIT 1")
                  .arg(QLatin1String(kAnalysisColumns)));
    bind(q, evidenceId);
    if (!q.exec())
        return sqlError(CaseStoreText::tr("cannot read the analyses"), q.lastError().text());
    if (!q.next())
        return std::optional<AnalysisRecord>();
    return std::optional<AnalysisRecord>(analysisFrom(q));
}

Result<std::optional<AnalysisDetailRecord>> CaseStore::analysisDetail(qint64 analysisId) const {
    if (!m_detailTable)
        return std::optional<AnalysisDetailRecord>();
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT format, sha256, data FROM analysis_detail WHERE "
                             "analysis_id = ?"));
    bind(q, analysisId);
    if (!q.exec())
        return sqlError(CaseStoreText::tr("cannot read the analysis detail"), q.lastError().text());
    if (!q.next())
        return std::optional<AnalysisDetailRecord>();
    return std::optional<AnalysisDetailRecord>(AnalysisDetailRecord{
        analysisId, q.value(0).toInt(), q.value(1).toString(), q.value(2).toByteArray()});
}

Result<QVector<Bookmark>> CaseStore::bookmarks(qint64 evidenceId) const {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    q.prepare(QStringLiteral("SELECT id, first_frame, last_frame, status, note, created FROM "
                             "bookmarks WHERE evidence_id = ? ORDER BY first_frame, created"));
    bind(q, evidenceId);
    if (!q.exec())
        return sqlError(CaseStoreText::tr("cannot read the bookmarks"), q.lastError().text());
    QVector<Bookmark> result;
    while (q.next()) {
        Bookmark b;
        b.id = QUuid::fromString(q.value(0).toString());
        b.firstFrame = q.value(1).toLongLong();
        b.lastFrame = q.value(2).toLongLong();
        b.status = bookmarkStatusFromKey(q.value(3).toString());
        b.note = q.value(4).toString();
        b.created = timeFrom(q.value(5));
        result << b;
    }
    return result;
}

Result<void> CaseStore::setBookmarks(qint64 evidenceId, const QVector<Bookmark>& wanted) {
    auto current = bookmarks(evidenceId);
    if (!current)
        return current.error();
    QJsonArray added, changed, removed;
    std::map<QUuid, Bookmark> before;
    for (const Bookmark& b : *current)
        before[b.id] = b;
    std::vector<Bookmark> writes;
    for (Bookmark b : wanted) {
        if (b.id.isNull())
            b.id = QUuid::createUuid();
        if (!b.created.isValid())
            b.created = QDateTime::currentDateTimeUtc();
        b.created = QDateTime::fromString(timeText(b.created), Qt::ISODateWithMs).toUTC();
        auto it = before.find(b.id);
        if (it == before.end()) {
            added.append(bookmarkJson(b));
            writes.push_back(b);
        } else {
            const Bookmark& old = it->second;
            if (old.firstFrame != b.firstFrame || old.lastFrame != b.lastFrame ||
                old.status != b.status || old.note != b.note) {
                changed.append(bookmarkJson(b));
                writes.push_back(b);
            }
            before.erase(it);
        }
    }
    for (const auto& [id, b] : before)
        removed.append(bookmarkJson(b));
    if (added.isEmpty() && changed.isEmpty() && removed.isEmpty())
        return {};
    return transaction([&]() -> Result<void> {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        for (const auto& [id, b] : before) {
            q.prepare(QStringLiteral("DELETE FROM bookmarks WHERE id = ?"));
            bind(q, id.toString(QUuid::WithoutBraces));
            if (!q.exec())
                return sqlError(CaseStoreText::tr("cannot write the bookmarks"),
                                q.lastError().text());
        }
        for (const Bookmark& b : writes) {
            q.prepare(QStringLiteral("INSERT OR REPLACE INTO bookmarks (id, evidence_id, "
                                     "first_frame, last_frame, status, note, created) VALUES (?, "
                                     "?, ?, ?, ?, ?, ?)"));
            bind(q, b.id.toString(QUuid::WithoutBraces));
            bind(q, evidenceId);
            bind(q, b.firstFrame);
            bind(q, b.lastFrame);
            bind(q, bookmarkStatusKey(b.status));
            bind(q, b.note);
            bind(q, timeText(b.created));
            if (!q.exec())
                return sqlError(CaseStoreText::tr("cannot write the bookmarks"),
                                q.lastError().text());
        }
        QJsonObject details{{QStringLiteral("evidence_id"), evidenceId}};
        if (!added.isEmpty())
            details.insert(QStringLiteral("added"), added);
        if (!changed.isEmpty())
            details.insert(QStringLiteral("changed"), changed);
        if (!removed.isEmpty())
            details.insert(QStringLiteral("removed"), removed);
        auto entry = appendAuditInTransaction(QStringLiteral("bookmark_changed"), details);
        if (!entry)
            return entry.error();
        return {};
    });
}

Result<qint64> CaseStore::addNote(qint64 evidenceId, const QString& text) {
    qint64 id = 0;
    auto ok = transaction([&]() -> Result<void> {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("INSERT INTO notes (evidence_id, time, examiner, text) VALUES "
                                 "(?, ?, ?, ?)"));
        bind(q, evidenceId > 0 ? QVariant(evidenceId) : QVariant());
        bind(q, timeText(QDateTime::currentDateTimeUtc()));
        bind(q, m_examiner);
        bind(q, text);
        if (!q.exec())
            return sqlError(CaseStoreText::tr("cannot write the note"), q.lastError().text());
        id = q.lastInsertId().toLongLong();
        auto entry = appendAuditInTransaction(
            QStringLiteral("note_added"), QJsonObject{{QStringLiteral("note_id"), id},
                                                      {QStringLiteral("evidence_id"), evidenceId},
                                                      {QStringLiteral("text"), text}});
        if (!entry)
            return entry.error();
        return {};
    });
    if (!ok)
        return ok.error();
    return id;
}

Result<std::vector<NoteRecord>> CaseStore::notes() const {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT id, evidence_id, time, examiner, text FROM notes ORDER BY "
                               "id")))
        return sqlError(CaseStoreText::tr("cannot read the notes"), q.lastError().text());
    std::vector<NoteRecord> records;
    while (q.next()) {
        records.push_back(NoteRecord{q.value(0).toLongLong(), q.value(1).toLongLong(),
                                     timeFrom(q.value(2)), q.value(3).toString(),
                                     q.value(4).toString()});
    }
    return records;
}

Result<void> CaseStore::setConclusion(ConclusionScale conclusion, const QString& text) {
    if (conclusion == ConclusionScale::NotGiven)
        return makeError(Error::Kind::Internal,
                         CaseStoreText::tr("no conclusion on the verbal scale was given"));
    const QString scale = conclusionScaleKey(conclusion);
    return transaction([&]() -> Result<void> {
        QSqlQuery q(QSqlDatabase::database(m_connection, false));
        q.prepare(QStringLiteral("INSERT OR REPLACE INTO conclusion (id, scale, text, time, "
                                 "examiner) VALUES (1, ?, ?, ?, ?)"));
        bind(q, scale);
        bind(q, text);
        bind(q, timeText(QDateTime::currentDateTimeUtc()));
        bind(q, m_examiner);
        if (!q.exec())
            return sqlError(CaseStoreText::tr("cannot write the conclusion"), q.lastError().text());
        auto entry = appendAuditInTransaction(
            QStringLiteral("conclusion_set"),
            QJsonObject{{QStringLiteral("scale"), scale}, {QStringLiteral("text"), text}});
        if (!entry)
            return entry.error();
        return {};
    });
}

Result<std::optional<Conclusion>> CaseStore::conclusion() const {
    QSqlQuery q(QSqlDatabase::database(m_connection, false));
    if (!q.exec(QStringLiteral("SELECT scale, text, time, examiner FROM conclusion WHERE id = 1")))
        return sqlError(CaseStoreText::tr("cannot read the conclusion"), q.lastError().text());
    if (!q.next())
        return std::optional<Conclusion>();
    return std::optional<Conclusion>(Conclusion{conclusionScaleFromKey(q.value(0).toString()),
                                                q.value(1).toString(), timeFrom(q.value(2)),
                                                q.value(3).toString()});
}

Result<std::vector<EvidenceCheck>>
CaseStore::verifyEvidence(const std::function<void(qint64, qint64)>& progress,
                          const std::atomic<bool>* cancel) const {
    auto records = evidence();
    if (!records)
        return records.error();
    auto log = auditLog();
    if (!log)
        return log.error();
    std::map<qint64, QString> audited; // evidence id -> SHA-256 the audit log saw at intake
    for (const AuditEntry& e : *log) {
        if (e.action == QLatin1String("hashed"))
            audited.emplace(e.details.value(QStringLiteral("evidence_id")).toInteger(),
                            e.details.value(QStringLiteral("sha256")).toString());
    }
    qint64 total = 0, done = 0;
    for (const EvidenceRecord& r : *records)
        total += r.sizeBytes;
    std::vector<EvidenceCheck> checks;
    for (const EvidenceRecord& r : *records) {
        EvidenceCheck c;
        c.record = r;
        if (auto it = audited.find(r.id); it != audited.end()) {
            c.auditedSha256 = it->second;
            c.intakeRecordAltered = it->second != r.sha256;
        } else {
            c.intakeRecordAltered = true; // an evidence row the audit log never saw
        }
        const QString beside = QDir(QFileInfo(m_path).absolutePath()).filePath(r.fileName);
        for (const QString& candidate : {r.path, beside}) {
            if (QFileInfo(candidate).isFile()) {
                c.checkedPath = candidate;
                break;
            }
        }
        if (c.checkedPath.isEmpty()) {
            c.state = EvidenceCheck::State::Missing;
        } else {
            HashOptions options;
            options.cancel = cancel;
            if (progress)
                options.progress = [&](int64_t d, int64_t) { progress(done + d, total); };
            auto hashes = hashEvidenceFile(c.checkedPath, options);
            if (!hashes) {
                if (hashes.error().kind == Error::Kind::Cancelled)
                    return hashes.error();
                c.state = EvidenceCheck::State::Unreadable;
                c.message = hashes.error().message;
            } else {
                c.currentSha256 = hashes->sha256;
                c.currentSize = hashes->sizeBytes;
                const QString intake = c.auditedSha256.isEmpty() ? r.sha256 : c.auditedSha256;
                c.state = hashes->sha256 == intake ? EvidenceCheck::State::Unchanged
                                                   : EvidenceCheck::State::Changed;
            }
        }
        done += r.sizeBytes;
        checks.push_back(std::move(c));
    }
    return checks;
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
