// The port pairs kept between calls: a quiet pair given back comes out again for the next call;
// one sent to while idle, stale or surplus is closed.
#include "app/core/rtp_port_pool.hpp"

#include <sys/socket.h>

#include <array>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

using boost::asio::ip::udp;

const TimePoint kStart{std::chrono::seconds(1000)};

class RtpPortPoolTest : public ::testing::Test {
 protected:
  // Datagrams to `port` on 127.0.0.1 from a socket of the test's own.
  void send_to(std::uint16_t port, int count) {
    udp::socket sender(io_, udp::v4());
    const std::array<std::byte, 12> datagram{};
    for (int n = 0; n < count; ++n) {
      sender.send_to(boost::asio::buffer(datagram), {loopback_, port});
    }
  }
  // Whether a datagram waits on `socket` (sent from this thread to 127.0.0.1: it is there).
  static bool waiting(udp::socket& socket) {
    std::array<std::byte, 16> buffer{};
    return ::recv(socket.native_handle(), buffer.data(), buffer.size(), MSG_DONTWAIT) >= 0;
  }

  boost::asio::io_context io_;
  boost::asio::ip::address loopback_ = boost::asio::ip::make_address("127.0.0.1");
  RtpPortPool pool_{io_, loopback_};
};

TEST_F(RtpPortPoolTest, GivesAnEvenPortForRtpAndTheNextForRtcpBoundOnTheAddress) {
  auto taken = pool_.take(kStart);
  ASSERT_TRUE(taken) << taken.error().reason;
  EXPECT_EQ(taken->port % 2, 0);
  EXPECT_GE(taken->port, 20000);
  EXPECT_LE(taken->port, 39998);
  EXPECT_EQ(taken->socket->local_endpoint(), udp::endpoint(loopback_, taken->port));
  ASSERT_TRUE(taken->rtcp);
  EXPECT_EQ(taken->rtcp->local_endpoint(), udp::endpoint(loopback_, taken->port + 1));
  EXPECT_EQ(pool_.idle(), 0U);
}

TEST_F(RtpPortPoolTest, AQuietPairGivenBackIsTheNextCalls) {
  auto first = pool_.take(kStart);
  ASSERT_TRUE(first);
  const std::uint16_t port = first->port;
  const udp::socket* socket = first->socket.get();
  pool_.give_back(std::move(*first), kStart);
  EXPECT_EQ(pool_.idle(), 1U);
  auto second = pool_.take(kStart + std::chrono::seconds(1));
  ASSERT_TRUE(second);
  EXPECT_EQ(second->port, port);
  EXPECT_EQ(second->socket.get(), socket);  // the same socket, not a new one on the same port
  EXPECT_EQ(pool_.idle(), 0U);
  send_to(port, 1);  // what comes after the hand-over is the new call's
  EXPECT_TRUE(waiting(*second->socket));
}

TEST_F(RtpPortPoolTest, TheLongestIdlePairGoesFirst) {
  std::vector<RtpPort> held;
  for (int n = 0; n < 3; ++n) {
    auto taken = pool_.take(kStart);
    ASSERT_TRUE(taken);
    held.push_back(std::move(*taken));
  }
  for (const RtpPort& port : held) {
    pool_.give_back(port, kStart);
  }
  for (const RtpPort& port : held) {
    auto taken = pool_.take(kStart);
    ASSERT_TRUE(taken);
    EXPECT_EQ(taken->port, port.port);
  }
}

// The last call's peer still sending (its BYE lost), or a stranger: one datagram on either
// socket while idle, and the pair is not handed to a call that would hear it.
TEST_F(RtpPortPoolTest, APairSentToWhileIdleIsClosedNotGiven) {
  for (const int socket_sent_to : {0, 1}) {  // RTP, then RTCP
    auto first = pool_.take(kStart);
    ASSERT_TRUE(first);
    const std::uint16_t port = first->port;
    const std::weak_ptr<udp::socket> sent_to = first->socket;
    pool_.give_back(std::move(*first), kStart);
    send_to(static_cast<std::uint16_t>(port + socket_sent_to), 1);
    auto second = pool_.take(kStart);
    ASSERT_TRUE(second);
    EXPECT_TRUE(sent_to.expired()) << socket_sent_to;  // closed, a fresh pair given instead
    EXPECT_FALSE(waiting(*second->socket));
    EXPECT_FALSE(waiting(*second->rtcp));
  }
}

TEST_F(RtpPortPoolTest, PairsIdleTooLongAreClosedNotGiven) {
  auto first = pool_.take(kStart);
  ASSERT_TRUE(first);
  const std::weak_ptr<udp::socket> stale = first->socket;
  pool_.give_back(std::move(*first), kStart);
  auto second = pool_.take(kStart + RtpPortPool::kIdleFor + std::chrono::milliseconds(1));
  ASSERT_TRUE(second);
  EXPECT_TRUE(stale.expired());

  const std::weak_ptr<udp::socket> kept = second->socket;
  pool_.give_back(std::move(*second), kStart);
  pool_.close_idle(kStart + RtpPortPool::kIdleFor);  // not longer than kIdleFor yet
  EXPECT_EQ(pool_.idle(), 1U);
  EXPECT_FALSE(kept.expired());
  pool_.close_idle(kStart + RtpPortPool::kIdleFor + std::chrono::milliseconds(1));
  EXPECT_EQ(pool_.idle(), 0U);
  EXPECT_TRUE(kept.expired());
}

TEST_F(RtpPortPoolTest, KeepsAtMostKKeepIdlePairs) {
  std::vector<RtpPort> held;
  for (std::size_t n = 0; n < RtpPortPool::kKeep + 2; ++n) {
    auto taken = pool_.take(kStart);
    ASSERT_TRUE(taken);
    held.push_back(std::move(*taken));
  }
  const std::weak_ptr<udp::socket> surplus = held.back().socket;
  for (RtpPort& port : held) {
    pool_.give_back(std::move(port), kStart);
  }
  held.clear();
  EXPECT_EQ(pool_.idle(), RtpPortPool::kKeep);
  EXPECT_TRUE(surplus.expired());
}

}  // namespace
}  // namespace sipline::app
