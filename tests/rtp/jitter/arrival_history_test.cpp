#include "rtp/jitter/arrival_history.hpp"

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

TEST(ArrivalHistory, DelayIsRelativeToTheFastestPacket) {
  ArrivalHistory history;
  EXPECT_EQ(history.on_packet(0, 50'000), 0);
  EXPECT_EQ(history.on_packet(20'000, 80'000), 10'000);  // 10 ms slower than the first
  EXPECT_EQ(history.on_packet(40'000, 85'000), 0);       // faster than both: the new reference
  EXPECT_EQ(history.min_transit_us(), 45'000);
  EXPECT_EQ(history.on_packet(60'000, 115'000), 10'000);
}

TEST(ArrivalHistory, TheFastestPacketLeavesTheWindowAfterTwoSeconds) {
  ArrivalHistory history;
  history.on_packet(0, 40'000);  // one fast packet
  for (std::int64_t t = 20'000; t <= 2'000'000; t += 20'000) {
    EXPECT_EQ(history.on_packet(t, t + 60'000), 20'000) << t;
  }
  EXPECT_EQ(history.on_packet(2'020'000, 2'080'000), 0);  // it is gone: 60 ms is now the fastest
}

TEST(ArrivalHistory, ClockDriftIsAbsorbed) {
  // The sender's clock runs 100 ppm slow: transit grows 2 µs a packet, 20 minutes long.
  ArrivalHistory history;
  std::int64_t worst = 0;
  for (std::int64_t i = 0; i < 60'000; ++i) {
    const std::int64_t media = i * 20'000;
    worst = std::max(worst, history.on_packet(media, media + 50'000 + i * 2));
  }
  EXPECT_LE(worst, 201);  // 2 s of drift at most, never the 120 ms accumulated
}

TEST(ArrivalHistory, StaysBoundedWhateverTheRate) {
  ArrivalHistory history;
  // A million packets, each slower than the last, within one window.
  for (std::int64_t i = 0; i < 1'000'000; ++i) {
    history.on_packet(i, i * 2);
  }
  EXPECT_GE(history.on_packet(1'000'000, 3'000'000), 0);
}

}  // namespace
}  // namespace sipline::rtp
