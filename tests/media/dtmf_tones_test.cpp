#include "media/dtmf/dtmf_tones.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

// Each digit as a tone of `tone_ms` then `gap_ms` of silence (with a little noise).
std::vector<std::int16_t> dial(const std::string& digits, std::uint32_t rate, int tone_ms = 70,
                               int gap_ms = 50) {
  std::vector<std::int16_t> out;
  for (const char digit : digits) {
    std::vector<std::int16_t> tone(rate * static_cast<std::uint32_t>(tone_ms) / 1000);
    DtmfGenerator(rate, digit).generate(tone);
    out.insert(out.end(), tone.begin(), tone.end());
    const auto gap = test::noise(rate * static_cast<std::uint32_t>(gap_ms) / 1000, 30);
    out.insert(out.end(), gap.begin(), gap.end());
  }
  return out;
}

std::string detect(const std::vector<std::int16_t>& audio, std::uint32_t rate,
                   std::size_t chunk = 160) {
  DtmfDetector detector(rate);
  std::string found;
  for (std::size_t i = 0; i < audio.size(); i += chunk) {
    const auto n = std::min(chunk, audio.size() - i);
    if (const auto key = detector.feed(std::span(audio).subspan(i, n))) {
      found += *key;
    }
  }
  return found;
}

TEST(Dtmf, EveryKeyIsDetectedOnceAtEveryRate) {
  const std::string digits = "0123456789*#ABCD";
  for (const std::uint32_t rate : {8000U, 16000U, 48000U}) {
    EXPECT_EQ(detect(dial(digits, rate), rate), digits) << rate;
  }
  EXPECT_EQ(detect(dial("55", 8000), 8000, 37), "55");  // odd chunk sizes, repeated keys
}

TEST(Dtmf, ShortTonesSpeechLikeTonesAndNoiseAreNotKeys) {
  EXPECT_EQ(detect(dial("123", 8000, 25, 50), 8000), "");  // under 40 ms
  EXPECT_EQ(detect(test::tone(1000, 8000, 8000, 10000), 8000), "");
  EXPECT_EQ(detect(test::noise(8000, 10000), 8000), "");
  auto chord = test::tone(697, 8000, 8000, 5000);
  const auto other = test::tone(1209, 8000, 8000, 5000);
  const auto third = test::tone(852, 8000, 8000, 5000);
  for (std::size_t i = 0; i < chord.size(); ++i) {
    chord[i] = static_cast<std::int16_t>(chord[i] + other[i] / 2 + third[i] / 2);
  }
  EXPECT_EQ(detect(chord, 8000), "");  // two rows at once: not one key
}

TEST(Dtmf, UnknownDigitsHaveNoTones) {
  EXPECT_FALSE(dtmf_frequencies('x'));
  std::vector<std::int16_t> out(160, 5);
  DtmfGenerator(8000, 'x').generate(out);
  EXPECT_EQ(test::rms(out), 0.0);
}

}  // namespace
}  // namespace sipline::media
