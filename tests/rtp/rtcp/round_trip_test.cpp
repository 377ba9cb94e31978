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

TEST(RoundTrip, NoSenderReportOrNegative) {
  EXPECT_FALSE(round_trip_time(0x00010000U, 0, 0));
  EXPECT_FALSE(round_trip_time(0x00010000U, 0x00020000U, 0));
}

}  // namespace
}  // namespace sipline::rtp
