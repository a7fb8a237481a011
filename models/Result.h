#pragma once

// Errors are values at module boundaries (STYLE.md, habit 6). A Result<T> holds either a value
// or an Error whose message a user can act on ("cannot open clip.mp4: permission denied").
// It lives in models/, the lowest layer, so that every layer may use it (DESIGN.md: app ->
// widgets -> core -> models).
// Thread-safety: a plain value type; copy it freely between threads.

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace fp {

struct Error {
    enum class Kind {
        NotFound,    // the path does not exist
        NotReadable, // exists, but is a directory, has no read permission, or cannot be opened
        Unsupported, // readable, but no demuxer or decoder understands it
        Corrupt,     // understood, but damaged beyond what can be decoded
        Limit,       // exceeds a safety limit (declared resolution, allocation size)
        Cancelled,   // the caller asked to stop
        Internal,    // a bug or an unexpected library failure
    };
    Kind kind = Kind::Internal;
    QString message;
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value)
        : m_data(std::move(value)) {}
    Result(Error error)
        : m_data(std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { return std::get<0>(m_data); }
    const T& value() const& { return std::get<0>(m_data); }
    T&& value() && { return std::get<0>(std::move(m_data)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const Error& error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

// Result<void>: success or an Error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

inline Error makeError(Error::Kind kind, QString message) {
    return Error{kind, std::move(message)};
}

} // namespace fp
