#pragma once

// One decode pass over the clip feeds every analysis (DESIGN.md, data flow): frames are decoded
// in order (on a thread of their own, a few frames ahead), their luma goes to the face tracker,
// the frames and the tracker's faces go on to the face maps (a third thread, a few frames
// behind), and the signals are computed from the tracks and maps at the end.
// runAnalysis() drives this from the calling thread; AnalysisJob runs it in the background
// with the job contract of core/util/Job.h (progress in frames).
// Thread-safety: runAnalysis may run on any thread. AnalysisJob: as Job.

#include "core/analysis/AnalysisResult.h"
#include "core/analysis/Calibration.h"
#include "core/analysis/DetectorSignal.h"
#include "core/analysis/FaceMaps.h"
#include "core/analysis/FaceTracks.h"
#include "core/analysis/LandmarkSignals.h"
#include "core/analysis/LipSync.h"
#include "core/media/FrameIndex.h"
#include "core/util/Job.h"
#include "models/Result.h"

#include <atomic>
#include <functional>
#include <memory>

namespace fp {

struct AnalysisOptions {
    FaceTrackerOptions tracker;
    JitterParameters jitter;
    BlinkParameters blink;
    HeadPoseParameters headPose;
    LipSyncParameters lipSync;
    FaceMapParameters faceMaps;
    HeatmapParameters heatmap;
    DetectorParameters detector;
    bool runLipSync = true; // false: no audio is decoded and `lipsync` abstains ("not run")
    // Learned detectors: every model installed in these folders (empty: the usual ones,
    // defaultDetectorFolders()) runs on every face; false: none.
    bool runDetectors = true;
    QStringList detectorFolders;
    QString landmarkModelPath; // empty: Debian's libdlib-data
    int decoderThreads = 0;
    // Calibrated scores against genuine footage: this calibration, or (null) the one shipped
    // with the program (shippedCalibration()); false: none. Not an analysis parameter: it
    // reads the scores, it does not change them.
    bool applyCalibration = true;
    std::shared_ptr<const Calibration> calibration;
};

struct AnalysisOutput {
    AnalysisResult result; // signals incl. `lipsync` (per-frame confidence)
    FaceTracks faces;
    LipSyncResult lipsync; // offsets, windows and the curves the lip-sync panel draws
    FaceMapStore maps;     // per face and frame: region and coarse map grids (`heatmap`)
    // The learned detectors found (run or refused), with their provenance for the report.
    std::vector<models::InstalledModel> detectors;
};

Result<AnalysisOutput>
runAnalysis(const QString& path, std::shared_ptr<const FrameIndex> index,
            const AnalysisOptions& options,
            const std::function<void(int64_t done, int64_t total)>& progress = {},
            const std::atomic<bool>* cancel = nullptr);

// The analysis parameters as recorded in the JSON and the report.
QJsonObject analysisParametersToJson(const AnalysisOptions& options);
// SHA-256 of those parameters (compact JSON): what a calibration must have been made with.
QString analysisParametersSha256(const AnalysisOptions& options);

// Sets each signal's calibratedScore and result.calibration from `options` (runAnalysis() does
// this last).
void applyCalibration(const AnalysisOptions& options, AnalysisResult& result);

class AnalysisJob : public Job {
    Q_OBJECT
public:
    AnalysisJob(QString path, std::shared_ptr<const FrameIndex> index, AnalysisOptions options = {},
                QObject* parent = nullptr);
    ~AnalysisJob() override;

    // After finished() with an empty message: the output (null otherwise).
    std::shared_ptr<const AnalysisOutput> output() const { return m_output; }

protected:
    QString run() override;

private:
    QString m_path;
    std::shared_ptr<const FrameIndex> m_index;
    AnalysisOptions m_options;
    std::shared_ptr<const AnalysisOutput> m_output;
};

} // namespace fp

Q_DECLARE_METATYPE(std::shared_ptr<const fp::AnalysisOutput>)
