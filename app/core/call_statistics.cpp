// A call's media statistics, gathered.
#include "app/core/call_statistics.hpp"

#include <algorithm>

#include "media/pipeline/receive_stream.hpp"
#include "media/pipeline/send_stream.hpp"
#include "rtp/rtcp/rtcp_session.hpp"
#include "rtp/rtcp/voip_metrics.hpp"

namespace sipline::app {

double listening_mos(Duration one_way_delay, double loss_percent) noexcept {
  rtp::EModelInput input;
  input.one_way_delay_ms = static_cast<double>(one_way_delay.count()) / 1000.0;
  input.packet_loss_percent = loss_percent;
  return rtp::mos_from_r(rtp::r_factor(input));
}

CallStatistics collect_call_statistics(const CallStatisticsInput& input) {
  CallStatistics out;
  out.codec = input.codec;
  out.rtcp_mux = input.rtcp_mux;
  if (input.send != nullptr) {
    out.packets_sent = input.send->packets_sent();
  }
  if (input.receive != nullptr) {
    const rtp::ReceiveStatistics& received = input.receive->statistics();
    out.packets_received = received.received();
    out.packets_lost = std::max<std::int64_t>(received.lost(), 0);  // duplicates make it < 0
    if (received.expected() > 0) {
      out.loss_percent =
          100.0 * static_cast<double>(out.packets_lost) / static_cast<double>(received.expected());
    }
    out.jitter = received.jitter_duration();
    out.jitter_buffer = input.receive->latency().jitter_buffer;
  }
  if (input.rtcp != nullptr) {
    out.round_trip = input.rtcp->round_trip();
    if (const auto& report = input.rtcp->peer_report()) {
      out.peer_packets_lost = report->data.cumulative_lost;
      out.peer_loss_percent = 100.0 * report->data.fraction_lost / 256.0;
      if (input.send_clock_rate > 0) {
        out.peer_jitter = Duration{static_cast<std::int64_t>(std::uint64_t{report->data.jitter} *
                                                             1'000'000 / input.send_clock_rate)};
      }
    }
    if (const auto& metrics = input.rtcp->peer_metrics();
        metrics && metrics->mos_lq != rtp::kUnavailable) {
      out.peer_mos = metrics->mos_lq / 10.0;  // MOS · 10 in the block (RFC 3611 §4.7.5)
    }
    out.rtcp_sent = input.rtcp->counters().sent;
    out.rtcp_received = input.rtcp->counters().received;
  }
  // The mouth-to-ear delay the E-model wants, as far as we know it: half the round trip (the
  // network; nothing when no report told it yet) and the audio waiting in our jitter buffer.
  const Duration network = out.round_trip ? *out.round_trip / 2 : Duration{0};
  out.mos = listening_mos(network + out.jitter_buffer, out.loss_percent);
  return out;
}

}  // namespace sipline::app
