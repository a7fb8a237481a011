#include "core/session/CaseSession.h"

#include "core/case/AnalysisDetail.h"
#include "core/case/AnalysisIntegrity.h"
#include "core/session/AnalysisDocument.h"
#include "core/session/CaseRecorder.h"
#include "core/session/ClipSession.h"

#include <QFileInfo>
#include <QPromise>
#include <QThreadPool>

namespace fp {

CaseSession::CaseSession(QObject* parent)
    : QObject(parent) {
    connect(&m_completionWatcher, &QFutureWatcher<QByteArray>::finished, this,
            [this] { completePendingAnalysis(); });
}

CaseSession::~CaseSession() {
    close();
}

Result<void> CaseSession::create(const QString& path, const QString& examiner) {
    ClipSession* clip = m_clip;
    close();
    auto store = CaseStore::create(path, examiner);
    if (!store)
        return store.error();
    m_store = std::move(store).value();
    if (clip)
        attach(clip);
    return {};
}

Result<void> CaseSession::open(const QString& path, const QString& examiner) {
    close();
    auto store = CaseStore::open(path, examiner);
    if (!store)
        return store.error();
    m_store = std::move(store).value();
    return {};
}

void CaseSession::close() {
    detach();
    m_store.reset();
}

Result<void> CaseSession::saveAs(const QString& target) {
    if (!m_store)
        return makeError(Error::Kind::Internal, tr("no case is open"));
    completePendingAnalysis(); // the copy holds it
    if (auto copied = m_store->saveCopy(target); !copied)
        return copied;
    const QString examiner = m_store->examiner();
    ClipSession* clip = m_clip;
    if (auto opened = open(target, examiner); !opened)
        return opened;
    if (clip)
        attach(clip);
    return {};
}

QString CaseSession::displayName() const {
    return m_store ? QFileInfo(m_store->path()).completeBaseName() : QString();
}

QString CaseSession::clipToRestore() const {
    if (!m_store)
        return {};
    auto log = m_store->auditLog();
    if (!log)
        return {};
    for (auto it = log->rbegin(); it != log->rend(); ++it) {
        if (it->action != QLatin1String("opened"))
            continue;
        const QString path = it->details.value(QStringLiteral("path")).toString();
        if (QFileInfo(path).isFile())
            return path;
    }
    return {};
}

void CaseSession::recordReportExported(const QString& pdfPath, const QString& sidecarPath,
                                       const QString& reportId) {
    if (!m_store)
        return;
    completePendingAnalysis();
    if (auto recorded = CaseRecorder(*m_store).recordReportExported(m_evidenceId, reportId, pdfPath,
                                                                    sidecarPath);
        !recorded)
        report(recorded.error());
}

void CaseSession::report(const Error& error) {
    Q_EMIT problem(error.message);
}

void CaseSession::attach(ClipSession* clip) {
    detach();
    if (!clip || !m_store)
        return;
    m_clip = clip;
    clip->setBookmarksInCase(true);
    m_connections << connect(clip, &ClipSession::hashesReady, this, [this] { onHashes(); });
    m_connections << connect(clip, &ClipSession::analysisStarted, this,
                             [this] { onAnalysisStarted(); });
    m_connections << connect(
        clip, &ClipSession::analysisFinished, this,
        [this](std::shared_ptr<const AnalysisOutput> output, const QString& error) {
            onAnalysisFinished(output != nullptr, error);
        });
    m_connections << connect(clip->bookmarks(), &BookmarkModel::edited, this,
                             [this] { saveBookmarks(); });
    if (clip->hashes())
        onHashes();
    if (clip->analysing())
        onAnalysisStarted();
}

void CaseSession::detach() {
    completePendingAnalysis();
    for (const QMetaObject::Connection& c : m_connections)
        disconnect(c);
    m_connections.clear();
    if (m_store && m_analysisId)
        if (auto failed = CaseRecorder(*m_store).failAnalysis(m_analysisId,
                                                              tr("stopped: the clip was closed"));
            !failed)
            report(failed.error());
    if (m_clip)
        m_clip->setBookmarksInCase(false);
    m_clip = nullptr;
    m_evidenceId = 0;
    m_analysisId = 0;
    m_analysisPending = false;
}

void CaseSession::onHashes() {
    if (!m_clip || !m_store || !m_clip->hashes() || m_evidenceId)
        return;
    ClipSession& clip = *m_clip;
    auto evidenceId =
        CaseRecorder(*m_store).recordIntake(clip.path(), *clip.hashes(), clip.facts().get(),
                                            clip.index().get(), QStringLiteral("workstation"));
    if (!evidenceId)
        return report(evidenceId.error());
    m_evidenceId = *evidenceId;

    // Bookmarks: the case's, plus any made before the hash was known.
    auto stored = m_store->bookmarks(m_evidenceId);
    if (!stored)
        return report(stored.error());
    QVector<Bookmark> merged = *stored;
    const QVector<Bookmark> early = clip.bookmarks()->bookmarks();
    for (const Bookmark& b : early)
        merged << b;
    clip.bookmarks()->setBookmarks(merged);
    if (!early.isEmpty())
        saveBookmarks();

    if (m_analysisPending) { // started before the hash was known, still running
        m_analysisPending = false;
        onAnalysisStarted();
    } else if (clip.analysis() && !clip.analysing()) {
        // Analysed before the case was created (open, analyse, then File > New case), or before
        // the hash was known: the case keeps it, or reopening the case would lose it.
        onAnalysisStarted();
        onAnalysisFinished(true, QString());
    } else if (!clip.analysing()) {
        restoreLastAnalysis(); // the last complete analysis, unless one was run already
    }
}

void CaseSession::restoreLastAnalysis() {
    auto last = m_store->lastCompleteAnalysis(m_evidenceId);
    if (!last)
        return report(last.error());
    if (!last->has_value())
        return;
    const AnalysisRecord& record = **last;
    auto detail = m_store->analysisDetail(record.id);
    if (!detail)
        return report(detail.error());
    auto log = m_store->auditLog();
    if (!log)
        return report(log.error());
    // Overlays only from a blob that is the one recorded when the analysis completed.
    const AnalysisCheck check =
        checkAnalysis(record, *detail, analysedEntry(*log, record.id), false);
    QStringList problems;
    if (!check.detailProblem.isEmpty())
        problems << check.detailProblem;
    const QByteArray blob = check.detail == DetailState::Intact ? (*detail)->data : QByteArray();
    const RestoredAnalysis restored = restoreAnalysis(record.result, blob);
    if (!restored.output)
        return;
    if (!restored.problem.isEmpty())
        problems << tr("analysis %1: %2").arg(record.id).arg(restored.problem);
    if (check.resultAltered)
        problems << tr("the stored result of analysis %1 does not match the SHA-256 its audit "
                       "entry recorded (frameproof verify names the change)")
                        .arg(record.id);
    m_clip->restoreAnalysis(restored.output);
    Q_EMIT analysisRestored(record.id, restored.detailRestored,
                            problems.join(QStringLiteral("; ")));
}

void CaseSession::onAnalysisStarted() {
    if (!m_store || !m_clip || m_analysisId)
        return;
    completePendingAnalysis(); // `analysed` of the previous run comes first
    if (!m_evidenceId) {
        m_analysisPending = true; // recorded as soon as the intake has hashed the evidence
        return;
    }
    // What ClipSession::analyse() runs with.
    auto id = CaseRecorder(*m_store).beginAnalysis(m_evidenceId, AnalysisOptions());
    if (!id)
        return report(id.error());
    m_analysisId = *id;
}

void CaseSession::onAnalysisFinished(bool ok, const QString& error) {
    if (!m_store || !m_clip)
        return;
    if (m_analysisPending) {
        m_analysisPending = false; // onHashes() records a finished analysis when the hash comes
        return;
    }
    if (!m_analysisId)
        return; // a restored analysis, or not recorded
    const qint64 id = m_analysisId;
    m_analysisId = 0;
    ClipSession& clip = *m_clip;
    if (ok && clip.analysis() && clip.facts() && clip.hashes() && clip.index()) {
        completePendingAnalysis();
        const std::shared_ptr<const AnalysisOutput> output = clip.analysis();
        auto promise = std::make_shared<QPromise<QByteArray>>();
        m_completion =
            PendingCompletion{id,
                              analysisResultJson(*clip.facts(), *clip.hashes(), *clip.index(),
                                                 AnalysisOptions(), *output),
                              promise->future()};
        promise->start();
        QThreadPool::globalInstance()->start([promise, output] {
            promise->addResult(encodeAnalysisDetail(*output));
            promise->finish();
        });
        m_completionWatcher.setFuture(m_completion->detail);
        return;
    }
    if (auto failed =
            CaseRecorder(*m_store).failAnalysis(id, error.isEmpty() ? tr("stopped") : error);
        !failed)
        report(failed.error());
}

void CaseSession::completePendingAnalysis() {
    if (!m_completion)
        return;
    PendingCompletion pending = std::move(*m_completion);
    m_completion.reset();
    pending.detail.waitForFinished();
    const QByteArray detail =
        pending.detail.resultCount() > 0 ? pending.detail.result() : QByteArray();
    if (!m_store)
        return;
    if (auto written =
            CaseRecorder(*m_store).completeAnalysis(pending.analysisId, pending.result, detail);
        !written)
        report(written.error());
}

void CaseSession::saveBookmarks() {
    if (!m_store || !m_clip || !m_evidenceId)
        return; // written once the evidence is in the case (onHashes)
    if (auto saved = m_store->setBookmarks(m_evidenceId, m_clip->bookmarks()->bookmarks()); !saved)
        report(saved.error());
}

} // namespace fp
