// speexdsp's jitter buffer on a trace, used as intended (BENCH.md §4): put on arrival, then get
// and tick once per 20 ms; the caller conceals on MISSING and INSERTION.
#include <algorithm>
#include <array>

#include <speex/speex_jitter.h>

#include "bench/jitter/replay.hpp"

namespace sipline::bench {

Replay replay_speex(std::span<const TracePacket> trace, std::optional<int> max_late_rate) {
  JitterBuffer* jitter = jitter_buffer_init(160);
  if (max_late_rate) {
    spx_int32_t rate = *max_late_rate;
    jitter_buffer_ctl(jitter, JITTER_BUFFER_SET_MAX_LATE_RATE, &rate);
  }
  Replay replay;
  replay.play_us.assign(trace.size(), -1);
  const std::vector<std::size_t> order = arrival_order(trace);
  std::array<char, 160> payload{};
  std::array<char, 2048> out_data{};
  const std::int64_t end_us = trace.back().send_us + 2'000'000;
  std::size_t next = 0;
  for (std::int64_t now_us = kTickPhaseUs; now_us < end_us; now_us += kTickUs) {
    for (; next < order.size() && trace[order[next]].arrival_us <= now_us; ++next) {
      const TracePacket& p = trace[order[next]];
      JitterBufferPacket packet{};
      packet.data = payload.data();
      packet.len = static_cast<spx_uint32_t>(payload.size());
      packet.timestamp = p.timestamp;
      packet.span = 160;
      packet.sequence = p.sequence;
      packet.user_data = static_cast<spx_uint32_t>(order[next]);
      jitter_buffer_put(jitter, &packet);
    }
    JitterBufferPacket out{};
    out.data = out_data.data();
    out.len = static_cast<spx_uint32_t>(out_data.size());
    spx_int32_t offset = 0;
    const int result = jitter_buffer_get(jitter, &out, 160, &offset);
    if (result == JITTER_BUFFER_OK) {
      const std::size_t index = out.user_data;
      if (index < replay.play_us.size() && replay.play_us[index] < 0) {
        replay.play_us[index] = now_us;
      }
    } else if (in_call(trace, now_us)) {
      replay.concealed_samples += 160;
      if (result == JITTER_BUFFER_INSERTION) {
        ++replay.adjustments;
      }
    }
    replay.frames += in_call(trace, now_us) ? 1U : 0U;
    jitter_buffer_tick(jitter);
  }
  jitter_buffer_destroy(jitter);
  return replay;
}

}  // namespace sipline::bench
