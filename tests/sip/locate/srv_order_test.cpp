// RFC 2782's order: priorities strictly, weights as odds within a priority.
#include "sip/locate/srv_order.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

using transport::SrvRecord;

TEST(SrvOrder, LowerPriorityAlwaysFirst) {
  SeededRandom random(3);
  for (int n = 0; n < 100; ++n) {
    const auto ordered =
        srv_order({{30, 100, 1, "c"}, {10, 1, 1, "a"}, {20, 1000, 1, "b"}}, random);
    ASSERT_EQ(ordered.size(), 3U);
    EXPECT_EQ(ordered[0].target, "a");
    EXPECT_EQ(ordered[1].target, "b");
    EXPECT_EQ(ordered[2].target, "c");
  }
}

TEST(SrvOrder, WeightsAreTheOddsOfComingFirst) {
  SeededRandom random(11);
  int heavy_first = 0;
  int zero_first = 0;
  constexpr int kDraws = 20000;
  for (int n = 0; n < kDraws; ++n) {
    const auto ordered =
        srv_order({{0, 20, 1, "light"}, {0, 0, 1, "zero"}, {0, 60, 1, "heavy"}}, random);
    ASSERT_EQ(ordered.size(), 3U);
    heavy_first += ordered[0].target == "heavy" ? 1 : 0;
    zero_first += ordered[0].target == "zero" ? 1 : 0;
  }
  // heavy: 60 of 81 draws (0 … 80); zero: 1 of 81 (a draw of 0); light: 20 of 81.
  EXPECT_NEAR(heavy_first / double{kDraws}, 60.0 / 81, 0.02);
  EXPECT_NEAR(zero_first / double{kDraws}, 1.0 / 81, 0.005);
}

TEST(SrvOrder, AllWeightsZeroKeepsEveryRecord) {
  SeededRandom random(5);
  const auto ordered = srv_order({{0, 0, 1, "a"}, {0, 0, 2, "b"}}, random);
  ASSERT_EQ(ordered.size(), 2U);
  EXPECT_TRUE(srv_order({}, random).empty());
}

}  // namespace
}  // namespace sipline::sip
