// Error: what went wrong, why, and where, small enough to return by value from any parser.
#pragma once

#include <cstdint>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace sipline {

// Broad classes of failure. The reason string says exactly what; the code says what kind of
// answer the caller owes (e.g. kMalformed → SIP 400, kUnsupported → 415/420/505).
enum class Errc : std::uint8_t {
  kMalformed,        // input violates the grammar
  kTruncated,        // input ends before a length or a grammar says it should
  kTooLarge,         // a bound was exceeded: size, count, line length
  kOverflow,         // a number does not fit its type
  kUnsupported,      // well formed, but a version, scheme or algorithm we do not implement
  kInvalidArgument,  // a caller or configuration value is out of range
  kNotFound,         // a lookup found nothing
  kBadState,         // not allowed in the current state
  kIo,               // the operating system refused (socket, file, device)
  kTimeout,          // a deadline passed
  kCrypto,           // authentication or decryption failed
};

std::string_view to_string(Errc code) noexcept;

// `reason` must point to static storage (a string literal): an Error never owns memory, so
// "bad Via at byte 112" costs no allocation and Error stays trivially copyable.
struct Error {
  Errc code = Errc::kMalformed;
  std::string_view reason;
  std::uint32_t offset = 0;  // byte position in the input the error refers to

  friend bool operator==(const Error&, const Error&) = default;
};

static_assert(std::is_trivially_copyable_v<Error>);

}  // namespace sipline

template <>
struct fmt::formatter<sipline::Error> : fmt::formatter<std::string_view> {
  auto format(const sipline::Error& error, fmt::format_context& ctx) const -> decltype(ctx.out()) {
    return fmt::format_to(ctx.out(), "{}: {} at byte {}", sipline::to_string(error.code),
                          error.reason, error.offset);
  }
};
