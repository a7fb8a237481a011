// Case detail benchmark (the timing that used to be asserted in tst_case_detail): a clip's
// analysis detail blob (core/case/AnalysisDetail) encoded and decoded, and each damaged variant
// the test refuses (truncated, bit flipped, garbage, a forged size, forged counts) timed until
// decodeAnalysisDetail() has said no. A damaged blob must be refused quickly, without a large
// allocation: the target is 2000 ms for each.
// Usage: bench_case_detail CLIP   (e.g. BUILD/fixtures/face/talking_head.mp4)

#include "core/analysis/AnalysisPipeline.h"
#include "core/case/AnalysisDetail.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QElapsedTimer>
#include <QIODevice>

#include <cstdio>
#include <functional>
#include <utility>
#include <vector>

namespace {

constexpr double kTargetMs = 2000.0;

// The blob's header and a payload of our own making (for forged counts).
QByteArray blobWithPayload(const QByteArray& payload) {
    QByteArray blob;
    QDataStream header(&blob, QIODevice::WriteOnly);
    const QByteArray compressed = qCompress(payload);
    header << quint32(0x46504144) << fp::kAnalysisDetailFormat << quint16(0)
           << quint32(compressed.size());
    return blob + compressed;
}

QByteArray forged(const std::function<void(QDataStream&)>& write) {
    QByteArray payload;
    QDataStream s(&payload, QIODevice::WriteOnly);
    write(s);
    return blobWithPayload(payload);
}

double msOf(const std::function<void()>& work) {
    QElapsedTimer timer;
    timer.start();
    work();
    return double(timer.nsecsElapsed()) / 1e6;
}

} // namespace

int main(int argc, char** argv) {
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_case_detail CLIP\n");
        return 64;
    }
    const QString clip = QString::fromLocal8Bit(argv[1]);
    auto index = fp::buildFrameIndex(clip);
    if (!index) {
        std::fprintf(stderr, "%s\n", qPrintable(index.error().message));
        return 2;
    }
    auto output =
        fp::runAnalysis(clip, std::make_shared<const fp::FrameIndex>(std::move(index).value()), {});
    if (!output) {
        std::fprintf(stderr, "%s\n", qPrintable(output.error().message));
        return 2;
    }
    QByteArray blob;
    const double encodeMs = msOf([&] { blob = fp::encodeAnalysisDetail(*output); });
    const double decodeMs = msOf([&] { (void)fp::decodeAnalysisDetail(blob); });
    std::printf("%s: blob %lld bytes, encoded in %.1f ms, decoded in %.1f ms\n", argv[1],
                qint64(blob.size()), encodeMs, decodeMs);

    std::vector<std::pair<QString, QByteArray>> bad{{QStringLiteral("empty"), QByteArray()}};
    for (qsizetype length : {qsizetype(3), qsizetype(8), qsizetype(16), qsizetype(100),
                             blob.size() / 2, blob.size() - 1})
        bad.emplace_back(QStringLiteral("truncated to %1").arg(length), blob.left(length));
    QByteArray flipped = blob;
    flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x40);
    bad.emplace_back(QStringLiteral("bit flipped"), flipped);
    bad.emplace_back(QStringLiteral("garbage"), QByteArray(4096, 'x'));
    bad.emplace_back(QStringLiteral("extra bytes"), blob + QByteArray(16, '\0'));
    QByteArray huge = blob;
    huge[12] = char(0x7f);
    huge[13] = huge[14] = huge[15] = char(0xff);
    bad.emplace_back(QStringLiteral("forged size"), huge);
    bad.emplace_back(QStringLiteral("forged track count"),
                     forged([](QDataStream& s) { s << qint64(100) << quint32(0xfffffff0); }));
    bad.emplace_back(QStringLiteral("forged observation count"), forged([](QDataStream& s) {
                         s << qint64(100) << quint32(1) << qint32(1) << quint32(0x7ffffff0);
                     }));
    bad.emplace_back(QStringLiteral("forged curve length"), forged([](QDataStream& s) {
                         s << qint64(100) << quint32(0) << qint64(100) << qint32(512) << qint32(512)
                           << quint32(0) << quint32(0xffffffff);
                     }));
    int missed = 0;
    for (const auto& [name, damaged] : bad) {
        bool refused = false;
        const double ms = msOf([&] { refused = !fp::decodeAnalysisDetail(damaged); });
        missed += ms >= kTargetMs;
        std::printf("  %-28s %8.2f ms  %s%s\n", qPrintable(name), ms,
                    refused ? "refused" : "NOT REFUSED", ms >= kTargetMs ? "  (over 2000 ms)" : "");
    }
    std::printf("target %.0f ms per damaged blob: %s\n", kTargetMs, missed ? "MISSED" : "met");
    return 0;
}
