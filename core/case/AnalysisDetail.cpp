#include "core/case/AnalysisDetail.h"

#include <QCoreApplication>
#include <QDataStream>
#include <QIODevice>

#include <algorithm>
#include <bit>

namespace fp {

namespace {

struct AnalysisDetailText {
    Q_DECLARE_TR_FUNCTIONS(fp::AnalysisDetail)
};

constexpr quint32 kMagic = 0x46504144; // "FPAD"
constexpr int kHeaderBytes = 12;       // magic, format, reserved, bytes that follow
// zlib never expands more than about 1032:1; a declared size beyond that is a lie.
constexpr qint64 kZlibMaxRatio = 1032;
constexpr int kPoints = 68;
// The least a stored item can take, for checking a count against the bytes left.
constexpr qint64 kObservationBytes = 8 + 4 * 8 + kPoints * 2 * 4 + 1 + 8;
constexpr qint64 kMapEntryBytes =
    8 + 4 + 4 * 4 + kFaceMapKinds * kGridCells + kFaceMapKinds * 4 + 1;
constexpr qint64 kTrackBytes = 4 + 4;
constexpr qint64 kWindowBytes = 8 + 8 + 4 + 8 + 8 + 1 + 4;

class Writer {
public:
    explicit Writer(QByteArray* bytes)
        : m_stream(bytes, QIODevice::WriteOnly) {
        m_stream.setVersion(QDataStream::Qt_6_4);
    }
    void u8(quint8 v) { m_stream << v; }
    void i32(qint32 v) { m_stream << v; }
    void u32(quint32 v) { m_stream << v; }
    void i64(qint64 v) { m_stream << v; }
    void f32(float v) { m_stream << std::bit_cast<quint32>(v); }
    void f64(double v) { m_stream << std::bit_cast<quint64>(v); }
    void raw(const uint8_t* data, int size) {
        m_stream.writeRawData(reinterpret_cast<const char*>(data), size);
    }
    void text(const QString& value) {
        const QByteArray utf8 = value.toUtf8();
        u32(quint32(utf8.size()));
        raw(reinterpret_cast<const uint8_t*>(utf8.constData()), int(utf8.size()));
    }
    void doubles(const std::vector<double>& values) {
        u32(quint32(values.size()));
        for (double v : values)
            f64(v);
    }

private:
    QDataStream m_stream;
};

// Reads the payload; the first problem sticks (later reads return zeros) and is reported once.
class Reader {
public:
    explicit Reader(const QByteArray& bytes)
        : m_stream(bytes) {
        m_stream.setVersion(QDataStream::Qt_6_4);
    }
    bool ok() const { return m_problem.isEmpty(); }
    const QString& problem() const { return m_problem; }
    void fail(const QString& problem) {
        if (m_problem.isEmpty())
            m_problem = problem;
    }
    qint64 left() const { return m_stream.device()->bytesAvailable(); }

    template <typename T>
    T read() {
        T v{};
        if (!ok())
            return v;
        m_stream >> v;
        if (m_stream.status() != QDataStream::Ok) {
            fail(AnalysisDetailText::tr("it ends early (truncated)"));
            return T{};
        }
        return v;
    }
    quint8 u8() { return read<quint8>(); }
    qint32 i32() { return read<qint32>(); }
    quint32 u32() { return read<quint32>(); }
    qint64 i64() { return read<qint64>(); }
    float f32() { return std::bit_cast<float>(read<quint32>()); }
    double f64() { return std::bit_cast<double>(read<quint64>()); }
    void raw(uint8_t* data, int size) {
        if (ok() && m_stream.readRawData(reinterpret_cast<char*>(data), size) != size)
            fail(AnalysisDetailText::tr("it ends early (truncated)"));
    }
    // A count of items of at least `itemBytes` each, checked against the bytes left before
    // anything is allocated for them.
    size_t count(qint64 itemBytes, const char* what) {
        const quint32 n = u32();
        if (ok() && qint64(n) * itemBytes > left())
            fail(
                AnalysisDetailText::tr("it claims %1 %2, more than its remaining %3 bytes can hold")
                    .arg(n)
                    .arg(QLatin1String(what))
                    .arg(left()));
        return ok() ? size_t(n) : 0;
    }
    QString text() {
        QByteArray utf8(qsizetype(count(1, "text bytes")), Qt::Uninitialized);
        raw(reinterpret_cast<uint8_t*>(utf8.data()), int(utf8.size()));
        return ok() ? QString::fromUtf8(utf8) : QString();
    }
    std::vector<double> doubles(const char* what) {
        std::vector<double> values(count(8, what));
        for (double& v : values)
            v = f64();
        return values;
    }

private:
    QDataStream m_stream;
    QString m_problem;
};

void writeTracks(Writer& w, const FaceTracks& faces) {
    w.i64(faces.frameCount);
    w.u32(quint32(faces.tracks.size()));
    for (const FaceTrack& t : faces.tracks) {
        w.i32(t.id);
        w.u32(quint32(t.observations.size()));
        for (const FaceObservation& o : t.observations) {
            w.i64(o.frame);
            w.f64(o.box.x());
            w.f64(o.box.y());
            w.f64(o.box.width());
            w.f64(o.box.height());
            for (const cv::Point2f& p : o.points) {
                w.f32(p.x);
                w.f32(p.y);
            }
            w.u8(o.detected ? 1 : 0);
            w.f64(o.mouthMotion);
        }
    }
}

void readTracks(Reader& r, FaceTracks& faces) {
    faces.frameCount = r.i64();
    if (r.ok() && faces.frameCount < 0)
        r.fail(AnalysisDetailText::tr("its frame count is negative"));
    faces.tracks.resize(r.count(kTrackBytes, "face tracks"));
    for (FaceTrack& t : faces.tracks) {
        t.id = r.i32();
        t.observations.resize(r.count(kObservationBytes, "face observations"));
        if (r.ok() && t.observations.empty())
            r.fail(AnalysisDetailText::tr("face track %1 has no observations").arg(t.id));
        int64_t previous = -1;
        for (FaceObservation& o : t.observations) {
            o.frame = r.i64();
            const double x = r.f64(), y = r.f64(), width = r.f64(), height = r.f64();
            o.box = QRectF(x, y, width, height);
            for (cv::Point2f& p : o.points) {
                p.x = r.f32();
                p.y = r.f32();
            }
            o.detected = r.u8() != 0;
            o.mouthMotion = r.f64();
            if (r.ok() && (o.frame <= previous || o.frame >= faces.frameCount))
                r.fail(AnalysisDetailText::tr(
                           "face track %1 has frame %2 out of order or outside the clip's %3 "
                           "frames")
                           .arg(t.id)
                           .arg(o.frame)
                           .arg(faces.frameCount));
            previous = o.frame;
            if (!r.ok())
                return;
        }
    }
}

void writeMaps(Writer& w, const FaceMapStore& maps) {
    w.i64(maps.frameCount);
    w.i32(maps.frameSize.width());
    w.i32(maps.frameSize.height());
    w.u32(quint32(maps.entries.size()));
    for (const FaceMapFrame& e : maps.entries) {
        w.i64(e.frame);
        w.i32(e.face);
        w.i32(e.region.x());
        w.i32(e.region.y());
        w.i32(e.region.width());
        w.i32(e.region.height());
        for (const auto& grid : e.grids)
            w.raw(grid.data(), kGridCells);
        for (float s : e.scalars)
            w.f32(s);
        w.u8(e.available);
    }
}

void readMaps(Reader& r, FaceMapStore& maps) {
    maps.frameCount = r.i64();
    const int width = r.i32(), height = r.i32();
    maps.frameSize = QSize(width, height);
    if (r.ok() && (maps.frameCount < 0 || width < 0 || height < 0))
        r.fail(AnalysisDetailText::tr("its face maps have a negative frame count or frame size"));
    maps.entries.resize(r.count(kMapEntryBytes, "face map entries"));
    int64_t previous = -1;
    for (FaceMapFrame& e : maps.entries) {
        e.frame = r.i64();
        e.face = r.i32();
        const int x = r.i32(), y = r.i32(), w = r.i32(), h = r.i32();
        e.region = QRect(x, y, w, h);
        for (auto& grid : e.grids)
            r.raw(grid.data(), kGridCells);
        for (float& s : e.scalars)
            s = r.f32();
        e.available = r.u8();
        // FaceMapStore::at() searches by frame: entries must be in frame order.
        if (r.ok() && (e.frame < std::max<int64_t>(previous, 0) || e.frame >= maps.frameCount))
            r.fail(AnalysisDetailText::tr(
                       "a face map entry at frame %1 is out of order or outside the clip's %2 "
                       "frames")
                       .arg(e.frame)
                       .arg(maps.frameCount));
        previous = e.frame;
        if (!r.ok())
            return;
    }
}

void writeLipSync(Writer& w, const LipSyncResult& l) {
    w.doubles(l.audioEnergy);
    w.doubles(l.mouthOpening);
    w.doubles(l.mouthMotion);
    w.u32(quint32(l.speech.size()));
    for (bool s : l.speech)
        w.u8(s ? 1 : 0);
    w.doubles(l.frameConfidence);
    w.u32(quint32(l.windows.size()));
    for (const LipSyncWindow& win : l.windows) {
        w.i64(win.startFrame);
        w.i64(win.endFrame);
        w.i32(win.offsetFrames);
        w.f64(win.confidence);
        w.f64(win.speechShare);
        w.u8(win.judged ? 1 : 0);
        w.doubles(win.correlation);
    }
}

void readLipSync(Reader& r, AnalysisDetail& d) {
    d.audioEnergy = r.doubles("audio energy values");
    d.mouthOpening = r.doubles("mouth opening values");
    d.mouthMotion = r.doubles("mouth motion values");
    d.speech.resize(r.count(1, "speech flags"));
    for (size_t i = 0; i < d.speech.size(); ++i)
        d.speech[i] = r.u8() != 0;
    d.frameConfidence = r.doubles("lip-sync confidence values");
    d.lipSyncWindows.resize(r.count(kWindowBytes, "lip-sync windows"));
    for (LipSyncWindow& win : d.lipSyncWindows) {
        win.startFrame = r.i64();
        win.endFrame = r.i64();
        win.offsetFrames = r.i32();
        win.confidence = r.f64();
        win.speechShare = r.f64();
        win.judged = r.u8() != 0;
        win.correlation = r.doubles("correlation values");
        if (!r.ok())
            return;
    }
}

} // namespace

QByteArray encodeAnalysisDetail(const AnalysisOutput& output) {
    QByteArray payload;
    {
        Writer w(&payload);
        writeTracks(w, output.faces);
        writeMaps(w, output.maps);
        writeLipSync(w, output.lipsync);
        w.u32(quint32(output.result.signals.size()));
        for (const SignalResult& signal : output.result.signals)
            w.text(signal.name);
    }
    const QByteArray compressed = qCompress(payload);
    QByteArray blob;
    {
        QDataStream header(&blob, QIODevice::WriteOnly);
        header << kMagic << kAnalysisDetailFormat << quint16(0) << quint32(compressed.size());
    }
    return blob + compressed;
}

Result<AnalysisDetail> decodeAnalysisDetail(const QByteArray& blob) {
    auto corrupt = [](const QString& why) {
        return makeError(Error::Kind::Corrupt,
                         AnalysisDetailText::tr(
                             "the stored face tracks, maps and lip-sync curves are damaged: %1")
                             .arg(why));
    };
    // qCompress() adds the uncompressed size (4 bytes, big-endian) before the zlib stream.
    if (blob.size() < kHeaderBytes + 4)
        return corrupt(AnalysisDetailText::tr("only %n byte(s)", nullptr, int(blob.size())));
    QDataStream header(blob);
    quint32 magic = 0, following = 0, declared = 0;
    quint16 format = 0, reserved = 0;
    header >> magic >> format >> reserved >> following >> declared;
    if (magic != kMagic)
        return corrupt(AnalysisDetailText::tr("it does not start with the Frameproof marker"));
    // zlib ignores bytes after its stream: the length is checked here instead.
    if (qint64(following) != blob.size() - kHeaderBytes)
        return corrupt(AnalysisDetailText::tr(
                           "it holds %1 bytes after its header, not the %2 it was written with")
                           .arg(blob.size() - kHeaderBytes)
                           .arg(following));
    if (format != kAnalysisDetailFormat)
        return makeError(Error::Kind::Unsupported,
                         AnalysisDetailText::tr(
                             "the stored face tracks, maps and lip-sync curves are in format %1; "
                             "this version reads format %2: update Frameproof")
                             .arg(format)
                             .arg(kAnalysisDetailFormat));
    const qint64 compressed = blob.size() - kHeaderBytes - 4;
    if (qint64(declared) > compressed * kZlibMaxRatio + 64)
        return corrupt(AnalysisDetailText::tr(
                           "it claims %1 bytes uncompressed, more than %2 compressed bytes can "
                           "hold")
                           .arg(declared)
                           .arg(compressed));
    const QByteArray payload =
        qUncompress(reinterpret_cast<const uchar*>(blob.constData()) + kHeaderBytes,
                    blob.size() - kHeaderBytes);
    if (payload.size() != qsizetype(declared))
        return corrupt(AnalysisDetailText::tr("it cannot be decompressed"));
    AnalysisDetail d;
    Reader r(payload);
    readTracks(r, d.faces);
    readMaps(r, d.maps);
    readLipSync(r, d);
    const size_t signalCount = r.count(4, "signal names");
    for (size_t i = 0; i < signalCount && r.ok(); ++i)
        d.signalOrder << r.text();
    if (r.ok() && r.left() != 0)
        r.fail(AnalysisDetailText::tr("%n byte(s) follow its end", nullptr, int(r.left())));
    if (!r.ok())
        return corrupt(r.problem());
    return d;
}

void applyAnalysisDetail(AnalysisDetail detail, AnalysisOutput& output) {
    output.faces = std::move(detail.faces);
    output.maps = std::move(detail.maps);
    LipSyncResult& l = output.lipsync;
    l.audioEnergy = std::move(detail.audioEnergy);
    l.mouthOpening = std::move(detail.mouthOpening);
    l.mouthMotion = std::move(detail.mouthMotion);
    l.speech = std::move(detail.speech);
    l.frameConfidence = std::move(detail.frameConfidence);
    l.windows = std::move(detail.lipSyncWindows);
    auto rank = [&](const SignalResult& s) {
        const qsizetype i = detail.signalOrder.indexOf(s.name);
        return i < 0 ? detail.signalOrder.size() : i;
    };
    std::stable_sort(
        output.result.signals.begin(), output.result.signals.end(),
        [&](const SignalResult& a, const SignalResult& b) { return rank(a) < rank(b); });
}

} // namespace fp
