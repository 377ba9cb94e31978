// Test signals and what tests measure on them: tones, noise, level, frequency.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numbers>
#include <span>
#include <vector>

namespace sipline::media::test {

inline std::vector<std::int16_t> tone(double frequency, std::uint32_t rate, std::size_t samples,
                                      double amplitude = 10000, double phase = 0) {
  std::vector<std::int16_t> out(samples);
  for (std::size_t i = 0; i < samples; ++i) {
    out[i] = static_cast<std::int16_t>(
        std::lround(amplitude * std::sin(phase + 2 * std::numbers::pi * frequency *
                                                     static_cast<double>(i) / rate)));
  }
  return out;
}

inline std::vector<std::int16_t> noise(std::size_t samples, double amplitude,
                                       std::uint32_t seed = 1) {
  std::vector<std::int16_t> out(samples);
  for (auto& s : out) {
    seed = seed * 1664525U + 1013904223U;
    s = static_cast<std::int16_t>((static_cast<double>(seed >> 8) / 8388608.0 - 1.0) * amplitude);
  }
  return out;
}

inline double rms(std::span<const std::int16_t> x) {
  double sum = 0;
  for (const auto s : x) {
    sum += static_cast<double>(s) * s;
  }
  return x.empty() ? 0 : std::sqrt(sum / static_cast<double>(x.size()));
}

// Frequency from the spacing of upward zero crossings (with linear interpolation).
inline double frequency(std::span<const std::int16_t> x, std::uint32_t rate) {
  double first = -1;
  double last = -1;
  int crossings = 0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    if (x[i - 1] < 0 && x[i] >= 0) {
      const double t =
          static_cast<double>(i - 1) + static_cast<double>(-x[i - 1]) / (x[i] - x[i - 1]);
      if (first < 0) {
        first = t;
      }
      last = t;
      ++crossings;
    }
  }
  return crossings < 2 ? 0 : (crossings - 1) * static_cast<double>(rate) / (last - first);
}

// Normalized correlation of two equal-length signals.
inline double correlation(std::span<const std::int16_t> a, std::span<const std::int16_t> b) {
  double ab = 0;
  double aa = 0;
  double bb = 0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    ab += static_cast<double>(a[i]) * b[i];
    aa += static_cast<double>(a[i]) * a[i];
    bb += static_cast<double>(b[i]) * b[i];
  }
  return aa > 0 && bb > 0 ? ab / std::sqrt(aa * bb) : 0;
}

// Power of one frequency (Goertzel), normalised so a full-scale-amplitude A sine gives A²/2.
inline double tone_power(std::span<const std::int16_t> x, double frequency, std::uint32_t rate) {
  const double coefficient = 2 * std::cos(2 * std::numbers::pi * frequency / rate);
  double s1 = 0;
  double s2 = 0;
  for (const auto v : x) {
    const double s0 = v + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  const auto n = static_cast<double>(x.size());
  return x.empty() ? 0 : 2 * power / (n * n);
}

// The lag (0 … max_lag) at which `delayed` best matches `original`.
inline std::size_t best_lag(std::span<const std::int16_t> original,
                            std::span<const std::int16_t> delayed, std::size_t max_lag) {
  std::size_t best = 0;
  double best_score = -2;
  for (std::size_t lag = 0; lag <= max_lag && lag < delayed.size(); ++lag) {
    const double score = correlation(original, delayed.subspan(lag));
    if (score > best_score) {
      best_score = score;
      best = lag;
    }
  }
  return best;
}

// The largest jump between neighbouring samples: a click shows up here.
inline int largest_step(std::span<const std::int16_t> x) {
  int largest = 0;
  for (std::size_t i = 1; i < x.size(); ++i) {
    largest = std::max(largest, std::abs(x[i] - x[i - 1]));
  }
  return largest;
}

}  // namespace sipline::media::test
