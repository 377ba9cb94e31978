// SteadyClock and ManualClock.
#include "base/clock.hpp"

namespace sipline {

TimePoint SteadyClock::now() const noexcept {
  return std::chrono::time_point_cast<Duration>(std::chrono::steady_clock::now());
}

ManualClock::ManualClock(TimePoint start) noexcept : micros_(start.time_since_epoch().count()) {}

TimePoint ManualClock::now() const noexcept {
  return TimePoint{Duration{micros_.load(std::memory_order_acquire)}};
}

void ManualClock::advance(Duration step) noexcept {
  if (step.count() > 0) {
    micros_.fetch_add(step.count(), std::memory_order_acq_rel);
  }
}

void ManualClock::set(TimePoint when) noexcept {
  const std::int64_t target = when.time_since_epoch().count();
  std::int64_t current = micros_.load(std::memory_order_acquire);
  while (target > current &&
         !micros_.compare_exchange_weak(current, target, std::memory_order_acq_rel)) {
  }
}

}  // namespace sipline
