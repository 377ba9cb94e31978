#include "sip/message/via.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

Result<Via> via(std::string_view text) {
  Scanner scanner(text);
  auto parsed = parse_via(scanner);
  if (parsed && !scanner.at_end()) {
    return fail(Errc::kMalformed, "trailing text", scanner.pos());
  }
  return parsed;
}

TEST(Via, AllParts) {
  const auto v =
      via("SIP/2.0/UDP "
          "pc33.atlanta.com:5066;branch=z9hG4bK776asdhds;rport;received=192.0.2.1;maddr=224.2.0.1;"
          "ttl=16");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->protocol_name, "SIP");
  EXPECT_EQ(v->protocol_version, "2.0");
  EXPECT_EQ(v->transport, "UDP");
  EXPECT_EQ(v->sent_by.host, "pc33.atlanta.com");
  EXPECT_EQ(v->sent_by.port, 5066);
  EXPECT_EQ(v->branch, "z9hG4bK776asdhds");
  EXPECT_TRUE(v->has_magic_cookie());
  EXPECT_TRUE(v->has_rport);
  EXPECT_EQ(v->rport, 0);
  EXPECT_EQ(v->received, "192.0.2.1");
  EXPECT_EQ(v->maddr, "224.2.0.1");
  EXPECT_EQ(v->ttl, 16);
}

TEST(Via, Rfc3581RportWithAValue) {
  const auto v =
      via("SIP/2.0/UDP 10.1.1.1:4540;received=192.0.2.1;rport=9988;branch=z9hG4bKkjshdyff");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->rport, 9988);
}

TEST(Via, WhiteSpaceAroundEverySeparator) {
  const auto v = via("SIP  /   2.0   /UDP     192.0.2.2 : 5070  ;  branch =  390skdjuw");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->sent_by.port, 5070);
  EXPECT_EQ(v->branch, "390skdjuw");
}

TEST(Via, Ipv6SentBy) {
  const auto v = via("SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->sent_by.address(), "2001:db8::9:1");
  EXPECT_EQ(v->sent_by.kind, HostKind::kIpv6);
  EXPECT_EQ(v->sent_by.port, 6050);
}

TEST(Via, TheBareCookieIsNotAnRfc3261Branch) {
  const auto v = via("SIP/2.0/UDP host;branch=z9hG4bK");
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->has_magic_cookie());
}

TEST(Via, HostileViasAreRefused) {
  for (const char* bad :
       {"SIP/2.0", "SIP/2.0/UDP", "SIP/2.0/UDP ", "SIP/2.0 UDP host", "SIP/2.0/UDP host:99999",
        "SIP/2.0/UDP host:-1", "SIP/2.0/UDP host:0",
        "SIP/2.0/UDP "
        "host:115792089237316195423570985008687907853269984665640564039457584007913129639936",
        "SIP/2.0/UDP host;;", "SIP/2.0/UDP host;branch=", "SIP/2.0/UDP host;branch=a;branch=b",
        "SIP/2.0/UDP host;received=not_an_ip", "SIP/2.0/UDP host;rport=0",
        "SIP/2.0/UDP host;rport=70000", "SIP/2.0/UDP host;ttl=256", "SIP/2.0/UDPhost",
        "/2.0/UDP host"}) {
    EXPECT_FALSE(via(bad)) << bad;
  }
}

}  // namespace
}  // namespace sipline::sip
