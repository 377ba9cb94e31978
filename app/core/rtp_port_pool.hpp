// The RTP/RTCP port pairs calls use, kept bound between calls. Opening a pair costs eight system
// calls (two sockets, two binds, two timestamp options, two epoll registrations) and closing it
// two more: at a few thousand calls a second that was a tenth of the phone's CPU. A pair a call
// has finished with waits here, idle, for the next call — if it stays quiet: anything arriving
// on it while idle (the last call's peer still sending, a stranger's packets) means someone
// still sends there, and the pair is closed rather than handed to a call that would hear it.
//
//   take ──► the oldest idle pair nothing arrived on, or a freshly bound one ──► the call
//   the call ends ──► give_back ──► idle (at most kKeep; the rest are closed)
//   close_idle: pairs idle for longer than kIdleFor are closed (a quiet phone holds none)
//
// Any thread: the signalling thread takes, the media thread gives back and closes idle ones.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>

#include "base/clock.hpp"
#include "base/random.hpp"
#include "base/result.hpp"

namespace sipline::app {

// A reserved pair of ports (RFC 3550 §11: RTP on the even one, RTCP on the next), bound, waiting
// for the call's media to start. `rtcp` may be null: then RTCP runs only if rtcp-mux is agreed.
struct RtpPort {
  std::uint16_t port = 0;
  std::shared_ptr<boost::asio::ip::udp::socket> socket;
  std::shared_ptr<boost::asio::ip::udp::socket> rtcp;
};

class RtpPortPool {
 public:
  static constexpr std::size_t kKeep = 32;
  static constexpr std::chrono::seconds kIdleFor{10};

  // Sockets on `io` (the media thread's), bound to `address`.
  RtpPortPool(boost::asio::io_context& io, boost::asio::ip::address address) noexcept
      : io_(io), address_(address) {}

  // An idle pair nothing arrived on, else an even port of 20000–39998 and the odd one above
  // it, bound now.
  [[nodiscard]] Result<RtpPort> take(TimePoint now);
  // A pair no call uses any more (both its sockets with no receive pending).
  void give_back(RtpPort port, TimePoint now);
  void close_idle(TimePoint now);
  [[nodiscard]] std::size_t idle() const;

 private:
  struct Idle {
    RtpPort port;
    TimePoint since;
  };
  [[nodiscard]] Result<RtpPort> open_pair();
  [[nodiscard]] std::shared_ptr<boost::asio::ip::udp::socket> bound(std::uint16_t port);

  boost::asio::io_context& io_;
  boost::asio::ip::address address_;
  SystemRandom random_;  // under mutex_
  mutable std::mutex mutex_;
  std::deque<Idle> idle_;  // oldest first
};

}  // namespace sipline::app
