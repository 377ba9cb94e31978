#include "rtp/stats/send_statistics.hpp"

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

using namespace std::chrono_literals;

TEST(SendStatistics, CountsAndExtrapolatesTheTimestamp) {
  SendStatistics stats(8000);
  EXPECT_FALSE(stats.has_sent());
  const TimePoint start = TimePoint{} + 10s;
  stats.on_sent(1000, 160, start);
  stats.on_sent(1160, 160, start + 20ms);
  const SenderInfo info = stats.sender_info(start + 70ms);
  EXPECT_EQ(info.packet_count, 2U);
  EXPECT_EQ(info.octet_count, 320U);
  EXPECT_EQ(info.rtp_timestamp, 1160U + 400U);  // 50 ms after the last packet at 8 kHz
  EXPECT_EQ(info.ntp >> 32, 10U);
}

}  // namespace
}  // namespace sipline::rtp
