// Pitch-repetition concealment fading to comfort noise.
#include "media/playout/concealment.hpp"

#include <algorithm>
#include <cmath>

#include "media/playout/pitch.hpp"

namespace sipline::media {
namespace {
constexpr double kHoldSeconds = 0.010;
constexpr double kFadeSeconds = 0.050;
constexpr double kMergeSeconds = 0.0025;
constexpr double kBackgroundRise = 1.006;  // per frame: 2.5 dB/s at 50 frames/s
}  // namespace

Concealment::Concealment(std::uint32_t sample_rate) noexcept : sample_rate_(sample_rate) {}

void Concealment::start(std::span<const std::int16_t> history) noexcept {
  start(history, recent_pitch(history, sample_rate_));
}

void Concealment::start(std::span<const std::int16_t> history, const Pitch& pitch) noexcept {
  active_ = true;
  produced_ = 0;
  phase_ = 0;
  // Fall back to 10 ms when nothing repeats.
  period_size_ =
      std::min({pitch.lag != 0 ? pitch.lag : sample_rate_ / 100, kMaxPeriod, history.size()});
  noise_level_ = std::max(0.0, background_);
  if (period_size_ == 0) {
    return;  // nothing played yet: comfort noise only
  }
  const auto last = history.last(period_size_);
  std::copy(last.begin(), last.end(), period_.begin());
  noise_level_ = std::max(0.0, background_);
}

void Concealment::observe(std::span<const std::int16_t> frame) noexcept {
  const double level = std::sqrt(energy(frame));
  background_ = background_ < 0 ? level : std::min(level, background_ * kBackgroundRise);
}

std::int16_t Concealment::next_sample() noexcept {
  // A 32-bit LCG is plenty for comfort noise; no allocation, no state beyond one word.
  noise_state_ = noise_state_ * 1664525U + 1013904223U;
  const double noise =
      (static_cast<double>(noise_state_ >> 8) / 8388608.0 - 1.0) * noise_level_ * 1.7;
  double voiced = 0;
  if (period_size_ > 0) {
    voiced = period_[phase_];
    phase_ = (phase_ + 1) % period_size_;
  }
  const double t = static_cast<double>(produced_) / static_cast<double>(sample_rate_);
  const double gain =
      t < kHoldSeconds ? 1.0 : std::max(0.0, 1.0 - (t - kHoldSeconds) / kFadeSeconds);
  ++produced_;
  const double sample = voiced * gain + noise * (1.0 - gain);
  return static_cast<std::int16_t>(std::clamp(sample, -32768.0, 32767.0));
}

void Concealment::generate(std::span<std::int16_t> out) noexcept {
  for (std::int16_t& s : out) {
    s = next_sample();
  }
}

void Concealment::merge_into(std::span<std::int16_t> audio) noexcept {
  const std::size_t n =
      std::min(audio.size(), static_cast<std::size_t>(kMergeSeconds * sample_rate_));
  for (std::size_t i = 0; i < n; ++i) {
    const double w = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
    audio[i] =
        static_cast<std::int16_t>(static_cast<double>(next_sample()) * (1.0 - w) + audio[i] * w);
  }
  active_ = false;
}

}  // namespace sipline::media
