// Whose RTP a call takes, and where its RTP goes. We send from the port we receive on
// (symmetric RTP, RFC 4961), and follow a peer behind a NAT to the address its media really
// comes from ("latching", as comedia does) — but only for a source that can be the peer, so a
// stranger who sprays RTP at our port never takes the call's audio (the RTPbleed class):
//
//   waiting ── a packet from the signalled address (the SDP's c= and port) ──▶ latched there
//      │  ─── an SRTP packet from elsewhere that authenticates (only the peer has its key) ─▶
//      │          latched there
//      │  ─── plain RTP from one other source only, for a second while nothing came from the
//      │          signalled address (a peer behind a NAT) ──▶ latched there
//      │      plain RTP from a second other source in that time: contested, latched only by
//      │          the two ways above
//   latched ── packets from anywhere else: dropped and counted; an authenticated SRTP packet
//              from elsewhere moves the latch (the peer's NAT mapping changed)
//   redirect() (the peer's new SDP) ──▶ waiting, for the new signalled address
//
// Sans-I/O: sources and `now` go in, verdicts and the address to send to come out.
#pragma once

#include <cstdint>
#include <optional>

#include <boost/asio/ip/udp.hpp>

#include "base/clock.hpp"

namespace sipline::app {

class RtpSourceGuard {
 public:
  using Endpoint = boost::asio::ip::udp::endpoint;
  static constexpr Duration kNatGrace = std::chrono::seconds(1);

  explicit RtpSourceGuard(Endpoint signalled) : signalled_(signalled) {}

  // A packet from `source`; `authenticated`: SRTP checked it. True: take it.
  [[nodiscard]] bool take(const Endpoint& source, bool authenticated, TimePoint now);
  // The peer signalled a new address: its media is expected from there.
  void redirect(const Endpoint& signalled);

  // Where our RTP goes: the latched source, else the signalled address.
  [[nodiscard]] const Endpoint& send_to() const noexcept {
    return latched_ ? *latched_ : signalled_;
  }
  [[nodiscard]] bool latched() const noexcept { return latched_.has_value(); }
  // RTCP (which never latches): from the source our RTP goes to, or authenticated.
  [[nodiscard]] bool is_peer(const Endpoint& source, bool authenticated) const noexcept {
    return authenticated || source == send_to();
  }
  [[nodiscard]] std::uint64_t dropped() const noexcept { return dropped_; }

 private:
  bool drop() {
    ++dropped_;
    return false;
  }

  Endpoint signalled_;
  std::optional<Endpoint> latched_;
  std::optional<Endpoint> candidate_;  // the one other source seen while waiting
  TimePoint candidate_since_{};
  bool contested_ = false;  // a second other source was seen while waiting
  std::uint64_t dropped_ = 0;
};

}  // namespace sipline::app
