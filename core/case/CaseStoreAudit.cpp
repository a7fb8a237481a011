#include "core/case/CaseStore.h"

#include "core/case/CaseStoreSql.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

// The audit log: appending a chained entry (inside the caller's transaction or in its own),
// reading the log back and verifying its chain.

namespace fp {

using namespace casesql;

namespace {

struct CaseStoreText {
    Q_DECLARE_TR_FUNCTIONS(fp::CaseStore)
};

} // namespace

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

} // namespace fp
