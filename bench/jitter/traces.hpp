// Network traces for replaying jitter buffers in virtual time (BENCH.md §4): one 20 ms packet
// per entry with its send time, arrival time (or loss), sequence number and timestamp. Every
// trace comes from std::mt19937_64 with a fixed seed and our own transforms (inverse CDF,
// Box–Muller), so it is the same on every machine and library version.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace sipline::bench {

struct TracePacket {
  std::int64_t send_us = 0;     // on the receiver's clock
  std::int64_t arrival_us = 0;  // meaningless when lost
  bool lost = false;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;  // 8 kHz
};

enum class TraceKind {
  kNone,            // 50 ms, no jitter
  kNormal,          // 50 ms + normal, σ 10 ms (netem "50ms 10ms")
  kPareto,          // 50 ms + Pareto α 2.5, xm 4 ms, shifted to start at 0
  kExponential,     // 50 ms + exponential, mean 10 ms
  kGilbertElliott,  // 50 ms + normal σ 2 ms, bursty loss: p 1 %, r 30 % (3.2 % lost)
  kStep,            // 50 ms + normal σ 2 ms, +200 ms for 2 s at 300 s, first in first out
  kReorder,         // 50 ms + normal σ 2 ms, 1 % of packets held 30 ms
  kDriftFast,       // 50 ms + normal σ 2 ms, sender clock +100 ppm
  kDriftSlow,       // the same, −100 ppm
};

struct TraceInfo {
  TraceKind kind;
  std::string_view name;
  bool jittery;  // the "jittery traces": ≥ 10 ms lower p50 is the goal there
};
[[nodiscard]] const std::vector<TraceInfo>& all_traces();

inline constexpr std::uint64_t kTraceSeed = 12345;
inline constexpr std::int64_t kStepStartUs = 300'000'000;
inline constexpr std::int64_t kStepLengthUs = 2'000'000;

// Indices of the packets that arrive, in order of arrival.
[[nodiscard]] std::vector<std::size_t> arrival_order(std::span<const TracePacket> trace);

[[nodiscard]] std::vector<TracePacket> make_trace(TraceKind kind, std::size_t packets = 30'000,
                                                  std::uint64_t seed = kTraceSeed);

}  // namespace sipline::bench
