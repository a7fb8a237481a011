#include "core/report/ReportContent.h"

#include "core/analysis/AnalysisJson.h"
#include "core/analysis/FaceMaps.h"
#include "core/evidence/EvidenceJson.h"
#include "core/util/TimeFormat.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>

#include <algorithm>
#include <cmath>
#include <map>

namespace fp {

namespace {

struct ReportContentText {
    Q_DECLARE_TR_FUNCTIONS(fp::ReportContent)
};

QJsonValue number(double v) {
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue();
}

struct MethodText {
    const char* name;
    const char* description;
    const char* errorRate;
};

// What each method does, in words an editor or a court can follow. Error rates: none of the
// analytic methods has been validated on a reference data set by this tool.
constexpr MethodText kMethods[] = {
    {"face_tracks",
     "Faces are found with a histogram-of-oriented-gradients detector on a downscaled copy of the "
     "frame every few frames, 68 facial landmarks are fitted on every frame at full resolution, "
     "and detections are linked into tracks by overlap. Every other method reads these tracks.",
     "Not established by Frameproof; the landmark model's published mean error is about 5 % of "
     "the inter-ocular distance on frontal faces (Kazemi & Sullivan 2014)."},
    {"landmark_jitter",
     "Each frame's 68 landmarks are aligned (similarity, on stable eye-corner and nose points) "
     "onto the track's mean shape; the residual against a Savitzky-Golay smoothing over 9 frames "
     "is measured per facial region and divided by the inter-ocular distance. Face swaps and "
     "re-enactment often leave the inner face trembling against the jaw contour.",
     "Not established on a reference data set."},
    {"head_pose",
     "The head pose is solved twice against a 3-D mean face: once from the central face points "
     "only, once from the whole face. In a spliced face the two disagree; the angle between the "
     "two rotations (plus the translation difference over the inter-ocular distance) is "
     "measured per frame.",
     "Not established on a reference data set; the original authors report an AUC of about 0.89 "
     "on UADFV (Yang, Li, Lyu 2019)."},
    {"blink",
     "The eye aspect ratio is measured per frame; a blink is a dip below an adaptive threshold "
     "(the open-eye mean over 30 frames minus 0.05) held for at least 2 frames. Blink rate and "
     "the longest gap between blinks are compared with human norms; large head turns suppress "
     "the measurement.",
     "Not established; many modern generators blink normally, so a normal rate is weak evidence "
     "of authenticity."},
    {"lipsync",
     "The audio's energy and MFCCs are averaged per video frame and compared with the mouth "
     "opening (inner-lip gap over mouth width) by normalised cross-correlation in 5-second "
     "windows; each window's offset is the best lag and its confidence the peak minus the median "
     "over lags. A positive offset means the sound comes after the lips move.",
     "Not established on a reference data set; on the synthetic fixtures offsets of 4 and 6 frames "
     "are recovered exactly."},
    {"heatmap",
     "Four analytic maps are computed per face and frame on a 16 x 16 grid: noise residual "
     "(wavelet noise level), blending boundary (jumps across the landmark hull), temporal "
     "flicker (change against the previous aligned frame) and spectral deviation (high-frequency "
     "share). Each cell is compared with the clip's own usual level and the departures are fused "
     "into one map and one per-frame score.",
     "Not established on a reference data set; on the synthetic blend fixture the blended region "
     "reads 1.3 to 5.4 times the rest of the face."},
    {"compression",
     "Picture types, packet sizes and keyframe positions are read from the container; a periodic "
     "pattern in the P-frame sizes suggests the clip was encoded twice (re-encoded after editing).",
     "Not established on a reference data set."},
};

const MethodText* methodText(const QString& name) {
    for (const MethodText& m : kMethods) {
        if (name == QLatin1String(m.name))
            return &m;
    }
    return nullptr;
}

QString formatScore(double v) {
    if (!std::isfinite(v))
        return ReportContentText::tr("no value");
    return QString::number(v, 'g', 3);
}

QString auditSummary(const AuditEntry& e) {
    const QJsonObject& d = e.details;
    QStringList parts;
    for (const char* key : {"file", "file_name", "sha256", "report_id", "findings", "frames",
                            "bookmark", "note", "path"}) {
        const QJsonValue v = d.value(QLatin1String(key));
        if (v.isString() && !v.toString().isEmpty())
            parts << QStringLiteral("%1 %2").arg(QLatin1String(key), v.toString());
        else if (v.isDouble())
            parts << QStringLiteral("%1 %2").arg(QLatin1String(key)).arg(v.toDouble());
    }
    return parts.join(QStringLiteral(", "));
}

} // namespace

QString ReportContent::timecode(int64_t frame) const {
    return formatTimecode(frame, nominalFrameRate);
}

QString reportIdentifier(const QString& evidenceSha256, const QJsonObject& toolInfo,
                         const QJsonObject& parameters, const AnalysisResult& result) {
    const QJsonObject basis{
        {QStringLiteral("tool_version"), toolInfo.value(QStringLiteral("version"))},
        {QStringLiteral("parameters"), parameters},
        {QStringLiteral("signals"), signalsToJson(result)}};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    hash.addData(evidenceSha256.toUtf8());
    hash.addData(QJsonDocument(basis).toJson(QJsonDocument::Compact));
    const QString hex = QString::fromLatin1(hash.result().toHex().left(12)).toUpper();
    return QStringLiteral("FP-%1-%2-%3").arg(hex.mid(0, 4), hex.mid(4, 4), hex.mid(8, 4));
}

std::vector<AuditEntry> runAuditLog(const QString& examiner, const MediaFacts& facts,
                                    const EvidenceHashes& hashes, const QJsonObject& parameters,
                                    const QString& reportId) {
    std::vector<AuditEntry> log;
    const auto add = [&](const QString& action, QJsonObject details) {
        AuditEntry e;
        e.sequence = qint64(log.size()) + 1;
        e.examiner = examiner;
        e.action = action;
        e.details = std::move(details);
        log.push_back(std::move(e));
    };
    add(QStringLiteral("opened"), {{QStringLiteral("file"), facts.fileName},
                                   {QStringLiteral("size_bytes"), qint64(facts.sizeBytes)},
                                   {QStringLiteral("mode"), QStringLiteral("read-only")}});
    add(QStringLiteral("hashed"),
        {{QStringLiteral("sha256"), hashes.sha256}, {QStringLiteral("md5"), hashes.md5}});
    add(QStringLiteral("analysed"), {{QStringLiteral("parameters"), parameters}});
    if (!reportId.isEmpty())
        add(QStringLiteral("report_exported"), {{QStringLiteral("report_id"), reportId}});
    return log;
}

namespace {

// The evidence item: its name, size, hashes at intake and export, container facts and timing.
void addEvidence(ReportContent& c, const ReportInput& in) {
    c.fileName = in.facts->fileName;
    c.sizeBytes = in.facts->sizeBytes;
    c.intakeHashes = in.intakeHashes;
    c.exportHashes = in.exportHashes;
    c.exportHashError = in.exportHashError;
    c.hashesMatch = in.exportHashes && in.exportHashes->sha256 == in.intakeHashes.sha256 &&
                    in.exportHashes->md5 == in.intakeHashes.md5 &&
                    in.exportHashes->sizeBytes == in.intakeHashes.sizeBytes;
    c.evidence = evidenceToJson(*in.facts, &in.intakeHashes, in.index);
    c.evidence.remove(QStringLiteral("sha256")); // the hashes have their own object
    c.evidence.remove(QStringLiteral("md5"));
    c.frameCount = in.index->size();
    c.fps = in.analysis->result.fps;
    c.nominalFrameRate = in.index->nominalFrameRate;
    c.durationSeconds = in.index->durationSeconds();
}

// Entries about an analysis (`analysed`, `analysis_failed`...) name only the analysis: its
// evidence is the one its `analysis_started` entry names.
std::map<qint64, qint64> evidenceOfAnalyses(const std::vector<AuditEntry>& audit) {
    std::map<qint64, qint64> evidenceOfAnalysis;
    for (const AuditEntry& e : audit) {
        const QJsonValue analysisId = e.details.value(QStringLiteral("analysis_id"));
        const QJsonValue evidence = e.details.value(QStringLiteral("evidence_id"));
        if (analysisId.isDouble() && evidence.isDouble())
            evidenceOfAnalysis[analysisId.toInteger()] = evidence.toInteger();
    }
    return evidenceOfAnalysis;
}

// True when the entry names an evidence item other than the one reported on.
bool aboutOtherEvidence(const AuditEntry& e, const ReportInput& in,
                        const std::map<qint64, qint64>& evidenceOfAnalysis) {
    QJsonValue id = e.details.value(QStringLiteral("evidence_id"));
    const QJsonValue analysisId = e.details.value(QStringLiteral("analysis_id"));
    if (!id.isDouble() && analysisId.isDouble() && evidenceOfAnalysis.count(analysisId.toInteger()))
        id = QJsonValue(evidenceOfAnalysis.at(analysisId.toInteger()));
    const QJsonValue sha = e.details.value(QStringLiteral("sha256"));
    return (in.auditEvidenceId != 0 && id.isDouble() && id.toInteger() != in.auditEvidenceId) ||
           (!in.auditEvidenceSha256.isEmpty() && sha.isString() &&
            sha.toString() != in.auditEvidenceSha256);
}

// The custody record: the audit entries about this evidence and the case, and the chain head.
void addCustody(ReportContent& c, const ReportInput& in) {
    c.auditFromCase = in.auditFromCase;
    c.caseFile = in.caseFile;
    c.auditTotal = int(in.audit.size());
    if (!in.audit.empty())
        c.auditChainHead = QString::fromLatin1(in.audit.back().entryHash);
    const std::map<qint64, qint64> evidenceOfAnalysis = evidenceOfAnalyses(in.audit);
    for (const AuditEntry& e : in.audit) {
        if (aboutOtherEvidence(e, in, evidenceOfAnalysis)) {
            ++c.auditOmitted;
            continue;
        }
        c.audit.push_back(ReportAuditEntry{
            e.sequence, e.timeUtc.isValid() ? e.timeUtc.toUTC().toString(Qt::ISODate) : QString(),
            e.examiner, e.action, auditSummary(e), e.details, QString::fromLatin1(e.entryHash)});
    }
}

ReportMethod faceTrackMethod(const ReportInput& in) {
    const FaceTracks& faces = in.analysis->faces;
    ReportMethod m;
    m.name = QStringLiteral("face_tracks");
    m.title = ReportContentText::tr("Face detection, landmarks and tracks");
    m.description = ReportContentText::tr(methodText(m.name)->description);
    m.errorRate = ReportContentText::tr(methodText(m.name)->errorRate);
    // The tracker's and the landmarks' parameters are the flat ones of the analysis (the
    // nested objects belong to the face maps, the heatmap and the detectors).
    for (auto it = in.parameters.begin(); it != in.parameters.end(); ++it) {
        if (!it.value().isObject())
            m.parameters.insert(it.key(), it.value());
    }
    m.reference = QStringLiteral("Dalal & Triggs, CVPR 2005; Kazemi & Sullivan, CVPR 2014");
    m.limits = ReportContentText::tr(
        "Faces under about 80 px, strong profile views, occlusion and heavy blur are "
        "missed or poorly fitted; every later measurement then abstains or degrades.");
    m.status = faces.tracks.empty() ? QStringLiteral("abstained") : QStringLiteral("ok");
    m.abstained = faces.tracks.empty();
    m.reason = ReportContentText::tr("%n face track(s)", nullptr, int(faces.tracks.size()));
    return m;
}

// What validate measured for the signal on the corpus the calibration came from, in words;
// empty when the analysis carries no such figures.
QString measuredErrorRate(const QString& signal, const QJsonObject& calibration) {
    const QJsonObject m =
        calibration.value(QStringLiteral("measured")).toObject().value(signal).toObject();
    if (!m.value(QStringLiteral("auc")).isDouble())
        return QString();
    const auto two = [](const QJsonValue& v) { return QString::number(v.toDouble(), 'f', 2); };
    const QJsonArray ci = m.value(QStringLiteral("auc_ci")).toArray();
    const QJsonArray cci = m.value(QStringLiteral("calibrated_auc_ci")).toArray();
    return ReportContentText::tr(
               "Measured by frameproof validate on the development corpus (%1 genuine and %2 "
               "generated clips; labels SHA-256 %3): the clip score separates them with an AUC "
               "of %4 (95 % interval %5 to %6; 0.5 is chance, under 0.5 the wrong way); read as "
               "its distance from the genuine clips' scores, each held out, %7 (%8 to %9). "
               "Findings are not yet judged on these figures; no false-alarm rate is claimed "
               "for them.")
        .arg(m.value(QStringLiteral("genuine")).toInt())
        .arg(m.value(QStringLiteral("generated")).toInt())
        .arg(calibration.value(QStringLiteral("labels_sha256")).toString().left(16))
        .arg(two(m.value(QStringLiteral("auc"))), two(ci.at(0)), two(ci.at(1)),
             two(m.value(QStringLiteral("calibrated_auc"))), two(cci.at(0)), two(cci.at(1)));
}

ReportMethod signalMethod(const SignalResult& s, const QJsonObject& calibration) {
    ReportMethod m;
    m.name = s.name;
    m.title = s.title;
    const MethodText* text = methodText(s.name);
    m.description = text ? ReportContentText::tr(text->description) : QString();
    m.errorRate = measuredErrorRate(s.name, calibration);
    if (m.errorRate.isEmpty())
        m.errorRate = text ? ReportContentText::tr(text->errorRate)
                           : ReportContentText::tr("Not established.");
    m.parameters = s.parameters;
    m.reference = s.reference;
    m.limits = s.limits;
    m.abstained = s.abstained;
    m.status = s.abstained ? QStringLiteral("abstained") : QStringLiteral("ok");
    m.reason = s.reason;
    m.score = s.score;
    m.unit = s.unit;
    return m;
}

// Face tracking first (everything reads it), then the signals in analysis order.
void addMethods(ReportContent& c, const ReportInput& in) {
    c.methods.push_back(faceTrackMethod(in));
    for (const SignalResult& s : in.analysis->result.signals)
        c.methods.push_back(signalMethod(s, in.analysis->result.calibration));
}

// The findings in frame order, the lip-sync curves and the top heatmap frames as stills.
void addFindings(ReportContent& c, const ReportInput& in) {
    const AnalysisResult& result = in.analysis->result;
    QMap<QString, QString> titles;
    for (const SignalResult& s : result.signals)
        titles.insert(s.name, s.title);
    for (const Finding& f : result.findings()) {
        ReportFinding r;
        r.signal = f.signal;
        r.signalTitle = titles.value(f.signal, f.signal);
        r.startFrame = f.startFrame;
        r.endFrame = f.endFrame;
        r.startTimecode = c.timecode(f.startFrame);
        r.endTimecode = c.timecode(f.endFrame);
        if (f.startFrame >= 0 && f.startFrame < c.frameCount)
            r.startSeconds = in.index->secondsAt(f.startFrame);
        if (f.endFrame >= 0 && f.endFrame < c.frameCount)
            r.endSeconds = in.index->secondsAt(f.endFrame);
        r.severity = f.severity;
        r.reason = f.reason;
        c.findings.push_back(r);
    }
    std::stable_sort(
        c.findings.begin(), c.findings.end(),
        [](const ReportFinding& a, const ReportFinding& b) { return a.startFrame < b.startFrame; });
    c.lipsync = lipSyncToJson(in.analysis->lipsync);

    if (const SignalResult* heat = result.signal(QStringLiteral("heatmap"));
        heat && !heat->abstained && in.options.heatmapStills > 0) {
        for (int64_t f : topHeatmapFrames(heat->perFrame, in.options.heatmapStills))
            c.stills.push_back(ReportStillRef{f, c.timecode(f), in.index->secondsAt(f),
                                              heat->perFrame[size_t(f)]});
    }
}

// One plain-language line per signal: what it says about the clip, or why it was not measured.
void addSummary(ReportContent& c, const AnalysisResult& result) {
    for (const SignalResult& s : result.signals) {
        if (s.abstained) {
            c.summary << ReportContentText::tr("%1: not measured (%2).").arg(s.title, s.reason);
            continue;
        }
        c.summary << ReportContentText::tr("%1: clip score %2%3, %n finding(s). %4", nullptr,
                                           int(s.findings.size()))
                         .arg(s.title, formatScore(s.score),
                              s.unit.isEmpty() ? QString() : QStringLiteral(" ") + s.unit,
                              s.reason);
    }
}

void addBookmarksAndNotes(ReportContent& c, const ReportInput& in) {
    for (const Bookmark& b : in.bookmarks) {
        c.bookmarks.push_back(ReportBookmark{b.firstFrame, b.lastFrame, c.timecode(b.firstFrame),
                                             c.timecode(b.lastFrame), bookmarkStatusKey(b.status),
                                             bookmarkStatusName(b.status), b.note});
    }
    c.notes = in.notes;
}

// Whether the export hash is missing or differs from the intake hash; nothing when they agree.
void addIntegrityLimitation(ReportContent& c, const ReportInput& in) {
    if (!in.exportHashes) {
        c.limitations << ReportContentText::tr(
                             "The evidence file could not be hashed again at export (%1): it is "
                             "not shown that the file examined is the file received.")
                             .arg(in.exportHashError);
    } else if (!c.hashesMatch) {
        c.limitations << ReportContentText::tr(
                             "THE EVIDENCE FILE CHANGED after intake: its SHA-256 at export (%1) "
                             "differs from the one at intake (%2). The findings describe the file "
                             "as it was analysed, which is no longer the file on disk.")
                             .arg(in.exportHashes->sha256, in.intakeHashes.sha256);
    }
}

// What the frame timing means for the timecodes: a variable rate, or gaps in a constant one.
void addTimingLimitation(ReportContent& c, const FrameIndex& index) {
    if (index.isVariableFrameRate())
        c.limitations << ReportContentText::tr(
            "The clip has a variable frame rate: timecodes are counted at the "
            "nominal rate; the seconds given beside them are exact.");
    else if (index.spacing() == FrameIndex::Spacing::ConstantWithGaps)
        c.limitations << ReportContentText::tr(
                             "The clip's timestamps skip frames (frame spacing: %1), as when "
                             "pictures are dropped at recording or cut out in editing. Frame "
                             "numbers count the pictures present, so after a gap the timecodes "
                             "run behind the clip's time; the seconds given beside them are exact.")
                             .arg(describeSpacing(index));
}

bool usedLearnedDetector(const QJsonArray& models) {
    bool detector = false;
    for (const QJsonValue& m : models)
        detector = detector || m.toObject().value(QStringLiteral("role")).toString() ==
                                   QLatin1String("detector");
    return detector;
}

// Limitations, the loudest first.
void addLimitations(ReportContent& c, const ReportInput& in) {
    addIntegrityLimitation(c, in);
    c.limitations << ReportContentText::tr(
        "No content-credential manifest (C2PA) was examined: Frameproof does not "
        "read content credentials, so the clip's provenance is unknown.");
    if (!in.auditFromCase)
        c.limitations << ReportContentText::tr(
            "No case file was used: the custody record is limited to the actions of "
            "this run, and earlier handling of the file is not documented here.");
    c.limitations << ReportContentText::tr(
        "None of the analytic methods has an error rate established on a reference "
        "data set. Scores describe departures from the clip's own usual level; "
        "they are not probabilities of manipulation.");
    c.limitations << ReportContentText::tr(
        "A finding is a frame range where a measurement departs from the rest of "
        "the clip. Honest footage can produce findings (compression, fast motion, "
        "lighting changes, occlusion), and a manipulation can leave none.");
    for (const SignalResult& s : in.analysis->result.signals) {
        if (s.abstained)
            c.limitations
                << ReportContentText::tr("%1 could not be measured: %2.").arg(s.title, s.reason);
    }
    addTimingLimitation(c, *in.index);
    if (!usedLearnedDetector(in.models))
        c.limitations << ReportContentText::tr(
            "No learned deepfake detector was used; the findings rest on analytic "
            "measurements only.");
}

QJsonObject caseJson(const ReportContent& c) {
    return QJsonObject{{QStringLiteral("case_number"), c.options.caseNumber},
                       {QStringLiteral("examiner"), c.options.examiner},
                       {QStringLiteral("lab"), c.options.lab},
                       {QStringLiteral("case_file"), c.caseFile}};
}

QJsonObject hashesJson(const EvidenceHashes& h) {
    return QJsonObject{{QStringLiteral("sha256"), h.sha256},
                       {QStringLiteral("md5"), h.md5},
                       {QStringLiteral("size_bytes"), qint64(h.sizeBytes)}};
}

QJsonObject evidenceJson(const ReportContent& c) {
    QJsonObject evidence = c.evidence;
    evidence.insert(QStringLiteral("hashes_at_intake"), hashesJson(c.intakeHashes));
    evidence.insert(QStringLiteral("hashes_at_export"),
                    c.exportHashes ? QJsonValue(hashesJson(*c.exportHashes)) : QJsonValue());
    evidence.insert(QStringLiteral("export_hash_error"), c.exportHashError);
    evidence.insert(QStringLiteral("hashes_match"), c.hashesMatch);
    evidence.insert(QStringLiteral("frame_count"), qint64(c.frameCount));
    evidence.insert(QStringLiteral("fps"), number(c.fps));
    return evidence;
}

QJsonObject custodyJson(const ReportContent& c) {
    QJsonArray audit;
    for (const ReportAuditEntry& e : c.audit) {
        audit.append(QJsonObject{{QStringLiteral("sequence"), e.sequence},
                                 {QStringLiteral("time_utc"),
                                  e.timeUtc.isEmpty() ? QJsonValue() : QJsonValue(e.timeUtc)},
                                 {QStringLiteral("examiner"), e.examiner},
                                 {QStringLiteral("action"), e.action},
                                 {QStringLiteral("details"), e.details},
                                 {QStringLiteral("entry_hash"), e.entryHash}});
    }
    return QJsonObject{{QStringLiteral("source"),
                        c.auditFromCase ? QStringLiteral("case") : QStringLiteral("run")},
                       {QStringLiteral("audit"), audit},
                       {QStringLiteral("entries_total"), c.auditTotal},
                       {QStringLiteral("entries_about_other_evidence"), c.auditOmitted},
                       {QStringLiteral("chain_head"), c.auditChainHead}};
}

QJsonArray methodsJson(const std::vector<ReportMethod>& methods) {
    QJsonArray array;
    for (const ReportMethod& m : methods) {
        array.append(QJsonObject{{QStringLiteral("name"), m.name},
                                 {QStringLiteral("title"), m.title},
                                 {QStringLiteral("description"), m.description},
                                 {QStringLiteral("parameters"), m.parameters},
                                 {QStringLiteral("reference"), m.reference},
                                 {QStringLiteral("limits"), m.limits},
                                 {QStringLiteral("error_rate"), m.errorRate},
                                 {QStringLiteral("status"), m.status},
                                 {QStringLiteral("reason"), m.reason},
                                 {QStringLiteral("score"), number(m.score)},
                                 {QStringLiteral("unit"), m.unit}});
    }
    return array;
}

QJsonObject findingJson(const ReportFinding& f) {
    return QJsonObject{{QStringLiteral("signal"), f.signal},
                       {QStringLiteral("signal_title"), f.signalTitle},
                       {QStringLiteral("start_frame"), qint64(f.startFrame)},
                       {QStringLiteral("end_frame"), qint64(f.endFrame)},
                       {QStringLiteral("start_timecode"), f.startTimecode},
                       {QStringLiteral("end_timecode"), f.endTimecode},
                       {QStringLiteral("start_s"), f.startSeconds},
                       {QStringLiteral("end_s"), f.endSeconds},
                       {QStringLiteral("severity"), f.severity},
                       {QStringLiteral("reason"), f.reason}};
}

QJsonObject stillJson(const ReportStillRef& s) {
    return QJsonObject{{QStringLiteral("frame"), qint64(s.frame)},
                       {QStringLiteral("timecode"), s.timecode},
                       {QStringLiteral("seconds"), s.seconds},
                       {QStringLiteral("heatmap_score"), number(s.score)}};
}

// The summary lines, the findings list, the lip-sync curves and the heatmap stills.
QJsonObject findingsJson(const ReportContent& c) {
    QJsonArray findings;
    for (const ReportFinding& f : c.findings)
        findings.append(findingJson(f));
    QJsonArray stills;
    for (const ReportStillRef& s : c.stills)
        stills.append(stillJson(s));
    return QJsonObject{{QStringLiteral("summary"), QJsonArray::fromStringList(c.summary)},
                       {QStringLiteral("list"), findings},
                       {QStringLiteral("lipsync"), c.lipsync},
                       {QStringLiteral("heatmap_stills"), stills}};
}

QJsonArray bookmarksJson(const std::vector<ReportBookmark>& bookmarks) {
    QJsonArray array;
    for (const ReportBookmark& b : bookmarks) {
        array.append(QJsonObject{{QStringLiteral("first_frame"), qint64(b.firstFrame)},
                                 {QStringLiteral("last_frame"), qint64(b.lastFrame)},
                                 {QStringLiteral("first_timecode"), b.firstTimecode},
                                 {QStringLiteral("last_timecode"), b.lastTimecode},
                                 {QStringLiteral("status"), b.status},
                                 {QStringLiteral("note"), b.note}});
    }
    return array;
}

QJsonObject conclusionJson(const ReportOptions& o) {
    return QJsonObject{{QStringLiteral("scale"), conclusionScaleKey(o.conclusion)},
                       {QStringLiteral("scale_text"), conclusionScaleText(o.conclusion)},
                       {QStringLiteral("proposition"), o.proposition},
                       {QStringLiteral("text"), o.conclusionText}};
}

QJsonObject sectionsJson(const ReportSections& s) {
    return QJsonObject{{QStringLiteral("custody"), s.custody},
                       {QStringLiteral("tools"), s.tools},
                       {QStringLiteral("methods"), s.methods},
                       {QStringLiteral("findings"), s.findings},
                       {QStringLiteral("figures"), s.figures},
                       {QStringLiteral("bookmarks"), s.bookmarks},
                       {QStringLiteral("conclusion"), s.conclusion},
                       {QStringLiteral("audit_appendix"), s.auditAppendix}};
}

} // namespace

ReportContent buildReportContent(const ReportInput& in) {
    ReportContent c;
    const AnalysisResult& result = in.analysis->result;
    c.generatedAt = in.generatedAt.toUTC();
    c.options = in.options;
    c.reportId = reportIdentifier(in.intakeHashes.sha256, in.tool, in.parameters, result);
    c.title = ReportContentText::tr("Examination of video evidence for facial manipulation");
    addEvidence(c, in);
    addCustody(c, in);
    c.tool = in.tool;
    c.models = in.models;
    c.parameters = in.parameters;
    addMethods(c, in);
    addFindings(c, in);
    addSummary(c, result);
    addBookmarksAndNotes(c, in);
    addLimitations(c, in);
    return c;
}

QJsonObject reportToJson(const ReportContent& c) {
    QJsonObject root;
    root.insert(QStringLiteral("schema"), c.schema);
    root.insert(QStringLiteral("report_id"), c.reportId);
    root.insert(QStringLiteral("generated_at"), c.generatedAt.toString(Qt::ISODate));
    root.insert(QStringLiteral("title"), c.title);
    root.insert(QStringLiteral("case"), caseJson(c));
    root.insert(QStringLiteral("evidence"), evidenceJson(c));
    root.insert(QStringLiteral("custody"), custodyJson(c));
    root.insert(QStringLiteral("tool"), c.tool);
    root.insert(QStringLiteral("models"), c.models);
    root.insert(QStringLiteral("parameters"), c.parameters);
    root.insert(QStringLiteral("methods"), methodsJson(c.methods));
    root.insert(QStringLiteral("findings"), findingsJson(c));
    root.insert(QStringLiteral("bookmarks"), bookmarksJson(c.bookmarks));
    root.insert(QStringLiteral("notes"), QJsonArray::fromStringList(c.notes));
    root.insert(QStringLiteral("conclusion"), conclusionJson(c.options));
    root.insert(QStringLiteral("limitations"), QJsonArray::fromStringList(c.limitations));
    root.insert(QStringLiteral("sections"), sectionsJson(c.options.sections));
    return root;
}

QString reportSidecarPath(const QString& pdfPath) {
    const QFileInfo info(pdfPath);
    QString base = info.fileName();
    if (base.endsWith(QStringLiteral(".pdf"), Qt::CaseInsensitive))
        base.chop(4);
    return info.dir().filePath(base + QStringLiteral(".report.json"));
}

QByteArray reportJsonBytes(const ReportContent& content) {
    return QJsonDocument(reportToJson(content)).toJson(QJsonDocument::Indented);
}

} // namespace fp
