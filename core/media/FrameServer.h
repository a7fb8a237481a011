#pragma once

// Serves decoded frames by presentation index to the player and to tests, from a frame cache
// fed by one decoder thread. After each request the decoder thread prefetches around the
// playhead: ahead when stepping forward, and the GOP before when stepping backward, so held
// arrow keys are served from the cache.
//
// Thread-safety: every public method is thread-safe. frameReady/frameFailed are emitted from
// the decoder thread (or, without convertForDisplay, from the caller's thread when request()
// is answered from the cache); connect with Qt::QueuedConnection.
// Ownership: the server owns its decoder, its thread and its cache; frames are shared.

#include "core/media/FrameCache.h"
#include "core/media/FrameIndex.h"
#include "core/media/VideoDecoder.h"
#include "models/Result.h"

#include <QImage>
#include <QObject>

#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

namespace fp {

struct FrameServerOptions {
    int64_t cacheBudgetBytes = FrameCache::kDefaultBudgetBytes;
    int prefetchAhead = 16;  // frames decoded ahead of the playhead when moving forward
    int prefetchBehind = 12; // frames kept decoded behind it when moving backward
    int decoderThreads = 0;  // 0: FFmpeg picks
    // Convert answers to request() into display images on the decoder thread, so the GUI
    // thread only paints (frameReady's image is null otherwise).
    bool convertForDisplay = false;
};

class FrameServer : public QObject {
    Q_OBJECT
public:
    static Result<std::unique_ptr<FrameServer>> open(const QString& path,
                                                     std::shared_ptr<const FrameIndex> index,
                                                     const FrameServerOptions& options = {});
    ~FrameServer() override;

    const FrameIndex& index() const { return *m_index; }
    std::shared_ptr<const FrameIndex> sharedIndex() const { return m_index; }

    // Blocks until frame `index` is decoded (or known to be undecodable) and moves the
    // playhead there. Do not call from the GUI thread for frames that may need a seek.
    Result<VideoFramePtr> frame(int64_t index);
    // Returns at once; the answer arrives as frameReady or frameFailed. A newer request
    // replaces an older one still waiting.
    void request(int64_t index);
    // The frame if it is in the cache, else null. Never decodes.
    VideoFramePtr cached(int64_t index) const;

    FrameCache& cache() { return m_cache; }
    // Decoder counters as of the last finished request.
    DecoderStats stats() const;

Q_SIGNALS:
    void frameReady(fp::VideoFramePtr frame, QImage image);
    void frameFailed(qint64 index, QString message);

private:
    FrameServer(std::shared_ptr<const FrameIndex> index, std::unique_ptr<VideoDecoder> decoder,
                const FrameServerOptions& options);
    void run();
    void moveFocus(int64_t index);
    int64_t prefetchTargetLocked() const;
    bool shouldAbandon(int64_t keyframe, int64_t target, bool blocking) const;

    std::shared_ptr<const FrameIndex> m_index;
    std::unique_ptr<VideoDecoder> m_decoder; // used only on the decoder thread
    FrameServerOptions m_options;
    FrameCache m_cache;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake; // work for the decoder thread
    std::condition_variable m_done; // results for blocking callers
    struct Ticket {
        uint64_t id;
        int64_t index;
    };
    std::deque<Ticket> m_blocking;
    std::map<uint64_t, Result<VideoFramePtr>> m_results;
    uint64_t m_nextTicket = 1;
    int64_t m_async = -1;
    int64_t m_focus = 0;
    int m_direction = 1;
    bool m_prefetchDirty = false;
    bool m_stop = false;
    std::set<int64_t> m_undecodable; // frames a decode failed on: never prefetched again
    DecoderStats m_stats;
    std::thread m_thread;
};

} // namespace fp
