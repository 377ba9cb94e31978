// Time-stretching decoded audio by whole pitch periods (WSOLA-style overlap-add), the way a
// jitter buffer changes its delay without the listener hearing it: Accelerate removes periods,
// PreemptiveExpand repeats them. Only where the audio repeats itself (normalized correlation at
// least 0.9, NetEq's threshold) or is near silence; otherwise nothing is changed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sipline::media {

struct StretchConfig {
  double min_correlation = 0.9;
  double silence_energy = 100.0;  // mean square below which any lag will do (≈ −50 dBFS)
};

// In place at the start of the audio: accelerate() works on all of `x`, preemptive_expand() on
// `buffer[0, size)` with room up to buffer.size(). Whole pitch periods are removed or added,
// as many as bring the change nearest `wanted` without passing it by more than half a period
// (none when `wanted` is under half a period). Returns the change in length, negative when
// audio was removed.
[[nodiscard]] std::ptrdiff_t accelerate(std::span<std::int16_t> x, std::size_t wanted,
                                        std::uint32_t sample_rate,
                                        const StretchConfig& config = {}) noexcept;
[[nodiscard]] std::ptrdiff_t preemptive_expand(std::span<std::int16_t> buffer, std::size_t size,
                                               std::size_t wanted, std::uint32_t sample_rate,
                                               const StretchConfig& config = {}) noexcept;

}  // namespace sipline::media
