#include "core/case/AnalysisIntegrity.h"

#include "core/case/AnalysisDetail.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QJsonDocument>

namespace fp {

namespace {

struct AnalysisIntegrityText {
    Q_DECLARE_TR_FUNCTIONS(fp::AnalysisIntegrity)
};

QString sha256Hex(const QByteArray& bytes) {
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

QString detailStateKey(DetailState state) {
    switch (state) {
    case DetailState::None:
        return QStringLiteral("none");
    case DetailState::Intact:
        return QStringLiteral("intact");
    case DetailState::Altered:
        return QStringLiteral("altered");
    case DetailState::Missing:
        return QStringLiteral("missing");
    case DetailState::Unrecorded:
        return QStringLiteral("unrecorded");
    case DetailState::Unreadable:
        return QStringLiteral("unreadable");
    }
    return QStringLiteral("none");
}

const AuditEntry* analysedEntry(const std::vector<AuditEntry>& log, qint64 analysisId) {
    for (const AuditEntry& e : log) {
        if (e.action == QLatin1String("analysed") &&
            e.details.value(QStringLiteral("analysis_id")).toInteger() == analysisId)
            return &e;
    }
    return nullptr;
}

AnalysisCheck checkAnalysis(const AnalysisRecord& record,
                            const std::optional<AnalysisDetailRecord>& detail,
                            const AuditEntry* analysed, bool decodeDetail) {
    AnalysisCheck c;
    c.record = record;
    c.auditSequence = analysed ? analysed->sequence : 0;
    if (record.status == AnalysisStatus::Complete) {
        const QByteArray text = QJsonDocument(record.result).toJson(QJsonDocument::Compact);
        c.resultAltered =
            !analysed ||
            analysed->details.value(QStringLiteral("result_sha256")).toString() != sha256Hex(text);
    }
    const QString recorded =
        analysed ? analysed->details.value(QStringLiteral("detail_sha256")).toString() : QString();
    if (detail)
        c.detailBytes = detail->data.size();
    if (!detail && recorded.isEmpty())
        return c;
    if (!detail) {
        c.detail = DetailState::Missing;
        c.detailProblem = AnalysisIntegrityText::tr(
                              "the face tracks, maps and lip-sync curves of analysis %1 are gone "
                              "(audit entry %2 recorded them with SHA-256 %3)")
                              .arg(record.id)
                              .arg(c.auditSequence)
                              .arg(recorded);
        return c;
    }
    if (recorded.isEmpty() || record.status != AnalysisStatus::Complete) {
        c.detail = DetailState::Unrecorded;
        c.detailProblem = AnalysisIntegrityText::tr(
                              "analysis %1 has stored face tracks, maps and lip-sync curves that "
                              "no audit entry recorded (added afterwards)")
                              .arg(record.id);
        return c;
    }
    const QString now = sha256Hex(detail->data);
    if (now != recorded) {
        c.detail = DetailState::Altered;
        c.detailProblem = AnalysisIntegrityText::tr(
                              "the face tracks, maps and lip-sync curves of analysis %1 were "
                              "altered: their SHA-256 is %2, audit entry %3 recorded %4")
                              .arg(record.id)
                              .arg(now)
                              .arg(c.auditSequence)
                              .arg(recorded);
        return c;
    }
    c.detail = DetailState::Intact;
    if (decodeDetail) {
        if (auto decoded = decodeAnalysisDetail(detail->data); !decoded) {
            c.detail = DetailState::Unreadable;
            c.detailProblem = AnalysisIntegrityText::tr("analysis %1: %2")
                                  .arg(record.id)
                                  .arg(decoded.error().message);
        }
    }
    return c;
}

Result<std::vector<AnalysisCheck>> verifyAnalyses(const CaseStore& store) {
    auto analyses = store.analyses();
    if (!analyses)
        return analyses.error();
    auto log = store.auditLog();
    if (!log)
        return log.error();
    std::vector<AnalysisCheck> checks;
    for (const AnalysisRecord& a : *analyses) {
        auto detail = store.analysisDetail(a.id);
        if (!detail)
            return detail.error();
        checks.push_back(checkAnalysis(a, *detail, analysedEntry(*log, a.id), true));
    }
    return checks;
}

} // namespace fp
