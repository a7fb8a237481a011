#include "core/evidence/EvidenceHasher.h"

#include "core/media/MediaOpen.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>

#include <openssl/evp.h>

#include <memory>
#include <vector>

namespace fp {

namespace {
struct EvidenceHasherText {
    Q_DECLARE_TR_FUNCTIONS(fp::EvidenceHasher)
};
constexpr qint64 kBlockSize = 4 << 20;

// One running OpenSSL digest (SHA-256 uses the CPU's SHA instructions where it has them).
class Digest {
public:
    explicit Digest(const EVP_MD* type)
        : m_context(EVP_MD_CTX_new(), &EVP_MD_CTX_free) {
        m_ok = m_context && EVP_DigestInit_ex(m_context.get(), type, nullptr) == 1;
    }
    void add(const char* data, qint64 size) {
        m_ok = m_ok && EVP_DigestUpdate(m_context.get(), data, size_t(size)) == 1;
    }
    // Lower-case hex, or empty if OpenSSL failed.
    QString hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        if (!m_ok || EVP_DigestFinal_ex(m_context.get(), digest, &length) != 1)
            return {};
        return QString::fromLatin1(
            QByteArray(reinterpret_cast<const char*>(digest), int(length)).toHex());
    }

private:
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> m_context;
    bool m_ok = false;
};
} // namespace

Result<EvidenceHashes> hashEvidenceFile(const QString& path, const HashOptions& options) {
    if (auto checked = checkEvidencePath(path);
        !checked && checked.error().kind != Error::Kind::Unsupported)
        return checked.error(); // an empty file still has hashes
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        return makeError(Error::Kind::NotReadable,
                         EvidenceHasherText::tr("%1: cannot be read (%2)")
                             .arg(QFileInfo(path).fileName(), file.errorString()));
    }
    Digest sha256(EVP_sha256());
    Digest md5(EVP_md5());
    const qint64 total = file.size();
    std::vector<char> block(static_cast<size_t>(kBlockSize));
    qint64 done = 0;
    for (;;) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed))
            return makeError(Error::Kind::Cancelled, EvidenceHasherText::tr("hashing cancelled"));
        const qint64 n = file.read(block.data(), kBlockSize);
        if (n < 0) {
            return makeError(Error::Kind::NotReadable,
                             EvidenceHasherText::tr("%1: read error after %2 bytes (%3)")
                                 .arg(QFileInfo(path).fileName())
                                 .arg(done)
                                 .arg(file.errorString()));
        }
        if (n == 0)
            break;
        sha256.add(block.data(), n);
        md5.add(block.data(), n);
        done += n;
        if (options.progress)
            options.progress(done, total);
    }
    EvidenceHashes hashes;
    hashes.sha256 = sha256.hex();
    hashes.md5 = md5.hex();
    if (hashes.sha256.isEmpty() || hashes.md5.isEmpty())
        return makeError(Error::Kind::Unsupported,
                         EvidenceHasherText::tr("OpenSSL could not compute the hashes"));
    hashes.sizeBytes = done;
    return hashes;
}

} // namespace fp
