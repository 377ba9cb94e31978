#include "transport/transport_kind.hpp"

#include <gtest/gtest.h>

namespace sipline::transport {
namespace {

TEST(TransportKind, ReliabilityAndNames) {
  EXPECT_FALSE(is_reliable(TransportKind::kUdp));
  EXPECT_TRUE(is_reliable(TransportKind::kTcp));
  EXPECT_TRUE(is_reliable(TransportKind::kTls));
  EXPECT_EQ(via_name(TransportKind::kTls), "TLS");
  EXPECT_EQ(transport_from_name("tcp"), TransportKind::kTcp);
  EXPECT_EQ(transport_from_name("UDP"), TransportKind::kUdp);
  EXPECT_FALSE(transport_from_name("SCTP"));
  EXPECT_FALSE(transport_from_name(""));
}

}  // namespace
}  // namespace sipline::transport
