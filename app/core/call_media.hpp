// One call's media on the media thread: its RTP socket (and the RTCP socket beside it when the
// peer did not take rtcp-mux), the send and receive streams the mixer drives, and the call's
// RTCP session (RFC 3550 §6) with its reports sent on the A.7 schedule. The media engine owns
// one per call and calls it from its ticks; nothing here is touched by another thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include <boost/asio/ip/udp.hpp>

#include "app/core/call_audio_summary.hpp"
#include "app/core/call_srtp.hpp"
#include "app/core/call_statistics.hpp"
#include "app/core/rtp_port_pool.hpp"
#include "app/core/rtp_source_guard.hpp"
#include "base/clock.hpp"
#include "base/random.hpp"
#include "base/result.hpp"
#include "media/pipeline/receive_stream.hpp"
#include "media/pipeline/send_stream.hpp"
#include "rtp/rtcp/rtcp_session.hpp"
#include "sdp/negotiated.hpp"

namespace sipline::app {

class CallMedia {
 public:
  // The streams for `stream`'s first codec at the device's `rate`, sending as `ssrc`; `rtcp`
  // carries a session on from the call's previous streams (a new codec keeps the SSRC and its
  // reports), or null to start one; `random` outlives the call (its RTCP intervals draw on it).
  [[nodiscard]] static Result<std::unique_ptr<CallMedia>> open(
      std::uint32_t id, RtpPort port, const sdp::NegotiatedStream& stream, std::uint32_t rate,
      std::uint32_t pull_ms, std::unique_ptr<rtp::RtcpSession> rtcp, TimePoint now, Random& random,
      media::ResamplerPool* resamplers = nullptr);

  // The datagrams waiting on the call's sockets, at most `budget` of them each: RTP to the
  // receive stream, RTCP (rtcp-mux: told apart by RFC 5761 §4) to the session.
  void receive_waiting(std::span<std::byte> buffer, int budget, TimePoint now,
                       std::chrono::system_clock::time_point wall_now);
  // A report when one is due (RFC 3550 A.7).
  void report_if_due(TimePoint now);
  // The call ends: a last report with BYE (§6.3.7).
  void say_goodbye(TimePoint now);
  // The same streams to a new address or in a new direction (no new codec).
  void redirect(const sdp::NegotiatedStream& stream);

  [[nodiscard]] CallStatistics statistics() const;
  [[nodiscard]] std::unique_ptr<rtp::RtcpSession> take_rtcp() { return std::move(rtcp_); }

  [[nodiscard]] std::uint32_t id() const noexcept { return id_; }
  [[nodiscard]] const sdp::NegotiatedStream& stream() const noexcept { return stream_; }
  [[nodiscard]] const RtpPort& port() const noexcept { return port_; }
  [[nodiscard]] media::SendStream& send() noexcept { return *send_; }
  [[nodiscard]] media::ReceiveStream& receive() noexcept { return *receive_; }
  [[nodiscard]] CallAudioWatch& watch() noexcept { return watch_; }

 private:
  static constexpr Duration kRtcpReadInterval = std::chrono::milliseconds(100);

  CallMedia(std::uint32_t id, RtpPort port, std::uint32_t pull_ms)
      : id_(id), port_(std::move(port)), watch_(pull_ms) {}
  void send_rtcp(Bytes compound);
  void send_rtp(Bytes packet);
  // RTP (or, rtcp-mux, RTCP) that arrived: decrypted in place under SRTP; false: drop it.
  [[nodiscard]] bool open_datagram(MutableBytes& datagram, bool rtcp);
  // Our RTP (and rtcp-mux RTCP) to where the guard says the peer is.
  void follow_peer();

  std::uint32_t id_;
  RtpPort port_;
  sdp::NegotiatedStream stream_;  // in force
  boost::asio::ip::udp::endpoint remote_;
  boost::asio::ip::udp::endpoint remote_rtcp_;
  std::unique_ptr<media::SendStream> send_;
  std::unique_ptr<media::ReceiveStream> receive_;
  std::unique_ptr<rtp::RtcpSession> rtcp_;
  // SRTP when the stream negotiated it; keyed_ false when its keys could not be used: then
  // nothing is sent or played rather than anything in clear.
  std::unique_ptr<CallSrtp> srtp_;
  bool keyed_ = true;
  std::optional<RtpSourceGuard> guard_;  // whose RTP is taken; where ours goes (RTPbleed)
  CallAudioWatch watch_;
  TimePoint next_rtcp_read_{};  // when the RTCP socket (not rtcp-mux) is read next
};

}  // namespace sipline::app
