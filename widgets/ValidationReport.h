#pragma once

// The PDF of `frameproof validate`: the corpus and its fingerprint, per signal the AUC with
// its bootstrap interval and the miss rates at the false-alarm targets, the ROC curve and the
// scores of genuine and generated clips side by side, the AUC per generator family, and the
// clips left out. Drawn with QPainter in the evidentiary report's look (ReportPageFlow,
// Palette); no widget is made, so a QGuiApplication is enough.
// Thread-safety: any thread with a QGuiApplication (fonts); values in, a file out.

#include "models/Result.h"

#include <QJsonObject>
#include <QString>

namespace fp {

// `validation` is the `frameproof.validate/1` object. Written whole or not at all (QSaveFile).
// Returns the number of pages.
Result<int> writeValidationPdf(const QJsonObject& validation, const QString& path);

} // namespace fp
