#include "rtp/stats/burst_gap.hpp"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

// 1 received, 0 lost, X discarded.
BurstGapCounter::Metrics run(std::string_view pattern, double packet_ms, std::uint32_t gmin = 16) {
  BurstGapCounter counter(gmin);
  for (const char c : pattern) {
    if (c == '1') {
      counter.on_received();
    } else if (c == '0') {
      counter.on_lost();
    } else {
      counter.on_discarded();
    }
  }
  return counter.metrics(packet_ms);
}

TEST(BurstGap, Rfc3611Section472Example) {
  // The pattern exactly as the RFC prints it (63 packets, although its text says 64), 10 ms each.
  // Its burst is the twelve packets from the first X to the 0 four packets after the third loss.
  const auto m = run("11110111111111111111111X111X1011110111111111111111111X111111111", 10);
  EXPECT_EQ(m.loss_rate, 12);     // 3/63
  EXPECT_EQ(m.discard_rate, 12);  // 3/63
  EXPECT_EQ(m.burst_duration_ms, 120);
  // 4 of 12 = 85; the RFC prints 84 because it rounds to 0.33 before scaling.
  EXPECT_EQ(m.burst_density, 85);
  EXPECT_EQ(m.gap_density, 10);  // 2 of the 51 gap packets
  // The field is the mean of the gap periods: (230 + 280) / 2. The RFC's example adds its two
  // gaps instead (230 + 290 = 520 with its 64th packet), against its own definition of the field.
  EXPECT_EQ(m.gap_duration_ms, 255);
}

TEST(BurstGap, NoLossIsOneLongGap) {
  const auto m = run(std::string(500, '1'), 20);
  EXPECT_EQ(m.loss_rate, 0);
  EXPECT_EQ(m.burst_density, 0);
  EXPECT_EQ(m.gap_density, 0);
  EXPECT_EQ(m.burst_duration_ms, 0);
  EXPECT_EQ(m.gap_duration_ms, 10000);
}

TEST(BurstGap, IsolatedLossesStayInTheGap) {
  // Losses exactly Gmin good packets apart never make a burst.
  std::string pattern;
  for (int i = 0; i < 10; ++i) {
    pattern += '0' + std::string(4, '1');
  }
  const auto m = run(pattern, 20, 4);
  EXPECT_EQ(m.burst_duration_ms, 0);
  EXPECT_EQ(m.gap_density, 256 / 5);
  EXPECT_EQ(m.gap_duration_ms, 50 * 20);
}

TEST(BurstGap, TwoBurstsAverage) {
  // gap 20 · burst "00" · gap 20 · burst "0110" · gap 20, Gmin 16.
  const std::string good(20, '1');
  const auto m = run(good + "00" + good + "0110" + good, 20);
  EXPECT_EQ(m.burst_duration_ms, (2 + 4) * 20 / 2);
  EXPECT_EQ(m.burst_density, 256 * 4 / 6);
  EXPECT_EQ(m.gap_duration_ms, 20 * 20);
  EXPECT_EQ(m.gap_density, 0);
}

TEST(BurstGap, AnOpenBurstCountsAndEverythingLostIsOneBurst) {
  const auto m = run(std::string(50, '0'), 20);
  EXPECT_EQ(m.loss_rate, 255);  // 256/256, capped
  EXPECT_EQ(m.burst_density, 255);
  EXPECT_EQ(m.burst_duration_ms, 1000);
  EXPECT_EQ(m.gap_duration_ms, 0);
}

TEST(BurstGap, ABurstAtTheStartHasNoGapBeforeIt) {
  const auto m = run("0101" + std::string(40, '1'), 10);
  EXPECT_EQ(m.burst_duration_ms, 30);  // "010"
  EXPECT_EQ(m.gap_duration_ms, 410);   // one gap: "1" + 40
}

}  // namespace
}  // namespace sipline::rtp
