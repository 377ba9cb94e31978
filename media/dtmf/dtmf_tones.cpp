// DTMF tones and their Goertzel detection.
#include "media/dtmf/dtmf_tones.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sipline::media {
namespace {

constexpr std::array<double, 4> kRows = {697, 770, 852, 941};
constexpr std::array<double, 4> kColumns = {1209, 1336, 1477, 1633};
constexpr std::array<std::array<char, 4>, 4> kKeys = {
    {{'1', '2', '3', 'A'}, {'4', '5', '6', 'B'}, {'7', '8', '9', 'C'}, {'*', '0', '#', 'D'}}};
constexpr int kBlocksToAccept = 4;      // 40 ms of 10 ms blocks
constexpr int kBlocksToRelease = 2;     // 20 ms without the tone ends the key
constexpr double kMinimumPower = 1e5;   // per sample², about −50 dBFS for both tones together
constexpr double kMaxTwistDb = 8.0;     // Q.24: up to 8 dB between row and column (forward)
constexpr double kShareOfEnergy = 0.6;  // the two tones must hold most of the block's energy
constexpr double kSecondPeak = 0.16;    // −8 dB

// Power of `frequency` in x (Goertzel), normalized by the block length.
double goertzel(std::span<const std::int16_t> x, double frequency, std::uint32_t rate) noexcept {
  const double coefficient = 2.0 * std::cos(2.0 * std::numbers::pi * frequency / rate);
  double s1 = 0;
  double s2 = 0;
  for (const std::int16_t sample : x) {
    const double s0 = sample + coefficient * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  const double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
  return power / static_cast<double>(x.size());
}

}  // namespace

std::optional<std::array<double, 2>> dtmf_frequencies(char digit) noexcept {
  for (std::size_t r = 0; r < 4; ++r) {
    for (std::size_t c = 0; c < 4; ++c) {
      if (kKeys[r][c] == digit) {
        return std::array<double, 2>{kRows[r], kColumns[c]};
      }
    }
  }
  return std::nullopt;
}

DtmfGenerator::DtmfGenerator(std::uint32_t sample_rate, char digit, double level_dbm0) noexcept
    : sample_rate_(sample_rate),
      // 0 dBm0 is 3.17 dB below a full-scale sine (ITU-T G.711): amplitude 32767 / 10^(3.17/20).
      amplitude_(32767.0 / std::pow(10.0, 3.17 / 20.0) * std::pow(10.0, level_dbm0 / 20.0)) {
  frequencies_ = dtmf_frequencies(digit).value_or(std::array<double, 2>{0, 0});
  if (frequencies_[0] == 0) {
    amplitude_ = 0;
  }
}

void DtmfGenerator::generate(std::span<std::int16_t> out) noexcept {
  for (std::int16_t& sample : out) {
    const double t = static_cast<double>(position_++) / sample_rate_;
    const double value = amplitude_ * (std::sin(2 * std::numbers::pi * frequencies_[0] * t) +
                                       std::sin(2 * std::numbers::pi * frequencies_[1] * t));
    sample = static_cast<std::int16_t>(std::clamp(value, -32768.0, 32767.0));
  }
}

DtmfDetector::DtmfDetector(std::uint32_t sample_rate) noexcept
    : sample_rate_(sample_rate), block_size_(std::min<std::size_t>(480, sample_rate / 100)) {}

std::optional<char> DtmfDetector::analyse_block() noexcept {
  const std::span<const std::int16_t> x(block_.data(), block_size_);
  double total = 0;
  for (const std::int16_t s : x) {
    total += static_cast<double>(s) * s;
  }
  total /= static_cast<double>(x.size());
  std::array<double, 4> rows{};
  std::array<double, 4> columns{};
  for (std::size_t i = 0; i < 4; ++i) {
    rows[i] = goertzel(x, kRows[i], sample_rate_);
    columns[i] = goertzel(x, kColumns[i], sample_rate_);
  }
  const auto row =
      static_cast<std::size_t>(std::max_element(rows.begin(), rows.end()) - rows.begin());
  const auto column =
      static_cast<std::size_t>(std::max_element(columns.begin(), columns.end()) - columns.begin());
  // A sinusoid of amplitude A has a Goertzel power (normalized) of N·A²/4 and a mean square of
  // A²/2: the tone's share of the energy is 2·power / (N·mean square).
  const double n = static_cast<double>(x.size());
  const double tones = 2.0 * (rows[row] + columns[column]) / n;
  if (total < kMinimumPower || tones < kShareOfEnergy * total) {
    return std::nullopt;
  }
  const double twist =
      10.0 * std::log10(std::max(rows[row], 1e-9) / std::max(columns[column], 1e-9));
  if (std::abs(twist) > kMaxTwistDb) {
    return std::nullopt;
  }
  // The second strongest of each group must be 8 dB below the strongest (a single key).
  for (std::size_t i = 0; i < 4; ++i) {
    if ((i != row && rows[i] > rows[row] * kSecondPeak) ||
        (i != column && columns[i] > columns[column] * kSecondPeak)) {
      return std::nullopt;
    }
  }
  return kKeys[row][column];
}

std::optional<char> DtmfDetector::feed(std::span<const std::int16_t> audio) noexcept {
  std::optional<char> detected;
  for (const std::int16_t sample : audio) {
    block_[filled_++] = sample;
    if (filled_ < block_size_) {
      continue;
    }
    filled_ = 0;
    const std::optional<char> key = analyse_block();
    if (key && key == candidate_) {
      ++candidate_blocks_;
      silent_blocks_ = 0;
    } else if (key) {
      candidate_ = key;
      candidate_blocks_ = 1;
      silent_blocks_ = 0;
      reported_ = false;
    } else if (++silent_blocks_ >= kBlocksToRelease) {
      candidate_.reset();
      candidate_blocks_ = 0;
      reported_ = false;
    }
    if (candidate_ && !reported_ && candidate_blocks_ >= kBlocksToAccept) {
      reported_ = true;
      detected = candidate_;
    }
  }
  return detected;
}

}  // namespace sipline::media
