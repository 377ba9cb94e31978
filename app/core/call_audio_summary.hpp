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
};

[[nodiscard]] std::string describe_call_audio(std::uint32_t call, const CallAudioCounts& counts);

}  // namespace sipline::app
