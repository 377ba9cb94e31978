// Trace generation.
#include "bench/jitter/traces.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

namespace sipline::bench {
namespace {

constexpr std::int64_t kBaseDelayUs = 50'000;
constexpr std::int64_t kFrameUs = 20'000;

// Uniform in (0, 1) from 53 random bits.
double uniform(std::mt19937_64& random) {
  return (static_cast<double>(random() >> 11) + 0.5) * 0x1.0p-53;
}

double normal(std::mt19937_64& random) {  // Box–Muller, one of the pair
  return std::sqrt(-2.0 * std::log(uniform(random))) *
         std::cos(2.0 * std::numbers::pi * uniform(random));
}

std::int64_t ms(double value) { return static_cast<std::int64_t>(std::llround(value * 1000.0)); }

}  // namespace

const std::vector<TraceInfo>& all_traces() {
  static const std::vector<TraceInfo> traces = {
      {TraceKind::kNone, "none", false},
      {TraceKind::kNormal, "normal σ10", true},
      {TraceKind::kPareto, "pareto α2.5", true},
      {TraceKind::kExponential, "exponential 10", true},
      {TraceKind::kGilbertElliott, "gilbert-elliott", false},
      {TraceKind::kStep, "step +200 ms", false},
      {TraceKind::kReorder, "reorder 1 %", false},
      {TraceKind::kDriftFast, "drift +100 ppm", false},
      {TraceKind::kDriftSlow, "drift −100 ppm", false},
  };
  return traces;
}

std::vector<std::size_t> arrival_order(std::span<const TracePacket> trace) {
  std::vector<std::size_t> order;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    if (!trace[i].lost) {
      order.push_back(i);
    }
  }
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return trace[a].arrival_us < trace[b].arrival_us;
  });
  return order;
}

std::vector<TracePacket> make_trace(TraceKind kind, std::size_t packets, std::uint64_t seed) {
  std::mt19937_64 random(seed + static_cast<std::uint64_t>(kind));
  std::vector<TracePacket> trace(packets);
  double drift = 0;
  if (kind == TraceKind::kDriftFast) {
    drift = -100e-6;  // a fast sender sends its 20 ms in less of our time
  } else if (kind == TraceKind::kDriftSlow) {
    drift = 100e-6;
  }
  bool bad = false;  // Gilbert–Elliott state
  for (std::size_t i = 0; i < packets; ++i) {
    TracePacket& p = trace[i];
    p.sequence = static_cast<std::uint16_t>(1000 + i);
    p.timestamp = static_cast<std::uint32_t>(160 * i + 7777);
    p.send_us =
        static_cast<std::int64_t>(std::llround(static_cast<double>(i) * kFrameUs * (1.0 + drift)));
    double jitter_ms = 0;
    switch (kind) {
      case TraceKind::kNone:
        break;
      case TraceKind::kNormal:
        jitter_ms = 10.0 * normal(random);
        break;
      case TraceKind::kPareto:
        jitter_ms = 4.0 * std::pow(uniform(random), -1.0 / 2.5) - 4.0;
        break;
      case TraceKind::kExponential:
        jitter_ms = -10.0 * std::log(uniform(random));
        break;
      case TraceKind::kGilbertElliott:
        bad = bad ? uniform(random) >= 0.30 : uniform(random) < 0.01;
        p.lost = bad;
        jitter_ms = 2.0 * normal(random);
        break;
      case TraceKind::kStep:
      case TraceKind::kDriftFast:
      case TraceKind::kDriftSlow:
        jitter_ms = 2.0 * normal(random);
        break;
      case TraceKind::kReorder:
        jitter_ms = 2.0 * normal(random) + (uniform(random) < 0.01 ? 30.0 : 0.0);
        break;
    }
    std::int64_t delay = std::max<std::int64_t>(0, kBaseDelayUs + ms(jitter_ms));
    if (kind == TraceKind::kStep && p.send_us >= kStepStartUs &&
        p.send_us < kStepStartUs + kStepLengthUs) {
      delay += 200'000;
    }
    p.arrival_us = p.send_us + delay;
    if (kind == TraceKind::kStep && i > 0) {
      p.arrival_us = std::max(p.arrival_us, trace[i - 1].arrival_us);  // one queue: no overtaking
    }
  }
  return trace;
}

}  // namespace sipline::bench
