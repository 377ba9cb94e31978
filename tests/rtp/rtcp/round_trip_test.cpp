#include "rtp/rtcp/round_trip.hpp"

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

using namespace std::chrono_literals;

TEST(RoundTrip, Rfc3550Figure2Example) {
  // RFC 3550 §6.4.1, Figure 2: A = 0xb710:8000 (46864.5 s), LSR = 0xb705:2000, DLSR = 0x0005:4000.
  const auto rtt = round_trip_time(0xB7108000U, 0xB7052000U, 0x00054000U);
  ASSERT_TRUE(rtt);
  EXPECT_EQ(*rtt, 6125ms);  // 6.125 s
}

TEST(RoundTrip, NoSenderReportOrFarNegative) {
  EXPECT_FALSE(round_trip_time(0x00010000U, 0, 0));
  EXPECT_FALSE(round_trip_time(0x00010000U, 0x00020000U, 0));             // a second below zero
  EXPECT_FALSE(round_trip_time(0x00010000U, 0x00010000U, 0x0000'0521U));  // just past the slack
}

TEST(RoundTrip, PeerTimerOverstatingDelayIsAZeroRoundTrip) {
  // libre's DLSR counts whole milliseconds: on loopback a real 50 µs round trip with the delay
  // rounded up by 1 ms gives A − LSR − DLSR ≈ −0.95 ms.
  const std::uint32_t lsr = 0xB7052000U;
  const std::uint32_t dlsr = 0x0000'3374U;  // 201 ms (65536 × 201 / 1000): 200.05 ms really passed
  const std::uint32_t arrival = lsr + 0x0000'3333U + 0x0000'0003U;  // 200 ms + 50 µs
  const auto rtt = round_trip_time(arrival, lsr, dlsr);
  ASSERT_TRUE(rtt);
  EXPECT_EQ(*rtt, Duration::zero());
  EXPECT_TRUE(round_trip_time(0x00010000U, 0x00010000U, 0x0000'0520U));  // 20 ms: at the slack
}

}  // namespace
}  // namespace sipline::rtp
