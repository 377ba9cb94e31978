// Result<T>: a value or an Error. The return type of everything that can fail on bad input.
#pragma once

#include <cstddef>
#include <cstdint>
#include <expected>
#include <limits>
#include <string_view>

#include "base/error.hpp"

namespace sipline {

template <class T>
using Result = std::expected<T, Error>;

// `return fail(Errc::kMalformed, "bad Via", pos);` from any function returning Result<T>.
// Offsets past 4 GiB saturate: no input we accept is that large.
[[nodiscard]] constexpr std::unexpected<Error> fail(Errc code, std::string_view reason,
                                                    std::size_t offset = 0) noexcept {
  constexpr std::size_t kMax = std::numeric_limits<std::uint32_t>::max();
  return std::unexpected(
      Error{code, reason, static_cast<std::uint32_t>(offset < kMax ? offset : kMax)});
}

// The same error, moved `delta` bytes further: a sub-parser reports offsets relative to the
// slice it saw; the caller shifts them to the whole input.
[[nodiscard]] constexpr std::unexpected<Error> shifted(Error error, std::size_t delta) noexcept {
  return fail(error.code, error.reason, error.offset + delta);
}

}  // namespace sipline
