#include "media/playout/time_stretch.hpp"

#include <gtest/gtest.h>

#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

TEST(TimeStretch, AccelerateRemovesWholePeriodsAndKeepsThePitch) {
  auto x = test::tone(200, 8000, 480);  // 40-sample period
  const int step = test::largest_step(x);
  const auto change = accelerate(x, 80, 8000);
  EXPECT_EQ(change, -80);
  const std::span<const std::int16_t> out(x.data(), x.size() + static_cast<std::size_t>(change));
  EXPECT_NEAR(test::frequency(out, 8000), 200.0, 1.0);
  EXPECT_LE(test::largest_step(out), step * 11 / 10);  // no click
}

TEST(TimeStretch, PreemptiveExpandRepeatsPeriodsAndKeepsThePitch) {
  auto tone = test::tone(250, 16000, 640);  // 64-sample period
  const int step = test::largest_step(tone);
  std::vector<std::int16_t> buffer(tone);
  buffer.resize(2000);
  const auto change = preemptive_expand(buffer, tone.size(), 64, 16000);
  EXPECT_EQ(change, 64);
  const std::span<const std::int16_t> out(buffer.data(), tone.size() + 64);
  EXPECT_NEAR(test::frequency(out, 16000), 250.0, 1.0);
  EXPECT_LE(test::largest_step(out), step * 11 / 10);
}

TEST(TimeStretch, LoudNoiseIsLeftAloneSilenceIsNot) {
  auto loud = test::noise(480, 20000);
  EXPECT_EQ(accelerate(loud, 80, 8000), 0);
  auto quiet = test::noise(480, 5);
  EXPECT_LT(accelerate(quiet, 80, 8000), 0);
}

TEST(TimeStretch, NeverMoreThanAskedBeyondHalfAPeriod) {
  auto x = test::tone(100, 8000, 480);    // 80-sample period
  EXPECT_EQ(accelerate(x, 20, 8000), 0);  // a quarter period: nothing
  EXPECT_EQ(accelerate(x, 60, 8000), -80);
  std::vector<std::int16_t> room = test::tone(100, 8000, 480);
  room.resize(600);
  EXPECT_EQ(preemptive_expand(room, 480, 500, 8000), 80);  // no room for a second period
}

}  // namespace
}  // namespace sipline::media
