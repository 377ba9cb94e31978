// RFC 3261 §18.1.1: a request above the limit for UDP goes over TCP, its top Via saying so; one
// that fits stays on UDP, and so does everything not sent over UDP.
#include "sip/transaction/oversize_request.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/transaction/transaction_layer.hpp"
#include "tests/sip/transaction/simulation.hpp"

namespace sipline::sip {
namespace {

using transport::Flow;
using transport::TransportKind;

const Flow kPeer{TransportKind::kUdp, "192.0.2.1", 5060, 0};

// A MESSAGE of `body_bytes` bytes of text, with two Vias (the top one ours, `top_via`).
Message message_of(std::size_t body_bytes, const std::string& top_via =
                                               "Via: SIP/2.0/UDP "
                                               "192.0.2.9:5060") {
  const std::string text = "MESSAGE sip:bob@biloxi.com SIP/2.0\r\n" + top_via +
                           ";branch=z9hG4bKbig\r\n"
                           "Via: SIP/2.0/UDP 192.0.2.8;branch=z9hG4bKbelow\r\n"
                           "Max-Forwards: 70\r\nTo: <sip:bob@biloxi.com>\r\n"
                           "From: <sip:alice@atlanta.com>;tag=1\r\nCall-ID: big\r\n"
                           "CSeq: 1 MESSAGE\r\nContent-Type: text/plain\r\nContent-Length: " +
                           std::to_string(body_bytes) + "\r\n\r\n" + std::string(body_bytes, 'x');
  return parse_message(text).value();
}

// The limits chosen here: 1300 bytes, the RFC's for an unknown path MTU (--tcp-above 1300).
constexpr std::size_t kLimit = 1300;

TEST(OversizeRequest, OneThatFitsStays) {
  EXPECT_FALSE(moved_to_tcp(message_of(1000), kLimit));
  EXPECT_FALSE(moved_to_tcp(message_of(64000)));  // fragments, but a datagram all the same
}

TEST(OversizeRequest, OneTooLargeHasItsTopViaMovedToTcp) {
  const auto moved = moved_to_tcp(message_of(2000), kLimit);
  ASSERT_TRUE(moved);
  ASSERT_EQ(moved->vias().size(), 2U);
  EXPECT_EQ(moved->vias()[0].transport, "TCP");
  EXPECT_EQ(moved->vias()[0].branch, "z9hG4bKbig");
  EXPECT_EQ(moved->vias()[1].transport, "UDP");  // not ours
  EXPECT_EQ(moved->body().size(), 2000U);
  // Compact, in lower case, the top Via is found; one that is not UDP is left alone.
  EXPECT_EQ(moved_to_tcp(message_of(2000, "v: SIP/2.0/udp 192.0.2.9"), kLimit)->vias()[0].transport,
            "TCP");
  EXPECT_FALSE(moved_to_tcp(message_of(2000, "Via: SIP/2.0/TLS 192.0.2.9"), kLimit));
}

TEST(OversizeRequest, TheTransactionLayerSendsItOverTcpWithoutRetransmissions) {
  TransactionLayer layer({}, 4096, kLimit);
  ASSERT_TRUE(layer.send_request(message_of(2000), kPeer, TimePoint{}));
  std::vector<Event> events;
  while (auto event = layer.poll()) {
    events.push_back(std::move(*event));
  }
  ASSERT_FALSE(events.empty());
  const auto& send = std::get<event::Send>(events[0]);
  EXPECT_EQ(send.flow, (Flow{TransportKind::kTcp, "192.0.2.1", 5060, 0}));
  EXPECT_TRUE(send.bytes.starts_with("MESSAGE sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/TCP "));
  for (const Event& event : events) {  // Timer E resends over UDP only (§17.1.2.2)
    if (const auto* timer = std::get_if<event::StartTimer>(&event)) {
      EXPECT_NE(timer->timer, TimerId::kE);
    }
  }
  TransactionLayer small({}, 4096, kLimit);
  ASSERT_TRUE(small.send_request(message_of(1000), kPeer, TimePoint{}));
  EXPECT_EQ(std::get<event::Send>(*small.poll()).flow, kPeer);
  TransactionLayer by_default;  // what UDP carries stays on UDP, fragments and all
  ASSERT_TRUE(by_default.send_request(message_of(2000), kPeer, TimePoint{}));
  EXPECT_EQ(std::get<event::Send>(*by_default.poll()).flow, kPeer);
}

}  // namespace
}  // namespace sipline::sip
