#include "core/case/AuditChain.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>

namespace fp {

namespace {
struct AuditChainText {
    Q_DECLARE_TR_FUNCTIONS(fp::AuditChain)
};
} // namespace

QString auditTimeText(const QDateTime& timeUtc) {
    return timeUtc.toUTC().toString(Qt::ISODateWithMs);
}

QByteArray canonicalAuditJson(const AuditEntry& entry) {
    const QJsonObject object{{QStringLiteral("sequence"), entry.sequence},
                             {QStringLiteral("time"), auditTimeText(entry.timeUtc)},
                             {QStringLiteral("examiner"), entry.examiner},
                             {QStringLiteral("action"), entry.action},
                             {QStringLiteral("details"), entry.details}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray auditEntryHash(const QByteArray& previousHash, const AuditEntry& entry) {
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(previousHash);
    hash.addData(canonicalAuditJson(entry));
    return hash.result().toHex();
}

AuditChainCheck checkAuditChain(const std::vector<AuditEntry>& entries) {
    AuditChainCheck check;
    QByteArray previous;
    for (const AuditEntry& e : entries) {
        ++check.entries;
        const QByteArray recomputed = auditEntryHash(previous, e);
        QString problem;
        if (e.sequence != check.entries)
            problem = AuditChainText::tr(
                          "expected entry %1 here, found %2 (an entry was removed or inserted)")
                          .arg(check.entries)
                          .arg(e.sequence);
        else if (e.previousHash != previous)
            problem =
                AuditChainText::tr(
                    "its record of the previous hash is %1, the previous entry hashes to %2")
                    .arg(QString::fromLatin1(e.previousHash.isEmpty() ? QByteArray("(none)")
                                                                      : e.previousHash),
                         QString::fromLatin1(previous.isEmpty() ? QByteArray("(none)") : previous));
        else if (!e.timeUtc.isValid())
            problem = AuditChainText::tr("its time is not a valid ISO 8601 time");
        else if (e.entryHash != recomputed)
            problem = AuditChainText::tr("its content does not match its hash");
        if (!problem.isEmpty()) {
            check.intact = false;
            check.brokenSequence = e.sequence;
            check.brokenEntry = e;
            check.storedHash = e.entryHash;
            check.recomputedHash = recomputed;
            check.problem = problem;
            check.entries = qint64(entries.size());
            return check;
        }
        previous = recomputed;
    }
    check.lastHash = previous;
    return check;
}

} // namespace fp
