#pragma once

// The one palette of the workstation and of the printed report: every colour a widget or a
// report figure paints with, named for what it means. A meaning keeps its colour on screen and
// on paper (a finding is the same red in the plot dock and in Figure 2); only the surfaces
// differ: the workstation's dark look (kScreen) and ink on white paper (kPaper). The heatmap's
// colour map is core/analysis/HeatColours (Inferno), shared by the overlay and the stills.
// Thread-safety: constant values, readable from any thread.

#include "core/case/Bookmarks.h"

#include <QColor>
#include <QString>

namespace fp::palette {

// ---- Surfaces: the two appearances ---------------------------------------------------------

struct Surfaces {
    QColor background;
    QColor plotLane;         // a plot's band (the lip-sync lanes)
    QColor laneBackground;   // a timeline lane; the lip-sync window under the playhead
    QColor gutterBackground; // the timeline's label column
    QColor gutterEdge;
    QColor rulerBackground;
    QColor separator;
    QColor text;
    QColor dimText;
    QColor emphasis; // a line that must stand out from the data (the clip's lip-sync offset)
    QColor grid;
    QColor axisLine;
    QColor tick;
    QColor keyMarker;
    QColor packetBar;
    QColor noValue; // frames where a track has no value, and their hatching
    QColor noValueHatch;
};
inline const Surfaces kScreen{
    .background{0x20, 0x20, 0x20},
    .plotLane{0x19, 0x19, 0x19},
    .laneBackground{0x26, 0x26, 0x26},
    .gutterBackground{0x1a, 0x1a, 0x1a},
    .gutterEdge{0x3a, 0x3a, 0x3a},
    .rulerBackground{0x2c, 0x2c, 0x2c},
    .separator{0x12, 0x12, 0x12},
    .text{0xdc, 0xdc, 0xdc},
    .dimText{0x9a, 0x9a, 0x9a},
    .emphasis{0xee, 0xee, 0xee},
    .grid{0x34, 0x34, 0x34},
    .axisLine{0x5a, 0x5a, 0x5a},
    .tick{0x8c, 0x8c, 0x8c},
    .keyMarker{0xf0, 0xf0, 0xf0},
    .packetBar{0x9a, 0xa6, 0xb8},
    .noValue{0x2e, 0x2e, 0x2e},
    .noValueHatch{0x4a, 0x4a, 0x4a},
};
inline const Surfaces kPaper{
    .background{0xff, 0xff, 0xff},
    .plotLane{0xf4, 0xf5, 0xf7},
    .laneBackground{0xf7, 0xf8, 0xfa},
    .gutterBackground{0xf4, 0xf5, 0xf7},
    .gutterEdge{0xc8, 0xcd, 0xd4},
    .rulerBackground{0xee, 0xf0, 0xf3},
    .separator{0xdd, 0xe0, 0xe5},
    .text{0x22, 0x26, 0x2b},
    .dimText{0x6a, 0x70, 0x78},
    .emphasis{0x22, 0x26, 0x2b},
    .grid{0xe2, 0xe5, 0xe9},
    .axisLine{0x9a, 0xa0, 0xa8},
    .tick{0x8a, 0x90, 0x98},
    .keyMarker{0x22, 0x26, 0x2b},
    .packetBar{0x6f, 0x82, 0x9c},
    .noValue{0xee, 0xef, 0xf1},
    .noValueHatch{0xd0, 0xd3, 0xd8},
};
inline const Surfaces& surfaces(bool paper) {
    return paper ? kPaper : kScreen;
}

// The report's page: body ink, headings and rules, table shading, the integrity notices.
inline const QColor kPageInk{0x1b, 0x1f, 0x24};
inline const QColor kPageMuted{0x5f, 0x66, 0x70};
inline const QColor kPageAccent{0x1d, 0x3f, 0x6e};
inline const QColor kPageRule{0xc8, 0xcd, 0xd4};
inline const QColor kPageShade{0xf1, 0xf3, 0xf6};

// ---- Meanings, the same on screen and on paper --------------------------------------------

inline const QColor kPlayhead{0xff, 0xa8, 0x00};
inline const QColor kFinding{230, 80, 60};    // finding ranges on plots and the timeline
inline const QColor kBlinks{120, 220, 140};   // detected blinks on the blink plot
inline const QColor kFaceBox{80, 220, 120};   // tracked faces over the picture
inline const QColor kLandmarks{255, 210, 60}; // landmark points over the picture
inline const QColor kAlarm{0xb0, 0x1c, 0x1c}; // nothing was written / evidence changed
inline const QColor kAlarmFill{0xfd, 0xec, 0xec};
inline const QColor kOk{0x1e, 0x6b, 0x3a}; // evidence verified
inline const QColor kOkFill{0xea, 0xf5, 0xee};
inline const QColor kDamage{220, 80, 80}; // a damaged frame or packet in the evidence

// Bookmark status: OK, To check, Warning.
inline const QColor kStatusOk{90, 190, 110};
inline const QColor kStatusToCheck{230, 180, 60};
inline const QColor kStatusWarning{230, 90, 70};
inline QColor bookmarkColour(BookmarkStatus status) {
    switch (status) {
    case BookmarkStatus::Ok:
        return kStatusOk;
    case BookmarkStatus::ToCheck:
        return kStatusToCheck;
    case BookmarkStatus::Warning:
        return kStatusWarning;
    }
    return kStatusToCheck;
}

// Finding severity, by rank: 2 high, 1 medium, 0 low, anything else not rated.
inline QColor severityColour(int rank) {
    switch (rank) {
    case 2:
        return kStatusWarning;
    case 1:
        return QColor(230, 170, 50);
    case 0:
        return QColor(110, 160, 220);
    default:
        return QColor(150, 150, 150);
    }
}

// Lip sync: judged windows and confidence, the two curves, speech, a varying offset.
inline const QColor kSyncConfident{70, 200, 150};
inline const QColor kSyncUnjudged{0x80, 0x80, 0x80};
inline const QColor kAudio{100, 170, 255};
inline const QColor kMouth{235, 110, 190};
inline const QColor kSpeech{100, 170, 255, 40};
inline const QColor kOffsetVaries = kStatusToCheck;

// A timeline track from the clip's usual level (low) to far from it (high).
struct TrackRamp {
    QColor low;
    QColor high;
};
inline TrackRamp signalTrackRamp(bool paper) {
    return paper ? TrackRamp{{0xf2, 0xf3, 0xf5}, {0xc0, 0x28, 0x1e}}
                 : TrackRamp{{40, 40, 60}, {250, 80, 60}};
}

// A signal's line: lighter on the dark workstation, darker inks for white paper.
inline QColor signalColour(const QString& signal, bool paper) {
    if (signal == QLatin1String("landmark_jitter"))
        return paper ? QColor(0xd0, 0x55, 0x28) : QColor(250, 120, 80);
    if (signal == QLatin1String("head_pose"))
        return paper ? QColor(0x2a, 0x6c, 0xb8) : QColor(120, 180, 250);
    if (signal == QLatin1String("blink"))
        return paper ? QColor(0x2e, 0x8b, 0x4a) : kBlinks;
    if (signal == QLatin1String("heatmap"))
        return paper ? QColor(0xb0, 0x6a, 0x00) : QColor(240, 170, 60);
    return paper ? kPageAccent : kScreen.text;
}

} // namespace fp::palette
