// Whose RTP a call takes: the signalled peer's; an SRTP peer wherever it authenticates from; a
// NATed peer after a second of it alone; never a stranger once the call has its source, and
// never while two unknown sources compete.
#include "app/core/rtp_source_guard.hpp"

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

using Endpoint = RtpSourceGuard::Endpoint;

Endpoint at(const char* address, std::uint16_t port) {
  return {boost::asio::ip::make_address(address), port};
}

const Endpoint kSignalled = at("192.0.2.10", 4000);
const Endpoint kNat = at("198.51.100.7", 61000);
const Endpoint kStranger = at("203.0.113.66", 5004);
constexpr Duration kMs{1000};

TEST(RtpSourceGuard, TakesTheSignalledPeerAndNoStrangerAfter) {
  RtpSourceGuard guard(kSignalled);
  TimePoint now{};
  EXPECT_EQ(guard.send_to(), kSignalled);
  EXPECT_TRUE(guard.take(kSignalled, false, now));
  for (int i = 0; i < 200; ++i) {  // a stranger sprays for four seconds: never taken
    now += 20 * kMs;
    EXPECT_FALSE(guard.take(kStranger, false, now));
    EXPECT_TRUE(guard.take(kSignalled, false, now));
  }
  EXPECT_EQ(guard.send_to(), kSignalled);
  EXPECT_EQ(guard.dropped(), 200U);
  EXPECT_FALSE(guard.take(at("192.0.2.10", 4002), false, now)) << "the same host, another port";
}

TEST(RtpSourceGuard, LatchesToANatedPeerAfterASecondAlone) {
  RtpSourceGuard guard(kSignalled);
  TimePoint now{};
  EXPECT_FALSE(guard.take(kNat, false, now));
  now += 500 * kMs;
  EXPECT_FALSE(guard.take(kNat, false, now));
  now += 500 * kMs;
  EXPECT_TRUE(guard.take(kNat, false, now));
  EXPECT_EQ(guard.send_to(), kNat);  // our RTP follows it through its NAT
  EXPECT_FALSE(guard.take(kStranger, false, now + kMs));
  EXPECT_FALSE(guard.take(kSignalled, false, now + kMs)) << "latched: one source";
}

TEST(RtpSourceGuard, TwoUnknownSourcesLatchNeither) {
  RtpSourceGuard guard(kSignalled);
  TimePoint now{};
  EXPECT_FALSE(guard.take(kStranger, false, now));
  EXPECT_FALSE(guard.take(kNat, false, now + 10 * kMs));
  now += 5000 * kMs;
  EXPECT_FALSE(guard.take(kStranger, false, now));
  EXPECT_FALSE(guard.take(kNat, false, now));
  EXPECT_EQ(guard.send_to(), kSignalled);
  EXPECT_TRUE(guard.take(kSignalled, false, now)) << "the signalled peer still gets in";
}

TEST(RtpSourceGuard, AnAuthenticatedSourceLatchesAndMovesTheLatch) {
  RtpSourceGuard guard(kSignalled);
  TimePoint now{};
  EXPECT_TRUE(guard.take(kNat, true, now));
  EXPECT_EQ(guard.send_to(), kNat);
  const Endpoint moved = at("198.51.100.7", 61002);  // its NAT gave it a new port
  EXPECT_FALSE(guard.take(moved, false, now));
  EXPECT_TRUE(guard.take(moved, true, now));
  EXPECT_EQ(guard.send_to(), moved);
}

TEST(RtpSourceGuard, ANewSdpAddressStartsOver) {
  RtpSourceGuard guard(kSignalled);
  TimePoint now{};
  ASSERT_TRUE(guard.take(kSignalled, false, now));
  const Endpoint moved = at("192.0.2.20", 4100);
  guard.redirect(moved);
  EXPECT_EQ(guard.send_to(), moved);
  EXPECT_FALSE(guard.take(kSignalled, false, now));
  EXPECT_TRUE(guard.take(moved, false, now));
  guard.redirect(moved);  // the same address again (a hold): the latch stays
  EXPECT_TRUE(guard.latched());
}

}  // namespace
}  // namespace sipline::app
