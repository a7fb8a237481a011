#pragma once

// `frameproof verify FILE.fpcase [--json]`: re-hashes every evidence item of the case (read
// only) against its intake SHA-256, recomputes the audit chain and checks each stored analysis
// result against the hash its `analysed` audit entry recorded. The case is opened read-only:
// verifying changes nothing. Runs on the calling thread.

#include <QStringList>

#include <cstdio>

namespace fp::app {

// `args` are the words after "verify". Exit status: 0 everything matches, 3 (kExitVerifyFailed)
// a change was found (evidence changed or missing, audit chain broken, a record altered),
// 2 the case cannot be read, 64 usage.
int runVerify(const QStringList& args, FILE* out, FILE* err);

} // namespace fp::app
