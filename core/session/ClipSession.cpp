#include "core/session/ClipSession.h"

#include "core/case/BookmarkStore.h"

namespace fp {

ClipSession::ClipSession(QString path, QString bookmarkDir, QObject* parent)
    : QObject(parent)
    , m_path(std::move(path))
    , m_bookmarkDir(std::move(bookmarkDir)) {
    connect(&m_bookmarks, &BookmarkModel::edited, this, &ClipSession::saveBookmarks);
}

ClipSession::~ClipSession() {
    // Stop the threads before the members they report to go away.
    m_analysis.reset();
    m_intake.reset();
    m_frames.reset();
}

void ClipSession::start() {
    m_intake = std::make_unique<IntakeJob>(m_path);
    m_intakeRunning = true;
    IntakeJob* job = m_intake.get();
    connect(job, &IntakeJob::factsReady, this, [this](std::shared_ptr<const MediaFacts> facts) {
        m_facts = facts;
        Q_EMIT factsReady(facts);
    });
    connect(job, &IntakeJob::firstFrameReady, this,
            [this](const VideoFramePtr& frame, const QImage& image) {
                // Shown while the index is built; an answer to a real request replaces it.
                if (m_shown < 0)
                    Q_EMIT frameShown(frame, image);
            });
    connect(job, &IntakeJob::indexProgress, this, &ClipSession::indexProgress);
    connect(job, &IntakeJob::indexReady, this, &ClipSession::onIndexReady);
    connect(job, &IntakeJob::hashProgress, this, &ClipSession::hashProgress);
    connect(job, &IntakeJob::hashesReady, this, &ClipSession::onHashes);
    connect(job, &IntakeJob::finished, this, [this](const QString& error) {
        m_intakeRunning = false;
        Q_EMIT intakeFinished(error);
    });
    job->start();
}

void ClipSession::cancelIntake() {
    if (m_intake)
        m_intake->cancel();
}

void ClipSession::onIndexReady(std::shared_ptr<const FrameIndex> index) {
    m_index = index;
    if (index) {
        FrameServerOptions options;
        options.convertForDisplay = true;
        auto server = FrameServer::open(m_path, index, options);
        if (!server) {
            Q_EMIT frameFailed(0, server.error().message);
        } else {
            m_frames = std::move(server).value();
            connect(
                m_frames.get(), &FrameServer::frameReady, this,
                [this](const VideoFramePtr& frame, const QImage& image) {
                    // Late answers to superseded requests are dropped.
                    if (!frame || frame->index() != m_requested)
                        return;
                    m_shown = frame->index();
                    Q_EMIT frameShown(frame, image);
                },
                Qt::QueuedConnection);
            connect(
                m_frames.get(), &FrameServer::frameFailed, this,
                [this](qint64 frame, const QString& message) {
                    if (frame == m_requested)
                        Q_EMIT frameFailed(frame, message);
                },
                Qt::QueuedConnection);
        }
    }
    Q_EMIT indexReady(index);
    if (m_frames)
        goTo(m_requested >= 0 ? m_requested : 0);
}

void ClipSession::goTo(qint64 frame) {
    if (!m_index || !m_frames)
        return;
    frame = std::clamp<qint64>(frame, 0, m_index->size() - 1);
    if (frame == m_requested && frame == m_shown)
        return;
    m_requested = frame;
    m_frames->request(frame);
}

void ClipSession::analyse() {
    if (!m_index || m_analysis)
        return;
    m_analysis = std::make_unique<AnalysisJob>(m_path, m_index);
    connect(m_analysis.get(), &AnalysisJob::progress, this, &ClipSession::analysisProgress);
    connect(
        m_analysis.get(), &AnalysisJob::finished, this,
        [this](const QString& error) {
            std::shared_ptr<const AnalysisOutput> output = m_analysis->output();
            // The job's thread has finished its work; release it from the GUI thread.
            m_analysis.reset();
            if (output)
                m_analysisOutput = output;
            Q_EMIT analysisFinished(output, error);
        },
        Qt::QueuedConnection);
    Q_EMIT analysisStarted();
    m_analysis->start();
}

void ClipSession::restoreAnalysis(std::shared_ptr<const AnalysisOutput> output) {
    if (!output || m_analysis)
        return;
    m_analysisOutput = output;
    Q_EMIT analysisFinished(output, QString());
}

void ClipSession::cancelAnalysis() {
    if (m_analysis)
        m_analysis->cancel();
}

void ClipSession::step(qint64 delta) {
    goTo(currentFrame() + delta);
}

void ClipSession::nextKeyframe() {
    if (!m_index)
        return;
    const int64_t next = m_index->keyframeAfter(currentFrame());
    if (next >= 0)
        goTo(next);
}

void ClipSession::previousKeyframe() {
    if (!m_index)
        return;
    const qint64 current = currentFrame();
    int64_t key = m_index->keyframeAtOrBefore(current);
    if (key == current && current > 0)
        key = m_index->keyframeAtOrBefore(current - 1);
    goTo(key);
}

int ClipSession::addBookmark(const QString& note) {
    Bookmark bookmark;
    if (m_markIn >= 0 && m_markOut >= 0) {
        bookmark.firstFrame = std::min(m_markIn, m_markOut);
        bookmark.lastFrame = std::max(m_markIn, m_markOut);
        m_markIn = m_markOut = -1;
    } else {
        bookmark.firstFrame = bookmark.lastFrame = currentFrame();
    }
    bookmark.note = note;
    return m_bookmarks.add(bookmark);
}

void ClipSession::onHashes(const EvidenceHashes& hashes) {
    m_hashes = hashes;
    Q_EMIT hashesReady(hashes);
    if (m_bookmarksInCase)
        return;
    // Bookmarks follow the evidence's content, not its path.
    auto stored = loadBookmarks(bookmarkFilePath(hashes.sha256, m_bookmarkDir));
    if (!stored) {
        Q_EMIT bookmarkError(stored.error().message);
        return;
    }
    if (stored->isEmpty()) {
        if (!m_bookmarks.bookmarks().isEmpty())
            saveBookmarks();
        return;
    }
    QVector<Bookmark> merged = *stored;
    for (const Bookmark& added : m_bookmarks.bookmarks())
        merged << added; // made before the hash was known
    m_bookmarks.setBookmarks(merged);
    if (merged.size() != stored->size())
        saveBookmarks();
}

void ClipSession::saveBookmarks() {
    if (m_bookmarksInCase)
        return;
    if (!m_hashes)
        return; // saved once the hash is known (onHashes)
    auto saved = fp::saveBookmarks(bookmarkFilePath(m_hashes->sha256, m_bookmarkDir),
                                   m_bookmarks.bookmarks());
    if (!saved)
        Q_EMIT bookmarkError(saved.error().message);
}

} // namespace fp
