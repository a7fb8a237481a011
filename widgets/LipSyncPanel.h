#pragma once

// The lip-sync panel (DESIGN.md, Analyses: lip-sync): does the mouth move with the sound, and by
// how much is the sound early or late?
//
// Top, a header: the clip offset in frames and milliseconds with its direction ("+4 frames
// (+160 ms), audio after video"), the clip confidence and how many windows were judged, or,
// when the analysis abstained, its reason ("no speech", "no face", "no audio") stated plainly;
// a "Shift audio by offset" check box (A) and a "Play window" button (W).
//
// Below, two plots on one shared x axis (frames, with seconds underneath):
//  - offsets: each analysis window's offset in frames (left axis; milliseconds on the right
//    axis and in the tooltip). Windows overlap (5 s long, 1 s hop), so each is drawn over the
//    part of the clip nearest its centre (between the midpoints to its neighbours' centres) and
//    shaded by its confidence: more opaque is more confident, a window that was not judged is a
//    hollow grey outline. The window under the playhead (what "Play window" plays) is outlined
//    over its full span. A dashed line marks the clip offset, a solid one zero.
//  - curves: the audio energy (dB, right axis) and the mouth opening (inner-lip gap over mouth
//    width, left axis), each on its own scale, with the speech regions shaded. With "Shift audio
//    by offset" on, the audio curve and the speech shading are drawn `offsetFrames` frames to
//    the left (the sign of LipSync.h: a positive offset means the audio is late), so a good
//    estimate lines the curves up.
// Both show the playhead; a click or a drag anywhere over them asks to seek; Ctrl+wheel zooms
// around the cursor, Shift+wheel pans (the plain wheel is left to the parent scroll area, as on
// the Timeline), and the view follows the playhead when it leaves it. setFrameArea() can fix
// the plots' left and right edges, so frames sit at the timeline's x (FrameAxisGroup.h).
//
// Decimation: curves are never drawn point by point. The visible frames are split into one
// column per horizontal pixel and each column keeps its minimum and maximum (decimateMinMax()
// of SignalPlotPainter.h), so at most two points per pixel are drawn and a one-frame spike
// survives. It is redone only when the data, the visible range, the width or the shift change;
// moving the playhead repaints two thin strips.
//
// Time domain: frames are presentation indices (0-based). Seconds are the frame index's
// presentation times when setFrameIndex() was given one (exact for VFR), else frame / fps of
// the result. Pixel positions are logical pixels in plotWidget() coordinates.
// The plots are drawn by LipSyncPlotPainter.h, which the report uses for its lip-sync figure.
// Thread-safety: GUI thread only. setResult() copies what it draws.

#include "core/analysis/LipSync.h"
#include "core/media/FrameIndex.h"
#include "widgets/LipSyncPlotPainter.h"

#include <QWidget>

#include <cstdint>
#include <memory>

class QCheckBox;
class QLabel;
class QPushButton;

namespace fp {

class LipSyncPlots;

class LipSyncPanel : public QWidget {
    Q_OBJECT
public:
    // A confidence at or above this draws a window fully opaque (peak - median of the
    // normalised cross-correlation; see LipSync.h).
    static constexpr double kFullConfidence = LipSyncPlotPainter::kFullConfidence;

    explicit LipSyncPanel(QWidget* parent = nullptr);
    ~LipSyncPanel() override;

    // Shows an analysis result (abstained or not); the visible range goes back to the whole clip.
    void setResult(const LipSyncResult& result);
    // Back to the placeholder: no result, nothing to play.
    void clear();
    bool hasResult() const { return m_hasResult; }
    // Text of the header and of the plots while there is no result. Default: "No lip-sync
    // analysis yet".
    void setPlaceholder(const QString& text);
    // Optional: presentation times for the seconds axis (null: frame / fps). Shared, immutable.
    void setFrameIndex(std::shared_ptr<const FrameIndex> index);

    void setPlayhead(int64_t frame);
    qint64 playhead() const { return m_playhead; }

    // Draw the audio curve shifted left by the clip offset (the check box).
    void setShiftAudio(bool shift);
    bool shiftAudio() const;
    // Dark ink on white (for the printed report) instead of the workstation's dark look.
    void setPrintAppearance(bool print);
    // Frames the audio curve is drawn to the left: the clip offset when shifting, else 0.
    int audioShiftFrames() const;

    // The visible frame range [first, last]; at least 10 frames (or all when fewer).
    void setVisibleRange(qint64 first, qint64 last);
    void zoomToAll();
    qint64 visibleFirst() const;
    qint64 visibleLast() const;
    // Frames on the x axis (0 without a result).
    qint64 frameCount() const;

    // The window "Play window" plays: the judged window containing the playhead whose centre
    // is nearest to it, else any window containing it; -1 when none does.
    int currentWindow() const;

    // The header as plain text (what a screen reader says).
    QString headerText() const;

    // The widget that paints both plots and takes clicks, and its geometry (plotWidget()
    // coordinates): the frame under x (clamped to the clip; -1 without a result), the x of a
    // frame's centre, the two plot rectangles and the y of an offset.
    QWidget* plotWidget() const;
    qint64 frameAtX(double x) const;
    double xOfFrame(qint64 frame) const;
    QRect offsetPlotRect() const;
    // The y of an offset (frames) in the offsets plot.
    double yOfOffset(double offsetFrames) const;
    QRect curvePlotRect() const;
    // Fixes the plots' horizontal extent to [left, right) in plotWidget() pixels (the axis
    // labels go outside it); left < 0 goes back to the automatic layout.
    void setFrameArea(int left, int right);
    // Room the left (frames, ratio) and right (ms, dB) axis labels need beside the plots, px.
    int labelRoomLeft() const;
    int labelRoomRight() const;

    // For tests and figures: the curves as drawn for the current visible range and width, x in
    // frames (shifted for the audio), y in the curve's unit (dB, ratio).
    const DecimatedSeries& drawnAudio() const;
    const DecimatedSeries& drawnMouth() const;

    QCheckBox* shiftCheckBox() const { return m_shift; }
    QPushButton* playWindowButton() const { return m_play; }

Q_SIGNALS:
    // A click or drag in the plots asks to show `frame`; the owner moves the playhead.
    void seekRequested(qint64 frame);
    // "Play window": play frames [firstFrame, lastFrame] (inclusive) at 1x with sound.
    void playRangeRequested(qint64 firstFrame, qint64 lastFrame);
    // The user zoomed or panned (wheel); not emitted for setVisibleRange() or playhead paging.
    void visibleRangeChanged(qint64 first, qint64 last);

private:
    void updateHeader();
    void updatePlayButton();
    void playCurrentWindow();

    LipSyncResult m_result;
    bool m_hasResult = false;
    qint64 m_playhead = 0;
    QString m_placeholder;
    QString m_headerPlain;
    QLabel* m_header = nullptr;
    QCheckBox* m_shift = nullptr;
    QPushButton* m_play = nullptr;
    LipSyncPlots* m_plots = nullptr;
};

} // namespace fp
