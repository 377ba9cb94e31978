// A call's media statistics as a user or a CRM sees them: what we sent and received, what the
// network did to the peer's stream (our RFC 3550 counts), what it did to ours (the peer's RTCP
// report blocks), the round-trip time, the jitter buffer's delay, and a MOS from the ITU-T G.107
// E-model. Read on the media thread from the call's streams and its RTCP session; `stats` in the
// console and the call detail record (--cdr) print it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/clock.hpp"

namespace sipline::media {
class ReceiveStream;
class SendStream;
}  // namespace sipline::media
namespace sipline::rtp {
class RtcpSession;
}  // namespace sipline::rtp

namespace sipline::app {

struct CallStatistics {
  std::string codec;  // "PCMU/8000"
  bool rtcp_mux = false;
  std::uint64_t packets_sent = 0;
  std::uint64_t packets_received = 0;  // the peer's RTP, counted by RFC 3550 A.1
  std::int64_t packets_lost = 0;       // of the peer's stream: expected − received (A.3)
  double loss_percent = 0;             // of the peer's stream
  Duration jitter{0};                  // interarrival jitter of the peer's stream (A.8)
  Duration jitter_buffer{0};           // our playout delay now
  std::optional<Duration> round_trip;  // from the peer's report blocks (§6.4.1)
  // The peer's view of our stream, from its newest report block: nullopt until one came.
  std::optional<std::int64_t> peer_packets_lost;
  std::optional<double> peer_loss_percent;  // fraction lost over its last interval
  std::optional<Duration> peer_jitter;
  std::optional<double> peer_mos;  // its RFC 3611 VoIP metrics block, when it sends one
  double mos = 0;                  // ours (listening quality): E-model, G.711's codec figures
  std::uint64_t rtcp_sent = 0;
  std::uint64_t rtcp_received = 0;
  friend bool operator==(const CallStatistics&, const CallStatistics&) = default;
};

struct CallStatisticsInput {
  std::string codec;
  std::uint32_t send_clock_rate = 8000;  // the peer's jitter about our stream is in these units
  bool rtcp_mux = false;
  const media::SendStream* send = nullptr;
  const media::ReceiveStream* receive = nullptr;
  const rtp::RtcpSession* rtcp = nullptr;
};

[[nodiscard]] CallStatistics collect_call_statistics(const CallStatisticsInput& input);

// The E-model's MOS (G.107, as voip_metrics.hpp simplifies it) for a one-way delay and a loss.
// sipline plays every codec with concealment; G.113 gives no figures for Opus or G.722, so
// G.711's (Ie 0, Bpl 25.1) stand for all: the score reflects the network, not the codec.
[[nodiscard]] double listening_mos(Duration one_way_delay, double loss_percent) noexcept;

}  // namespace sipline::app
