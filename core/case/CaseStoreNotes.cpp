#include "core/case/CaseStore.h"

#include "core/case/CaseStoreSql.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include <map>
#include <vector>

// The examiner's own records in a case: bookmarks, notes and the conclusion.

namespace fp {

using namespace casesql;

namespace {

struct CaseStoreText {
    Q_DECLARE_TR_FUNCTIONS(fp::CaseStore)
};

QJsonObject bookmarkJson(const Bookmark& b) {
    return QJsonObject{{QStringLiteral("id"), b.id.toString(QUuid::WithoutBraces)},
                       {QStringLiteral("start_frame"), b.firstFrame},
                       {QStringLiteral("end_frame"), b.lastFrame},
                       {QStringLiteral("status"), bookmarkStatusKey(b.status)},
                       {QStringLiteral("note"), b.note}};
}

} // namespace

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
        return withoutValue(appendAuditInTransaction(QStringLiteral("bookmark_changed"), details));
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
        return withoutValue(appendAuditInTransaction(
            QStringLiteral("note_added"), QJsonObject{{QStringLiteral("note_id"), id},
                                                      {QStringLiteral("evidence_id"), evidenceId},
                                                      {QStringLiteral("text"), text}}));
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
        return withoutValue(appendAuditInTransaction(
            QStringLiteral("conclusion_set"),
            QJsonObject{{QStringLiteral("scale"), scale}, {QStringLiteral("text"), text}}));
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

} // namespace fp
