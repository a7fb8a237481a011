#pragma once

// The evidentiary PDF (DESIGN.md, Report): A4, PDF/A-1b, fonts embedded, every page headed with
// the case and the report identifier and footed "page X of Y". It prints a ReportContent
// (core/report) and nothing else, and draws its figures with the painters the GUI's widgets
// paint with (TimelinePainter, SignalPlotPainter, LipSyncPlotPainter; widgets/ReportFigures), so
// they stay vector and read as the examiner saw them. Heatmap stills are the only raster images.
//
// Layout runs twice: a first pass into a scratch PDF counts the pages, the second paints the
// same layout with the page total known. Page breaks follow the rules of ReportPageFlow
// (headings kept with what follows, no orphan or widow lines, table headers repeated, figures
// kept with their captions).
// Thread-safety: one thread at a time per renderer; it creates no widget and runs no event loop,
// so a QGuiApplication is enough (fonts; the offscreen platform will do). Borrowed inputs must
// outlive the call.

#include "core/analysis/HeatmapStill.h"
#include "core/report/ReportContent.h"
#include "models/Result.h"

#include <QByteArray>
#include <QString>

#include <memory>
#include <vector>

class QIODevice;

namespace fp {

struct ReportFigureData {
    const AnalysisOutput* analysis = nullptr; // required
    std::shared_ptr<const FrameIndex> index;  // required
    std::vector<HeatmapStill> stills;         // the frames of ReportContent::stills
};

class ReportRenderer {
public:
    ReportRenderer(const ReportContent& content, const ReportFigureData& figures);

    // Writes the PDF to `device` (opened for writing by the caller). Returns the page count.
    Result<int> render(QIODevice* device) const;
    // Writes the PDF to `path` atomically.
    Result<int> writePdf(const QString& path) const;
    // Writes the PDF to `pdfPath` and the JSON sidecar (reportSidecarPath()) beside it: both
    // into temporary files first, renamed into place at the end, so a failure leaves neither.
    // Returns the page count.
    Result<int> writePdfAndSidecar(const QString& pdfPath) const;
    // The PDF in memory (the dialog's preview).
    Result<QByteArray> pdfBytes() const;

private:
    const ReportContent& m_content;
    const ReportFigureData& m_figures;
};

} // namespace fp
