#pragma once

// The one heat colour scale of Frameproof: how a face map value (FaceMaps.h: 0..255, how far a
// cell is outside the clip's usual level) becomes a colour and an opacity, and how a face's map
// grid is blended over the frame. The report's heatmap stills (HeatmapStill.h) and the on-screen
// overlay and its legend (widgets/PlayerView.h) both draw through it, so the examiner and the
// court see the same picture of the same map.
// Regions are in the pixels of the image they are blended into (the frame at full resolution).
// Thread-safety: pure functions, callable from any thread; the colour table is built once and
// never changes.

#include "core/analysis/FaceMaps.h"

#include <QImage>
#include <QRect>
#include <QRgb>

#include <array>
#include <cstdint>

namespace fp {

// Inferno (van der Walt & Smith, matplotlib 2015): perceptually uniform, dark to pale yellow, and
// readable in greyscale print. Indexed by map value; entry for entry OpenCV's COLORMAP_INFERNO,
// which the report's stills used before this table existed. Opaque QRgb values.
const std::array<QRgb, 256>& infernoColours();

// How opaque a map value tints a pixel at full opacity, in [0, 1]: 0 (the clip's usual level)
// stays clear; any departure is at least 0.35 opaque (so it shows), rising to 0.85 at 255, and
// the colour says how far.
double heatAlpha(uint8_t value);

// Blends `grid` (row-major kGridSize x kGridSize values 0..255), stretched bilinearly over
// `region` (gridToImage), into `image`, which must be Format_RGB888: each pixel becomes
// round((1 - a) x pixel + a x colour) per channel, with colour = infernoColours()[v] and
// a = heatAlpha(v) x `opacity`. `opacity` in [0, 1]; 1 is what the report prints. The part of
// `region` outside `image` is skipped. Modifies `image` in place (it detaches if shared).
void blendFaceMap(QImage& image, const QRect& region, const std::array<uint8_t, kGridCells>& grid,
                  double opacity = 1.0);

} // namespace fp
