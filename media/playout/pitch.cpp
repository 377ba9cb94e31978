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

// Lag-L correlation of x[0, L) with x[L, 2L), normalized.
template <class T>
double lag_correlation(std::span<const T> x, std::size_t lag) noexcept {
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
  if (first <= 0 || second <= 0) {
    return first == second ? 1.0 : 0.0;
  }
  return cross / std::sqrt(first * second);
}

}  // namespace

PitchSearch pitch_range(std::uint32_t sample_rate) noexcept {
  return {std::max<std::size_t>(2, sample_rate / 400), sample_rate * 15 / 1000};
}

double energy(std::span<const std::int16_t> x) noexcept {
  double sum = 0;
  for (const std::int16_t s : x) {
    sum += static_cast<double>(s) * s;
  }
  return x.empty() ? 0 : sum / static_cast<double>(x.size());
}

double normalized_correlation(std::span<const std::int16_t> a,
                              std::span<const std::int16_t> b) noexcept {
  double cross = 0;
  double first = 0;
  double second = 0;
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    cross += static_cast<double>(a[i]) * b[i];
    first += static_cast<double>(a[i]) * a[i];
    second += static_cast<double>(b[i]) * b[i];
  }
  if (first <= 0 || second <= 0) {
    return first == second ? 1.0 : 0.0;
  }
  return cross / std::sqrt(first * second);
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
  // Stage 2: refine around it at the full rate.
  Pitch pitch;
  pitch.correlation = -2;
  const std::size_t centre = best_coarse * factor;
  const std::size_t low = std::max(range.min_lag, centre > factor ? centre - factor : 1);
  const std::size_t high = std::min(max_lag, centre + factor);
  for (std::size_t lag = low; lag <= high; ++lag) {
    const double c = lag_correlation(x, lag);
    if (c > pitch.correlation) {
      pitch = {lag, c};
    }
  }
  return pitch;
}

}  // namespace sipline::media
