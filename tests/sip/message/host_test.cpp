#include "sip/message/host.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(Host, Ipv4DottedQuads) {
  EXPECT_TRUE(is_ipv4_address("192.0.2.1"));
  EXPECT_TRUE(is_ipv4_address("255.255.255.255"));
  EXPECT_TRUE(is_ipv4_address("0.0.0.0"));
  EXPECT_FALSE(is_ipv4_address("256.0.0.1"));
  EXPECT_FALSE(is_ipv4_address("1.2.3"));
  EXPECT_FALSE(is_ipv4_address("1.2.3.4.5"));
  EXPECT_FALSE(is_ipv4_address("1..2.3"));
  EXPECT_FALSE(is_ipv4_address("0001.2.3.4"));
}

TEST(Host, Ipv6TextForms) {
  for (const char* good :
       {"2001:db8::10", "::1", "::", "1::", "2001:db8::10:5070", "1:2:3:4:5:6:7:8",
        "::ffff:192.0.2.10", "2001:db8::192.0.2.1", "fe80::1:2:3:4:5:6"}) {
    EXPECT_TRUE(is_ipv6_address(good)) << good;
  }
  for (const char* bad :
       {"2001:db8:::192.0.2.1", "1:2:3:4:5:6:7:8:9", ":1", "1:", "1::2::3", "12345::", "g::1", "",
        ":", "1:2:3:4:5:6:7::8:9", "::ffff:192.0.2.256", "1.2.3.4"}) {
    EXPECT_FALSE(is_ipv6_address(bad)) << bad;
  }
}

TEST(Host, HostnamesFollowTheGrammarAndTheLengthBounds) {
  EXPECT_TRUE(is_hostname("example.com"));
  EXPECT_TRUE(is_hostname("example.com."));
  EXPECT_TRUE(is_hostname("a-b.c"));
  EXPECT_TRUE(is_hostname("host5"));
  EXPECT_FALSE(is_hostname("-a.com"));
  EXPECT_FALSE(is_hostname("a-.com"));
  EXPECT_FALSE(is_hostname("a..com"));
  EXPECT_FALSE(is_hostname("1.2.3.999"));  // toplabel starts with a letter
  EXPECT_FALSE(is_hostname(std::string(64, 'a') + ".com"));
  EXPECT_TRUE(is_hostname(std::string(63, 'a') + ".com"));
  std::string long_name;
  while (long_name.size() < 300) {
    long_name += "abcdefghi.";
  }
  EXPECT_FALSE(is_hostname(long_name + "com"));
}

TEST(Host, HostPortSplitsIpv6ReferencesCorrectly) {
  std::size_t used = 0;
  const auto ambiguous = parse_hostport_prefix("[2001:db8::10:5070]", &used);
  ASSERT_TRUE(ambiguous);
  EXPECT_EQ(ambiguous->address(), "2001:db8::10:5070");
  EXPECT_EQ(ambiguous->port, 0);
  const auto with_port = parse_hostport_prefix("[2001:db8::10]:5070;lr", &used);
  ASSERT_TRUE(with_port);
  EXPECT_EQ(with_port->host, "[2001:db8::10]");
  EXPECT_EQ(with_port->port, 5070);
  EXPECT_EQ(used, 19U);
}

TEST(Host, BadPortsAndHostsAreRefused) {
  std::size_t used = 0;
  for (const char* bad :
       {"host:0", "host:65536", "host:-1", "host:", "host:99999", "host:000000000000000001",
        "[2001:db8::10", "2001:db8::10", "", "@host", "[::1]:"}) {
    EXPECT_FALSE(parse_hostport_prefix(bad, &used)) << bad;
  }
  EXPECT_EQ(parse_hostport_prefix("host:65535", &used)->port, 65535);
}

TEST(Host, ClassifyAcceptsBracketedAndBareIpv6) {
  EXPECT_EQ(classify_host("[2001:db8::9:255]").value(), HostKind::kIpv6);
  EXPECT_EQ(classify_host("2001:db8::9:255").value(), HostKind::kIpv6);
  EXPECT_EQ(classify_host("192.0.2.1").value(), HostKind::kIpv4);
  EXPECT_EQ(classify_host("example.com").value(), HostKind::kName);
  EXPECT_FALSE(classify_host("[192.0.2.1]"));
  EXPECT_FALSE(classify_host("exa mple"));
}

}  // namespace
}  // namespace sipline::sip
