#pragma once

// The audit chain's arithmetic, apart from any storage so the store, `frameproof verify` and
// the report agree byte for byte. Canonical JSON of an entry: compact QJsonDocument of
// {action, details, examiner, sequence, time} (QJsonObject sorts keys), time as ISO 8601 UTC
// with milliseconds ("2026-11-26T15:03:33.123Z"). entryHash = lower-case hex
// SHA-256(previousHash ‖ canonical JSON), previousHash being the hex text ("" for entry 1).
// Thread-safety: pure functions.

#include "core/case/AuditEntry.h"

#include <QByteArray>
#include <QString>

#include <vector>

namespace fp {

// The one way an audit time becomes text (canonical JSON and the case file's column).
QString auditTimeText(const QDateTime& timeUtc);
QByteArray canonicalAuditJson(const AuditEntry& entry);
QByteArray auditEntryHash(const QByteArray& previousHash, const AuditEntry& entry);

// The outcome of recomputing a chain.
struct AuditChainCheck {
    qint64 entries = 0; // how many the log holds
    bool intact = true;
    // When broken: the sequence number of the first entry that does not match,
    // what was stored and what recomputing gives, and why in words.
    qint64 brokenSequence = 0;
    AuditEntry brokenEntry;
    QByteArray storedHash;
    QByteArray recomputedHash;
    QString problem;
    QByteArray lastHash; // the recomputed hash of the last entry (anchor to note outside the case)
};

// Checks entries in the order given: sequences 1, 2, 3 ..., each previousHash equal to the
// hash before it, each entryHash equal to the recomputed one. Stops at the first mismatch.
AuditChainCheck checkAuditChain(const std::vector<AuditEntry>& entries);

} // namespace fp
