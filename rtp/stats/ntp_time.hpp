// NTP timestamps (RFC 3550 §4): 32.32 fixed-point seconds, and the "middle 32 bits" that LSR and
// DLSR use. sipline stamps its reports from the monotonic clock: the round-trip time only needs
// one clock, used consistently (§6.4.1).
#pragma once

#include <cstdint>

#include "base/clock.hpp"

namespace sipline::rtp {

[[nodiscard]] constexpr std::uint64_t to_ntp(TimePoint time) noexcept {
  const auto micros = static_cast<std::uint64_t>(time.time_since_epoch().count());
  const std::uint64_t seconds = micros / 1'000'000;
  const std::uint64_t fraction = ((micros % 1'000'000) << 32) / 1'000'000;
  return (seconds << 32) | fraction;
}

// The middle 32 bits: 16.16 fixed point, in units of 1/65536 s.
[[nodiscard]] constexpr std::uint32_t ntp_middle(std::uint64_t ntp) noexcept {
  return static_cast<std::uint32_t>(ntp >> 16);
}

[[nodiscard]] constexpr Duration from_ntp_short(std::uint32_t units) noexcept {
  return Duration{static_cast<std::int64_t>((std::uint64_t{units} * 1'000'000) >> 16)};
}

[[nodiscard]] constexpr std::uint32_t to_ntp_short(Duration duration) noexcept {
  return static_cast<std::uint32_t>((static_cast<std::uint64_t>(duration.count()) << 16) /
                                    1'000'000);
}

}  // namespace sipline::rtp
