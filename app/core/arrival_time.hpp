// RTP off a socket with the time the kernel took it in. The media thread reads its sockets only
// when it plays a frame; the kernel's stamp keeps the jitter buffer's arrival times true however
// long a datagram waited for that, so the delay it learns is the network's, not the thread's.
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>

#include <boost/asio/ip/udp.hpp>

#include "base/clock.hpp"

namespace sipline::app {

struct ReceivedDatagram {
  std::size_t size = 0;
  TimePoint arrival{};
  boost::asio::ip::udp::endpoint source{};  // who sent it
};

// Asks the kernel to stamp arrivals (Linux SO_TIMESTAMPNS); without it arrivals read as `now`.
void enable_arrival_times(boost::asio::ip::udp::socket& socket) noexcept;

// One waiting datagram into `buffer` without blocking; nullopt when none waits. `now` and
// `wall_now` are read together by the caller: the kernel stamps on the wall clock, and the
// arrival is moved onto the steady clock by their difference (never after `now`). A datagram
// larger than `buffer` is dropped: it comes back with size 0.
[[nodiscard]] std::optional<ReceivedDatagram> receive_waiting(
    boost::asio::ip::udp::socket& socket, std::span<std::byte> buffer, TimePoint now,
    std::chrono::system_clock::time_point wall_now) noexcept;

}  // namespace sipline::app
