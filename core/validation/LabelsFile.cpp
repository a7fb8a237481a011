#include "core/validation/LabelsFile.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace fp::validation {

namespace {

struct LabelsFileText {
    Q_DECLARE_TR_FUNCTIONS(fp::validation::LabelsFile)
};

constexpr qint64 kMaxLabelsBytes = 64 << 20; // a labels file, not a data dump

} // namespace

bool splitCsvLine(const QString& line, QStringList& fields) {
    fields.clear();
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < line.size() && line.at(i + 1) == QLatin1Char('"')) {
                    field += c;
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == QLatin1Char('"') && field.isEmpty()) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << field;
            field.clear();
        } else {
            field += c;
        }
    }
    fields << field;
    return !quoted;
}

Result<LabelsFile> readLabelsFile(const QString& path, const QString& root) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{Error::Kind::NotReadable,
                     LabelsFileText::tr("cannot read %1: %2").arg(path, file.errorString())};
    if (file.size() > kMaxLabelsBytes)
        return Error{Error::Kind::Limit,
                     LabelsFileText::tr("%1 is over 64 MB: not a labels file").arg(path)};
    const QByteArray bytes = file.readAll();
    LabelsFile labels;
    labels.path = QFileInfo(path).absoluteFilePath();
    labels.sha256 =
        QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
    const QDir base(root.isEmpty() ? QFileInfo(path).absolutePath() : root);

    QStringList lines = QString::fromUtf8(bytes).split(QLatin1Char('\n'));
    for (QString& l : lines) {
        if (l.endsWith(QLatin1Char('\r')))
            l.chop(1);
    }
    if (lines.isEmpty() || !splitCsvLine(lines.first(), labels.columns))
        return Error{Error::Kind::Corrupt, LabelsFileText::tr("%1: no header line").arg(path)};
    for (QString& c : labels.columns)
        c = c.trimmed();
    const qsizetype pathColumn = labels.columns.indexOf(QStringLiteral("path"));
    const qsizetype labelColumn = labels.columns.indexOf(QStringLiteral("label"));
    if (pathColumn < 0 || labelColumn < 0)
        return Error{
            Error::Kind::Corrupt,
            LabelsFileText::tr("%1: the header needs the columns path and label (it has: %2)")
                .arg(path, labels.columns.join(QStringLiteral(", ")))};

    QStringList fields;
    for (qsizetype n = 1; n < lines.size(); ++n) {
        const int lineNumber = int(n + 1);
        if (lines.at(n).trimmed().isEmpty())
            continue;
        const auto skip = [&](const QString& message) {
            labels.skipped.push_back({lineNumber, message});
        };
        if (!splitCsvLine(lines.at(n), fields)) {
            skip(LabelsFileText::tr("a quoted field is not closed"));
            continue;
        }
        if (fields.size() != labels.columns.size()) {
            skip(LabelsFileText::tr("%1 fields where the header has %2")
                     .arg(fields.size())
                     .arg(labels.columns.size()));
            continue;
        }
        LabelledClip clip;
        clip.line = lineNumber;
        clip.relative = fields.at(pathColumn).trimmed();
        const QString label = fields.at(labelColumn).trimmed().toLower();
        if (clip.relative.isEmpty()) {
            skip(LabelsFileText::tr("no path"));
            continue;
        }
        if (label != QLatin1String("genuine") && label != QLatin1String("generated")) {
            skip(LabelsFileText::tr("label '%1' is neither genuine nor generated")
                     .arg(fields.at(labelColumn)));
            continue;
        }
        clip.generated = label == QLatin1String("generated");
        clip.path = QDir::cleanPath(base.absoluteFilePath(clip.relative));
        for (qsizetype c = 0; c < labels.columns.size(); ++c) {
            if (c != pathColumn && c != labelColumn)
                clip.conditions.insert(labels.columns.at(c), fields.at(c).trimmed());
        }
        labels.clips.push_back(std::move(clip));
    }
    return labels;
}

} // namespace fp::validation
