// RTP sequence numbers and timestamps compare modulo 2^16 and 2^32 (RFC 3550 §5.1, RFC 1982):
// 0 follows 65535, and a timestamp 2^31 ahead is as likely behind.
#pragma once

#include <cstdint>

namespace sipline::rtp {

// a − b as a signed distance: positive when a is newer than b.
[[nodiscard]] constexpr std::int16_t sequence_distance(std::uint16_t a, std::uint16_t b) noexcept {
  return static_cast<std::int16_t>(static_cast<std::uint16_t>(a - b));
}
[[nodiscard]] constexpr bool sequence_newer(std::uint16_t a, std::uint16_t b) noexcept {
  return sequence_distance(a, b) > 0;
}

[[nodiscard]] constexpr std::int32_t timestamp_distance(std::uint32_t a, std::uint32_t b) noexcept {
  return static_cast<std::int32_t>(a - b);
}
[[nodiscard]] constexpr bool timestamp_newer(std::uint32_t a, std::uint32_t b) noexcept {
  return timestamp_distance(a, b) > 0;
}

}  // namespace sipline::rtp
