// One line on a call's received audio when its media stops: what the network did (packets
// received, lost, late), what the receive side had to repair once the call's audio had settled
// (concealment, time-stretching, audio the device had to play as silence), and the delay held.
// On a clean network everything after the settling is zero; the interop tests hold the pipeline
// to that, and a user hearing a glitch can see which stage made it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "media/playout/playout.hpp"
#include "rtp/jitter/jitter_buffer.hpp"

namespace sipline::app {

// How long after its first received packet a call's audio counts as settled: the jitter buffer
// has started and brought its first guess of the delay down to what the path needs.
inline constexpr std::uint32_t kSettleMs = 500;

struct CallAudioCounts {
  rtp::JitterStatistics jitter;
  media::PlayoutStatistics playout;                 // at the end of the call
  std::optional<media::PlayoutStatistics> settled;  // when the audio settled (never: nullopt)
  std::uint32_t codec_rate = 8000;                  // the playout's samples
  std::uint64_t device_missing_samples = 0;         // played as silence after the settling
  std::uint32_t device_rate = 48000;
  std::optional<std::uint32_t>
      first_repair_ms;  // after the first packet, if any came after settling
};

// Follows one call's received audio frame by frame: when it settled, and when (after the first
// packet) the first repair after the settling came, so a glitch can be found in a recording.
class CallAudioWatch {
 public:
  explicit CallAudioWatch(std::uint32_t frame_ms) noexcept : frame_ms_(frame_ms) {}

  // After each frame played: the call's playout so far, the device's silence so far (all calls),
  // and whether any packet has come yet (the clock starts with the first).
  void on_frame(const media::PlayoutStatistics& playout, std::uint64_t device_missing,
                bool received) noexcept;

  // The counts for describe_call_audio: `jitter`, `codec_rate` and `device_rate` left to the
  // caller; the device's silence needs its count now.
  [[nodiscard]] CallAudioCounts counts(const media::PlayoutStatistics& playout,
                                       std::uint64_t device_missing) const;

 private:
  std::uint32_t frame_ms_;
  std::uint32_t frames_ = 0;  // played since the first packet came
  std::optional<media::PlayoutStatistics> settled_;
  std::uint64_t device_missing_at_settling_ = 0;
  std::optional<std::uint32_t> first_repair_ms_;
};

[[nodiscard]] std::string describe_call_audio(std::uint32_t call, const CallAudioCounts& counts);

}  // namespace sipline::app
