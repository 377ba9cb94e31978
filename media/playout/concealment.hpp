// Generic loss concealment for codecs without their own: the last pitch period of what was
// played is repeated with a smooth join, its level held for 10 ms and then faded over 50 ms
// into comfort noise at the background level; a merge blends the concealment into the real
// audio when it returns. The background is the level of the quietest recent frames (a minimum
// that creeps up by 2.5 dB/s, so it follows a room getting noisier). Opus and other codecs with
// a concealment of their own use that instead.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "media/playout/pitch.hpp"

namespace sipline::media {

class Concealment {
 public:
  static constexpr std::size_t kMaxPeriod = 720;  // 15 ms at 48 kHz

  explicit Concealment(std::uint32_t sample_rate) noexcept;

  // Every frame played, for the background level.
  void observe(std::span<const std::int16_t> frame) noexcept;
  // Starts concealing after `history` (the audio played last, most recent at the end).
  void start(std::span<const std::int16_t> history) noexcept;
  // The same with the pitch of the history's last 2 × pitch_range().max_lag samples already
  // found (by the caller, who needs it too).
  void start(std::span<const std::int16_t> history, const Pitch& pitch) noexcept;
  // The next `out.size()` concealed samples.
  void generate(std::span<std::int16_t> out) noexcept;
  // Blends concealment into `audio` (the first decoded samples after the loss), in place, over
  // up to 2.5 ms.
  void merge_into(std::span<std::int16_t> audio) noexcept;
  [[nodiscard]] bool active() const noexcept { return active_; }
  void stop() noexcept { active_ = false; }

 private:
  [[nodiscard]] std::int16_t next_sample() noexcept;

  std::uint32_t sample_rate_;
  std::array<std::int16_t, kMaxPeriod> period_{};
  std::size_t period_size_ = 0;
  std::size_t phase_ = 0;
  std::size_t produced_ = 0;  // samples since start()
  double noise_level_ = 0;    // RMS of the comfort noise of this concealment
  double background_ = -1;    // RMS of the quietest recent frames; −1 until a frame is seen
  std::uint32_t noise_state_ = 0x12345678;
  bool active_ = false;
};

}  // namespace sipline::media
