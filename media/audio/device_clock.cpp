// Lower envelope of callback stamps.
#include "media/audio/device_clock.hpp"

#include <algorithm>

namespace sipline::media {

DeviceClock::DeviceClock(std::uint32_t sample_rate, Duration window) noexcept
    : rate_(std::max<std::uint32_t>(sample_rate, 1)), half_window_us_(window.count() / 2) {}

std::int64_t DeviceClock::sample_us(std::uint64_t sample) const noexcept {
  // In whole seconds and the rest, so a year of samples stays far from overflow.
  const std::uint64_t seconds = sample / rate_;
  const std::uint64_t rest = sample % rate_;
  return static_cast<std::int64_t>(seconds * 1'000'000 + rest * 1'000'000 / rate_);
}

void DeviceClock::on_stamp(std::uint64_t sample, TimePoint at) noexcept {
  const std::int64_t at_us = at.time_since_epoch().count();
  const std::int64_t offset = at_us - sample_us(sample);
  if (!started_) {
    started_ = true;
    block_start_us_ = at_us;
    current_min_ = previous_min_ = offset;
    return;
  }
  if (at_us - block_start_us_ >= half_window_us_) {
    previous_min_ = current_min_;
    current_min_ = offset;
    block_start_us_ = at_us;
    return;
  }
  current_min_ = std::min(current_min_, offset);
}

std::optional<TimePoint> DeviceClock::time_of(std::uint64_t sample) const noexcept {
  if (!started_) {
    return std::nullopt;
  }
  return TimePoint{Duration{std::min(current_min_, previous_min_) + sample_us(sample)}};
}

}  // namespace sipline::media
