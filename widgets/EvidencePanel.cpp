#include "widgets/EvidencePanel.h"

#include "core/evidence/EvidenceJson.h"
#include "core/util/TimeFormat.h"
#include "widgets/Palette.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace fp {

namespace {

QTreeWidgetItem* addRow(QTreeWidgetItem* parent, const QString& key, const QString& value) {
    auto* item = new QTreeWidgetItem(parent, {key, value});
    item->setToolTip(1, value);
    return item;
}

QString rationalText(const Rational& r) {
    if (!r.valid())
        return QStringLiteral("-");
    return QStringLiteral("%1/%2 (%3)").arg(r.num).arg(r.den).arg(r.toDouble(), 0, 'g', 6);
}

QString optionalSeconds(const std::optional<double>& s) {
    return s ? formatSeconds(*s) : QStringLiteral("-");
}

QString bytesText(qint64 bytes) {
    return QStringLiteral("%1 (%2)").arg(QLocale().toString(bytes),
                                         QLocale().formattedDataSize(bytes));
}

} // namespace

EvidencePanel::EvidencePanel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    m_tree = new QTreeWidget(this);
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Fact"), tr("Value")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Interactive);
    m_tree->setColumnWidth(0, 170);
    m_tree->setMinimumWidth(360);
    m_tree->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_tree->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_tree->setUniformRowHeights(true);
    auto* copy = new QAction(tr("Copy"), m_tree);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this, &EvidencePanel::copySelection);
    m_tree->addAction(copy);
    layout->addWidget(m_tree);

    m_hashProgress = new QProgressBar(this);
    m_hashProgress->setRange(0, 1000);
    m_hashProgress->setFormat(tr("Hashing %p%"));
    m_hashProgress->setVisible(false);
    layout->addWidget(m_hashProgress);

    auto* buttons = new QHBoxLayout;
    auto* copyAll = new QPushButton(tr("Copy all as JSON"), this);
    copyAll->setToolTip(
        tr("Copy the evidence facts, hashes and frame-index summary to the clipboard"));
    connect(copyAll, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(toJsonText()); });
    buttons->addStretch();
    buttons->addWidget(copyAll);
    layout->addLayout(buttons);
    clear();
}

void EvidencePanel::clear() {
    m_facts.reset();
    m_index.reset();
    m_hashes.reset();
    m_hashError.clear();
    m_hashProgress->setVisible(false);
    rebuild();
}

void EvidencePanel::setFacts(std::shared_ptr<const MediaFacts> facts) {
    m_facts = std::move(facts);
    rebuild();
}

void EvidencePanel::setIndex(std::shared_ptr<const FrameIndex> index) {
    m_index = std::move(index);
    rebuild();
}

void EvidencePanel::setHashProgress(qint64 done, qint64 total) {
    m_hashProgress->setVisible(true);
    m_hashProgress->setValue(total > 0 ? int(1000 * done / total) : 0);
}

void EvidencePanel::setHashes(const EvidenceHashes& hashes) {
    m_hashes = hashes;
    m_hashProgress->setVisible(false);
    rebuild();
}

void EvidencePanel::setHashError(const QString& message) {
    m_hashError = message;
    m_hashProgress->setVisible(false);
    rebuild();
}

QString EvidencePanel::toJsonText() const {
    if (!m_facts)
        return {};
    QJsonObject root;
    root.insert(QStringLiteral("evidence"),
                evidenceToJson(*m_facts, m_hashes ? &*m_hashes : nullptr, m_index.get()));
    if (m_index)
        root.insert(QStringLiteral("frame_index"), frameIndexSummaryToJson(*m_index));
    return QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented));
}

QString EvidencePanel::valueOf(const QString& section, const QString& key) const {
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        QTreeWidgetItem* top = m_tree->topLevelItem(i);
        if (top->text(0) != section)
            continue;
        for (int j = 0; j < top->childCount(); ++j) {
            if (top->child(j)->text(0) == key)
                return top->child(j)->text(1);
        }
    }
    return {};
}

void EvidencePanel::copySelection() {
    QStringList lines;
    for (QTreeWidgetItem* item : m_tree->selectedItems())
        lines << (item->text(1).isEmpty() ? item->text(0)
                                          : item->text(0) + QLatin1Char('\t') + item->text(1));
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void EvidencePanel::rebuild() {
    m_tree->clear();
    if (!m_facts) {
        auto* empty = new QTreeWidgetItem(m_tree, {tr("No clip open")});
        empty->setDisabled(true);
        return;
    }
    const MediaFacts& f = *m_facts;
    addFileRows(f);
    addHashRows();
    addContainerRows(f);
    for (const StreamFacts& s : f.streams)
        addStreamRows(s, s.index == f.videoStream);
    addIndexRows();
    m_tree->expandToDepth(0);
}

void EvidencePanel::addFileRows(const MediaFacts& f) {
    auto* file = new QTreeWidgetItem(m_tree, {tr("File")});
    addRow(file, tr("Name"), f.fileName);
    addRow(file, tr("Path"), f.absolutePath);
    addRow(file, tr("Size"), bytesText(f.sizeBytes));
}

void EvidencePanel::addHashRows() {
    auto* hashes = new QTreeWidgetItem(m_tree, {tr("Hashes")});
    if (m_hashes) {
        addRow(hashes, tr("SHA-256"), m_hashes->sha256);
        addRow(hashes, tr("MD5"), m_hashes->md5);
    } else {
        const QString pending = m_hashError.isEmpty() ? tr("computing...") : m_hashError;
        addRow(hashes, tr("SHA-256"), pending);
        addRow(hashes, tr("MD5"), pending);
    }
}

void EvidencePanel::addContainerRows(const MediaFacts& f) {
    auto* container = new QTreeWidgetItem(m_tree, {tr("Container")});
    addRow(container, tr("Format"), QStringLiteral("%1 (%2)").arg(f.formatName, f.formatLongName));
    addRow(container, tr("Duration"), optionalSeconds(f.durationSeconds));
    addRow(container, tr("Start time"), optionalSeconds(f.startSeconds));
    addRow(container, tr("Bit rate"),
           f.bitRate > 0 ? tr("%1 kbit/s").arg(f.bitRate / 1000) : QStringLiteral("-"));
    addTagRows(container, f.tags);
}

// "Metadata" with its tag count, each tag under it; nothing when there are none.
void EvidencePanel::addTagRows(QTreeWidgetItem* parent, const QMap<QString, QString>& tags) {
    if (tags.isEmpty())
        return;
    auto* item = addRow(parent, tr("Metadata"), tr("%n tag(s)", nullptr, int(tags.size())));
    for (auto it = tags.begin(); it != tags.end(); ++it)
        addRow(item, it.key(), it.value());
}

void EvidencePanel::addStreamRows(const StreamFacts& s, bool analysed) {
    QString title = tr("Stream %1: %2 %3").arg(s.index).arg(s.mediaType, s.codec);
    if (analysed)
        title += tr(" (analysed)");
    auto* stream = new QTreeWidgetItem(m_tree, {title});
    addRow(stream, tr("Codec"),
           QStringLiteral("%1 (%2)%3")
               .arg(s.codec, s.codecLongName,
                    s.codecTag.isEmpty() ? QString() : QStringLiteral(" [%1]").arg(s.codecTag)));
    if (!s.profile.isEmpty())
        addRow(stream, tr("Profile"), s.profile);
    if (s.level != -99)
        addRow(stream, tr("Level"), QString::number(s.level));
    addRow(stream, tr("Time base"), rationalText(s.timeBase));
    addRow(stream, tr("Start time"), optionalSeconds(s.startSeconds));
    addRow(stream, tr("Duration"), optionalSeconds(s.durationSeconds));
    if (s.bitRate > 0)
        addRow(stream, tr("Bit rate"), tr("%1 kbit/s").arg(s.bitRate / 1000));
    if (s.mediaType == QLatin1String("video"))
        addVideoRows(stream, s);
    else if (s.mediaType == QLatin1String("audio"))
        addAudioRows(stream, s);
    if (!s.disposition.isEmpty())
        addRow(stream, tr("Disposition"), s.disposition.join(QStringLiteral(", ")));
    for (const SideDataFact& sd : s.sideData)
        addRow(stream, tr("Side data: %1").arg(sd.type), sd.description);
    addTagRows(stream, s.tags);
}

void EvidencePanel::addVideoRows(QTreeWidgetItem* stream, const StreamFacts& s) {
    addRow(stream, tr("Size"), QStringLiteral("%1 x %2").arg(s.width).arg(s.height));
    addRow(stream, tr("Pixel format"), s.pixelFormat);
    addRow(stream, tr("Colour"),
           tr("range %1, space %2, primaries %3, transfer %4")
               .arg(s.colorRange, s.colorSpace, s.colorPrimaries, s.colorTransfer));
    addRow(stream, tr("Field order"), s.fieldOrder);
    addRow(stream, tr("Sample aspect"), rationalText(s.sampleAspectRatio));
    addRow(stream, tr("Frame rate (avg)"), rationalText(s.averageFrameRate));
    addRow(stream, tr("Frame rate (real)"), rationalText(s.realFrameRate));
    if (s.declaredFrames > 0)
        addRow(stream, tr("Declared frames"), QString::number(s.declaredFrames));
    if (s.rotationDegrees)
        addRow(stream, tr("Rotation"), tr("%1 degrees").arg(*s.rotationDegrees));
}

void EvidencePanel::addAudioRows(QTreeWidgetItem* stream, const StreamFacts& s) {
    addRow(stream, tr("Sample rate"), tr("%1 Hz").arg(s.sampleRate));
    addRow(stream, tr("Channels"), QStringLiteral("%1 (%2)").arg(s.channels).arg(s.channelLayout));
    addRow(stream, tr("Sample format"), s.sampleFormat);
}

void EvidencePanel::addIndexRows() {
    auto* index = new QTreeWidgetItem(m_tree, {tr("Frame index")});
    if (!m_index) {
        addRow(index, tr("Frames"), tr("indexing..."));
        return;
    }
    const FrameIndex& x = *m_index;
    addRow(index, tr("Frames"), QString::number(x.size()));
    const std::vector<int64_t> keys = x.keyframes();
    addRow(index, tr("Keyframes"), QString::number(keys.size()));
    addRow(index, tr("Duration"), formatSeconds(x.durationSeconds()));
    addRow(index, tr("Frame spacing"), describeSpacing(x));
    addRow(index, tr("Complete"), x.complete ? tr("yes") : tr("no: damaged or truncated"));
    for (const DamagedRange& d : x.damaged)
        addRow(index, tr("Damage"), d.reason)->setForeground(1, palette::kDamage);
}

} // namespace fp
