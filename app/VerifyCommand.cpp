#include "app/VerifyCommand.h"

#include "app/ExitCodes.h"
#include "core/case/AnalysisIntegrity.h"
#include "core/case/CaseStore.h"
#include "core/session/ToolInfo.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <optional>
#include <vector>

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

struct VerifyOptions {
    QString casePath;
    bool json = false;
};

// The words after "verify"; nothing when they are not a verify command line (said on `err`).
std::optional<VerifyOptions> parseVerifyArgs(const QStringList& args, FILE* err) {
    QCommandLineParser parser;
    const QCommandLineOption json(QStringLiteral("json"));
    parser.addOption(json);
    parser.addPositionalArgument(QStringLiteral("case"), QString());
    const bool parsed = parser.parse(QStringList{QStringLiteral("frameproof")} + args);
    const QStringList positional = parser.positionalArguments();
    if (!parsed || positional.size() > 1) {
        const QString unexpected = !parsed
                                       ? QStringLiteral("--") + parser.unknownOptionNames().value(0)
                                       : positional.at(1);
        std::fprintf(err, "frameproof: verify: unexpected argument '%s'\n", qPrintable(unexpected));
        return std::nullopt;
    }
    if (positional.isEmpty()) {
        std::fprintf(err, "frameproof: verify needs a case: frameproof verify FILE.fpcase "
                          "[--json]\n");
        return std::nullopt;
    }
    return VerifyOptions{positional.first(), parser.isSet(json)};
}

// What verifying a case found: the audit chain, each evidence item and each analysis.
struct CaseVerification {
    AuditChainCheck chain;
    std::vector<EvidenceCheck> evidence;
    std::vector<AnalysisCheck> analyses;
    bool passed = false;
};

// Runs every check on `c`; nothing when one of them cannot be run (said on `err`).
std::optional<CaseVerification> verifyCase(const CaseStore& c, FILE* err) {
    auto chain = c.verifyChain();
    auto evidence = c.verifyEvidence();
    // Each analysis's result and detail blob against what its `analysed` entry recorded.
    auto analyses = verifyAnalyses(c);
    for (const Error* e : {chain ? nullptr : &chain.error(), evidence ? nullptr : &evidence.error(),
                           analyses ? nullptr : &analyses.error()}) {
        if (e) {
            std::fprintf(err, "frameproof: %s\n", qPrintable(e->message));
            return std::nullopt;
        }
    }
    CaseVerification v{*chain, *evidence, *analyses};
    v.passed = v.chain.intact;
    for (const EvidenceCheck& e : v.evidence)
        v.passed = v.passed && e.state == EvidenceCheck::State::Unchanged && !e.intakeRecordAltered;
    for (const AnalysisCheck& a : v.analyses)
        v.passed = v.passed && a.passed();
    return v;
}

QJsonArray evidenceJson(const std::vector<EvidenceCheck>& evidence) {
    QJsonArray array;
    for (const EvidenceCheck& e : evidence) {
        array.append(
            QJsonObject{{QStringLiteral("id"), e.record.id},
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
    return array;
}

QJsonValue brokenEntryJson(const AuditChainCheck& chain) {
    if (chain.intact)
        return QJsonValue();
    return QJsonObject{
        {QStringLiteral("sequence"), chain.brokenSequence},
        {QStringLiteral("action"), chain.brokenEntry.action},
        {QStringLiteral("time"), auditTimeText(chain.brokenEntry.timeUtc)},
        {QStringLiteral("stored_hash"), QString::fromLatin1(chain.storedHash)},
        {QStringLiteral("recomputed_hash"), QString::fromLatin1(chain.recomputedHash)},
        {QStringLiteral("problem"), chain.problem}};
}

QJsonArray analysesJson(const std::vector<AnalysisCheck>& analyses) {
    QJsonArray array;
    for (const AnalysisCheck& a : analyses) {
        array.append(QJsonObject{{QStringLiteral("id"), a.record.id},
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
    return array;
}

// `frameproof.verify/1`, the document `verify --json` prints.
QJsonObject verificationJson(const CaseStore& c, const CaseVerification& v) {
    return QJsonObject{
        {QStringLiteral("schema"), QStringLiteral("frameproof.verify/1")},
        {QStringLiteral("tool"), toolInfoJson()},
        {QStringLiteral("case"),
         QJsonObject{{QStringLiteral("path"), c.path()},
                     {QStringLiteral("case_id"), c.info().caseId},
                     {QStringLiteral("created"), auditTimeText(c.info().created)},
                     {QStringLiteral("schema_version"), c.info().schemaVersion}}},
        {QStringLiteral("evidence"), evidenceJson(v.evidence)},
        {QStringLiteral("audit"),
         QJsonObject{{QStringLiteral("intact"), v.chain.intact},
                     {QStringLiteral("entries"), v.chain.entries},
                     {QStringLiteral("last_hash"), QString::fromLatin1(v.chain.lastHash)},
                     {QStringLiteral("broken"), brokenEntryJson(v.chain)}}},
        {QStringLiteral("analyses"), analysesJson(v.analyses)},
        {QStringLiteral("passed"), v.passed}};
}

QString evidenceStateText(const EvidenceCheck& e) {
    switch (e.state) {
    case EvidenceCheck::State::Unchanged:
        return VerifyCommandText::tr("unchanged (sha256 %1)").arg(e.currentSha256);
    case EvidenceCheck::State::Changed:
        return VerifyCommandText::tr("CHANGED (sha256 at intake %1, now %2)")
            .arg(e.auditedSha256.isEmpty() ? e.record.sha256 : e.auditedSha256, e.currentSha256);
    case EvidenceCheck::State::Missing:
        return VerifyCommandText::tr("missing (was %1)").arg(e.record.path);
    case EvidenceCheck::State::Unreadable:
        return VerifyCommandText::tr("UNREADABLE (%1)").arg(e.message);
    }
    return QString();
}

// One line per evidence item, and a second when its intake record was altered.
QStringList evidenceLines(const std::vector<EvidenceCheck>& evidence) {
    if (evidence.empty())
        return {VerifyCommandText::tr("evidence: none")};
    QStringList lines;
    for (const EvidenceCheck& e : evidence) {
        lines << VerifyCommandText::tr("evidence %1 %2: %3")
                     .arg(e.record.id)
                     .arg(e.record.fileName, evidenceStateText(e));
        if (e.intakeRecordAltered)
            lines << VerifyCommandText::tr(
                         "evidence %1 %2: INTAKE RECORD ALTERED (the evidence row says sha256 %3, "
                         "the audit log recorded %4 at intake)")
                         .arg(e.record.id)
                         .arg(e.record.fileName, e.record.sha256,
                              e.auditedSha256.isEmpty() ? VerifyCommandText::tr("nothing")
                                                        : e.auditedSha256);
    }
    return lines;
}

QString chainText(const AuditChainCheck& chain) {
    if (chain.intact)
        return VerifyCommandText::tr("audit chain: intact (%1 entries, last hash %2)")
            .arg(chain.entries)
            .arg(QString::fromLatin1(chain.lastHash));
    return VerifyCommandText::tr(
               "audit chain: broken at entry %1 of %7 (%2, %3): stored hash %4, recomputed %5; %6")
        .arg(chain.brokenSequence)
        .arg(chain.brokenEntry.action, auditTimeText(chain.brokenEntry.timeUtc),
             QString::fromLatin1(chain.storedHash), QString::fromLatin1(chain.recomputedHash),
             chain.problem)
        .arg(chain.entries);
}

QString analysisText(const AnalysisCheck& a) {
    QString text = VerifyCommandText::tr("analysis %1 (evidence %2, started %3): %4")
                       .arg(a.record.id)
                       .arg(a.record.evidenceId)
                       .arg(auditTimeText(a.record.started), analysisStatusKey(a.record.status));
    if (a.record.status == AnalysisStatus::Running)
        text += VerifyCommandText::tr(" (not finished: still running elsewhere, or interrupted)");
    else if (!a.record.message.isEmpty())
        text += QStringLiteral(" (%1)").arg(a.record.message);
    if (a.resultAltered)
        text += VerifyCommandText::tr(
            "; RESULT ALTERED (does not match the hash recorded when it completed)");
    if (a.detail == DetailState::Intact)
        text += VerifyCommandText::tr("; face tracks, maps and lip-sync curves intact (%1 bytes)")
                    .arg(a.detailBytes);
    else if (a.detail != DetailState::None)
        text += QStringLiteral("; %1: %2").arg(detailStateKey(a.detail).toUpper(), a.detailProblem);
    return text;
}

// The report `verify` prints without --json, a line per fact.
QStringList verificationLines(const CaseStore& c, const CaseVerification& v) {
    QStringList lines{
        VerifyCommandText::tr("case %1 (id %2, created %3)")
            .arg(QFileInfo(c.path()).fileName(), c.info().caseId, auditTimeText(c.info().created))};
    lines << evidenceLines(v.evidence) << chainText(v.chain);
    for (const AnalysisCheck& a : v.analyses)
        lines << analysisText(a);
    lines << (v.passed ? VerifyCommandText::tr("verification passed")
                       : VerifyCommandText::tr("verification FAILED"));
    return lines;
}

} // namespace

int runVerify(const QStringList& args, FILE* out, FILE* err) {
    const std::optional<VerifyOptions> options = parseVerifyArgs(args, err);
    if (!options)
        return kExitUsage;
    auto store = CaseStore::open(options->casePath, QString(), CaseStore::Mode::ReadOnly);
    if (!store) {
        std::fprintf(err, "frameproof: %s\n", qPrintable(store.error().message));
        return kExitBadInput;
    }
    const CaseStore& c = **store;
    const std::optional<CaseVerification> verification = verifyCase(c, err);
    if (!verification)
        return kExitBadInput;
    if (options->json) {
        const QByteArray bytes =
            QJsonDocument(verificationJson(c, *verification)).toJson(QJsonDocument::Indented);
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), out);
    } else {
        for (const QString& line : verificationLines(c, *verification))
            std::fprintf(out, "%s\n", qPrintable(line));
    }
    return verification->passed ? kExitOk : kExitVerifyFailed;
}

} // namespace fp::app
