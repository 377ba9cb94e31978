// Pitch-period overlap-add.
#include "media/playout/time_stretch.hpp"

#include <algorithm>
#include <cstring>

#include "media/playout/pitch.hpp"

namespace sipline::media {
namespace {

// The lag to cut or repeat at the start of x, or 0 when the audio does not allow one.
std::size_t stretch_lag(std::span<const std::int16_t> x, std::uint32_t sample_rate,
                        const StretchConfig& config) {
  const PitchSearch range = pitch_range(sample_rate);
  const Pitch pitch = find_pitch(x, range, sample_rate);
  if (pitch.lag == 0) {
    return 0;
  }
  if (pitch.correlation >= config.min_correlation) {
    return pitch.lag;
  }
  const bool quiet = energy(x.first(std::min(x.size(), 2 * pitch.lag))) < config.silence_energy;
  return quiet ? pitch.lag : 0;
}

// Whole periods only, never passing `wanted` by more than half of one: a request under half the
// shortest period can never be met, so the pitch search is skipped (the jitter buffer asks for
// sub-millisecond expansions again and again in steady state; at 48 kHz each search would cost
// microseconds for nothing).
bool beyond_reach(std::size_t wanted, std::uint32_t sample_rate) noexcept {
  const std::size_t shortest = pitch_range(sample_rate).min_lag;
  return (shortest + 1) / 2 > wanted;
}

// out[i] = a[i]·(1 − w) + b[i]·w, w rising linearly over the n samples.
void cross_fade(const std::int16_t* a, const std::int16_t* b, std::int16_t* out,
                std::size_t n) noexcept {
  for (std::size_t i = 0; i < n; ++i) {
    const double w = (static_cast<double>(i) + 0.5) / static_cast<double>(n);
    out[i] = static_cast<std::int16_t>(static_cast<double>(a[i]) * (1.0 - w) +
                                       static_cast<double>(b[i]) * w);
  }
}

}  // namespace

std::ptrdiff_t accelerate(std::span<std::int16_t> x, std::size_t wanted, std::uint32_t sample_rate,
                          const StretchConfig& config) noexcept {
  if (beyond_reach(wanted, sample_rate)) {
    return 0;
  }
  std::size_t removed = 0;
  std::size_t size = x.size();
  // One period at a time: [P1][P2][rest] → [P1 fading into P2][rest].
  while (removed < wanted) {
    const std::size_t lag =
        stretch_lag(std::span<const std::int16_t>(x.data(), size), sample_rate, config);
    if (lag == 0 || 2 * lag > size || removed + lag > wanted + lag / 2) {
      break;
    }
    cross_fade(x.data(), x.data() + lag, x.data(), lag);
    std::memmove(x.data() + lag, x.data() + 2 * lag, (size - 2 * lag) * sizeof(std::int16_t));
    size -= lag;
    removed += lag;
  }
  return -static_cast<std::ptrdiff_t>(removed);
}

std::ptrdiff_t preemptive_expand(std::span<std::int16_t> buffer, std::size_t size,
                                 std::size_t wanted, std::uint32_t sample_rate,
                                 const StretchConfig& config) noexcept {
  if (beyond_reach(wanted, sample_rate)) {
    return 0;
  }
  std::size_t added = 0;
  // [P1][P2][rest] → [P1][P2 fading into P1][P2][rest]: one more period, seamless at both ends.
  while (added < wanted) {
    const std::size_t lag =
        stretch_lag(std::span<const std::int16_t>(buffer.data(), size), sample_rate, config);
    if (lag == 0 || 2 * lag > size || size + lag > buffer.size() ||
        added + lag > wanted + lag / 2) {
      break;
    }
    std::memmove(buffer.data() + 2 * lag, buffer.data() + lag, (size - lag) * sizeof(std::int16_t));
    // The inserted period sits at [lag, 2·lag); P2 is now at [2·lag, 3·lag).
    cross_fade(buffer.data() + 2 * lag, buffer.data(), buffer.data() + lag, lag);
    size += lag;
    added += lag;
  }
  return static_cast<std::ptrdiff_t>(added);
}

}  // namespace sipline::media
