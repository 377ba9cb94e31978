// In-band DTMF (ITU-T Q.23 frequencies, Q.24 detection limits): tone generation, and a Goertzel
// detector that reports each key once, for peers that do not send RFC 4733 events.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace sipline::media {

// '0'–'9', '*', '#', 'A'–'D'; nullopt for anything else.
[[nodiscard]] std::optional<std::array<double, 2>> dtmf_frequencies(char digit) noexcept;

// Generates `digit` into `out` (the whole span), each tone at `level_dbm0` (−10 dBm0: a
// typical telephone sending level; dBm0 here is relative to a full-scale sine at +3.17 dBm0).
class DtmfGenerator {
 public:
  DtmfGenerator(std::uint32_t sample_rate, char digit, double level_dbm0 = -10.0) noexcept;
  void generate(std::span<std::int16_t> out) noexcept;

 private:
  std::uint32_t sample_rate_;
  std::array<double, 2> frequencies_{};
  double amplitude_;
  std::uint64_t position_ = 0;
};

class DtmfDetector {
 public:
  explicit DtmfDetector(std::uint32_t sample_rate) noexcept;
  // Feeds audio; returns a key once, when its tone has lasted ≥ 40 ms (Q.24 asks ≥ 40 ms to be
  // accepted), after a gap since the previous one.
  [[nodiscard]] std::optional<char> feed(std::span<const std::int16_t> audio) noexcept;

 private:
  [[nodiscard]] std::optional<char> analyse_block() noexcept;

  std::uint32_t sample_rate_;
  std::size_t block_size_;  // about 10 ms
  std::array<std::int16_t, 480> block_{};
  std::size_t filled_ = 0;
  std::optional<char> candidate_;
  int candidate_blocks_ = 0;
  int silent_blocks_ = 0;
  bool reported_ = false;
};

}  // namespace sipline::media
