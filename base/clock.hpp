// Time for the whole stack: a TimePoint in microseconds, and the Clock seam that supplies it.
//
// Protocol cores never read a clock: every input carries `now`. Only drivers (transport/asio,
// app/) hold a Clock; tests hold a ManualClock and move time by hand.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace sipline {

using Duration = std::chrono::microseconds;
using TimePoint = std::chrono::time_point<std::chrono::steady_clock, Duration>;

class Clock {
 public:
  virtual ~Clock() = default;
  [[nodiscard]] virtual TimePoint now() const noexcept = 0;
};

// The monotonic clock of the operating system; never jumps with wall-clock changes.
class SteadyClock final : public Clock {
 public:
  [[nodiscard]] TimePoint now() const noexcept override;
};

// A clock that moves only when told to. Starts at `start` (the epoch by default) and never
// goes backwards: set() to an earlier time is ignored. Safe to read from several threads.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(TimePoint start = TimePoint{}) noexcept;

  [[nodiscard]] TimePoint now() const noexcept override;
  void advance(Duration step) noexcept;
  void set(TimePoint when) noexcept;

 private:
  std::atomic<std::int64_t> micros_;
};

}  // namespace sipline
