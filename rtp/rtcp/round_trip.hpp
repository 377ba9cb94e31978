// Round-trip time from a report block (RFC 3550 §6.4.1): RTT = A − LSR − DLSR in 1/65536 s,
// where A is the middle 32 bits of our NTP time when the report arrived.
#pragma once

#include <cstdint>
#include <optional>

#include "base/clock.hpp"
#include "rtp/stats/ntp_time.hpp"

namespace sipline::rtp {

// A peer measures DLSR with its own timer, often in whole milliseconds (libre counts jiffies)
// or in a 15.6 ms Windows tick, and may overstate it by up to one tick: on a short path A − LSR −
// DLSR then comes out slightly negative, a round trip below the peer's resolution, read as 0.
// Further below zero, the block is wrong (corrupted, or not about our SR).
inline constexpr std::uint32_t kPeerTimerSlack = 0x0000'0520U;  // 20 ms in 1/65536 s

// nullopt when the peer has not received an SR from us yet (LSR 0) or the result is more
// negative than the peer's timer can explain.
[[nodiscard]] constexpr std::optional<Duration> round_trip_time(
    std::uint32_t arrival_middle, std::uint32_t last_sr, std::uint32_t delay_since_sr) noexcept {
  if (last_sr == 0) {
    return std::nullopt;
  }
  const auto rtt = static_cast<std::int32_t>(arrival_middle - last_sr - delay_since_sr);
  if (rtt < -static_cast<std::int32_t>(kPeerTimerSlack)) {
    return std::nullopt;
  }
  if (rtt < 0) {
    return Duration::zero();
  }
  return from_ntp_short(static_cast<std::uint32_t>(rtt));
}

}  // namespace sipline::rtp
