#pragma once

// The tool's name, version and the library versions it runs with, for --version, probe and
// (later) the analysis JSON and the report.

#include <QJsonObject>
#include <QString>

namespace fp::app {

QString versionText();
QJsonObject toolInfoJson();

} // namespace fp::app
