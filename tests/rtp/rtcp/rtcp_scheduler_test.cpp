#include "rtp/rtcp/rtcp_scheduler.hpp"

#include <algorithm>

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

using namespace std::chrono_literals;

TEST(RtcpInterval, TwoPartyCallStatisticsOverManyDraws) {
  // Two members, both sending, 400 B/s of RTCP: the deterministic interval is below RTCP_MIN_TIME,
  // so T = 5 s; the interval is uniform on [2.5, 7.5] s, divided by e − 1.5.
  SeededRandom random(3550);
  const RtcpIntervalInput input{2, 2, 400, true, 100, false};
  double sum = 0;
  double low = 1e9;
  double high = 0;
  constexpr int kDraws = 20000;
  for (int i = 0; i < kDraws; ++i) {
    const double t = rtcp_interval_seconds(input, random);
    sum += t;
    low = std::min(low, t);
    high = std::max(high, t);
  }
  const double compensation = 2.71828 - 1.5;
  EXPECT_NEAR(sum / kDraws, 5.0 / compensation, 0.02);
  EXPECT_GE(low, 2.5 / compensation);
  EXPECT_LE(high, 7.5 / compensation);
  EXPECT_LT(low, 2.6 / compensation);  // the whole range is used
  EXPECT_GT(high, 7.4 / compensation);
}

TEST(RtcpInterval, InitialHalvesTheMinimumAndLargeSessionsScale) {
  SeededRandom random(1);
  const RtcpIntervalInput initial{2, 1, 400, false, 100, true};
  for (int i = 0; i < 1000; ++i) {
    EXPECT_LE(rtcp_interval_seconds(initial, random), 3.75 / (2.71828 - 1.5));
  }
  // 1000 receivers, 1 sender, 1000 B/s: receivers share 75 %: T = 100·999/750 s ≈ 133 s.
  const RtcpIntervalInput crowd{1000, 1, 1000, false, 100, false};
  double sum = 0;
  for (int i = 0; i < 5000; ++i) {
    sum += rtcp_interval_seconds(crowd, random);
  }
  EXPECT_NEAR(sum / 5000, 100.0 * 999 / 750 / (2.71828 - 1.5), 2.0);
  // A sender among many receivers uses the senders' quarter: T = 100·1/250 → the 5 s minimum.
  const RtcpIntervalInput sender{1000, 1, 1000, true, 100, false};
  EXPECT_LE(rtcp_interval_seconds(sender, random), 7.5 / (2.71828 - 1.5));
}

TEST(RtcpScheduler, SendsWhenDueAndReschedules) {
  SeededRandom random(7);
  const TimePoint start{};
  RtcpScheduler scheduler(400, start, random);
  const TimePoint first = scheduler.next_deadline();
  EXPECT_GT(first, start);
  EXPECT_LE(first - start,
            std::chrono::duration_cast<Duration>(std::chrono::duration<double>(3.75 / 1.21828)));
  EXPECT_FALSE(scheduler.on_timer(first - 1ms));  // early: nothing
  // At the deadline the interval is reconsidered; within a few firings a report is due.
  TimePoint now = first;
  int firings = 0;
  while (!scheduler.on_timer(now) && firings < 10) {
    now = scheduler.next_deadline();
    ++firings;
  }
  EXPECT_LT(firings, 10);
  scheduler.on_sent(120, now);
  EXPECT_GT(scheduler.next_deadline(), now + 2s);  // no longer the initial half minimum
}

TEST(RtcpScheduler, ReverseReconsiderationPullsTheNextReportIn) {
  SeededRandom random(8);
  const TimePoint start{};
  RtcpScheduler scheduler(400, start, random);
  scheduler.set_members(10, 2, true);
  scheduler.on_sent(100, start);
  const Duration before = scheduler.next_deadline() - start;
  scheduler.on_members_left(5, start);
  const Duration after = scheduler.next_deadline() - start;
  EXPECT_EQ(after.count(), before.count() / 2);
}

}  // namespace
}  // namespace sipline::rtp
