// Pitch period search for time-stretching and concealment: the lag at which a signal best
// repeats itself, found on a 4 kHz decimated copy (lags 2.5–15 ms, as NetEq does) and refined
// at the full rate. The normalized correlation tells whether the audio is periodic enough to
// stretch without a trace (NetEq accepts ≥ 0.9).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sipline::media {

struct PitchSearch {
  std::size_t min_lag;  // samples at the full rate
  std::size_t max_lag;
};

// The search range of 2.5–15 ms at `sample_rate`.
[[nodiscard]] PitchSearch pitch_range(std::uint32_t sample_rate) noexcept;

struct Pitch {
  std::size_t lag = 0;     // 0: no lag fits the signal
  double correlation = 0;  // normalized, −1 … 1
};

// Best lag L in `range` (capped at x.size() / 2) comparing x[0, L) with x[L, 2L), using
// windows of L samples. `sample_rate` sets the decimation.
[[nodiscard]] Pitch find_pitch(std::span<const std::int16_t> x, PitchSearch range,
                               std::uint32_t sample_rate) noexcept;

// The pitch of the last two longest periods of `history` (most recent at the end): what a
// concealment after it continues.
[[nodiscard]] Pitch recent_pitch(std::span<const std::int16_t> history,
                                 std::uint32_t sample_rate) noexcept;

// Normalized correlation of a and b (equal lengths); 1 for two silent windows.
[[nodiscard]] double normalized_correlation(std::span<const std::int16_t> a,
                                            std::span<const std::int16_t> b) noexcept;

// Mean square of x.
[[nodiscard]] double energy(std::span<const std::int16_t> x) noexcept;

}  // namespace sipline::media
