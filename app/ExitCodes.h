#pragma once

// Exit status of the command line (DESIGN.md: stable contract).
namespace fp::app {
inline constexpr int kExitOk = 0;
inline constexpr int kExitBadInput = 2;     // unreadable or unsupported input, one line on stderr
inline constexpr int kExitVerifyFailed = 3; // `verify`: evidence changed/missing or chain broken
inline constexpr int kExitUsage = 64;
inline constexpr int kExitInterrupted = 130; // `validate` stopped by Ctrl+C (its cache is kept)
} // namespace fp::app
