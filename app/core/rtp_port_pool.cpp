// RTP/RTCP port pairs kept between calls.
#include "app/core/rtp_port_pool.hpp"

#include <sys/socket.h>

#include <array>
#include <utility>

#include "app/core/arrival_time.hpp"

namespace sipline::app {
namespace {

// Nothing waits on `socket` (one non-blocking peek).
bool quiet(boost::asio::ip::udp::socket& socket) noexcept {
  std::array<std::byte, 1> peek{};
  return ::recv(socket.native_handle(), peek.data(), peek.size(), MSG_DONTWAIT | MSG_PEEK) < 0;
}

}  // namespace

Result<RtpPort> RtpPortPool::take(TimePoint now) {
  for (;;) {
    Idle oldest;
    {
      const std::lock_guard lock(mutex_);
      if (idle_.empty()) {
        break;
      }
      oldest = std::move(idle_.front());
      idle_.pop_front();
    }
    if (now - oldest.since <= kIdleFor && quiet(*oldest.port.socket) &&
        (!oldest.port.rtcp || quiet(*oldest.port.rtcp))) {
      return std::move(oldest.port);
    }
    // Too long idle, or still sent to: closed as `oldest` goes, and the next one is tried.
  }
  return open_pair();
}

void RtpPortPool::give_back(RtpPort port, TimePoint now) {
  if (!port.socket) {
    return;
  }
  const std::lock_guard lock(mutex_);
  if (idle_.size() < kKeep) {
    idle_.push_back({std::move(port), now});
  }
  // else: closed here as `port` goes
}

void RtpPortPool::close_idle(TimePoint now) {
  std::deque<Idle> closing;  // closed outside the lock
  const std::lock_guard lock(mutex_);
  while (!idle_.empty() && now - idle_.front().since > kIdleFor) {
    closing.push_back(std::move(idle_.front()));
    idle_.pop_front();
  }
}

std::size_t RtpPortPool::idle() const {
  const std::lock_guard lock(mutex_);
  return idle_.size();
}

std::shared_ptr<boost::asio::ip::udp::socket> RtpPortPool::bound(std::uint16_t port) {
  auto socket = std::make_shared<boost::asio::ip::udp::socket>(io_);
  boost::system::error_code failed;
  socket->open(address_.is_v4() ? boost::asio::ip::udp::v4() : boost::asio::ip::udp::v6(), failed);
  if (!failed) {
    socket->bind({address_, port}, failed);
  }
  return failed ? nullptr : socket;
}

Result<RtpPort> RtpPortPool::open_pair() {
  // RTP on an even port and RTCP on the next (RFC 3550 §11): both, since the peer may refuse
  // the rtcp-mux we offer (RFC 5761 §5.1.3).
  for (int attempt = 0; attempt < 64; ++attempt) {
    std::uint16_t port = 0;
    {
      const std::lock_guard lock(mutex_);
      port = static_cast<std::uint16_t>(20000 + 2 * random_.uniform(10000));
    }
    auto rtp = bound(port);
    auto rtcp = rtp ? bound(static_cast<std::uint16_t>(port + 1)) : nullptr;
    if (rtp && rtcp) {
      enable_arrival_times(*rtp);
      enable_arrival_times(*rtcp);  // read less often than RTP: its arrivals stay true for RTT
      return RtpPort{port, std::move(rtp), std::move(rtcp)};
    }
  }
  return fail(Errc::kIo, "no free pair of RTP and RTCP ports", 0);
}

}  // namespace sipline::app
