#include "transport/asio/asio_transport.hpp"

#include <gtest/gtest.h>

#include "tests/transport/asio/loopback.hpp"

namespace sipline::transport {
namespace {

using namespace test;
using namespace std::chrono_literals;
namespace asio = boost::asio;

class AsioTransportTest : public ::testing::TestWithParam<const char*> {
 protected:
  asio::io_context io;
  Recorder alice_user;
  Recorder bob_user;
  AsioTransport alice{io, alice_user, sip_framing()};
  AsioTransport bob{io, bob_user, sip_framing()};
  std::string address = GetParam();
};

TEST_P(AsioTransportTest, UdpDatagramArrivesIntact) {
  const auto bob_port = bob.listen(TransportKind::kUdp, address, 0);
  const auto alice_port = alice.listen(TransportKind::kUdp, address, 0);
  ASSERT_TRUE(bob_port && alice_port);
  const std::string message = sip_message(100);
  alice.send(Flow{TransportKind::kUdp, address, *bob_port, 0}, message);
  ASSERT_TRUE(run_until(io, [&] { return !bob_user.received.empty(); }));
  EXPECT_EQ(bob_user.received[0].bytes, message);
  EXPECT_EQ(bob_user.received[0].from.remote_port, *alice_port);  // sent from the SIP port
  EXPECT_EQ(bob_user.received[0].from.remote_address, address);
}

// More datagrams queued than one reactor wake-up reads (a call storm): every one is delivered,
// in order — none lost at the edge of a read batch.
TEST_P(AsioTransportTest, UdpBurstLargerThanAReadBatchIsDeliveredWhole) {
  const auto bob_port = bob.listen(TransportKind::kUdp, address, 0);
  ASSERT_TRUE(bob_port && alice.listen(TransportKind::kUdp, address, 0));
  constexpr int kBurst = 150;  // > kReceiveBatch, and within the kernel's default buffer
  for (int i = 0; i < kBurst; ++i) {
    alice.send(Flow{TransportKind::kUdp, address, *bob_port, 0},
               sip_message(0, "burst" + std::to_string(i)));
  }
  ASSERT_TRUE(run_until(
      io, [&] { return bob_user.received.size() == static_cast<std::size_t>(kBurst); }, 2000ms))
      << bob_user.received.size() << " of " << kBurst;
  for (int i = 0; i < kBurst; ++i) {
    EXPECT_NE(bob_user.received[static_cast<std::size_t>(i)].bytes.find("Call-ID: burst" +
                                                                        std::to_string(i) + "\r\n"),
              std::string::npos)
        << i;
  }
}

TEST_P(AsioTransportTest, TcpRequestAndResponseOnTheSameConnection) {
  const auto bob_port = bob.listen(TransportKind::kTcp, address, 0);
  ASSERT_TRUE(bob_port);
  alice.send(Flow{TransportKind::kTcp, address, *bob_port, 0}, sip_message(0, "request"));
  ASSERT_TRUE(run_until(io, [&] { return !bob_user.received.empty(); }));
  const Flow back = bob_user.received[0].from;
  EXPECT_NE(back.connection, 0U);
  bob.send(back, sip_message(0, "response"));
  ASSERT_TRUE(run_until(io, [&] { return !alice_user.received.empty(); }));
  EXPECT_NE(alice_user.received[0].bytes.find("response"), std::string::npos);
  EXPECT_EQ(alice.connection_count(), 1U);
  EXPECT_EQ(bob.connection_count(), 1U);
  // A second request to the same place reuses the connection (RFC 3261 §18.1.1).
  alice.send(Flow{TransportKind::kTcp, address, *bob_port, 0}, sip_message(0, "second"));
  ASSERT_TRUE(run_until(io, [&] { return bob_user.received.size() == 2; }));
  EXPECT_EQ(bob_user.received[1].from.connection, back.connection);
  EXPECT_EQ(alice.connection_count(), 1U);
}

TEST_P(AsioTransportTest, SixtyFourKibMessageOverTcp) {
  const auto bob_port = bob.listen(TransportKind::kTcp, address, 0);
  ASSERT_TRUE(bob_port);
  const std::size_t headers = sip_message(0).size();
  const std::string big = sip_message(65536 - headers - 4);  // Content-Length gains 4 digits
  ASSERT_EQ(big.size(), 65536U);
  alice.send(Flow{TransportKind::kTcp, address, *bob_port, 0}, big);
  ASSERT_TRUE(run_until(io, [&] { return !bob_user.received.empty(); }));
  EXPECT_EQ(bob_user.received[0].bytes, big);
}

TEST_P(AsioTransportTest, OneByteWritesAndTwoMessagesInOneWrite) {
  const auto bob_port = bob.listen(TransportKind::kTcp, address, 0);
  ASSERT_TRUE(bob_port);
  asio::ip::tcp::socket raw(io);
  boost::system::error_code error;
  raw.connect({asio::ip::make_address(address), *bob_port}, error);
  ASSERT_FALSE(error);
  const std::string one = sip_message(10, "bytewise");
  for (const char c : one) {
    asio::write(raw, asio::buffer(&c, 1), error);
    ASSERT_FALSE(error);
    io.restart();
    io.poll();
  }
  ASSERT_TRUE(run_until(io, [&] { return bob_user.received.size() == 1; }));
  EXPECT_EQ(bob_user.received[0].bytes, one);
  const std::string two = sip_message(3, "first") + sip_message(4, "second");
  asio::write(raw, asio::buffer(two), error);
  ASSERT_TRUE(run_until(io, [&] { return bob_user.received.size() == 3; }));
  EXPECT_NE(bob_user.received[1].bytes.find("first"), std::string::npos);
  EXPECT_NE(bob_user.received[2].bytes.find("second"), std::string::npos);
}

TEST_P(AsioTransportTest, KeepAlivePingGetsAPong) {
  const auto bob_port = bob.listen(TransportKind::kTcp, address, 0);
  ASSERT_TRUE(bob_port);
  asio::ip::tcp::socket raw(io);
  boost::system::error_code error;
  raw.connect({asio::ip::make_address(address), *bob_port}, error);
  ASSERT_FALSE(error);
  asio::write(raw, asio::buffer(std::string("\r\n\r\n")), error);
  std::array<char, 8> pong{};
  std::size_t got = 0;
  raw.async_read_some(asio::buffer(pong),
                      [&](const boost::system::error_code&, std::size_t n) { got = n; });
  ASSERT_TRUE(run_until(io, [&] { return got > 0; }));
  EXPECT_EQ(std::string_view(pong.data(), got), "\r\n");
}

TEST_P(AsioTransportTest, AnOversizeHeaderSectionClosesTheConnection) {
  const auto bob_port = bob.listen(TransportKind::kTcp, address, 0);
  ASSERT_TRUE(bob_port);
  asio::ip::tcp::socket raw(io);
  boost::system::error_code error;
  raw.connect({asio::ip::make_address(address), *bob_port}, error);
  ASSERT_FALSE(error);
  std::string flood = "OPTIONS sip:x SIP/2.0\r\n";
  while (flood.size() < (1 << 20)) {
    flood += "X-Filler: " + std::string(100, 'f') + "\r\n";
  }
  asio::async_write(raw, asio::buffer(flood), [](const boost::system::error_code&, std::size_t) {});
  ASSERT_TRUE(run_until(io, [&] { return !bob_user.failures.empty(); }));
  EXPECT_EQ(bob_user.failures[0].second.code, Errc::kTooLarge);
  EXPECT_EQ(bob.connection_count(), 0U);
  EXPECT_TRUE(bob_user.received.empty());
}

TEST_P(AsioTransportTest, UnreachableTcpPeerFailsTheFlow) {
  const auto spare = bob.listen(TransportKind::kTcp, address, 0);  // bound, then closed below
  ASSERT_TRUE(spare);
  asio::io_context other;
  Recorder other_user;
  {
    AsioTransport gone(other, other_user, sip_framing());
  }
  alice.send(Flow{TransportKind::kTcp, address, 1, 0}, sip_message());  // port 1: refused
  ASSERT_TRUE(run_until(io, [&] { return !alice_user.failures.empty(); }));
  EXPECT_EQ(alice.connection_count(), 0U);
}

TEST_P(AsioTransportTest, OversizeDatagramIsRefused) {
  ASSERT_TRUE(alice.listen(TransportKind::kUdp, address, 0));
  alice.send(Flow{TransportKind::kUdp, address, 5060, 0}, std::string(70000, 'x'));
  ASSERT_TRUE(run_until(io, [&] { return !alice_user.failures.empty(); }));
  EXPECT_EQ(alice_user.failures[0].second.code, Errc::kTooLarge);
}

INSTANTIATE_TEST_SUITE_P(Loopback, AsioTransportTest, ::testing::Values("127.0.0.1", "::1"));

TEST(AsioTransportLimits, ConnectionsOverTheCapAreShed) {
  asio::io_context io;
  Recorder user;
  TransportLimits limits;
  limits.max_connections = 2;
  AsioTransport server(io, user, sip_framing(), limits);
  const auto port = server.listen(TransportKind::kTcp, "127.0.0.1", 0);
  ASSERT_TRUE(port);
  std::vector<asio::ip::tcp::socket> clients;
  for (int i = 0; i < 5; ++i) {
    clients.emplace_back(io);
    boost::system::error_code error;
    clients.back().connect({asio::ip::make_address("127.0.0.1"), *port}, error);
    ASSERT_FALSE(error);
  }
  // The shed ones see their connection closed (which needs all five accepted); the server
  // keeps the other two.
  std::size_t closed = 0;
  std::array<char, 1> byte{};
  for (auto& client : clients) {
    client.async_read_some(asio::buffer(byte), [&](const boost::system::error_code& error,
                                                   std::size_t) { closed += error ? 1U : 0U; });
  }
  ASSERT_TRUE(run_until(io, [&] { return closed >= 3; }));
  EXPECT_EQ(closed, 3U);
  EXPECT_EQ(server.connection_count(), 2U);
}

TEST(AsioTransportLimits, IdleConnectionsTimeOut) {
  asio::io_context io;
  Recorder user;
  TransportLimits limits;
  limits.idle_timeout = std::chrono::seconds(1);
  AsioTransport server(io, user, sip_framing(), limits);
  const auto port = server.listen(TransportKind::kTcp, "127.0.0.1", 0);
  ASSERT_TRUE(port);
  asio::ip::tcp::socket client(io);
  boost::system::error_code error;
  client.connect({asio::ip::make_address("127.0.0.1"), *port}, error);
  ASSERT_TRUE(run_until(io, [&] { return server.connection_count() == 1; }));
  ASSERT_TRUE(run_until(io, [&] { return server.connection_count() == 0; }));  // after 1 s
  ASSERT_FALSE(user.failures.empty());
  EXPECT_EQ(user.failures[0].second.code, Errc::kTimeout);
}

}  // namespace
}  // namespace sipline::transport
