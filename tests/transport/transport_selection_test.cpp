#include <gtest/gtest.h>

#include "transport/transport.hpp"

namespace sipline::transport {
namespace {

// RFC 3261 §18.1.1.
TEST(TransportSelection, LargeRequestsMoveToTcpWhenAllowed) {
  EXPECT_EQ(transport_for_request(1300, TransportKind::kUdp, true), TransportKind::kUdp);
  EXPECT_EQ(transport_for_request(1301, TransportKind::kUdp, true), TransportKind::kTcp);
  EXPECT_EQ(transport_for_request(5000, TransportKind::kUdp, false), TransportKind::kUdp);
  EXPECT_EQ(transport_for_request(1201, TransportKind::kUdp, true, 1400), TransportKind::kTcp);
  EXPECT_EQ(transport_for_request(1200, TransportKind::kUdp, true, 1400), TransportKind::kUdp);
  EXPECT_EQ(transport_for_request(100, TransportKind::kTls, true), TransportKind::kTls);
}

}  // namespace
}  // namespace sipline::transport
