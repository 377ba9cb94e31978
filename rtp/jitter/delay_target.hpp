// The delay a jitter buffer should hold, learnt from relative packet delays (ArrivalHistory).
//
// Shape of NetEq's underrun optimizer: every interval (500 ms of arrivals) contributes its
// largest relative delay to a histogram of 1 ms buckets whose old mass fades by a forget factor
// per interval; the target is a quantile of that histogram. Taking interval maxima turns a
// quantile q into "late in about (1 − q) of the intervals", estimated from a few dozen samples
// rather than thousands: the 0.4 quantile of 500 ms maxima at 50 packets/s is about the 98th
// percentile of single packets. The playout does not drop a packet that misses its time — it
// conceals a few milliseconds and plays the packet when it comes — so a low quantile, tuned on
// the traces of bench/jitter, beats NetEq's 0.95 there. A delay above the target raises it at once;
// the target comes down only as the histogram forgets, over seconds: the slow decay that keeps
// the buffer from oscillating.
#pragma once

#include <array>
#include <cstdint>

namespace sipline::rtp {

struct DelayTargetConfig {
  double quantile = 0.4;         // of interval maxima (bench/jitter tunes it)
  double forget_factor = 0.983;  // per interval
  std::int64_t interval_us = 500'000;
  std::int64_t minimum_us = 0;
  std::int64_t maximum_us = 1'000'000;
  friend bool operator==(const DelayTargetConfig&, const DelayTargetConfig&) = default;
};

class DelayTarget {
 public:
  static constexpr std::size_t kBuckets = 1024;  // 1 ms each; larger delays count in the last

  explicit DelayTarget(const DelayTargetConfig& config = {}) noexcept : config_(config) {}

  // One packet's relative delay (µs) arriving at `arrival_us`.
  void on_delay(std::int64_t relative_delay_us, std::int64_t arrival_us) noexcept;

  // The delay to hold, µs, within [minimum, maximum].
  [[nodiscard]] std::int64_t target_us() const noexcept { return target_us_; }
  // The quantile alone, without the spike hold (for statistics and tests).
  [[nodiscard]] std::int64_t quantile_us() const noexcept { return quantile_us_; }

  void reset() noexcept;

 private:
  void close_interval() noexcept;
  void update_target() noexcept;

  DelayTargetConfig config_;
  // Unnormalized weights: instead of multiplying every bucket by the forget factor, each new
  // sample weighs 1/f more than the last; all are rescaled when the weight grows large.
  std::array<double, kBuckets> buckets_{};
  double total_ = 0;
  double weight_ = 1;
  std::uint64_t intervals_ = 0;
  bool interval_open_ = false;
  std::int64_t interval_start_us_ = 0;
  std::int64_t interval_max_us_ = 0;
  std::int64_t quantile_us_ = 0;
  std::int64_t target_us_ = 0;
};

}  // namespace sipline::rtp
