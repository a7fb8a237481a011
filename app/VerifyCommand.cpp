#include "app/VerifyCommand.h"

#include "app/ExitCodes.h"
#include "core/case/AnalysisIntegrity.h"
#include "core/case/CaseStore.h"
#include "core/session/ToolInfo.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace fp::app {

namespace {

struct VerifyCommandText {
    Q_DECLARE_TR_FUNCTIONS(fp::app::VerifyCommand)
};

QString stateKey(EvidenceCheck::State state) {
    switch (state) {
    case EvidenceCheck::State::Unchanged:
        return QStringLiteral("unchanged");
    case EvidenceCheck::State::Changed:
        return QStringLiteral("changed");
    case EvidenceCheck::State::Missing:
        return QStringLiteral("missing");
    case EvidenceCheck::State::Unreadable:
        return QStringLiteral("unreadable");
    }
    return QStringLiteral("missing");
}

} // namespace

int runVerify(const QStringList& args, FILE* out, FILE* err) {
    QString casePath;
    bool json = false;
    for (const QString& a : args) {
        if (a == QLatin1String("--json")) {
            json = true;
        } else if (a.startsWith(QLatin1Char('-')) || !casePath.isEmpty()) {
            std::fprintf(err, "frameproof: verify: unexpected argument '%s'\n", qPrintable(a));
            return kExitUsage;
        } else {
            casePath = a;
        }
    }
    if (casePath.isEmpty()) {
        std::fprintf(err, "frameproof: verify needs a case: frameproof verify FILE.fpcase "
                          "[--json]\n");
        return kExitUsage;
    }
    auto store = CaseStore::open(casePath, QString(), CaseStore::Mode::ReadOnly);
    if (!store) {
        std::fprintf(err, "frameproof: %s\n", qPrintable(store.error().message));
        return kExitBadInput;
    }
    CaseStore& c = **store;
    auto chain = c.verifyChain();
    auto evidence = c.verifyEvidence();
    // Each analysis's result and detail blob against what its `analysed` entry recorded.
    auto analyses = verifyAnalyses(c);
    for (const Error* e : {chain ? nullptr : &chain.error(), evidence ? nullptr : &evidence.error(),
                           analyses ? nullptr : &analyses.error()}) {
        if (e) {
            std::fprintf(err, "frameproof: %s\n", qPrintable(e->message));
            return kExitBadInput;
        }
    }
    const std::vector<AnalysisCheck>& analysisChecks = *analyses;

    bool passed = chain->intact;
    for (const EvidenceCheck& e : *evidence)
        passed = passed && e.state == EvidenceCheck::State::Unchanged && !e.intakeRecordAltered;
    for (const AnalysisCheck& a : analysisChecks)
        passed = passed && a.passed();

    if (json) {
        QJsonArray evidenceArray;
        for (const EvidenceCheck& e : *evidence) {
            evidenceArray.append(QJsonObject{
                {QStringLiteral("id"), e.record.id},
                {QStringLiteral("file_name"), e.record.fileName},
                {QStringLiteral("path"), e.record.path},
                {QStringLiteral("checked_path"),
                 e.checkedPath.isEmpty() ? QJsonValue() : QJsonValue(e.checkedPath)},
                {QStringLiteral("state"), stateKey(e.state)},
                {QStringLiteral("sha256_intake"), e.record.sha256},
                {QStringLiteral("sha256_now"),
                 e.currentSha256.isEmpty() ? QJsonValue() : QJsonValue(e.currentSha256)},
                {QStringLiteral("intake_record_altered"), e.intakeRecordAltered},
                {QStringLiteral("message"), e.message}});
        }
        QJsonValue broken;
        if (!chain->intact) {
            broken = QJsonObject{
                {QStringLiteral("sequence"), chain->brokenSequence},
                {QStringLiteral("action"), chain->brokenEntry.action},
                {QStringLiteral("time"), auditTimeText(chain->brokenEntry.timeUtc)},
                {QStringLiteral("stored_hash"), QString::fromLatin1(chain->storedHash)},
                {QStringLiteral("recomputed_hash"), QString::fromLatin1(chain->recomputedHash)},
                {QStringLiteral("problem"), chain->problem}};
        }
        QJsonArray analysisArray;
        for (const AnalysisCheck& a : analysisChecks) {
            analysisArray.append(
                QJsonObject{{QStringLiteral("id"), a.record.id},
                            {QStringLiteral("evidence_id"), a.record.evidenceId},
                            {QStringLiteral("status"), analysisStatusKey(a.record.status)},
                            {QStringLiteral("started"), auditTimeText(a.record.started)},
                            {QStringLiteral("result_altered"), a.resultAltered},
                            {QStringLiteral("audit_sequence"), a.auditSequence},
                            {QStringLiteral("detail"), detailStateKey(a.detail)},
                            {QStringLiteral("detail_bytes"), a.detailBytes},
                            {QStringLiteral("detail_problem"), a.detailProblem},
                            {QStringLiteral("message"), a.record.message}});
        }
        const QJsonObject root{
            {QStringLiteral("schema"), QStringLiteral("frameproof.verify/1")},
            {QStringLiteral("tool"), toolInfoJson()},
            {QStringLiteral("case"),
             QJsonObject{{QStringLiteral("path"), c.path()},
                         {QStringLiteral("case_id"), c.info().caseId},
                         {QStringLiteral("created"), auditTimeText(c.info().created)},
                         {QStringLiteral("schema_version"), c.info().schemaVersion}}},
            {QStringLiteral("evidence"), evidenceArray},
            {QStringLiteral("audit"),
             QJsonObject{{QStringLiteral("intact"), chain->intact},
                         {QStringLiteral("entries"), chain->entries},
                         {QStringLiteral("last_hash"), QString::fromLatin1(chain->lastHash)},
                         {QStringLiteral("broken"), broken}}},
            {QStringLiteral("analyses"), analysisArray},
            {QStringLiteral("passed"), passed}};
        const QByteArray bytes = QJsonDocument(root).toJson(QJsonDocument::Indented);
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), out);
        return passed ? kExitOk : kExitVerifyFailed;
    }

    auto line = [&](const QString& text) { std::fprintf(out, "%s\n", qPrintable(text)); };
    line(
        VerifyCommandText::tr("case %1 (id %2, created %3)")
            .arg(QFileInfo(c.path()).fileName(), c.info().caseId, auditTimeText(c.info().created)));
    if (evidence->empty())
        line(VerifyCommandText::tr("evidence: none"));
    for (const EvidenceCheck& e : *evidence) {
        QString state;
        switch (e.state) {
        case EvidenceCheck::State::Unchanged:
            state = VerifyCommandText::tr("unchanged (sha256 %1)").arg(e.currentSha256);
            break;
        case EvidenceCheck::State::Changed:
            state = VerifyCommandText::tr("CHANGED (sha256 at intake %1, now %2)")
                        .arg(e.auditedSha256.isEmpty() ? e.record.sha256 : e.auditedSha256,
                             e.currentSha256);
            break;
        case EvidenceCheck::State::Missing:
            state = VerifyCommandText::tr("missing (was %1)").arg(e.record.path);
            break;
        case EvidenceCheck::State::Unreadable:
            state = VerifyCommandText::tr("UNREADABLE (%1)").arg(e.message);
            break;
        }
        line(VerifyCommandText::tr("evidence %1 %2: %3")
                 .arg(e.record.id)
                 .arg(e.record.fileName, state));
        if (e.intakeRecordAltered)
            line(VerifyCommandText::tr(
                     "evidence %1 %2: INTAKE RECORD ALTERED (the evidence row says sha256 %3, the "
                     "audit log recorded %4 at intake)")
                     .arg(e.record.id)
                     .arg(e.record.fileName, e.record.sha256,
                          e.auditedSha256.isEmpty() ? VerifyCommandText::tr("nothing")
                                                    : e.auditedSha256));
    }
    if (chain->intact) {
        line(VerifyCommandText::tr("audit chain: intact (%1 entries, last hash %2)")
                 .arg(chain->entries)
                 .arg(QString::fromLatin1(chain->lastHash)));
    } else {
        line(VerifyCommandText::tr(
                 "audit chain: broken at entry %1 of %7 (%2, %3): stored hash %4, recomputed %5; "
                 "%6")
                 .arg(chain->brokenSequence)
                 .arg(chain->brokenEntry.action, auditTimeText(chain->brokenEntry.timeUtc),
                      QString::fromLatin1(chain->storedHash),
                      QString::fromLatin1(chain->recomputedHash), chain->problem)
                 .arg(chain->entries));
    }
    for (const AnalysisCheck& a : analysisChecks) {
        QString text =
            VerifyCommandText::tr("analysis %1 (evidence %2, started %3): %4")
                .arg(a.record.id)
                .arg(a.record.evidenceId)
                .arg(auditTimeText(a.record.started), analysisStatusKey(a.record.status));
        if (a.record.status == AnalysisStatus::Running)
            text +=
                VerifyCommandText::tr(" (not finished: still running elsewhere, or interrupted)");
        else if (!a.record.message.isEmpty())
            text += QStringLiteral(" (%1)").arg(a.record.message);
        if (a.resultAltered)
            text += VerifyCommandText::tr(
                "; RESULT ALTERED (does not match the hash recorded when it completed)");
        if (a.detail == DetailState::Intact)
            text +=
                VerifyCommandText::tr("; face tracks, maps and lip-sync curves intact (%1 bytes)")
                    .arg(a.detailBytes);
        else if (a.detail != DetailState::None)
            text +=
                QStringLiteral("; %1: %2").arg(detailStateKey(a.detail).toUpper(), a.detailProblem);
        line(text);
    }
    line(passed ? VerifyCommandText::tr("verification passed")
                : VerifyCommandText::tr("verification FAILED"));
    return passed ? kExitOk : kExitVerifyFailed;
}

} // namespace fp::app
