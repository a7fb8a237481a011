#pragma once

// Section 5.2 of the evidentiary report, the figures: the timeline overview, one plot per signal,
// the lip-sync plots and the heatmap stills, each kept with its caption (ReportPageFlow). They
// are drawn with the painters the workstation's widgets draw with (TimelinePainter,
// SignalPlotPainter, LipSyncPlotPainter), in their print colours, as vector graphics: no widget
// is created, so the report needs a QGuiApplication, not a QApplication.
// Figures are laid out at a logical size in pixels (as the widgets would be on screen) and scaled
// into the page; frames are presentation indices.
// Thread-safety: the thread that owns the flow's painter. Inputs are borrowed for the call.

#include "widgets/ReportPageFlow.h"
#include "widgets/ReportRenderer.h"

namespace fp::report {

void paintFigures(PageFlow& flow, const ReportContent& c, const ReportFigureData& fig);

} // namespace fp::report
