#include "rtp/stats/ntp_time.hpp"

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

using namespace std::chrono_literals;

TEST(NtpTime, FixedPointConversions) {
  EXPECT_EQ(to_ntp(TimePoint{} + 1500ms), (1ULL << 32) | 0x80000000ULL);
  EXPECT_EQ(ntp_middle((1ULL << 32) | 0x80000000ULL), 0x00018000U);
  EXPECT_EQ(from_ntp_short(0x00018000U), 1500ms);
  EXPECT_EQ(to_ntp_short(250ms), 0x4000U);
}

}  // namespace
}  // namespace sipline::rtp
