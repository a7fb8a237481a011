// The detail blob a case keeps beside each analysis (core/case/AnalysisDetail): face tracks,
// face maps and lip-sync curves of a real analysis (the synthetic talking head) come back bit
// for bit; the same analysis gives the same bytes; restoreAnalysis() fills the output from JSON
// and blob; and truncated, edited, forged or foreign blobs give one clear error without a crash
// or a large allocation.

#include "core/case/AnalysisDetail.h"
#include "core/session/AnalysisDocument.h"
#include "tests/TestSupport.h"
#include "tests/analysis/AnalysisTestSupport.h"

#include <QDataStream>
#include <QElapsedTimer>
#include <QtTest>

#include <bit>
#include <cstring>

using namespace fp;

namespace {

bool sameBits(double a, double b) {
    return std::bit_cast<quint64>(a) == std::bit_cast<quint64>(b);
}

bool sameSeries(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (!sameBits(a[i], b[i]))
            return false;
    return true;
}

// The blob's header and a payload of our own making (for forged counts).
QByteArray blobWithPayload(const QByteArray& payload, quint16 format = kAnalysisDetailFormat) {
    QByteArray blob;
    QDataStream header(&blob, QIODevice::WriteOnly);
    const QByteArray compressed = qCompress(payload);
    header << quint32(0x46504144) << format << quint16(0) << quint32(compressed.size());
    return blob + compressed;
}

QJsonObject analysisJson(int64_t frameCount) {
    return QJsonObject{
        {QStringLiteral("schema"), QStringLiteral("frameproof.analysis/1")},
        {QStringLiteral("evidence"),
         QJsonObject{{QStringLiteral("video"),
                      QJsonObject{{QStringLiteral("frame_count"), qint64(frameCount)},
                                  {QStringLiteral("avg_fps"), 25.0}}}}}};
}

} // namespace

class TestCaseDetail : public QObject {
    Q_OBJECT
private:
    std::shared_ptr<const AnalysisOutput> m_output; // the talking head, analysed once
    QByteArray m_blob;

private Q_SLOTS:
    void initTestCase() {
        const QString clip = test::faceFixture(QStringLiteral("talking_head.mp4"));
        if (!QFileInfo::exists(clip))
            QSKIP("face fixtures missing (no astronaut portrait)");
        auto output = test::analyseClip(clip);
        QVERIFY2(output, output ? "" : qPrintable(output.error().message));
        m_output = std::make_shared<const AnalysisOutput>(std::move(output).value());
        QVERIFY(!m_output->faces.tracks.empty());
        QVERIFY(!m_output->maps.entries.empty());
        QVERIFY(!m_output->lipsync.audioEnergy.empty());
        QElapsedTimer timer;
        timer.start();
        m_blob = encodeAnalysisDetail(*m_output);
        qInfo("talking_head.mp4 (%lld frames, %zu map entries): detail blob %lld bytes, encoded "
              "in %lld ms",
              qint64(m_output->faces.frameCount), m_output->maps.entries.size(),
              qint64(m_blob.size()), timer.elapsed());
    }

    void roundTripIsExact() {
        QElapsedTimer timer;
        timer.start();
        auto decoded = decodeAnalysisDetail(m_blob);
        QVERIFY2(decoded, decoded ? "" : qPrintable(decoded.error().message));
        qInfo("decoded in %lld ms", timer.elapsed());
        const AnalysisOutput& a = *m_output;
        const AnalysisDetail& d = *decoded;

        QCOMPARE(d.faces.frameCount, a.faces.frameCount);
        QCOMPARE(d.faces.tracks.size(), a.faces.tracks.size());
        size_t observations = 0;
        for (size_t t = 0; t < a.faces.tracks.size(); ++t) {
            const FaceTrack& x = a.faces.tracks[t];
            const FaceTrack& y = d.faces.tracks[t];
            QCOMPARE(y.id, x.id);
            QCOMPARE(y.observations.size(), x.observations.size());
            for (size_t i = 0; i < x.observations.size(); ++i) {
                const FaceObservation& o = x.observations[i];
                const FaceObservation& p = y.observations[i];
                QCOMPARE(p.frame, o.frame);
                QCOMPARE(p.box, o.box);
                QCOMPARE(p.detected, o.detected);
                QVERIFY(sameBits(p.mouthMotion, o.mouthMotion));
                QVERIFY(std::memcmp(p.points.data(), o.points.data(), sizeof(o.points)) == 0);
                ++observations;
            }
        }
        QVERIFY(observations >= 200); // a face on (nearly) every frame of the clip

        QCOMPARE(d.maps.frameCount, a.maps.frameCount);
        QCOMPARE(d.maps.frameSize, a.maps.frameSize);
        QCOMPARE(d.maps.entries.size(), a.maps.entries.size());
        for (size_t i = 0; i < a.maps.entries.size(); ++i) {
            const FaceMapFrame& e = a.maps.entries[i];
            const FaceMapFrame& f = d.maps.entries[i];
            QCOMPARE(f.frame, e.frame);
            QCOMPARE(f.face, e.face);
            QCOMPARE(f.region, e.region);
            QCOMPARE(f.available, e.available);
            QVERIFY(f.grids == e.grids);
            QVERIFY(std::memcmp(f.scalars.data(), e.scalars.data(), sizeof(e.scalars)) == 0);
        }

        QStringList order;
        for (const SignalResult& signal : a.result.signals)
            order << signal.name;
        QCOMPARE(d.signalOrder, order);

        const LipSyncResult& l = a.lipsync;
        QVERIFY(sameSeries(d.audioEnergy, l.audioEnergy));
        QVERIFY(sameSeries(d.mouthOpening, l.mouthOpening));
        QVERIFY(sameSeries(d.mouthMotion, l.mouthMotion));
        QVERIFY(sameSeries(d.frameConfidence, l.frameConfidence));
        QVERIFY(d.speech == l.speech);
        QCOMPARE(d.lipSyncWindows.size(), l.windows.size());
        for (size_t i = 0; i < l.windows.size(); ++i) {
            const LipSyncWindow& w = l.windows[i];
            const LipSyncWindow& v = d.lipSyncWindows[i];
            QCOMPARE(v.startFrame, w.startFrame);
            QCOMPARE(v.endFrame, w.endFrame);
            QCOMPARE(v.offsetFrames, w.offsetFrames);
            QVERIFY(sameBits(v.confidence, w.confidence));
            QVERIFY(sameBits(v.speechShare, w.speechShare));
            QCOMPARE(v.judged, w.judged);
            QVERIFY(sameSeries(v.correlation, w.correlation));
        }
    }

    // The same analysis always gives the same bytes (so its SHA-256 means something).
    void encodingIsDeterministic() { QCOMPARE(encodeAnalysisDetail(*m_output), m_blob); }

    void restoreFillsTheOutput() {
        const QJsonObject json = analysisJson(m_output->result.frameCount);
        const RestoredAnalysis none = restoreAnalysis(json, {});
        QVERIFY(none.output);
        QVERIFY(!none.detailRestored);
        QVERIFY(none.problem.isEmpty());
        QVERIFY(none.output->faces.tracks.empty());

        const RestoredAnalysis full = restoreAnalysis(json, m_blob);
        QVERIFY(full.output);
        QVERIFY2(full.detailRestored, qPrintable(full.problem));
        QCOMPARE(full.output->faces.tracks.size(), m_output->faces.tracks.size());
        QCOMPARE(full.output->maps.entries.size(), m_output->maps.entries.size());
        QVERIFY(sameSeries(full.output->lipsync.mouthOpening, m_output->lipsync.mouthOpening));
        QCOMPARE(full.output->lipsync.windows.size(), m_output->lipsync.windows.size());
        // Signals in analysis order again (the JSON object sorts them by name).
        QCOMPARE(full.output->result.signals.size(), size_t(0)); // this JSON has none

        // FaceMapStore::at() finds the same entries.
        const int64_t frame = m_output->maps.entries.back().frame;
        QCOMPARE(full.output->maps.at(frame).size(), m_output->maps.at(frame).size());

        // A blob of another clip (frame count differs) is refused, not mixed in.
        const RestoredAnalysis other = restoreAnalysis(analysisJson(7), m_blob);
        QVERIFY(other.output);
        QVERIFY(!other.detailRestored);
        QVERIFY(other.output->faces.tracks.empty());
        QVERIFY(other.problem.contains(QStringLiteral("frames")));
    }

    void damagedBlobsAreOneClearError() {
        QList<QPair<QString, QByteArray>> bad;
        bad << qMakePair(QStringLiteral("empty"), QByteArray());
        for (qsizetype length : {qsizetype(3), qsizetype(8), qsizetype(16), qsizetype(100),
                                 m_blob.size() / 2, m_blob.size() - 1})
            bad << qMakePair(QStringLiteral("truncated to %1").arg(length), m_blob.left(length));
        QByteArray flipped = m_blob;
        flipped[flipped.size() / 2] = char(flipped[flipped.size() / 2] ^ 0x40);
        bad << qMakePair(QStringLiteral("bit flipped"), flipped);
        bad << qMakePair(QStringLiteral("garbage"), QByteArray(4096, 'x'));
        bad << qMakePair(QStringLiteral("extra bytes"), m_blob + QByteArray(16, '\0'));
        // The declared uncompressed size forged to 2 GiB: refused before any allocation.
        QByteArray huge = m_blob;
        huge[12] = char(0x7f);
        huge[13] = huge[14] = huge[15] = char(0xff);
        bad << qMakePair(QStringLiteral("forged size"), huge);
        // A well-compressed payload whose counts claim far more than it holds.
        {
            QByteArray payload;
            QDataStream s(&payload, QIODevice::WriteOnly);
            s << qint64(100) << quint32(0xfffffff0);
            bad << qMakePair(QStringLiteral("forged track count"), blobWithPayload(payload));
        }
        {
            QByteArray payload;
            QDataStream s(&payload, QIODevice::WriteOnly);
            s << qint64(100) << quint32(1) << qint32(1) << quint32(0x7ffffff0);
            bad << qMakePair(QStringLiteral("forged observation count"), blobWithPayload(payload));
        }
        {
            QByteArray payload;
            QDataStream s(&payload, QIODevice::WriteOnly);
            s << qint64(100) << quint32(0)                               // no tracks
              << qint64(100) << qint32(512) << qint32(512) << quint32(0) // no maps
              << quint32(0xffffffff);                                    // audio energy values
            bad << qMakePair(QStringLiteral("forged curve length"), blobWithPayload(payload));
        }

        for (const auto& [name, blob] : bad) {
            auto decoded = decodeAnalysisDetail(blob);
            QVERIFY2(!decoded, qPrintable(name));
            QCOMPARE(decoded.error().kind, Error::Kind::Corrupt);
            QVERIFY2(decoded.error().message.contains(QStringLiteral("damaged")),
                     qPrintable(decoded.error().message));
            // Restoring keeps the JSON part and says why the rest is missing.
            const RestoredAnalysis restored =
                restoreAnalysis(analysisJson(m_output->result.frameCount), blob);
            QVERIFY(restored.output);
            QCOMPARE(restored.detailRestored, false);
            QVERIFY(restored.output->faces.tracks.empty());
            QVERIFY(restored.output->maps.entries.empty());
            QCOMPARE(restored.problem.isEmpty(), blob.isEmpty()); // empty: nothing stored
        }

        auto newer = decodeAnalysisDetail(blobWithPayload(QByteArray(8, '\0'), 9));
        QVERIFY(!newer);
        QCOMPARE(newer.error().kind, Error::Kind::Unsupported);
        QVERIFY(newer.error().message.contains(QStringLiteral("update Frameproof")));
    }
};

QTEST_GUILESS_MAIN(TestCaseDetail)
#include "tst_case_detail.moc"
