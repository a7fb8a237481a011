#include "models/ModelFile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <openssl/evp.h>

#include <memory>

namespace fp::models {

namespace {

struct ModelFileText {
    Q_DECLARE_TR_FUNCTIONS(fp::models::ModelFile)
};

struct DigestContextDeleter {
    void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};
using DigestContext = std::unique_ptr<EVP_MD_CTX, DigestContextDeleter>;

QString hexOf(const unsigned char* digest, unsigned int length) {
    return QString::fromLatin1(
        QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex());
}

} // namespace

Result<QByteArray> readModelFile(const QString& path, const QString& what) {
    const QFileInfo info(path);
    if (!info.exists())
        return makeError(Error::Kind::NotFound,
                         ModelFileText::tr("%1 %2 does not exist").arg(what, path));
    if (!info.isFile())
        return makeError(Error::Kind::NotReadable,
                         ModelFileText::tr("%1 %2 is not a regular file").arg(what, path));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(
            Error::Kind::NotReadable,
            ModelFileText::tr("%1 %2 cannot be read (%3)").arg(what, path, file.errorString()));
    if (file.size() > kMaxModelFileBytes)
        return makeError(Error::Kind::Limit,
                         ModelFileText::tr("%1 %2 is too large (%3 bytes; the limit is %4)")
                             .arg(what, path)
                             .arg(file.size())
                             .arg(kMaxModelFileBytes));
    QByteArray bytes = file.readAll();
    if (bytes.size() != file.size())
        return makeError(
            Error::Kind::NotReadable,
            ModelFileText::tr("%1 %2 cannot be read (%3)").arg(what, path, file.errorString()));
    return bytes;
}

QString sha256Hex(const QByteArray& bytes) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_Digest(bytes.constData(), size_t(bytes.size()), digest, &length, EVP_sha256(),
                   nullptr) != 1)
        return {};
    return hexOf(digest, length);
}

Result<QString> sha256OfFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(QFileInfo::exists(path) ? Error::Kind::NotReadable : Error::Kind::NotFound,
                         ModelFileText::tr("%1 cannot be read (%2)").arg(path, file.errorString()));
    DigestContext context(EVP_MD_CTX_new());
    if (!context || EVP_DigestInit_ex(context.get(), EVP_sha256(), nullptr) != 1)
        return makeError(Error::Kind::Internal,
                         ModelFileText::tr("OpenSSL cannot compute SHA-256"));
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    for (;;) {
        const qint64 got = file.read(chunk.data(), chunk.size());
        if (got < 0)
            return makeError(
                Error::Kind::NotReadable,
                ModelFileText::tr("%1 cannot be read (%2)").arg(path, file.errorString()));
        if (got == 0)
            break;
        if (EVP_DigestUpdate(context.get(), chunk.constData(), size_t(got)) != 1)
            return makeError(Error::Kind::Internal,
                             ModelFileText::tr("OpenSSL cannot compute SHA-256"));
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context.get(), digest, &length) != 1)
        return makeError(Error::Kind::Internal,
                         ModelFileText::tr("OpenSSL cannot compute SHA-256"));
    return hexOf(digest, length);
}

} // namespace fp::models
