// The RTCP of one call's audio session (RFC 3550 §6): when to report (the A.7 schedule of
// RtcpScheduler), what to report (an SR while we send, else an RR; a report block on the peer's
// source with LSR/DLSR; SDES CNAME; BYE at the end), and what the peer's reports tell us (its
// view of our stream, the round-trip time of §6.4.1, its RFC 3611 VoIP metrics). A two-party
// session: one source each way.
//
// Sans-I/O: the caller hands in the send and receive statistics with `now`, sends the bytes it
// gets back, and calls on_timer() again at next_deadline(). Hostile datagrams are counted and
// dropped; nothing here allocates after construction but the parser's packet list.
//
//   RtcpSession rtcp({.ssrc = 0x1234, .cname = "k3h1@sipline"}, now, random);
//   if (now >= rtcp.next_deadline()) send(rtcp.on_timer(now, sent, received));
//   rtcp.on_rtcp(datagram, now);           // the peer's SR/RR: rtcp.round_trip() …
//   send(rtcp.bye(now, sent, received));   // the call ends
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "base/bytes.hpp"
#include "base/clock.hpp"
#include "base/random.hpp"
#include "base/result.hpp"
#include "rtp/rtcp/rtcp_packet.hpp"
#include "rtp/rtcp/rtcp_scheduler.hpp"
#include "rtp/rtcp/voip_metrics.hpp"
#include "rtp/stats/receive_statistics.hpp"
#include "rtp/stats/send_statistics.hpp"

namespace sipline::rtp {

struct RtcpSessionConfig {
  std::uint32_t ssrc = 0;  // the SSRC our RTP carries
  std::string cname;       // SDES CNAME: random per call (RFC 7022 §4.2), at most 255 bytes
  // Bytes per second for RTCP: 5 % of the session bandwidth (§6.2); 400 suits a 64 kbit/s call.
  double bandwidth = 400;
};

// The receiving side as the report needs it: the statistics of the peer's source, or nullptr
// before any packet of it counted.
struct ReceivedSource {
  ReceiveStatistics* statistics = nullptr;
  std::uint32_t ssrc = 0;
};

// What the peer's newest report block says about our stream.
struct PeerReport {
  ReportBlockData data;  // fraction and cumulative lost, highest sequence, jitter (our units)
  TimePoint at{};
};

struct RtcpCounters {
  std::uint64_t sent = 0;       // compound packets
  std::uint64_t received = 0;   // valid compound packets from the peer
  std::uint64_t malformed = 0;  // datagrams that were not valid RTCP (RFC 3550 A.2)
};

class RtcpSession {
 public:
  RtcpSession(RtcpSessionConfig config, TimePoint now, Random& random);

  [[nodiscard]] TimePoint next_deadline() const noexcept { return scheduler_.next_deadline(); }
  // At or after next_deadline(): the compound to send now, or nothing when §6.3.6's
  // reconsideration moved the deadline on. The view stays valid until the next call.
  [[nodiscard]] Bytes on_timer(TimePoint now, const SendStatistics& sent, ReceivedSource received);
  // The last compound, with BYE (§6.3.7): the call ends. Nothing when we never sent an RTP
  // or RTCP packet (a call over before its first packet).
  [[nodiscard]] Bytes bye(TimePoint now, const SendStatistics& sent, ReceivedSource received);
  // One datagram from the peer's RTCP port, or one that rtcp-mux set apart from the RTP.
  void on_rtcp(Bytes datagram, TimePoint now);

  [[nodiscard]] std::uint32_t ssrc() const noexcept { return config_.ssrc; }
  [[nodiscard]] const std::optional<PeerReport>& peer_report() const noexcept { return peer_; }
  // The newest round-trip time a report block gave (§6.4.1), if any did.
  [[nodiscard]] const std::optional<Duration>& round_trip() const noexcept { return rtt_; }
  [[nodiscard]] const std::optional<VoipMetrics>& peer_metrics() const noexcept { return metrics_; }
  [[nodiscard]] bool peer_left() const noexcept { return peer_left_; }
  [[nodiscard]] const RtcpCounters& counters() const noexcept { return counters_; }

 private:
  [[nodiscard]] Bytes compose(TimePoint now, const SendStatistics& sent, ReceivedSource received,
                              bool bye);
  void on_report_block(const ReportBlock& block, TimePoint now);

  RtcpSessionConfig config_;
  RtcpScheduler scheduler_;
  std::array<std::byte, 512> buffer_{};
  // The peer's newest SR: the middle of its NTP time and when it came, for LSR/DLSR.
  std::optional<std::pair<std::uint32_t, TimePoint>> last_sr_;
  TimePoint peer_sent_at_{};  // the newest SR: the peer is a sender for two intervals after it
  bool peer_sent_ = false;
  std::array<std::uint32_t, 2> packets_at_report_{};  // ours, at the two previous reports
  std::optional<PeerReport> peer_;
  std::optional<Duration> rtt_;
  std::optional<VoipMetrics> metrics_;
  bool peer_left_ = false;
  bool sent_rtcp_ = false;  // a compound went out: a BYE may follow (§6.3.7)
  RtcpCounters counters_;
};

}  // namespace sipline::rtp
