#include "sip/transaction/via_routing.hpp"

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"

namespace sipline::sip {
namespace {

using transport::Flow;
using transport::TransportKind;

Message with_via(std::string_view via) {
  return parse_message("INVITE sip:bob@biloxi.com SIP/2.0\r\nVia: " + std::string(via) +
                       "\r\nVia: SIP/2.0/UDP proxy.example.com;branch=z9hG4bKp\r\n"
                       "Call-ID: 1\r\nCSeq: 1 INVITE\r\n\r\n")
      .value();
}

TEST(ViaRouting, Rfc3581Example) {
  // RFC 3581 §4: the client at 10.1.1.1:4540 behind a NAT appears as 192.0.2.1:9988.
  const Message request = with_via("SIP/2.0/UDP 10.1.1.1:4540;rport;branch=z9hG4bKkjshdyff");
  const Flow from{TransportKind::kUdp, "192.0.2.1", 9988, 0};
  const auto stamped = stamp_received(request, from);
  ASSERT_TRUE(stamped);
  const Via& top = stamped->vias().front();
  EXPECT_EQ(top.received, "192.0.2.1");
  EXPECT_EQ(top.rport, 9988);
  EXPECT_EQ(top.branch, "z9hG4bKkjshdyff");
  EXPECT_EQ(stamped->vias().size(), 2U);
  EXPECT_EQ(stamped->vias()[1].sent_by.host, "proxy.example.com");
  const Flow to = response_destination(*stamped, from);
  EXPECT_EQ(to.remote_address, "192.0.2.1");
  EXPECT_EQ(to.remote_port, 9988);
}

// §18.2.1: received= is the server's to write. One the client wrote (the source matching its
// sent-by, no rport) must not steer the response to another host.
TEST(ViaRouting, AReceivedTheClientWroteIsNotWhereTheResponseGoes) {
  const Message request =
      with_via("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK1;received=198.51.100.7");
  const Flow from{TransportKind::kUdp, "192.0.2.1", 5062, 0};
  const auto stamped = stamp_received(request, from);
  ASSERT_TRUE(stamped);
  EXPECT_EQ(stamped->vias().front().received, "");
  EXPECT_EQ(stamped->vias().front().branch, "z9hG4bK1");
  EXPECT_EQ(response_destination(*stamped, from), from);
}

TEST(ViaRouting, NothingToAddWhenTheSourceMatchesAndNoRport) {
  const Message request = with_via("SIP/2.0/UDP 192.0.2.1:5062;branch=z9hG4bK1");
  const auto stamped = stamp_received(request, Flow{TransportKind::kUdp, "192.0.2.1", 5062, 0});
  ASSERT_TRUE(stamped);
  EXPECT_EQ(*stamped, request);
  EXPECT_EQ(
      response_destination(*stamped, Flow{TransportKind::kUdp, "192.0.2.1", 5062, 0}).remote_port,
      5062);
}

TEST(ViaRouting, HostNamesGetReceivedAndDefaultPort) {
  const Message request =
      with_via("SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK1, SIP/2.0/UDP second;branch=z9hG4bK2");
  const auto stamped = stamp_received(request, Flow{TransportKind::kUdp, "192.0.2.9", 40000, 0});
  ASSERT_TRUE(stamped);
  EXPECT_EQ(stamped->vias().size(), 3U);  // the other entries of the first field are kept
  EXPECT_EQ(stamped->vias()[1].sent_by.host, "second");
  const Flow to = response_destination(*stamped, Flow{TransportKind::kUdp, "192.0.2.9", 40000, 0});
  EXPECT_EQ(to.remote_address, "192.0.2.9");
  EXPECT_EQ(to.remote_port, 5060);  // no rport asked: the sent-by port, default 5060
}

TEST(ViaRouting, Ipv6SourcesAndMaddr) {
  const Message request = with_via("SIP/2.0/UDP [2001:db8::9:1]:6050;rport;branch=z9hG4bK1");
  const Flow from{TransportKind::kUdp, "2001:db8::7", 6060, 0};
  const auto stamped = stamp_received(request, from);
  ASSERT_TRUE(stamped);
  EXPECT_EQ(stamped->vias()[0].received, "2001:db8::7");
  EXPECT_EQ(response_destination(*stamped, from).remote_address, "2001:db8::7");
  const Message multicast = with_via("SIP/2.0/UDP h:5070;maddr=239.255.255.1;branch=z9hG4bK1");
  EXPECT_EQ(response_destination(multicast, from).remote_address, "239.255.255.1");
}

TEST(ViaRouting, ReliableTransportsAnswerOnTheConnection) {
  const Message request = with_via("SIP/2.0/TCP 10.0.0.1:5060;branch=z9hG4bK1");
  const Flow from{TransportKind::kTcp, "192.0.2.1", 51000, 42};
  const auto stamped = stamp_received(request, from);
  ASSERT_TRUE(stamped);
  EXPECT_EQ(response_destination(*stamped, from), from);
}

}  // namespace
}  // namespace sipline::sip
