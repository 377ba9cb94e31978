// Voice activity detection on frame energy against a tracked noise floor. SpeexDSP's own VAD is
// a placeholder ("replaced by a hack pending a complete rewrite", it prints) that calls steady
// noise voice, so sipline has its own: the floor follows the quietest frames down at once and
// rises 1 dB a second, so steady noise of any level becomes the floor, while speech (10–30 dB
// above the floor in syllables) is voice; a 200 ms hangover bridges the gaps between syllables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace sipline::media {

class VoiceActivityDetector {
 public:
  VoiceActivityDetector(std::uint32_t sample_rate, std::size_t frame) noexcept;

  // One frame; true while voice (or its hangover) lasts.
  bool process(std::span<const std::int16_t> frame) noexcept;
  [[nodiscard]] double noise_floor_dbfs() const noexcept { return floor_db_; }

 private:
  double frame_seconds_;
  double floor_db_ = 0;
  bool started_ = false;
  double hangover_left_ = 0;  // seconds
};

}  // namespace sipline::media
