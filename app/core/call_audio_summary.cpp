// The received-audio line of a call.
#include "app/core/call_audio_summary.hpp"

#include <fmt/format.h>

namespace sipline::app {
namespace {

std::uint64_t to_ms(std::uint64_t samples, std::uint32_t rate) {
  return rate == 0 ? 0 : samples * 1000 / rate;
}

}  // namespace

std::string describe_call_audio(std::uint32_t call, const CallAudioCounts& counts) {
  const rtp::JitterStatistics& jitter = counts.jitter;
  std::string line = fmt::format("call {} audio: {} packets, {} lost, {} late", call,
                                 jitter.received, jitter.lost, jitter.late);
  if (!counts.settled) {
    return line + "; never settled";
  }
  // Only what happened after the settling: the start's silence and first stretches are normal.
  const media::PlayoutStatistics& end = counts.playout;
  const media::PlayoutStatistics& at = *counts.settled;
  const std::uint64_t stretches =
      (end.accelerates - at.accelerates) + (end.preemptive_expands - at.preemptive_expands);
  fmt::format_to(std::back_inserter(line),
                 "; after settling: {} concealments ({} ms), {} stretches (+{}/-{} ms), {} ms "
                 "device underrun; delay {} ms",
                 end.expands - at.expands,
                 to_ms(end.concealed_samples - at.concealed_samples, counts.codec_rate), stretches,
                 to_ms(end.inserted_samples - at.inserted_samples, counts.codec_rate),
                 to_ms(end.removed_samples - at.removed_samples, counts.codec_rate),
                 to_ms(counts.device_missing_samples, counts.device_rate),
                 jitter.current_delay_us / 1000);
  return line;
}

}  // namespace sipline::app
