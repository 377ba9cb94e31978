// Two-stage pitch search.
#include "media/playout/pitch.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace sipline::media {
namespace {

constexpr std::uint32_t kCoarseRate = 4000;
constexpr std::size_t kMaxCoarse = 512;  // 128 ms at 4 kHz: more than any search needs
constexpr double kNearlyAsGood = 0.02;
constexpr std::size_t kMaxRefine = 2 * 48000 * 15 / 1000 + 64;  // two 15 ms periods at 48 kHz

double normalize(double cross, double first, double second) noexcept {
  if (first <= 0 || second <= 0) {
    return first == second ? 1.0 : 0.0;
  }
  return cross / std::sqrt(first * second);
}

// Lag-L correlation of x[0, L) with x[L, 2L), normalized.
double lag_correlation(std::span<const float> x, std::size_t lag) noexcept {
  double cross = 0;
  double first = 0;
  double second = 0;
  for (std::size_t i = 0; i < lag; ++i) {
    const double a = x[i];
    const double b = x[i + lag];
    cross += a * b;
    first += a * a;
    second += b * b;
  }
  return normalize(cross, first, second);
}

// The same on samples, in integers: every product of two 16-bit samples and every sum of a few
// thousand of them is exact in 64 bits (and was in a double), so the result is the same, and the
// loop vectorizes — it is most of a time-stretch attempt at 48 kHz.
double lag_correlation(std::span<const std::int16_t> x, std::size_t lag) noexcept {
  std::int64_t cross = 0;
  std::int64_t first = 0;
  std::int64_t second = 0;
  for (std::size_t i = 0; i < lag; ++i) {
    const std::int32_t a = x[i];
    const std::int32_t b = x[i + lag];
    cross += a * b;
    first += a * a;
    second += b * b;
  }
  return normalize(static_cast<double>(cross), static_cast<double>(first),
                   static_cast<double>(second));
}

}  // namespace

PitchSearch pitch_range(std::uint32_t sample_rate) noexcept {
  return {std::max<std::size_t>(2, sample_rate / 400), sample_rate * 15 / 1000};
}

double energy(std::span<const std::int16_t> x) noexcept {
  std::int64_t sum = 0;  // exact, as in lag_correlation
  for (const std::int16_t s : x) {
    sum += std::int32_t{s} * s;
  }
  return x.empty() ? 0 : static_cast<double>(sum) / static_cast<double>(x.size());
}

double normalized_correlation(std::span<const std::int16_t> a,
                              std::span<const std::int16_t> b) noexcept {
  std::int64_t cross = 0;
  std::int64_t first = 0;
  std::int64_t second = 0;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t x = a[i];
    const std::int32_t y = b[i];
    cross += x * y;
    first += x * x;
    second += y * y;
  }
  return normalize(static_cast<double>(cross), static_cast<double>(first),
                   static_cast<double>(second));
}

Pitch find_pitch(std::span<const std::int16_t> x, PitchSearch range,
                 std::uint32_t sample_rate) noexcept {
  const std::size_t max_lag = std::min(range.max_lag, x.size() / 2);
  if (max_lag < range.min_lag) {
    return {};
  }
  // Stage 1: decimate by averaging to 4 kHz and search every lag there.
  const std::size_t factor = std::max<std::uint32_t>(1, sample_rate / kCoarseRate);
  std::array<float, kMaxCoarse> coarse{};
  const std::size_t coarse_size = std::min(kMaxCoarse, x.size() / factor);
  for (std::size_t i = 0; i < coarse_size; ++i) {
    float sum = 0;
    for (std::size_t k = 0; k < factor; ++k) {
      sum += static_cast<float>(x[i * factor + k]);
    }
    coarse[i] = sum / static_cast<float>(factor);
  }
  const std::span<const float> decimated(coarse.data(), coarse_size);
  const std::size_t coarse_min = std::max<std::size_t>(1, range.min_lag / factor);
  const std::size_t coarse_max = std::min(max_lag / factor, coarse_size / 2);
  std::array<double, kMaxCoarse / 2 + 1> correlations{};
  double best = -2;
  for (std::size_t lag = coarse_min; lag <= coarse_max; ++lag) {
    correlations[lag] = lag_correlation(decimated, lag);
    best = std::max(best, correlations[lag]);
  }
  // Multiples of the period repeat as well as the period itself: take the shortest lag that is
  // nearly as good as the best, never a multiple (the octave error of pitch trackers).
  std::size_t best_coarse = 0;
  for (std::size_t lag = coarse_min; lag <= coarse_max && best_coarse == 0; ++lag) {
    if (correlations[lag] >= best - kNearlyAsGood) {
      best_coarse = lag;
    }
  }
  if (best_coarse == 0) {
    return {};
  }
  // Stage 2: refine around it at the full rate. The energies of both windows come from running
  // sums of squares (exact integers, so the same values as summing each window), leaving one
  // product per sample and lag: at 48 kHz this is most of a time-stretch attempt.
  Pitch pitch;
  pitch.correlation = -2;
  const std::size_t centre = best_coarse * factor;
  const std::size_t low = std::max(range.min_lag, centre > factor ? centre - factor : 1);
  const std::size_t high = std::min(max_lag, centre + factor);
  std::array<std::int64_t, kMaxRefine + 1> squares{};  // squares[i]: sum of x[0, i)²
  const bool running = 2 * high <= kMaxRefine;
  if (running) {
    for (std::size_t i = 0; i < 2 * high; ++i) {
      squares[i + 1] = squares[i] + std::int32_t{x[i]} * x[i];
    }
  }
  for (std::size_t lag = low; lag <= high; ++lag) {
    double c = 0;
    if (running) {
      std::int64_t cross = 0;
      for (std::size_t i = 0; i < lag; ++i) {
        cross += std::int32_t{x[i]} * x[i + lag];
      }
      c = normalize(static_cast<double>(cross), static_cast<double>(squares[lag]),
                    static_cast<double>(squares[2 * lag] - squares[lag]));
    } else {
      c = lag_correlation(x, lag);
    }
    if (c > pitch.correlation) {
      pitch = {lag, c};
    }
  }
  return pitch;
}

Pitch recent_pitch(std::span<const std::int16_t> history, std::uint32_t sample_rate) noexcept {
  const PitchSearch range = pitch_range(sample_rate);
  return find_pitch(history.last(std::min(history.size(), 2 * range.max_lag)), range, sample_rate);
}

}  // namespace sipline::media
