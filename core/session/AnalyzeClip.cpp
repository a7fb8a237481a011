#include "core/session/AnalyzeClip.h"

#include "core/session/AnalysisDocument.h"
#include "core/session/CaseRecorder.h"

namespace fp {

namespace {

struct AnalyzeClipText {
    Q_DECLARE_TR_FUNCTIONS(fp::AnalyzeClip)
};

} // namespace

Result<ClipAnalysis> analyzeClip(const ClipRequest& request) {
    auto evidence = runIntake(request.clip, {}, request.cancel);
    if (!evidence)
        return evidence.error();
    if (!evidence->index)
        return makeError(Error::Kind::Unsupported,
                         AnalyzeClipText::tr("%1: contains no video stream to analyse")
                             .arg(evidence->facts.fileName));
    ClipAnalysis clip;
    clip.evidence = std::move(evidence).value();
    // With a case: intake and the analysis (as running) are committed before any analysis work.
    std::unique_ptr<AnalysisRecording> recording;
    if (request.openCase) {
        auto store = request.openCase();
        if (!store)
            return store.error();
        auto begun = AnalysisRecording::begin(**store, request.clip, clip.evidence, request.options,
                                              request.openedFrom);
        if (!begun)
            return begun.error();
        recording = std::move(begun).value();
        clip.caseEvidenceId = recording->evidenceId();
        clip.caseAnalysisId = recording->analysisId();
    }
    auto output = runAnalysis(request.clip, clip.evidence.index, request.options, request.progress,
                              request.cancel);
    if (!output) {
        if (recording)
            (void)recording->fail(output.error().message);
        return output.error();
    }
    clip.output = std::make_shared<const AnalysisOutput>(std::move(output).value());
    clip.json = analysisResultJson(clip.evidence.facts, clip.evidence.hashes, *clip.evidence.index,
                                   request.options, *clip.output);
    if (recording) {
        if (auto stored = recording->complete(clip.json, *clip.output); !stored)
            return stored.error();
    }
    return clip;
}

} // namespace fp
