// Replaying one trace through a jitter buffer in virtual time: packets are put in at their
// arrival times, and every 20 ms (at a fixed phase) the buffer is asked for one frame. Both
// sipline (JitterBuffer + Playout, decoding real G.711 speech so that time-stretching meets real
// audio) and speexdsp (put/get/tick as intended, never update_delay) are replayed the same way.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench/jitter/traces.hpp"
#include "rtp/jitter/jitter_buffer.hpp"

namespace sipline::bench {

inline constexpr std::int64_t kTickUs = 20'000;
inline constexpr std::int64_t kTickPhaseUs = 7'000;

// Frames between the first arrival and the last count: the silence before a call's first
// packet and after its last is not concealment.
[[nodiscard]] inline bool in_call(std::span<const TracePacket> trace,
                                  std::int64_t now_us) noexcept {
  return now_us >= trace.front().arrival_us && now_us <= trace.back().arrival_us;
}

struct Replay {
  std::vector<std::int64_t> play_us;  // per packet: when its first sample plays, −1 if never
  std::uint64_t frames = 0;
  std::uint64_t frame_samples = 160;
  std::uint64_t concealed_samples = 0;  // made up for missing audio (speex: MISSING and INSERTION)
  std::uint64_t inserted_samples = 0;   // time-stretching (sipline only)
  std::uint64_t removed_samples = 0;
  std::uint64_t adjustments = 0;  // stretches and flushes (sipline), insertions (speex)
};

// `speech`: 8 kHz 16-bit audio, looped over the trace as the packets' content.
[[nodiscard]] Replay replay_sipline(std::span<const TracePacket> trace,
                                    std::span<const std::int16_t> speech,
                                    const rtp::JitterBufferConfig& config,
                                    std::int64_t tick_us = kTickUs);
// `max_late_rate`: speex's JITTER_BUFFER_SET_MAX_LATE_RATE in percent; nullopt keeps its default.
[[nodiscard]] Replay replay_speex(std::span<const TracePacket> trace,
                                  std::optional<int> max_late_rate);

struct ReplaySummary {
  double p50_ms = 0, p95_ms = 0, mean_ms = 0;  // added delay: playout − minimum network delay
  double late_percent = 0;                     // arrived, never played
  double concealed_percent = 0;                // of the audio played
  double stretched_percent = 0;                // inserted + removed, of the audio played
  std::uint64_t adjustments = 0;
  std::optional<double> settle_s;  // step trace: back within 10 ms of before
};
[[nodiscard]] ReplaySummary summarize(std::span<const TracePacket> trace, const Replay& replay,
                                      bool step);

}  // namespace sipline::bench
