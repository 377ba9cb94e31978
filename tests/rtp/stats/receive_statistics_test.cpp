#include "rtp/stats/receive_statistics.hpp"

#include <cmath>

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

using namespace std::chrono_literals;
using Verdict = ReceiveStatistics::Verdict;

TimePoint at_ms(std::int64_t ms) { return TimePoint{} + std::chrono::milliseconds(ms); }

TEST(ReceiveStatistics, ProbationThenValid) {
  // RFC 3550 A.1: MIN_SEQUENTIAL = 2; the first packet is on probation and not counted.
  ReceiveStatistics stats(8000);
  EXPECT_EQ(stats.on_packet(100, 0, at_ms(0)), Verdict::kProbation);
  EXPECT_FALSE(stats.valid());
  EXPECT_EQ(stats.on_packet(101, 160, at_ms(20)), Verdict::kAccepted);
  EXPECT_TRUE(stats.valid());
  EXPECT_EQ(stats.received(), 1U);
  EXPECT_EQ(stats.expected(), 1U);
  // Out of order during probation restarts it.
  ReceiveStatistics jumpy(8000);
  EXPECT_EQ(jumpy.on_packet(100, 0, at_ms(0)), Verdict::kProbation);
  EXPECT_EQ(jumpy.on_packet(105, 0, at_ms(20)), Verdict::kProbation);
  EXPECT_EQ(jumpy.on_packet(106, 0, at_ms(40)), Verdict::kAccepted);
}

TEST(ReceiveStatistics, LossCountsAndFractionPerInterval) {
  ReceiveStatistics stats(8000);
  std::uint16_t seq = 1000;
  std::uint32_t ts = 0;
  std::int64_t ms = 0;
  stats.on_packet(seq++, ts, at_ms(ms));  // probation
  for (int i = 0; i < 100; ++i) {
    if (i % 10 == 3) {
      ++seq;  // lose one in ten
    } else {
      stats.on_packet(seq, ts, at_ms(ms));
      ++seq;
    }
    ts += 160;
    ms += 20;
  }
  const ReportBlockData first = stats.take_report();
  // 100 expected after the base, 10 lost: fraction 10/100·256 = 25.6 → 25.
  EXPECT_EQ(stats.expected(), 100U);
  EXPECT_EQ(first.cumulative_lost, 10);
  EXPECT_EQ(first.fraction_lost, 25);
  EXPECT_EQ(first.extended_highest, 1100U);
  for (int i = 0; i < 50; ++i) {
    stats.on_packet(seq++, ts, at_ms(ms));
  }
  const ReportBlockData second = stats.take_report();
  EXPECT_EQ(second.fraction_lost, 0);  // nothing lost in this interval
  EXPECT_EQ(second.cumulative_lost, 10);
}

TEST(ReceiveStatistics, SequenceWrapsIntoTheNextCycle) {
  ReceiveStatistics stats(8000);
  for (const int seq : {65533, 65534, 65535, 0, 1, 2}) {
    stats.on_packet(static_cast<std::uint16_t>(seq), 0, at_ms(0));
  }
  EXPECT_EQ(stats.extended_highest(), 65536U + 2U);
  EXPECT_EQ(stats.expected(), 5U);
  EXPECT_EQ(stats.lost(), 0);
}

TEST(ReceiveStatistics, DuplicatesCountAsA1CountsThem) {
  ReceiveStatistics stats(8000);
  for (const int seq : {10, 11, 12, 12, 12, 13}) {
    stats.on_packet(static_cast<std::uint16_t>(seq), 0, at_ms(0));
  }
  EXPECT_EQ(stats.expected(), 3U);
  EXPECT_EQ(stats.received(), 5U);
  EXPECT_EQ(stats.lost(), -2);  // "may be negative if there are duplicates" (A.3)
  EXPECT_EQ(stats.take_report().fraction_lost, 0);
}

TEST(ReceiveStatistics, ALargeJumpIsHeldThenRestartsTheSource) {
  ReceiveStatistics stats(8000);
  stats.on_packet(100, 0, at_ms(0));
  stats.on_packet(101, 0, at_ms(20));
  EXPECT_EQ(stats.on_packet(40000, 0, at_ms(40)), Verdict::kBadJump);
  EXPECT_EQ(stats.on_packet(40001, 0, at_ms(60)), Verdict::kAccepted);
  EXPECT_EQ(stats.restarts(), 1U);
  EXPECT_EQ(stats.expected(), 1U);
  EXPECT_EQ(stats.extended_highest(), 40001U);
  // A lone jump that is not confirmed stays held.
  EXPECT_EQ(stats.on_packet(10, 0, at_ms(80)), Verdict::kBadJump);
  EXPECT_EQ(stats.on_packet(40002, 0, at_ms(100)), Verdict::kAccepted);
}

TEST(ReceiveStatistics, JitterFollowsA8ClosedForm) {
  // Packets every 20 ms (160 ticks at 8 kHz), arriving alternately on time and 10 ms late: every
  // transit difference is 80 ticks, so J_n = 80·(1 − (15/16)^n).
  ReceiveStatistics stats(8000);
  stats.on_packet(0, 0, at_ms(0));
  int updates = -1;  // the first accepted packet sets the transit only
  for (int i = 1; i <= 200; ++i) {
    const std::int64_t late = (i % 2) * 10;
    stats.on_packet(static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i * 160),
                    at_ms(i * 20 + late));
    ++updates;
    const double expected = 80.0 * (1.0 - std::pow(15.0 / 16.0, updates));
    ASSERT_NEAR(stats.jitter(), expected, 1e-9) << i;
  }
  EXPECT_NEAR(stats.jitter(), 80.0, 0.01);
  const std::chrono::duration<double, std::milli> jitter_ms = stats.jitter_duration();
  EXPECT_NEAR(jitter_ms.count(), 10.0, 0.01);
  EXPECT_EQ(stats.take_report().jitter, 79U);
}

TEST(ReceiveStatistics, TimestampJumpsDoNotBreakJitter) {
  ReceiveStatistics stats(8000);
  stats.on_packet(0, 0, at_ms(0));
  stats.on_packet(1, 160, at_ms(20));
  stats.on_packet(2, 0x80000000U, at_ms(40));  // a jump of 2^31
  stats.on_packet(3, 0x80000000U + 160, at_ms(60));
  EXPECT_TRUE(std::isfinite(stats.jitter()));
  EXPECT_LT(stats.jitter(), 1e9);
}

TEST(ReceiveStatistics, CumulativeLossIsClampedTo24Bits) {
  ReceiveStatistics stats(8000);
  stats.on_packet(0, 0, at_ms(0));
  stats.on_packet(1, 0, at_ms(0));
  // 2999-packet steps (under MAX_DROPOUT) for many cycles: millions expected, few received.
  std::uint32_t seq = 1;
  for (int i = 0; i < 6000; ++i) {
    seq += 2999;
    stats.on_packet(static_cast<std::uint16_t>(seq), 0, at_ms(0));
  }
  EXPECT_GT(stats.lost(), 0x7FFFFF);
  EXPECT_EQ(stats.take_report().cumulative_lost, 0x7FFFFF);
}

}  // namespace
}  // namespace sipline::rtp
