// G.711 against spandsp (Debian's libspandsp, an independent implementation of the standard).
#include "media/codec/g711.hpp"

#include <spandsp.h>

#include <array>
#include <cmath>

#include <gtest/gtest.h>

#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

TEST(G711, DecodingMatchesSpandspForEveryCode) {
  for (int code = 0; code < 256; ++code) {
    const auto c = static_cast<std::uint8_t>(code);
    ASSERT_EQ(g711_decode(G711Law::kMuLaw, c), ulaw_to_linear(c)) << code;
    ASSERT_EQ(g711_decode(G711Law::kALaw, c), alaw_to_linear(c)) << code;
  }
}

TEST(G711, EncodingMatchesSpandspForEverySample) {
  for (int sample = -32768; sample <= 32767; ++sample) {
    const auto s = static_cast<std::int16_t>(sample);
    ASSERT_EQ(g711_encode(G711Law::kMuLaw, s), linear_to_ulaw(sample)) << sample;
    ASSERT_EQ(g711_encode(G711Law::kALaw, s), linear_to_alaw(sample)) << sample;
  }
}

TEST(G711, AToneSurvivesWithG711sSignalToNoise) {
  const auto input = test::tone(1000, 8000, 8000, 10000);
  for (const G711Law law : {G711Law::kMuLaw, G711Law::kALaw}) {
    std::vector<std::byte> coded(input.size());
    g711_encode(law, input, coded);
    G711Decoder decoder(law);
    std::vector<std::int16_t> output(input.size());
    ASSERT_EQ(*decoder.decode(coded, output), input.size());
    double signal = 0;
    double error = 0;
    for (std::size_t i = 0; i < input.size(); ++i) {
      signal += static_cast<double>(input[i]) * input[i];
      error += static_cast<double>(input[i] - output[i]) * (input[i] - output[i]);
    }
    EXPECT_GT(10 * std::log10(signal / error), 35.0);  // G.711 gives about 38 dB
  }
}

TEST(G711, APayloadLargerThanTheOutputIsRefused) {
  G711Decoder decoder(G711Law::kMuLaw);
  std::array<std::byte, 161> payload{};
  std::array<std::int16_t, 160> out{};
  EXPECT_FALSE(decoder.decode(payload, out));
}

}  // namespace
}  // namespace sipline::media
