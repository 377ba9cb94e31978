// The audio device's clock as the media thread sees it. Every device callback is stamped with
// the count of samples captured before it and the steady time it ran; any sample's time is read
// off the earliest-running callback of the last second. A callback may run late (the scheduler),
// never early, so that lower envelope is the device's real schedule, free of wake-up noise, and
// it follows a sound card's drift against the steady clock. Frames stamped this way are exactly
// one frame apart whatever the media thread's own lateness: the jitter buffer measures the
// network against the device that plays the audio, not against when a thread happened to run.
// Sans-I/O: the stamps come in, times go out.
#pragma once

#include <cstdint>
#include <optional>

#include "base/clock.hpp"

namespace sipline::media {

class DeviceClock {
 public:
  // `window`: how far back the earliest callback is looked for. A device that lost time (a
  // restart, samples dropped) is followed within one window; a single late callback changes
  // nothing.
  explicit DeviceClock(std::uint32_t sample_rate, Duration window = Duration{1'000'000}) noexcept;

  void on_stamp(std::uint64_t sample, TimePoint at) noexcept;
  // The device's schedule jumped (a device without hardware that fell far behind starts over
  // from now): the old stamps say nothing any more, the next one starts afresh. Without this
  // the lower envelope would hold the old, earlier schedule for a whole window, and every frame
  // in it would look that much earlier than the packets meant for it.
  void restart() noexcept { started_ = false; }
  // When `sample` was (or will be) at the device; nullopt before the first stamp.
  [[nodiscard]] std::optional<TimePoint> time_of(std::uint64_t sample) const noexcept;

 private:
  [[nodiscard]] std::int64_t sample_us(std::uint64_t sample) const noexcept;

  std::uint32_t rate_;
  std::int64_t half_window_us_;
  bool started_ = false;
  // Offsets (stamp time − the sample's place on the nominal timeline), µs: the minimum of the
  // current half-window and of the one before.
  std::int64_t block_start_us_ = 0;
  std::int64_t current_min_ = 0;
  std::int64_t previous_min_ = 0;
};

}  // namespace sipline::media
