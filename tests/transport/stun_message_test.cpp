// STUN Binding messages: the request we send, and the responses servers send back — the
// address they saw us at (XOR-MAPPED-ADDRESS over IPv4 and IPv6, an RFC 3489 server's plain
// MAPPED-ADDRESS), an error's code; and nothing accepted that is cut short or malformed.
#include "transport/stun_message.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::transport {
namespace {

// RFC 5769 §2.2's transaction id; the responses are built as RFC 5389 §15.2 says.
constexpr StunTransactionId kId{0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34,
                                0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (const int value : values) {
    out.push_back(static_cast<char>(value));
  }
  return out;
}

std::string header(int type, int length) {
  std::string out =
      bytes({type >> 8, type & 0xFF, length >> 8, length & 0xFF, 0x21, 0x12, 0xA4, 0x42});
  for (const auto octet : kId) {
    out.push_back(static_cast<char>(octet));
  }
  return out;
}

// XOR-MAPPED-ADDRESS for 192.0.2.1:32853 (RFC 5769 §2.2's values).
const std::string kXorIpv4 =
    bytes({0x00, 0x20, 0x00, 0x08, 0x00, 0x01, 0xa1, 0x47, 0xe1, 0x12, 0xa6, 0x43});

TEST(StunMessage, TheRequestIsABindingHeader) {
  const std::string request = stun_binding_request(kId);
  EXPECT_EQ(request, header(0x0001, 0));
  EXPECT_TRUE(looks_like_stun(request));
  EXPECT_FALSE(looks_like_stun("OPTIONS sip:a@b SIP/2.0\r\n\r\n"));
  EXPECT_FALSE(looks_like_stun("\r\n\r\n"));
}

TEST(StunMessage, ASuccessResponseSaysWhereWeWereSeen) {
  const std::string software = bytes({0x80, 0x22, 0x00, 0x0b}) + "test vector" + bytes({0x20});
  const auto parsed = parse_stun_response(header(0x0101, 28) + software + kXorIpv4);
  ASSERT_TRUE(parsed) << parsed.error().reason;
  EXPECT_TRUE(parsed->success);
  EXPECT_EQ(parsed->id, kId);
  EXPECT_EQ(parsed->mapped_address, "192.0.2.1");
  EXPECT_EQ(parsed->mapped_port, 32853);
}

TEST(StunMessage, Ipv6IsXoredWithTheTransactionIdToo) {
  // 2001:db8:1234:5678:11:2233:4455:6677 port 32853 (RFC 5769 §2.3's values).
  const std::string value =
      bytes({0x00, 0x20, 0x00, 0x14, 0x00, 0x02, 0xa1, 0x47, 0x01, 0x13, 0xa9, 0xfa,
             0xa5, 0xd3, 0xf1, 0x79, 0xbc, 0x25, 0xf4, 0xb5, 0xbe, 0xd2, 0xb9, 0xd9});
  const auto parsed = parse_stun_response(header(0x0101, 24) + value);
  ASSERT_TRUE(parsed) << parsed.error().reason;
  EXPECT_EQ(parsed->mapped_address, "2001:db8:1234:5678:11:2233:4455:6677");
  EXPECT_EQ(parsed->mapped_port, 32853);
}

TEST(StunMessage, AnOldServersPlainAddressAndAnErrorsCode) {
  const std::string mapped =
      bytes({0x00, 0x01, 0x00, 0x08, 0x00, 0x01, 0x13, 0xc4, 198, 51, 100, 7});
  const auto plain = parse_stun_response(header(0x0101, 12) + mapped);
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->mapped_address, "198.51.100.7");
  EXPECT_EQ(plain->mapped_port, 5060);
  const auto both = parse_stun_response(header(0x0101, 24) + kXorIpv4 + mapped);
  ASSERT_TRUE(both);
  EXPECT_EQ(both->mapped_address, "192.0.2.1") << "XOR-MAPPED-ADDRESS wins";
  const auto error =
      parse_stun_response(header(0x0111, 8) + bytes({0x00, 0x09, 0x00, 0x04, 0, 0, 4, 20}));
  ASSERT_TRUE(error);
  EXPECT_FALSE(error->success);
  EXPECT_EQ(error->error_code, 420);
}

// coturn 4.6.1's answer, as it came: XOR-MAPPED-ADDRESS, MAPPED-ADDRESS, RESPONSE-ORIGIN and
// SOFTWARE; a NAT at 203.0.113.1 kept our port 5060.
TEST(StunMessage, ARealServersAnswer) {
  std::string coturn;
  const std::string hex =
      "0101003c2112a442ed1a818640fb53900705433a00200008000132d6ea12d54300010008000113c4cb007101"
      "802b000800010d96cb00710a80220014436f7475726e2d342e362e312027476f72737427";
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    coturn.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  const auto parsed = parse_stun_response(coturn);
  ASSERT_TRUE(parsed) << parsed.error().reason;
  EXPECT_EQ(parsed->mapped_address, "203.0.113.1");
  EXPECT_EQ(parsed->mapped_port, 5060);
}

TEST(StunMessage, WhatIsCutShortOrMalformedIsRefused) {
  const std::string good = header(0x0101, 12) + kXorIpv4;
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_FALSE(parse_stun_response(good.substr(0, cut))) << cut;
  }
  std::string long_attribute = good;
  long_attribute[23] = 0x40;  // the attribute says 64 bytes
  EXPECT_FALSE(parse_stun_response(long_attribute));
  std::string bad_family = good;
  bad_family[25] = 0x03;
  EXPECT_EQ(parse_stun_response(bad_family).error().offset, 25U);
  EXPECT_FALSE(parse_stun_response(header(0x0001, 0))) << "a request is no response";
  EXPECT_FALSE(parse_stun_response(header(0x0101, 0))) << "a success names an address";
  std::string many = header(0x0101, 65 * 4);
  for (int i = 0; i < 65; ++i) {
    many += bytes({0x80, 0x22, 0x00, 0x00});
  }
  EXPECT_EQ(parse_stun_response(many).error().code, Errc::kTooLarge);
}

}  // namespace
}  // namespace sipline::transport
