#include "media/playout/concealment.hpp"

#include <gtest/gtest.h>

#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

TEST(Concealment, ContinuesTheVoiceThenFadesToTheBackground) {
  // A 250 Hz voice over a quiet background.
  auto history = test::tone(250, 8000, 320, 8000);
  const auto background = test::noise(320, 60);
  for (std::size_t i = 0; i < history.size(); ++i) {
    history[i] = static_cast<std::int16_t>(history[i] + background[i]);
  }
  Concealment concealment(8000);
  for (std::size_t i = 0; i + 160 <= background.size(); i += 160) {
    concealment.observe(std::span(background).subspan(i, 160));  // a pause before the voice
  }
  for (std::size_t i = 0; i + 160 <= history.size(); i += 160) {
    concealment.observe(std::span(history).subspan(i, 160));
  }
  concealment.start(history);
  std::vector<std::int16_t> out(8000 * 100 / 1000);
  concealment.generate(out);
  const std::span<const std::int16_t> first(out.data(), 80);  // 10 ms
  EXPECT_NEAR(test::frequency(first, 8000), 250.0, 5.0);
  EXPECT_NEAR(test::rms(first), test::rms(history), test::rms(history) * 0.1);
  // Joined without a click.
  std::vector<std::int16_t> joined(history.end() - 40, history.end());
  joined.insert(joined.end(), out.begin(), out.begin() + 40);
  EXPECT_LE(test::largest_step(joined), test::largest_step(history) * 12 / 10);
  // After 60 ms only comfort noise at about the background level is left.
  const std::span<const std::int16_t> tail(out.data() + 8000 * 65 / 1000, 8000 * 30 / 1000);
  EXPECT_LT(test::rms(tail), 2 * test::rms(background));
  EXPECT_GT(test::rms(tail), test::rms(background) / 2);
}

TEST(Concealment, MergesBackIntoRealAudioWithoutAClick) {
  const auto history = test::tone(200, 8000, 320, 8000);
  Concealment concealment(8000);
  concealment.start(history);
  std::vector<std::int16_t> concealed(160);
  concealment.generate(concealed);
  // The real audio resumes in phase with where the voice would be.
  auto resumed = test::tone(200, 8000, 160, 8000, 2 * std::numbers::pi * 200 * 480 / 8000.0);
  concealment.merge_into(resumed);
  EXPECT_FALSE(concealment.active());
  std::vector<std::int16_t> joined(concealed);
  joined.insert(joined.end(), resumed.begin(), resumed.end());
  EXPECT_LE(test::largest_step(joined), test::largest_step(history) * 12 / 10);
}

TEST(Concealment, NothingHeardYetGivesSilence) {
  Concealment concealment(8000);
  concealment.start({});
  std::vector<std::int16_t> out(160, 1);
  concealment.generate(out);
  EXPECT_EQ(test::rms(out), 0.0);
}

}  // namespace
}  // namespace sipline::media
