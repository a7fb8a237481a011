#include "core/case/CaseStore.h"

#include "core/case/AnalysisDetail.h"
#include "core/case/CaseStoreSql.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <tuple>
#include <vector>

// Analyses: begin, complete (with the detail blob) or fail, list, and mark those a crash left
// running as incomplete when a case opens read-write.

namespace fp {

using namespace casesql;

namespace {

struct CaseStoreText {
    Q_DECLARE_TR_FUNCTIONS(fp::CaseStore)
};

AnalysisStatus statusFromKey(const QString& key) {
    if (key == QLatin1String("complete"))
        return AnalysisStatus::Complete;
    if (key == QLatin1String("incomplete"))
        return AnalysisStatus::Incomplete;
    if (key == QLatin1String("failed"))
        return AnalysisStatus::Failed;
    return AnalysisStatus::Running;
}

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
            return withoutValue(appendAuditInTransaction(
                QStringLiteral("analysis_incomplete"),
                QJsonObject{{QStringLiteral("analysis_id"), id},
                            {QStringLiteral("evidence_id"), evidenceId},
                            {QStringLiteral("started"), started},
                            {QStringLiteral("reason"), QStringLiteral("interrupted")}}));
        });
        if (!ok)
            return ok;
        ++m_interruptedOnOpen;
    }
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
        return withoutValue(
            appendAuditInTransaction(QStringLiteral("analysis_started"),
                                     QJsonObject{{QStringLiteral("analysis_id"), id},
                                                 {QStringLiteral("evidence_id"), evidenceId},
                                                 {QStringLiteral("parameters"), parameters},
                                                 {QStringLiteral("tool"), tool},
                                                 {QStringLiteral("models"), models}}));
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
        return withoutValue(appendAuditInTransaction(QStringLiteral("analysed"), details));
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
        return withoutValue(
            appendAuditInTransaction(QStringLiteral("analysis_failed"),
                                     QJsonObject{{QStringLiteral("analysis_id"), analysisId},
                                                 {QStringLiteral("message"), message}}));
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

} // namespace fp
