#pragma once

// A rational number as FFmpeg gives frame rates and time bases (AVRational's shape, without
// FFmpeg), so that the lowest layer can format times without seeing the media layer.
// Thread-safety: a plain value type.

namespace fp {

struct Rational {
    int num = 0;
    int den = 1;
    double toDouble() const { return den ? double(num) / double(den) : 0.0; }
    bool valid() const { return num != 0 && den != 0; }
    bool operator==(const Rational&) const = default;
};

} // namespace fp
