#pragma once

// The learned detectors installed on this machine, with their provenance for the report:
// every NAME.card.json in the given folders with its NAME.pt beside it, each checked (card
// valid, model present, SHA-256 equal to the card's). Nothing is loaded: listing never runs
// model code. TorchDetector::open() checks again when a model is used.
//
// The caller chooses the folders; the usual ones come from defaultFolders(), given the user's
// data directory (QStandardPaths::AppDataLocation) and the executable's directory
// (QCoreApplication::applicationDirPath()), so this class needs no application object.
//
// Thread-safety: free functions without shared state; call them from any thread. scan()
// hashes every model file (OpenSSL reads at disk speed): run it off the GUI thread.

#include "models/ModelCard.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

namespace fp::models {

struct InstalledModel {
    enum class Status {
        Ok,           // card valid, model present, SHA-256 equal to the card's
        HashMismatch, // card valid, but the model file's SHA-256 differs: refused
        CardInvalid,  // the card is missing, unreadable or invalid (problem says which field)
        ModelMissing, // the card is valid but NAME.pt is missing or unreadable
    };
    Status status = Status::CardInvalid;
    QString modelPath; // absolute, cleaned; NAME.pt (it may not exist)
    QString cardPath;  // absolute, cleaned; NAME.card.json (it may not exist)
    QString sha256;    // the model file's actual SHA-256; empty when it could not be read
    std::optional<ModelCard> card; // when the card is valid
    QString problem;               // why the status is not Ok, for people; empty when Ok

    bool ok() const { return status == Status::Ok; }
    // For the report's provenance: {name, version, status ("ok", "hash_mismatch",
    // "card_invalid", "model_missing"), problem, model_path, card_path, sha256 (actual),
    // sha256_card, card (the card as written, or null)}.
    QJsonObject toJson() const;
};

QString statusName(InstalledModel::Status status);

class ModelRegistry {
public:
    // The user's models folder first (APPDATA/models), then the one installed with the program
    // (APPDIR/../share/frameproof/models), then one beside the executable (APPDIR/models, for
    // a build tree). Paths are cleaned; nothing is checked.
    static QStringList defaultFolders(const QString& appDataLocation,
                                      const QString& applicationDirPath);

    // Every model in `folders` (missing folders are skipped), folder by folder in the order
    // given, by file name within a folder. A NAME.pt without a card is listed as CardInvalid.
    // The same name in two folders is listed twice: the caller picks (earlier folders first).
    static std::vector<InstalledModel> scan(const QStringList& folders);
};

} // namespace fp::models
