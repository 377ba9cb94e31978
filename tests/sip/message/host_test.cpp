#include "sip/message/host.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

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
