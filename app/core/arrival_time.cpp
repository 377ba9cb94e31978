// recvmsg with SCM_TIMESTAMPNS.
#include "app/core/arrival_time.hpp"

#include <sys/socket.h>
#include <sys/uio.h>
#include <time.h>

#include <algorithm>
#include <array>

namespace sipline::app {
namespace {
// Longer than any sane wait in the socket; a larger gap means the wall clock was stepped.
constexpr std::chrono::seconds kLongestWait{10};
}  // namespace

void enable_arrival_times(boost::asio::ip::udp::socket& socket) noexcept {
  const int on = 1;
  (void)::setsockopt(socket.native_handle(), SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
}

std::optional<ReceivedDatagram> receive_waiting(
    boost::asio::ip::udp::socket& socket, std::span<std::byte> buffer, TimePoint now,
    std::chrono::system_clock::time_point wall_now) noexcept {
  iovec part{buffer.data(), buffer.size()};
  alignas(cmsghdr) std::array<char, CMSG_SPACE(sizeof(timespec))> control{};
  boost::asio::ip::udp::endpoint source;
  msghdr message{};
  message.msg_name = source.data();
  message.msg_namelen = static_cast<socklen_t>(source.capacity());
  message.msg_iov = &part;
  message.msg_iovlen = 1;
  message.msg_control = control.data();
  message.msg_controllen = control.size();
  const ssize_t size = ::recvmsg(socket.native_handle(), &message, MSG_DONTWAIT);
  if (size < 0) {
    return std::nullopt;  // nothing waiting (EAGAIN), or the socket is gone
  }
  if ((message.msg_flags & MSG_TRUNC) != 0) {
    return ReceivedDatagram{0, now, {}};  // larger than any RTP we take: dropped
  }
  TimePoint arrival = now;
  for (cmsghdr* header = CMSG_FIRSTHDR(&message); header != nullptr;
       header = CMSG_NXTHDR(&message, header)) {
    if (header->cmsg_level != SOL_SOCKET || header->cmsg_type != SCM_TIMESTAMPNS) {
      continue;
    }
    timespec stamp{};
    std::copy_n(reinterpret_cast<const char*>(CMSG_DATA(header)), sizeof stamp,
                reinterpret_cast<char*>(&stamp));
    const auto kernel = std::chrono::system_clock::time_point{
        std::chrono::duration_cast<std::chrono::system_clock::duration>(
            std::chrono::seconds{stamp.tv_sec} + std::chrono::nanoseconds{stamp.tv_nsec})};
    const auto waited = std::clamp(std::chrono::duration_cast<Duration>(wall_now - kernel),
                                   Duration{0}, std::chrono::duration_cast<Duration>(kLongestWait));
    arrival = now - waited;
  }
  source.resize(message.msg_namelen);
  return ReceivedDatagram{static_cast<std::size_t>(size), arrival, source};
}

}  // namespace sipline::app
