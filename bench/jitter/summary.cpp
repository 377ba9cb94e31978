// Per-trace figures from a replay.
#include <algorithm>
#include <numeric>

#include "bench/jitter/replay.hpp"

namespace sipline::bench {
namespace {

double percentile(std::vector<double> values, double q) {
  if (values.empty()) {
    return 0;
  }
  const auto k = static_cast<std::size_t>(q * static_cast<double>(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(k), values.end());
  return values[k];
}

}  // namespace

ReplaySummary summarize(std::span<const TracePacket> trace, const Replay& replay, bool step) {
  std::int64_t min_network = INT64_MAX;
  for (const TracePacket& p : trace) {
    if (!p.lost) {
      min_network = std::min(min_network, p.arrival_us - p.send_us);
    }
  }
  std::vector<double> added;
  std::uint64_t late = 0;
  for (std::size_t i = 0; i < trace.size(); ++i) {
    if (replay.play_us[i] >= 0) {
      added.push_back(static_cast<double>(replay.play_us[i] - trace[i].send_us - min_network) /
                      1000.0);
    } else if (!trace[i].lost) {
      ++late;
    }
  }
  ReplaySummary s;
  s.p50_ms = percentile(added, 0.50);
  s.p95_ms = percentile(added, 0.95);
  s.mean_ms = added.empty() ? 0
                            : std::accumulate(added.begin(), added.end(), 0.0) /
                                  static_cast<double>(added.size());
  s.late_percent = 100.0 * static_cast<double>(late) / static_cast<double>(trace.size());
  const double played = static_cast<double>(replay.frames * replay.frame_samples);
  s.concealed_percent = 100.0 * static_cast<double>(replay.concealed_samples) / played;
  s.stretched_percent =
      100.0 * static_cast<double>(replay.inserted_samples + replay.removed_samples) / played;
  s.adjustments = replay.adjustments;
  if (step) {
    // Back within 10 ms of the median before the step, and staying there for 5 s.
    std::vector<double> before;
    for (std::size_t i = 0; i < trace.size(); ++i) {
      if (replay.play_us[i] >= 0 && trace[i].send_us >= kStepStartUs - 30'000'000 &&
          trace[i].send_us < kStepStartUs) {
        before.push_back(static_cast<double>(replay.play_us[i] - trace[i].send_us - min_network) /
                         1000.0);
      }
    }
    const double normal = percentile(before, 0.5);
    const std::int64_t step_end = kStepStartUs + kStepLengthUs;
    std::optional<std::int64_t> settled_at;
    for (std::size_t i = 0; i < trace.size(); ++i) {
      if (trace[i].send_us < step_end || replay.play_us[i] < 0) {
        continue;
      }
      const double d =
          static_cast<double>(replay.play_us[i] - trace[i].send_us - min_network) / 1000.0;
      if (d > normal + 10.0) {
        settled_at.reset();
      } else if (!settled_at) {
        settled_at = trace[i].send_us;
      }
      if (settled_at && trace[i].send_us - *settled_at >= 5'000'000) {
        break;
      }
    }
    if (settled_at) {
      s.settle_s = static_cast<double>(*settled_at - step_end) / 1e6;
    }
  }
  return s;
}

}  // namespace sipline::bench
