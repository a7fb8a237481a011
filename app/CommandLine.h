#pragma once

// The command-line front end: decides between the GUI and the headless commands of DESIGN.md
// and returns the process exit status.

namespace fp::app {

int run(int argc, char** argv);

} // namespace fp::app
