#pragma once

// Private to core/case: the SQL helpers the CaseStore*.cpp files share (binding, JSON and time
// columns). Not part of CaseStore's API; nothing outside core/case includes it.
// Thread-safety: pure functions, on the thread that owns the query.

#include "core/case/AuditChain.h"
#include "models/Result.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

namespace fp::casesql {

// 'FPcs': marks the SQLite file as a Frameproof case (PRAGMA application_id).
inline constexpr int kApplicationId = 0x46506373;

// Binds a value; an empty QString is bound as '' (Qt would bind a null QString as NULL, which
// the NOT NULL text columns refuse).
inline void bind(QSqlQuery& q, const QVariant& value) {
    if (value.metaType().id() == QMetaType::QString && value.toString().isNull())
        q.addBindValue(QStringLiteral(""));
    else
        q.addBindValue(value);
}

inline QString jsonText(const QJsonObject& object) {
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

inline QJsonObject jsonObject(const QVariant& text) {
    return QJsonDocument::fromJson(text.toString().toUtf8()).object();
}

inline QString timeText(const QDateTime& time) {
    return auditTimeText(time);
}

inline QDateTime timeFrom(const QVariant& text) {
    if (text.isNull())
        return {};
    QDateTime t = QDateTime::fromString(text.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : t;
}

// Success, or the error of `result`: what a transaction's work returns once its audit entry is
// appended (the entry itself is not needed).
template <typename T>
Result<void> withoutValue(const Result<T>& result) {
    if (!result)
        return result.error();
    return {};
}

inline QString sha256Hex(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace fp::casesql
