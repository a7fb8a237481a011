#include "widgets/FramePanel.h"
#include "widgets/Palette.h"

#include "core/util/TimeFormat.h"

#include <QFormLayout>
#include <QLabel>

namespace fp {

FramePanel::FramePanel(QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QFormLayout(this);
    layout->setLabelAlignment(Qt::AlignRight);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    addRow(QStringLiteral("frame"), tr("Frame"));
    addRow(QStringLiteral("pts"), tr("PTS"));
    addRow(QStringLiteral("dts"), tr("DTS"));
    addRow(QStringLiteral("time"), tr("Time"));
    addRow(QStringLiteral("timecode"), tr("Timecode"));
    addRow(QStringLiteral("type"), tr("Picture type"));
    addRow(QStringLiteral("key"), tr("Keyframe"));
    addRow(QStringLiteral("size"), tr("Packet size"));
    addRow(QStringLiteral("pos"), tr("Byte offset"));
    addRow(QStringLiteral("status"), tr("Decode status"));
    clear();
}

QLabel* FramePanel::addRow(const QString& key, const QString& title) {
    auto* value = new QLabel(this);
    value->setTextInteractionFlags(Qt::TextSelectableByMouse);
    value->setFont(QFont(QStringLiteral("monospace")));
    static_cast<QFormLayout*>(layout())->addRow(title, value);
    m_values.insert(key, value);
    return value;
}

void FramePanel::clear() {
    for (QLabel* label : std::as_const(m_values))
        label->setText(QStringLiteral("-"));
}

QString FramePanel::field(const QString& key) const {
    const QLabel* label = m_values.value(key);
    return label ? label->text() : QString();
}

void FramePanel::setFrame(const FrameIndex& index, const VideoFrame& frame) {
    const int64_t i = frame.index();
    if (i < 0 || i >= index.size()) {
        clear();
        return;
    }
    const FrameIndexEntry& e = index.at(i);
    const double seconds = index.secondsAt(i);
    m_values[QStringLiteral("frame")]->setText(tr("%1 of %2").arg(i).arg(index.size()));
    m_values[QStringLiteral("pts")]->setText(
        QStringLiteral("%1  (%2/%3 s)").arg(e.pts).arg(index.timeBase.num).arg(index.timeBase.den));
    m_values[QStringLiteral("dts")]->setText(QString::number(e.dts));
    m_values[QStringLiteral("time")]->setText(formatSeconds(seconds));
    m_values[QStringLiteral("timecode")]->setText(
        formatTimecode(i, index.nominalFrameRate) +
        (index.isVariableFrameRate() ? tr("  (VFR)") : QString()));
    m_values[QStringLiteral("type")]->setText(QString(QLatin1Char(e.pictureType)));
    m_values[QStringLiteral("key")]->setText(e.key ? tr("yes") : tr("no"));
    m_values[QStringLiteral("size")]->setText(tr("%1 bytes").arg(e.packetSize));
    m_values[QStringLiteral("pos")]->setText(e.bytePos >= 0 ? QString::number(e.bytePos)
                                                            : tr("unknown"));
    QString status =
        frame.damaged() ? tr("damaged: the decoder concealed errors") : tr("decoded cleanly");
    if (e.corrupt)
        status = tr("packet truncated or corrupt in the file");
    m_values[QStringLiteral("status")]->setText(status);
    m_values[QStringLiteral("status")]->setStyleSheet(
        frame.damaged() || e.corrupt
            ? QStringLiteral("color: %1; font-weight: bold").arg(palette::kDamage.name())
            : QString());
}

} // namespace fp
