// sipline's jitter buffer and playout on a trace.
#include <algorithm>
#include <numeric>

#include "bench/jitter/replay.hpp"
#include "media/codec/g711.hpp"
#include "media/playout/playout.hpp"

namespace sipline::bench {

Replay replay_sipline(std::span<const TracePacket> trace, std::span<const std::int16_t> speech,
                      const rtp::JitterBufferConfig& config, std::int64_t tick_us) {
  rtp::JitterBuffer buffer(config);
  media::G711Decoder decoder(media::G711Law::kMuLaw);
  media::PlayoutConfig playout_config;
  playout_config.frame_samples = static_cast<std::size_t>(tick_us / 125);
  media::Playout playout(buffer, decoder, playout_config);

  Replay replay;
  replay.frame_samples = playout_config.frame_samples;
  replay.play_us.assign(trace.size(), -1);
  std::int64_t now_us = 0;
  playout.on_played([&](const rtp::StoredPacket& packet, std::size_t offset) {
    const std::size_t index = static_cast<std::uint16_t>(packet.sequence - trace.front().sequence);
    if (index < replay.play_us.size() && replay.play_us[index] < 0) {
      replay.play_us[index] = now_us + static_cast<std::int64_t>(offset) * 125;
    }
  });

  const std::vector<std::size_t> order = arrival_order(trace);

  std::vector<std::byte> payload(160);
  std::vector<std::int16_t> frame(playout_config.frame_samples);
  const std::int64_t end_us = trace.back().send_us + 2'000'000;
  std::size_t next = 0;
  for (now_us = kTickPhaseUs; now_us < end_us; now_us += tick_us) {
    for (; next < order.size() && trace[order[next]].arrival_us <= now_us; ++next) {
      const TracePacket& p = trace[order[next]];
      const std::size_t start =
          (static_cast<std::size_t>(p.timestamp - trace.front().timestamp)) % (speech.size() - 160);
      media::g711_encode(media::G711Law::kMuLaw, speech.subspan(start, 160), payload);
      const rtp::JitterPacket packet{0x5EC0DE, p.sequence, p.timestamp, 160, 0, false, payload};
      (void)buffer.insert(packet, TimePoint(Duration(p.arrival_us)));
    }
    const std::uint64_t concealed_before = playout.statistics().concealed_samples;
    playout.pull(TimePoint(Duration(now_us)), frame);
    if (in_call(trace, now_us)) {
      ++replay.frames;
      replay.concealed_samples += playout.statistics().concealed_samples - concealed_before;
    }
  }
  const auto& stats = playout.statistics();
  replay.inserted_samples = stats.inserted_samples;
  replay.removed_samples = stats.removed_samples;
  replay.adjustments = stats.accelerates + stats.preemptive_expands + buffer.statistics().flushed;
  return replay;
}

}  // namespace sipline::bench
