#include "rtp/jitter/delay_target.hpp"

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

// One packet every 20 ms for `duration_us`, with the given relative delays in turn.
void feed(DelayTarget& target, std::int64_t& now_us, std::int64_t duration_us,
          std::initializer_list<std::int64_t> delays) {
  const std::int64_t end = now_us + duration_us;
  for (std::size_t i = 0; now_us < end; now_us += 20'000, ++i) {
    target.on_delay(*(delays.begin() + static_cast<std::ptrdiff_t>(i % delays.size())), now_us);
  }
}

TEST(DelayTarget, SettlesOnTheTypicalIntervalMaximum) {
  DelayTarget target;
  std::int64_t now = 0;
  feed(target, now, 30'000'000, {0, 5'000, 12'000, 3'000});  // every interval's maximum is 12 ms
  EXPECT_EQ(target.target_us(), 13'000);                     // the upper edge of the 12 ms bucket
}

TEST(DelayTarget, ASpikeRaisesTheTargetAtOnceAndFadesAfterwards) {
  DelayTarget target;
  std::int64_t now = 0;
  feed(target, now, 60'000'000, {0, 10'000});
  EXPECT_EQ(target.target_us(), 11'000);
  target.on_delay(150'000, now);
  EXPECT_EQ(target.target_us(), 150'000);  // fast reaction within the interval
  // A lasting change of delay moves the quantile itself…
  feed(target, now, 30'000'000, {0, 80'000});
  EXPECT_EQ(target.quantile_us(), 81'000);
  // …and when it is over the target decays within seconds, not minutes.
  std::int64_t decayed_after = -1;
  const std::int64_t start = now;
  while (now - start < 60'000'000 && decayed_after < 0) {
    feed(target, now, 500'000, {0, 10'000});
    if (target.target_us() <= 11'000) {
      decayed_after = now - start;
    }
  }
  EXPECT_GT(decayed_after, 2'000'000);  // slow decay: no oscillation
  EXPECT_LT(decayed_after, 45'000'000);
}

TEST(DelayTarget, BoundedByItsConfiguration) {
  DelayTargetConfig config;
  config.minimum_us = 20'000;
  config.maximum_us = 300'000;
  DelayTarget target(config);
  std::int64_t now = 0;
  feed(target, now, 5'000'000, {0});
  EXPECT_EQ(target.target_us(), 20'000);
  feed(target, now, 5'000'000, {5'000'000});
  EXPECT_EQ(target.target_us(), 300'000);
}

}  // namespace
}  // namespace sipline::rtp
