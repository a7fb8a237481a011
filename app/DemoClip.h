#pragma once

// Where the demo clip (frameproof-demo.mp4, made by the demo_clip target from the fixture
// generator) is, both installed and in a build tree, relative to the executable's folder:
//   APPDIR/../share/frameproof/demo/frameproof-demo.mp4   installed (PREFIX/bin/frameproof)
//   APPDIR/../demo/frameproof-demo.mp4                    build tree (BUILD/app/frameproof, and
//                                                         BUILD/tests/* for the tests)
// Thread-safety: free functions without shared state.

#include <QString>
#include <QStringList>

namespace fp::app {

// The places looked at, in order (cleaned, absolute when applicationDirPath is).
QStringList demoClipCandidates(const QString& applicationDirPath);
// The first candidate that is a file; empty when there is none.
QString findDemoClip(const QString& applicationDirPath);

} // namespace fp::app
