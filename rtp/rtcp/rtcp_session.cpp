// RFC 3550 §6 for a two-party call.
#include "rtp/rtcp/rtcp_session.hpp"

#include <variant>

#include "rtp/rtcp/round_trip.hpp"
#include "rtp/rtcp/rtcp_writer.hpp"
#include "rtp/stats/ntp_time.hpp"

namespace sipline::rtp {
namespace {

// §6.3.3, A.7: UDP and IPv4 headers count toward the average RTCP packet size.
constexpr std::size_t kHeaderOverhead = 28;

}  // namespace

RtcpSession::RtcpSession(RtcpSessionConfig config, TimePoint now, Random& random)
    : config_(std::move(config)), scheduler_(config_.bandwidth, now, random) {
  if (config_.cname.size() > 255) {
    config_.cname.resize(255);  // the SDES item's length is one octet
  }
}

Bytes RtcpSession::on_timer(TimePoint now, const SendStatistics& sent, ReceivedSource received) {
  if (!scheduler_.on_timer(now)) {
    return {};
  }
  return compose(now, sent, received, false);
}

Bytes RtcpSession::bye(TimePoint now, const SendStatistics& sent, ReceivedSource received) {
  if (!sent.has_sent() && !sent_rtcp_) {
    return {};  // §6.3.7: one that never sent an RTP or RTCP packet must not send a BYE
  }
  return compose(now, sent, received, true);
}

Bytes RtcpSession::compose(TimePoint now, const SendStatistics& sent, ReceivedSource received,
                           bool bye) {
  RtcpWriter writer(buffer_);
  std::array<ReportBlock, 1> blocks{};
  std::size_t block_count = 0;
  if (received.statistics != nullptr && received.statistics->valid()) {
    ReportBlock& block = blocks[block_count++];
    block.ssrc = received.ssrc;
    block.data = received.statistics->take_report();
    // §6.4.1: LSR is the middle of the peer's newest SR's NTP time, DLSR the time since it came.
    if (last_sr_) {
      block.last_sr = last_sr_->first;
      block.delay_since_sr = to_ntp_short(now - last_sr_->second);
    }
  }
  const auto report_blocks = std::span<const ReportBlock>(blocks).first(block_count);
  // §6.4: an SR when we sent RTP since the report before the last one, else an RR.
  const SenderInfo info = sent.sender_info(now);
  const bool we_sent = sent.has_sent() && info.packet_count != packets_at_report_[1];
  packets_at_report_ = {info.packet_count, packets_at_report_[0]};
  auto written = we_sent ? writer.sender_report(config_.ssrc, info, report_blocks)
                         : writer.receiver_report(config_.ssrc, report_blocks);
  if (written) {
    written = writer.sdes_cname(config_.ssrc, config_.cname);
  }
  if (written && bye) {
    const std::array<std::uint32_t, 1> ssrcs{config_.ssrc};
    written = writer.bye(ssrcs);
  }
  if (!written) {
    return {};  // 512 bytes hold one block, a 255-byte CNAME and a BYE: cannot happen
  }
  const Bytes compound = writer.written();
  sent_rtcp_ = true;
  scheduler_.set_members(2, (we_sent ? 1U : 0U) + (peer_sent_ ? 1U : 0U), we_sent);
  scheduler_.on_sent(compound.size() + kHeaderOverhead, now);
  ++counters_.sent;
  return compound;
}

void RtcpSession::on_rtcp(Bytes datagram, TimePoint now) {
  const auto packets = parse_rtcp_compound(datagram);
  if (!packets) {
    ++counters_.malformed;
    return;
  }
  ++counters_.received;
  scheduler_.on_received(datagram.size() + kHeaderOverhead);
  peer_sent_ = false;
  for (const RtcpPacket& packet : *packets) {
    if (const auto* sr = std::get_if<SenderReport>(&packet)) {
      if (sr->ssrc == config_.ssrc) {
        continue;  // our own, looped back: not the peer's
      }
      last_sr_ = {ntp_middle(sr->info.ntp), now};
      peer_sent_ = true;
      for (const ReportBlock& block : sr->blocks) {
        on_report_block(block, now);
      }
    } else if (const auto* rr = std::get_if<ReceiverReport>(&packet)) {
      for (const ReportBlock& block : rr->blocks) {
        on_report_block(block, now);
      }
    } else if (const auto* xr = std::get_if<ExtendedReport>(&packet)) {
      for (const VoipMetrics& metrics : xr->voip_metrics) {
        if (metrics.ssrc == config_.ssrc) {  // the block is about the source it names
          metrics_ = metrics;
        }
      }
    } else if (const auto* left = std::get_if<Bye>(&packet)) {
      for (const std::uint32_t ssrc : left->ssrcs) {
        peer_left_ = peer_left_ || ssrc != config_.ssrc;
      }
    }
  }
}

void RtcpSession::on_report_block(const ReportBlock& block, TimePoint now) {
  if (block.ssrc != config_.ssrc) {
    return;  // about another source (a conference mixer's other members): not ours
  }
  peer_ = PeerReport{block.data, now};
  if (const auto rtt =
          round_trip_time(ntp_middle(to_ntp(now)), block.last_sr, block.delay_since_sr)) {
    rtt_ = *rtt;
  }
}

}  // namespace sipline::rtp
