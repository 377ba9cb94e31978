#include "media/playout/pitch.hpp"

#include <gtest/gtest.h>

#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

TEST(Pitch, FindsTheToneAtEveryRate) {
  for (const std::uint32_t rate : {8000U, 16000U, 48000U}) {
    const auto x = test::tone(200, rate, rate * 30 / 1000);  // 5 ms period
    const Pitch pitch = find_pitch(x, pitch_range(rate), rate);
    EXPECT_EQ(pitch.lag, rate / 200) << rate;
    EXPECT_GT(pitch.correlation, 0.99) << rate;
  }
}

TEST(Pitch, NoiseDoesNotRepeat) {
  const auto x = test::noise(240, 8000);
  EXPECT_LT(find_pitch(x, pitch_range(8000), 8000).correlation, 0.5);
}

TEST(Pitch, TooShortASignalHasNoPitch) {
  const auto x = test::tone(200, 8000, 30);
  EXPECT_EQ(find_pitch(x, pitch_range(8000), 8000).lag, 0U);
}

}  // namespace
}  // namespace sipline::media
