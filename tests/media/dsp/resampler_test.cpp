// The resampler between device and codec rates: a tone keeps its frequency and level through
// 48 kHz → 8 kHz → 48 kHz, frames of any size come out in proportion, and the latency it reports
// is the delay a signal really gets. One kept in a pool for the next call works exactly as a new
// one: nothing of the last call's signal comes out of it.
#include "media/dsp/resampler.hpp"

#include <algorithm>
#include <memory>
#include <vector>

#include <gtest/gtest.h>

#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

// Runs `input` through `resampler` in chunks of `chunk` samples.
std::vector<std::int16_t> run(Resampler& resampler, const std::vector<std::int16_t>& input,
                              std::size_t chunk) {
  std::vector<std::int16_t> output;
  std::vector<std::int16_t> buffer(chunk * 48000 / 8000 + 64);
  for (std::size_t i = 0; i < input.size(); i += chunk) {
    const auto in = std::span(input).subspan(i, std::min(chunk, input.size() - i));
    const auto done = resampler.process(in, buffer);
    EXPECT_EQ(done.consumed, in.size());
    output.insert(output.end(), buffer.begin(),
                  buffer.begin() + static_cast<std::ptrdiff_t>(done.produced));
  }
  return output;
}

TEST(Resampler, AToneKeepsItsFrequencyAndLevelDownAndBackUp) {
  auto down = Resampler::create(48000, 8000);
  auto up = Resampler::create(8000, 48000);
  ASSERT_TRUE(down && up);
  const auto input = test::tone(1000, 48000, 48000 * 2, 10000);
  const auto narrow = run(**down, input, 960);  // 20 ms device frames
  EXPECT_NEAR(static_cast<double>(narrow.size()), 16000.0, 2.0);
  const auto back = run(**up, narrow, 160);
  EXPECT_NEAR(static_cast<double>(back.size()), 96000.0, 12.0);

  const std::span<const std::int16_t> settled(back.data() + 48000, 48000);
  EXPECT_NEAR(test::frequency(settled, 48000), 1000.0, 0.5);
  const double at_tone = test::tone_power(settled, 1000, 48000);
  EXPECT_NEAR(10 * std::log10(at_tone / (10000.0 * 10000.0 / 2)), 0.0, 0.5);
  // Nothing else of note: the tone holds (almost) all the power.
  const double total = test::rms(settled) * test::rms(settled);
  EXPECT_GT(10 * std::log10(at_tone / (total - at_tone + 1e-9)), 30.0);
}

TEST(Resampler, ContentAboveTheTargetNyquistIsRemoved) {
  auto down = Resampler::create(48000, 8000);
  ASSERT_TRUE(down);
  // 5 kHz cannot exist at 8 kHz; without the anti-alias filter it would fold to 3 kHz.
  const auto narrow = run(**down, test::tone(5000, 48000, 48000, 10000), 480);
  const std::span<const std::int16_t> settled(narrow.data() + 1000, 6000);
  EXPECT_LT(20 * std::log10(test::rms(settled) / 7071.0 + 1e-9), -40.0);
}

TEST(Resampler, ReportedLatencyIsTheMeasuredDelay) {
  for (const auto& [from, to] :
       {std::pair{48000U, 8000U}, std::pair{8000U, 48000U}, std::pair{16000U, 48000U},
        std::pair{44100U, 16000U}, std::pair{44100U, 48000U}}) {
    auto resampler = Resampler::create(from, to);
    ASSERT_TRUE(resampler);
    // A click 100 ms in: it comes out as the filter's impulse response, peaking where it went in
    // plus the latency.
    std::vector<std::int16_t> input(from);
    input[from / 10] = 20000;
    const auto output = run(**resampler, input, from / 50);
    const auto peak = std::max_element(output.begin(), output.end(),
                                       [](auto a, auto b) { return std::abs(a) < std::abs(b); });
    const double measured = static_cast<double>(peak - output.begin()) - to / 10.0;
    const double reported = static_cast<double>((*resampler)->latency()) * to / from;
    EXPECT_NEAR(measured, reported, 1.0) << from << "→" << to;
  }
}

TEST(ResamplerPool, AKeptResamplerWorksExactlyAsANewOne) {
  ResamplerPool pool;
  const auto first_call = test::tone(1000, 48000, 4800, 10000);
  const auto second_call = test::tone(440, 48000, 4800, 8000);
  {
    auto used = Resampler::create(48000, 8000, Resampler::kVoipQuality, &pool);
    ASSERT_TRUE(used);
    run(**used, first_call, 960);  // its filter ends full of the first call's tone
  }
  EXPECT_EQ(pool.idle(), 1U);
  auto again = Resampler::create(48000, 8000, Resampler::kVoipQuality, &pool);
  auto fresh = Resampler::create(48000, 8000);
  ASSERT_TRUE(again && fresh);
  EXPECT_EQ(pool.idle(), 0U);  // the one kept was taken, not a new one made
  EXPECT_EQ(run(**again, second_call, 960), run(**fresh, second_call, 960));
}

TEST(ResamplerPool, GivesOnlyTheRatesAskedForAndKeepsAtMostKKeep) {
  ResamplerPool pool;
  {
    std::vector<std::unique_ptr<Resampler>> calls;
    for (std::size_t n = 0; n < ResamplerPool::kKeep + 3; ++n) {
      auto made = Resampler::create(8000, 48000, Resampler::kVoipQuality, &pool);
      ASSERT_TRUE(made);
      calls.push_back(std::move(*made));
    }
  }
  EXPECT_EQ(pool.idle(), ResamplerPool::kKeep);
  auto other = Resampler::create(16000, 48000, Resampler::kVoipQuality, &pool);
  ASSERT_TRUE(other);
  EXPECT_EQ((*other)->from_rate(), 16000U);
  EXPECT_EQ(pool.idle(), ResamplerPool::kKeep);  // none of the 8 kHz ones was taken for it
}

TEST(Resampler, RefusesRatesItCannotHandle) {
  EXPECT_FALSE(Resampler::create(0, 8000));
  EXPECT_FALSE(Resampler::create(8000, 0));
}

}  // namespace
}  // namespace sipline::media
