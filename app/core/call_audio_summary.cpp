// The received-audio line of a call.
#include "app/core/call_audio_summary.hpp"

#include <fmt/format.h>

namespace sipline::app {
namespace {

std::uint64_t to_ms(std::uint64_t samples, std::uint32_t rate) {
  return rate == 0 ? 0 : samples * 1000 / rate;
}

// Something was repaired between `before` and `after`.
bool repaired(const media::PlayoutStatistics& before, const media::PlayoutStatistics& after) {
  return after.expands != before.expands || after.accelerates != before.accelerates ||
         after.preemptive_expands != before.preemptive_expands;
}

}  // namespace

void CallAudioWatch::on_frame(const media::PlayoutStatistics& playout, std::uint64_t device_missing,
                              bool received) noexcept {
  if (!received) {
    return;
  }
  ++frames_;
  if (!settled_) {
    if (frames_ * frame_ms_ >= kSettleMs) {
      settled_ = playout;
      device_missing_at_settling_ = device_missing;
    }
    return;
  }
  if (!first_repair_ms_ &&
      (repaired(*settled_, playout) || device_missing != device_missing_at_settling_)) {
    first_repair_ms_ = frames_ * frame_ms_;
  }
}

CallAudioCounts CallAudioWatch::counts(const media::PlayoutStatistics& playout,
                                       std::uint64_t device_missing) const {
  CallAudioCounts counts;
  counts.playout = playout;
  counts.settled = settled_;
  counts.device_missing_samples = settled_ ? device_missing - device_missing_at_settling_ : 0;
  counts.first_repair_ms = first_repair_ms_;
  return counts;
}

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
  if (counts.first_repair_ms) {
    fmt::format_to(std::back_inserter(line), "; first repair {} ms after the first packet",
                   *counts.first_repair_ms);
  }
  return line;
}

}  // namespace sipline::app
