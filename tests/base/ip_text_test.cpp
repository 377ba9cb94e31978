#include "base/ip_text.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline {
namespace {

TEST(IpText, Ipv4DottedQuads) {
  EXPECT_TRUE(is_ipv4_address("192.0.2.1"));
  EXPECT_TRUE(is_ipv4_address("255.255.255.255"));
  EXPECT_TRUE(is_ipv4_address("0.0.0.0"));
  EXPECT_FALSE(is_ipv4_address("256.0.0.1"));
  EXPECT_FALSE(is_ipv4_address("1.2.3"));
  EXPECT_FALSE(is_ipv4_address("1.2.3.4.5"));
  EXPECT_FALSE(is_ipv4_address("1..2.3"));
  EXPECT_FALSE(is_ipv4_address("0001.2.3.4"));
}

TEST(IpText, Ipv6TextForms) {
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

TEST(IpText, HostnamesFollowTheGrammarAndTheLengthBounds) {
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

}  // namespace
}  // namespace sipline
