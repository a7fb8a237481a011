#pragma once

// The tool's name, version and the library versions it runs with, for --version, probe, the
// analysis JSON, the case's records and the report.
// Thread-safety: pure functions.

#include <QJsonObject>
#include <QString>

namespace fp {

QString versionText();
QJsonObject toolInfoJson();

} // namespace fp
