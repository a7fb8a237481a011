#include "core/case/CaseStore.h"

#include "core/case/CaseStoreSql.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <map>
#include <utility>

// The case file's schema: creating it in a new case, reading its meta table, and upgrading an
// older schema when a case is opened read-write.

namespace fp {

using namespace casesql;

namespace {

struct CaseStoreText {
    Q_DECLARE_TR_FUNCTIONS(fp::CaseStore)
};

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

} // namespace

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
        return withoutValue(appendAuditInTransaction(
            QStringLiteral("case_created"),
            QJsonObject{{QStringLiteral("case_id"), caseId},
                        {QStringLiteral("file_name"), QFileInfo(m_path).fileName()},
                        {QStringLiteral("schema_version"), kCaseSchemaVersion}}));
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
        return withoutValue(appendAuditInTransaction(
            QStringLiteral("case_upgraded"),
            QJsonObject{{QStringLiteral("from_schema_version"), from},
                        {QStringLiteral("schema_version"), kCaseSchemaVersion},
                        {QStringLiteral("added"), QStringLiteral("analysis_detail")}}));
    });
    if (!ok)
        return ok;
    m_info.schemaVersion = kCaseSchemaVersion;
    m_detailTable = true;
    return {};
}

} // namespace fp
