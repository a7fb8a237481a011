#include "core/case/CaseStore.h"

#include "core/case/CaseStoreSql.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <map>

// Evidence items: intake, lookup, the `opened` record, and re-hashing every item against its
// intake hashes.

namespace fp {

using namespace casesql;

namespace {

struct CaseStoreText {
    Q_DECLARE_TR_FUNCTIONS(fp::CaseStore)
};

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

} // namespace

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
        return withoutValue(appendAuditInTransaction(
            QStringLiteral("hashed"), QJsonObject{{QStringLiteral("evidence_id"), r.id},
                                                  {QStringLiteral("path"), r.path},
                                                  {QStringLiteral("file_name"), r.fileName},
                                                  {QStringLiteral("size_bytes"), r.sizeBytes},
                                                  {QStringLiteral("sha256"), r.sha256},
                                                  {QStringLiteral("md5"), r.md5}}));
    });
    if (!ok)
        return ok.error();
    return r;
}

Result<void> CaseStore::recordOpened(qint64 evidenceId, const QString& path, const QString& how) {
    return withoutValue(
        appendAudit(QStringLiteral("opened"),
                    QJsonObject{{QStringLiteral("evidence_id"), evidenceId},
                                {QStringLiteral("path"), QFileInfo(path).absoluteFilePath()},
                                {QStringLiteral("via"), how}}));
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

} // namespace fp
