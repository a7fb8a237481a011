#include "core/evidence/EvidenceHasher.h"

#include "core/media/MediaOpen.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

#include <vector>

namespace fp {

namespace {
QString tr(const char* text) {
    return QCoreApplication::translate("fp::EvidenceHasher", text);
}
constexpr qint64 kBlockSize = 4 << 20;
} // namespace

Result<EvidenceHashes> hashEvidenceFile(const QString& path, const HashOptions& options) {
    if (auto checked = checkEvidencePath(path);
        !checked && checked.error().kind != Error::Kind::Unsupported)
        return checked.error(); // an empty file still has hashes
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Unbuffered)) {
        return makeError(
            Error::Kind::NotReadable,
            tr("%1: cannot be read (%2)").arg(QFileInfo(path).fileName(), file.errorString()));
    }
    QCryptographicHash sha256(QCryptographicHash::Sha256);
    QCryptographicHash md5(QCryptographicHash::Md5);
    const qint64 total = file.size();
    std::vector<char> block(static_cast<size_t>(kBlockSize));
    qint64 done = 0;
    for (;;) {
        if (options.cancel && options.cancel->load(std::memory_order_relaxed))
            return makeError(Error::Kind::Cancelled, tr("hashing cancelled"));
        const qint64 n = file.read(block.data(), kBlockSize);
        if (n < 0) {
            return makeError(Error::Kind::NotReadable, tr("%1: read error after %2 bytes (%3)")
                                                           .arg(QFileInfo(path).fileName())
                                                           .arg(done)
                                                           .arg(file.errorString()));
        }
        if (n == 0)
            break;
        const QByteArrayView view(block.data(), n);
        sha256.addData(view);
        md5.addData(view);
        done += n;
        if (options.progress)
            options.progress(done, total);
    }
    EvidenceHashes hashes;
    hashes.sha256 = QString::fromLatin1(sha256.result().toHex());
    hashes.md5 = QString::fromLatin1(md5.result().toHex());
    hashes.sizeBytes = done;
    return hashes;
}

} // namespace fp
