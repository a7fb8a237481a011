#pragma once

// One line of a case's audit log (DESIGN.md, Evidence, case and audit). Each entry is chained:
// entryHash = SHA-256(previousHash ‖ canonical JSON of the entry), hex, so editing, inserting or
// removing a row breaks every hash after it. The case store writes and verifies the chain; the
// report prints it. Times are UTC wall-clock, not media time.
// Thread-safety: plain value.

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

namespace fp {

struct AuditEntry {
    qint64 sequence = 0;     // 1-based position in the log
    QDateTime timeUtc;       // when the action happened
    QString examiner;        // who did it
    QString action;          // opened, hashed, analysed, bookmark_changed, report_exported, ...
    QJsonObject details;     // what exactly (file, hashes, parameters, bookmark, report id, ...)
    QByteArray previousHash; // hex SHA-256 of the entry before ("" for the first)
    QByteArray entryHash;    // hex SHA-256(previousHash ‖ canonical JSON of this entry)
};

} // namespace fp
