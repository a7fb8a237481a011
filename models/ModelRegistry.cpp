#include "models/ModelRegistry.h"

#include "models/ModelFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonValue>
#include <QSet>

#include <algorithm>

namespace fp::models {

namespace {

struct ModelRegistryText {
    Q_DECLARE_TR_FUNCTIONS(fp::models::ModelRegistry)
};

const QLatin1String kCardSuffix(".card.json");
const QLatin1String kModelSuffix(".pt");

InstalledModel check(const QString& modelPath, const QString& cardPath) {
    InstalledModel entry;
    entry.modelPath = modelPath;
    entry.cardPath = cardPath;

    Result<QString> sha256 =
        QFileInfo(modelPath).isFile()
            ? sha256OfFile(modelPath)
            : Result<QString>(
                  makeError(Error::Kind::NotFound,
                            ModelRegistryText::tr("the model file %1 is missing").arg(modelPath)));
    if (sha256)
        entry.sha256 = *sha256;

    if (!QFileInfo::exists(cardPath)) {
        entry.status = InstalledModel::Status::CardInvalid;
        entry.problem = ModelRegistryText::tr("the model %1 has no model card (expected %2)")
                            .arg(modelPath, cardPath);
        return entry;
    }
    Result<ModelCard> card = ModelCard::load(cardPath);
    if (!card) {
        entry.status = InstalledModel::Status::CardInvalid;
        entry.problem = card.error().message;
        return entry;
    }
    entry.card = std::move(*card);
    if (!sha256) {
        entry.status = InstalledModel::Status::ModelMissing;
        entry.problem = sha256.error().message;
    } else if (entry.sha256 != entry.card->sha256) {
        entry.status = InstalledModel::Status::HashMismatch;
        entry.problem = ModelRegistryText::tr(
                            "the model %1 is not the file its card describes: its SHA-256 is %2, "
                            "the card says %3")
                            .arg(modelPath, entry.sha256, entry.card->sha256);
    } else {
        entry.status = InstalledModel::Status::Ok;
    }
    return entry;
}

} // namespace

QString statusName(InstalledModel::Status status) {
    switch (status) {
    case InstalledModel::Status::Ok:
        return QStringLiteral("ok");
    case InstalledModel::Status::HashMismatch:
        return QStringLiteral("hash_mismatch");
    case InstalledModel::Status::CardInvalid:
        return QStringLiteral("card_invalid");
    case InstalledModel::Status::ModelMissing:
        return QStringLiteral("model_missing");
    }
    return QStringLiteral("card_invalid");
}

QJsonObject InstalledModel::toJson() const {
    QJsonObject out;
    out[QStringLiteral("name")] = card ? QJsonValue(card->name) : QJsonValue();
    out[QStringLiteral("version")] = card ? QJsonValue(card->version) : QJsonValue();
    out[QStringLiteral("status")] = statusName(status);
    out[QStringLiteral("problem")] = problem.isEmpty() ? QJsonValue() : QJsonValue(problem);
    out[QStringLiteral("model_path")] = modelPath;
    out[QStringLiteral("card_path")] = cardPath;
    out[QStringLiteral("sha256")] = sha256.isEmpty() ? QJsonValue() : QJsonValue(sha256);
    out[QStringLiteral("sha256_card")] = card ? QJsonValue(card->sha256) : QJsonValue();
    out[QStringLiteral("card")] = card ? QJsonValue(card->json) : QJsonValue();
    return out;
}

QStringList ModelRegistry::defaultFolders(const QString& appDataLocation,
                                          const QString& applicationDirPath) {
    QStringList folders;
    if (!appDataLocation.isEmpty())
        folders << QDir::cleanPath(appDataLocation + QStringLiteral("/models"));
    if (!applicationDirPath.isEmpty()) {
        folders << QDir::cleanPath(applicationDirPath +
                                   QStringLiteral("/../share/frameproof/models"));
        folders << QDir::cleanPath(applicationDirPath + QStringLiteral("/models"));
    }
    folders.removeDuplicates();
    return folders;
}

std::vector<InstalledModel> ModelRegistry::scan(const QStringList& folders) {
    std::vector<InstalledModel> models;
    QSet<QString> seenFolders;
    for (const QString& folder : folders) {
        const QDir dir(folder);
        if (folder.isEmpty() || !dir.exists())
            continue;
        const QString absolute = QDir::cleanPath(dir.absolutePath());
        if (seenFolders.contains(absolute))
            continue;
        seenFolders.insert(absolute);

        // Base names (NAME) of every card and every model, sorted.
        QStringList names;
        const QStringList files =
            dir.entryList({QStringLiteral("*") + kCardSuffix, QStringLiteral("*") + kModelSuffix},
                          QDir::Files | QDir::Readable | QDir::Hidden, QDir::Name);
        for (const QString& file : files) {
            if (file.endsWith(kCardSuffix))
                names << file.chopped(kCardSuffix.size());
            else
                names << file.chopped(kModelSuffix.size());
        }
        names.removeDuplicates();
        std::sort(names.begin(), names.end());
        for (const QString& name : names)
            models.push_back(
                check(QDir::cleanPath(absolute + QLatin1Char('/') + name + kModelSuffix),
                      QDir::cleanPath(absolute + QLatin1Char('/') + name + kCardSuffix)));
    }
    return models;
}

} // namespace fp::models
