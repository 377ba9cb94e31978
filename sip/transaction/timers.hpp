// The timers of RFC 3261 §17 (Table 4) and RFC 6026, by their RFC names, with their base values.
#pragma once

#include <chrono>
#include <cstdint>
#include <string_view>

#include "base/clock.hpp"

namespace sipline::sip {

enum class TimerId : std::uint8_t {
  kA,       // INVITE client: retransmit, T1 doubling (UDP)
  kB,       // INVITE client: give up, 64·T1
  kD,       // INVITE client: wait in Completed, ≥ 32 s (UDP), 0 reliable
  kE,       // non-INVITE client: retransmit, T1 doubling to T2 (UDP)
  kF,       // non-INVITE client: give up, 64·T1
  kG,       // INVITE server: retransmit the final response, T1 doubling to T2 (UDP)
  kH,       // INVITE server: wait for the ACK, 64·T1
  kI,       // INVITE server: absorb ACKs, T4 (UDP), 0 reliable
  kJ,       // non-INVITE server: absorb retransmissions, 64·T1 (UDP), 0 reliable
  kK,       // non-INVITE client: absorb responses, T4 (UDP), 0 reliable
  kL,       // INVITE server, RFC 6026 Accepted: 64·T1
  kM,       // INVITE client, RFC 6026 Accepted: 64·T1
  kTrying,  // INVITE server: 100 Trying unless the TU answers first (§17.2.1: 200 ms)
};

inline constexpr std::size_t kTimerCount = static_cast<std::size_t>(TimerId::kTrying) + 1;

[[nodiscard]] std::string_view to_string(TimerId id) noexcept;

struct TimerConfig {
  Duration t1 = std::chrono::milliseconds(500);  // RTT estimate
  Duration t2 = std::chrono::seconds(4);         // cap on non-INVITE and response retransmits
  Duration t4 = std::chrono::seconds(5);         // how long a message lives in the network
  Duration d = std::chrono::seconds(32);         // Timer D (UDP): "at least 32 seconds"
  Duration trying = std::chrono::milliseconds(200);

  [[nodiscard]] Duration sixty_four_t1() const noexcept { return 64 * t1; }
};

}  // namespace sipline::sip
