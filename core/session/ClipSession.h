#pragma once

// Everything about the one clip that is open: intake (facts, first frame, index, hashes) in
// the background, the frame server, where the playhead is, the in/out marks and the bookmarks
// (in the open case, see CaseSession; without one, in a JSON file per evidence SHA-256). The
// window shows it; it never touches widgets.
// Thread-safety: GUI thread only; work happens in IntakeJob and FrameServer threads, whose
// results arrive here through queued signals.

#include "core/analysis/AnalysisPipeline.h"
#include "core/case/Bookmarks.h"
#include "core/evidence/IntakeJob.h"
#include "core/media/FrameServer.h"

#include <QImage>
#include <QObject>

#include <memory>
#include <optional>

namespace fp {

class ClipSession : public QObject {
    Q_OBJECT
public:
    // `bookmarkDir` empty: the user's data folder.
    explicit ClipSession(QString path, QString bookmarkDir = {}, QObject* parent = nullptr);
    ~ClipSession() override;

    void start();
    void cancelIntake();

    const QString& path() const { return m_path; }
    std::shared_ptr<const MediaFacts> facts() const { return m_facts; }
    std::shared_ptr<const FrameIndex> index() const { return m_index; }
    const std::optional<EvidenceHashes>& hashes() const { return m_hashes; }
    BookmarkModel* bookmarks() { return &m_bookmarks; }
    bool intakeRunning() const { return m_intakeRunning; }
    FrameServer* frames() const { return m_frames.get(); }

    // Playhead: the frame last asked for, and the one on screen (-1 before the first).
    qint64 requestedFrame() const { return m_requested; }
    qint64 shownFrame() const { return m_shown; }
    qint64 frameCount() const { return m_index ? m_index->size() : 0; }

    void goTo(qint64 frame);
    void step(qint64 delta);
    void nextKeyframe();
    void previousKeyframe();

    // Runs every analysis in the background (one at a time); the result replaces the last.
    // analysisStarted() is emitted (directly) before the work begins.
    void analyse();
    // Shows an analysis read back from a case as if it had just finished (analysisFinished).
    void restoreAnalysis(std::shared_ptr<const AnalysisOutput> output);
    void cancelAnalysis();
    bool analysing() const { return m_analysis != nullptr; }
    std::shared_ptr<const AnalysisOutput> analysis() const { return m_analysisOutput; }

    // In/out marks for range bookmarks (-1: unset).
    void setMarkIn() { m_markIn = currentFrame(); }
    void setMarkOut() { m_markOut = currentFrame(); }
    qint64 markIn() const { return m_markIn; }
    qint64 markOut() const { return m_markOut; }
    // Bookmarks the marked range if both marks are set, else the current frame; returns the row.
    int addBookmark(const QString& note = {});
    // While a case is open the case keeps the bookmarks (CaseSession); the per-evidence JSON
    // file is neither read nor written.
    void setBookmarksInCase(bool inCase) { m_bookmarksInCase = inCase; }
    bool bookmarksInCase() const { return m_bookmarksInCase; }

Q_SIGNALS:
    void factsReady(std::shared_ptr<const fp::MediaFacts> facts);
    void indexProgress(qint64 done, qint64 total);
    void indexReady(std::shared_ptr<const fp::FrameIndex> index);
    void hashProgress(qint64 done, qint64 total);
    void hashesReady(fp::EvidenceHashes hashes);
    // Exactly once per start(); empty message on success.
    void intakeFinished(QString errorMessage);
    // The frame now on screen (only answers to the latest request) and its display image.
    void frameShown(fp::VideoFramePtr frame, QImage image);
    void frameFailed(qint64 frame, QString message);
    void bookmarkError(QString message);
    void analysisStarted();
    void analysisProgress(qint64 framesDone, qint64 framesTotal);
    // Exactly once per analyse(): the output, or null with a message (cancelled or failed).
    void analysisFinished(std::shared_ptr<const fp::AnalysisOutput> output, QString errorMessage);

private:
    qint64 currentFrame() const {
        return m_requested >= 0 ? m_requested : std::max<qint64>(m_shown, 0);
    }
    void onIndexReady(std::shared_ptr<const FrameIndex> index);
    void onHashes(const EvidenceHashes& hashes);
    void saveBookmarks();

    QString m_path;
    QString m_bookmarkDir;
    std::unique_ptr<IntakeJob> m_intake;
    bool m_intakeRunning = false;
    std::shared_ptr<const MediaFacts> m_facts;
    std::shared_ptr<const FrameIndex> m_index;
    std::optional<EvidenceHashes> m_hashes;
    std::unique_ptr<FrameServer> m_frames;
    std::unique_ptr<AnalysisJob> m_analysis;
    std::shared_ptr<const AnalysisOutput> m_analysisOutput;
    BookmarkModel m_bookmarks;
    qint64 m_requested = -1;
    qint64 m_shown = -1;
    qint64 m_markIn = -1;
    qint64 m_markOut = -1;
    bool m_bookmarksInCase = false;
};

} // namespace fp
