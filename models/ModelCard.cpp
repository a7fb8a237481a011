#include "models/ModelCard.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QJsonValue>
#include <QRegularExpression>

#include <cmath>

namespace fp::models {

namespace {

struct ModelCardText {
    Q_DECLARE_TR_FUNCTIONS(fp::models::ModelCard)
};

constexpr qint64 kMaxCardBytes = 1024 * 1024;
constexpr int kMinInputSide = 8;
constexpr int kMaxInputSide = 4096;

// Field lookups that turn every problem into an Error naming the field by its JSON path.
class CardReader {
public:
    explicit CardReader(QString source)
        : m_source(std::move(source)) {}

    Error fail(const QString& field, const QString& problem) const {
        return makeError(
            Error::Kind::Corrupt,
            ModelCardText::tr("model card %1: \"%2\" %3").arg(m_source, field, problem));
    }

    // A required, non-empty string.
    Result<QString> text(const QJsonObject& object, const QString& key,
                         const QString& field) const {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return fail(field, ModelCardText::tr("is missing"));
        if (!value.isString())
            return fail(field, ModelCardText::tr("must be a string"));
        const QString s = value.toString().trimmed();
        if (s.isEmpty())
            return fail(field, ModelCardText::tr("must not be empty"));
        return s;
    }

    // An optional string ("" when absent).
    Result<QString> optionalText(const QJsonObject& object, const QString& key,
                                 const QString& field) const {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return QString();
        if (!value.isString())
            return fail(field, ModelCardText::tr("must be a string"));
        return value.toString().trimmed();
    }

    Result<QJsonObject> object(const QJsonObject& parent, const QString& key,
                               const QString& field) const {
        const QJsonValue value = parent.value(key);
        if (value.isUndefined() || value.isNull())
            return fail(field, ModelCardText::tr("is missing"));
        if (!value.isObject())
            return fail(field, ModelCardText::tr("must be an object"));
        return value.toObject();
    }

    // An array of exactly `count` finite numbers.
    Result<std::vector<double>> numbers(const QJsonObject& object, const QString& key,
                                        const QString& field, int count,
                                        const QString& what) const {
        const QJsonValue value = object.value(key);
        if (value.isUndefined() || value.isNull())
            return fail(field, ModelCardText::tr("is missing"));
        const QJsonArray array = value.toArray();
        bool allNumbers = value.isArray();
        for (const QJsonValue& item : array)
            allNumbers = allNumbers && item.isDouble() && std::isfinite(item.toDouble());
        if (!allNumbers || array.size() != count)
            return fail(
                field,
                ModelCardText::tr("must be an array of %1 numbers (%2)").arg(count).arg(what));
        std::vector<double> out;
        out.reserve(std::size_t(count));
        for (const QJsonValue& item : array)
            out.push_back(item.toDouble());
        return out;
    }

private:
    QString m_source;
};

// Takes a field's value into `target`, or returns the reader's error from the enclosing function.
#define FP_TAKE(target, expression)                                                                \
    do {                                                                                           \
        auto taken = (expression);                                                                 \
        if (!taken)                                                                                \
            return taken.error();                                                                  \
        target = std::move(*taken);                                                                \
    } while (false)

// input.size: channels (1 or 3), height and width within the limits.
Result<void> readInputSize(const CardReader& card, const QJsonObject& input, ModelCard& out) {
    std::vector<double> size;
    FP_TAKE(size, card.numbers(input, QStringLiteral("size"), QStringLiteral("input.size"), 3,
                               ModelCardText::tr("channels, height, width")));
    const auto isWhole = [](double v) { return v == std::floor(v); };
    if (!isWhole(size[0]) || (size[0] != 1 && size[0] != 3))
        return card.fail(
            QStringLiteral("input.size"),
            ModelCardText::tr("must have 1 (grey) or 3 (colour) channels, not %1").arg(size[0]));
    for (int i = 1; i <= 2; ++i)
        if (!isWhole(size[std::size_t(i)]) || size[std::size_t(i)] < kMinInputSide ||
            size[std::size_t(i)] > kMaxInputSide)
            return card.fail(
                QStringLiteral("input.size"),
                ModelCardText::tr("must have a height and width of %1 to %2 pixels, not %3")
                    .arg(kMinInputSide)
                    .arg(kMaxInputSide)
                    .arg(size[std::size_t(i)]));
    out.inputChannels = int(size[0]);
    out.inputHeight = int(size[1]);
    out.inputWidth = int(size[2]);
    return {};
}

// input.range, input.mean and input.std: how pixel values are normalised.
Result<void> readNormalisation(const CardReader& card, const QJsonObject& input, ModelCard& out) {
    if (!input.value(QStringLiteral("range")).isUndefined()) {
        std::vector<double> range;
        FP_TAKE(range, card.numbers(input, QStringLiteral("range"), QStringLiteral("input.range"),
                                    2, ModelCardText::tr("the values black and white map to")));
        if (range[0] == range[1])
            return card.fail(QStringLiteral("input.range"),
                             ModelCardText::tr("must not map black and white to "
                                               "the same value"));
        out.rangeLow = range[0];
        out.rangeHigh = range[1];
    }
    const QString perChannel = ModelCardText::tr("one per input channel");
    FP_TAKE(out.mean, card.numbers(input, QStringLiteral("mean"), QStringLiteral("input.mean"),
                                   out.inputChannels, perChannel));
    FP_TAKE(out.std, card.numbers(input, QStringLiteral("std"), QStringLiteral("input.std"),
                                  out.inputChannels, perChannel));
    for (double s : out.std)
        if (!(s > 0.0))
            return card.fail(QStringLiteral("input.std"),
                             ModelCardText::tr("must be positive numbers"));
    return {};
}

Result<void> readInput(const CardReader& card, const QJsonObject& root, ModelCard& out) {
    QJsonObject input;
    FP_TAKE(input, card.object(root, QStringLiteral("input"), QStringLiteral("input")));
    if (auto size = readInputSize(card, input, out); !size)
        return size;
    const QJsonValue order = input.value(QStringLiteral("channel_order"));
    if (!order.isUndefined() && !order.isNull()) {
        const QString o = order.toString().trimmed().toUpper();
        if (o == QLatin1String("RGB"))
            out.channelOrder = ModelCard::ChannelOrder::Rgb;
        else if (o == QLatin1String("BGR"))
            out.channelOrder = ModelCard::ChannelOrder::Bgr;
        else
            return card.fail(QStringLiteral("input.channel_order"),
                             ModelCardText::tr("must be \"RGB\" or \"BGR\""));
    }
    return readNormalisation(card, input, out);
}

Result<void> readOutput(const CardReader& card, const QJsonObject& root, ModelCard& out) {
    QJsonObject output;
    FP_TAKE(output, card.object(root, QStringLiteral("output"), QStringLiteral("output")));
    FP_TAKE(out.outputMeaning,
            card.text(output, QStringLiteral("meaning"), QStringLiteral("output.meaning")));
    QString activation;
    FP_TAKE(activation,
            card.text(output, QStringLiteral("activation"), QStringLiteral("output.activation")));
    activation = activation.toLower();
    if (activation == QLatin1String("sigmoid"))
        out.activation = ModelCard::Activation::Sigmoid;
    else if (activation == QLatin1String("softmax"))
        out.activation = ModelCard::Activation::Softmax;
    else
        return card.fail(
            QStringLiteral("output.activation"),
            ModelCardText::tr("must be \"sigmoid\" (logits [N,1]) or \"softmax\" (logits [N,K])"));
    const QJsonValue index = output.value(QStringLiteral("manipulated_index"));
    if (out.activation == ModelCard::Activation::Softmax && !index.isUndefined()) {
        if (!index.isDouble() || index.toDouble() != std::floor(index.toDouble()) ||
            index.toDouble() < 0 || index.toDouble() > 1e6)
            return card.fail(QStringLiteral("output.manipulated_index"),
                             ModelCardText::tr("must be a class index (0, 1, ...)"));
        out.manipulatedIndex = index.toInt();
    }
    return {};
}

// reported_auc: required, but null when the model's authors report none.
Result<void> readReportedAuc(const CardReader& card, const QJsonObject& root, ModelCard& out) {
    const QJsonValue auc = root.value(QStringLiteral("reported_auc"));
    if (auc.isUndefined())
        return card.fail(
            QStringLiteral("reported_auc"),
            ModelCardText::tr("is missing (write null if the model's authors report none)"));
    if (auc.isNull())
        return {};
    if (!auc.isObject())
        return card.fail(
            QStringLiteral("reported_auc"),
            ModelCardText::tr("must be an object {\"value\": 0..1, \"dataset\": \"...\"} or "
                              "null"));
    const QJsonObject aucObject = auc.toObject();
    const QJsonValue value = aucObject.value(QStringLiteral("value"));
    if (!value.isDouble() || !(value.toDouble() >= 0.0 && value.toDouble() <= 1.0))
        return card.fail(QStringLiteral("reported_auc.value"),
                         ModelCardText::tr("must be a number from 0 to 1"));
    ModelCard::ReportedAuc reported;
    reported.value = value.toDouble();
    FP_TAKE(reported.dataset, card.text(aucObject, QStringLiteral("dataset"),
                                        QStringLiteral("reported_auc.dataset")));
    out.reportedAuc = reported;
    return {};
}

// The licence (spelt either way) and the model file's SHA-256.
Result<void> readLicenceAndHash(const CardReader& card, const QJsonObject& root, ModelCard& out) {
    const QString licenceKey =
        root.contains(QStringLiteral("licence")) || !root.contains(QStringLiteral("license"))
            ? QStringLiteral("licence")
            : QStringLiteral("license");
    FP_TAKE(out.licence, card.text(root, licenceKey, licenceKey));

    FP_TAKE(out.sha256, card.text(root, QStringLiteral("sha256"), QStringLiteral("sha256")));
    out.sha256 = out.sha256.toLower();
    static const QRegularExpression hex(QStringLiteral("^[0-9a-f]{64}$"));
    if (!hex.match(out.sha256).hasMatch())
        return card.fail(
            QStringLiteral("sha256"),
            ModelCardText::tr("must be the model file's SHA-256 as 64 hexadecimal digits"));
    return {};
}

} // namespace

Result<ModelCard> ModelCard::fromJson(const QByteArray& json, const QString& source) {
    const CardReader card(source);
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return makeError(Error::Kind::Corrupt,
                         ModelCardText::tr("model card %1 is not valid JSON (%2 at byte %3)")
                             .arg(source, parseError.errorString())
                             .arg(parseError.offset));
    if (!document.isObject())
        return makeError(Error::Kind::Corrupt,
                         ModelCardText::tr("model card %1 must be a JSON object").arg(source));
    const QJsonObject root = document.object();

    ModelCard out;
    out.json = root;

    const QJsonValue format = root.value(QStringLiteral("format"));
    if (!format.isUndefined() && format.toString() != QLatin1String(kModelCardFormat))
        return card.fail(
            QStringLiteral("format"),
            ModelCardText::tr("must be \"%1\" (this version of Frameproof reads no other)")
                .arg(QLatin1String(kModelCardFormat)));

    FP_TAKE(out.name, card.text(root, QStringLiteral("name"), QStringLiteral("name")));
    FP_TAKE(out.version, card.text(root, QStringLiteral("version"), QStringLiteral("version")));
    FP_TAKE(out.description,
            card.optionalText(root, QStringLiteral("description"), QStringLiteral("description")));
    FP_TAKE(out.reference,
            card.optionalText(root, QStringLiteral("reference"), QStringLiteral("reference")));
    if (auto input = readInput(card, root, out); !input)
        return input.error();
    FP_TAKE(out.faceAlignment,
            card.text(root, QStringLiteral("face_alignment"), QStringLiteral("face_alignment")));
    if (auto output = readOutput(card, root, out); !output)
        return output.error();
    FP_TAKE(out.trainingData,
            card.text(root, QStringLiteral("training_data"), QStringLiteral("training_data")));
    if (auto auc = readReportedAuc(card, root, out); !auc)
        return auc.error();
    if (auto provenance = readLicenceAndHash(card, root, out); !provenance)
        return provenance.error();
    return out;
}

#undef FP_TAKE

Result<ModelCard> ModelCard::load(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            QFileInfo::exists(path) ? Error::Kind::NotReadable : Error::Kind::NotFound,
            ModelCardText::tr("model card %1 cannot be read (%2)").arg(path, file.errorString()));
    if (file.size() > kMaxCardBytes)
        return makeError(
            Error::Kind::Limit,
            ModelCardText::tr("model card %1 is too large (%2 bytes)").arg(path).arg(file.size()));
    return fromJson(file.readAll(), path);
}

} // namespace fp::models
