#pragma once

// The evidence dock: file facts, SHA-256 and MD5 (with progress while hashing), the container
// and stream facts and every metadata tag as a tree, the frame-index summary, and copy to the
// clipboard (a selected row, or everything as JSON).
// Thread-safety: GUI thread only; facts arrive as immutable shared values.

#include "core/evidence/EvidenceHasher.h"
#include "core/evidence/MediaFacts.h"
#include "core/media/FrameIndex.h"

#include <QWidget>

#include <memory>
#include <optional>

class QProgressBar;
class QTreeWidget;
class QTreeWidgetItem;

namespace fp {

class EvidencePanel : public QWidget {
    Q_OBJECT
public:
    explicit EvidencePanel(QWidget* parent = nullptr);

    void clear();
    void setFacts(std::shared_ptr<const MediaFacts> facts);
    void setIndex(std::shared_ptr<const FrameIndex> index);
    void setHashProgress(qint64 done, qint64 total);
    void setHashes(const EvidenceHashes& hashes);
    void setHashError(const QString& message);

    // Everything shown, as the JSON `probe` prints for the evidence.
    QString toJsonText() const;
    // The value shown for a top-level row like "SHA-256" (tests, copy).
    QString valueOf(const QString& section, const QString& key) const;

private:
    void rebuild();
    // rebuild()'s parts, in the order the tree shows them: each adds a section's rows.
    void addFileRows(const MediaFacts& facts);
    void addHashRows();
    void addContainerRows(const MediaFacts& facts);
    void addStreamRows(const StreamFacts& stream, bool analysed);
    void addVideoRows(QTreeWidgetItem* row, const StreamFacts& stream);
    void addAudioRows(QTreeWidgetItem* row, const StreamFacts& stream);
    void addTagRows(QTreeWidgetItem* parent, const QMap<QString, QString>& tags);
    void addIndexRows();
    void copySelection();

    QTreeWidget* m_tree = nullptr;
    QProgressBar* m_hashProgress = nullptr;
    std::shared_ptr<const MediaFacts> m_facts;
    std::shared_ptr<const FrameIndex> m_index;
    std::optional<EvidenceHashes> m_hashes;
    QString m_hashError;
};

} // namespace fp
