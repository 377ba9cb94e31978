// Every codec of the factory on real signals: a tone through encode and decode comes out at its
// frequency and level; G.711 and L16 sample for sample; Opus conceals and recovers by FEC.
#include <vector>

#include <gtest/gtest.h>

#include "media/codec/codec_factory.hpp"
#include "tests/media/signal.hpp"

namespace sipline::media {
namespace {

struct Case {
  const char* name;
  std::uint32_t clock_rate;
  std::size_t frame;  // PCM samples per 20 ms at the codec's sample rate
};

class Codecs : public ::testing::TestWithParam<Case> {};

// 1 s of a tone through the codec in 20 ms frames.
std::vector<std::int16_t> round_trip(Codec& codec, const std::vector<std::int16_t>& input,
                                     std::size_t frame) {
  std::vector<std::int16_t> output;
  std::vector<std::byte> payload(4000);
  std::vector<std::int16_t> decoded(6000);
  for (std::size_t i = 0; i + frame <= input.size(); i += frame) {
    const auto size = codec.encoder->encode(std::span(input).subspan(i, frame), payload);
    EXPECT_TRUE(size);
    const auto n = codec.decoder->decode(std::span(payload).first(*size), decoded);
    EXPECT_TRUE(n) << fmt::format("{}", n.error());
    EXPECT_EQ(*n, frame);
    output.insert(output.end(), decoded.begin(), decoded.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  return output;
}

TEST_P(Codecs, AToneComesOutAtItsFrequencyAndLevel) {
  const Case c = GetParam();
  auto codec = make_codec(c.name, c.clock_rate);
  ASSERT_TRUE(codec) << c.name;
  const std::uint32_t rate = codec->decoder->sample_rate();
  EXPECT_EQ(rate, codec->encoder->sample_rate());
  EXPECT_EQ(rate, c.frame * 50);
  const auto input = test::tone(700, rate, rate, 8000);
  const auto output = round_trip(*codec, input, c.frame);
  ASSERT_EQ(output.size(), input.size());
  // After the codec's start-up (its look-ahead and filters), the second half of the second.
  const std::span<const std::int16_t> settled(output.data() + rate / 2, rate / 2);
  EXPECT_NEAR(test::frequency(settled, rate), 700.0, 3.0) << c.name;
  EXPECT_NEAR(20 * std::log10(test::rms(settled) / test::rms(input)), 0.0, 1.5) << c.name;
}

TEST_P(Codecs, ReportedDelayIsTheMeasuredDelay) {
  const Case c = GetParam();
  auto codec = make_codec(c.name, c.clock_rate);
  ASSERT_TRUE(codec);
  const std::uint32_t rate = codec->decoder->sample_rate();
  // A chirp (300 Hz → 3 kHz in 0.5 s) after 0.2 s of silence: one unambiguous best lag.
  std::vector<std::int16_t> input(rate, 0);
  for (std::size_t i = 0; i < rate / 2; ++i) {
    const double t = static_cast<double>(i) / rate;
    input[rate / 5 + i] =
        static_cast<std::int16_t>(8000 * std::sin(2 * std::numbers::pi * (300 * t + 2700 * t * t)));
  }
  const auto output = round_trip(*codec, input, c.frame);
  const auto chirp = std::span<const std::int16_t>(input).subspan(rate / 5, rate / 2);
  const std::size_t lag =
      test::best_lag(chirp, std::span<const std::int16_t>(output).subspan(rate / 5), rate / 20);
  // Within 2 samples (0.04 ms at 48 kHz: Opus's filters shift the phase a little).
  EXPECT_NEAR(static_cast<double>(lag), codec->encoder->algorithmic_delay(), 2.0) << c.name;
}

INSTANTIATE_TEST_SUITE_P(All, Codecs,
                         ::testing::Values(Case{"PCMU", 8000, 160}, Case{"PCMA", 8000, 160},
                                           Case{"G722", 8000, 320}, Case{"opus", 48000, 960},
                                           Case{"speex", 8000, 160}, Case{"speex", 16000, 320},
                                           Case{"L16", 16000, 320}),
                         [](const auto& test_info) {
                           return std::string(test_info.param.name) +
                                  std::to_string(test_info.param.clock_rate);
                         });

TEST(Codecs, LinearCodecsAreExact) {
  auto l16 = make_codec("l16", 48000);
  ASSERT_TRUE(l16);
  const auto input = test::noise(9600, 30000);
  EXPECT_EQ(round_trip(*l16, input, 960), input);
  std::vector<std::byte> odd(3);
  std::vector<std::int16_t> out(10);
  EXPECT_FALSE(l16->decoder->decode(odd, out));
}

TEST(Codecs, UnknownNamesAndRatesAreRefused) {
  EXPECT_TRUE(is_supported_codec("pcmu", 8000));
  EXPECT_FALSE(is_supported_codec("PCMU", 16000));
  EXPECT_FALSE(is_supported_codec("G729", 8000));
  EXPECT_FALSE(make_codec("opus", 16000));
  EXPECT_EQ(make_codec("iLBC", 8000).error().code, Errc::kUnsupported);
}

TEST(Codecs, G722RunsItsSixteenKilohertzAudioOnAnEightKilohertzClock) {
  auto codec = make_codec("G722", 8000);
  ASSERT_TRUE(codec);
  EXPECT_EQ(codec->decoder->samples_per_timestamp(), 2U);
  std::vector<std::byte> payload(400);
  EXPECT_EQ(*codec->encoder->encode(test::tone(1000, 16000, 320), payload), 160U);  // 64 kbit/s
}

TEST(Codecs, SpeexCarriesSeveralFramesInOnePacket) {
  auto codec = make_codec("speex", 8000);
  ASSERT_TRUE(codec);
  std::vector<std::byte> payload(400);
  const auto size = codec->encoder->encode(test::tone(500, 8000, 480), payload);  // 60 ms
  ASSERT_TRUE(size);
  std::vector<std::int16_t> out(960);
  EXPECT_EQ(*codec->decoder->decode(std::span(payload).first(*size), out), 480U);
  EXPECT_FALSE(codec->encoder->encode(test::tone(500, 8000, 100), payload));  // not whole frames
}

TEST(Codecs, OpusConcealsALostPacketAndRecoversItFromTheNextOne) {
  CodecOptions options;
  options.opus.inband_fec = true;
  options.opus.expected_loss_percent = 20;
  options.opus.bitrate = 24000;
  auto codec = make_codec("opus", 48000, options);
  ASSERT_TRUE(codec);
  ASSERT_TRUE(codec->decoder->has_concealment());
  ASSERT_TRUE(codec->decoder->has_forward_error_correction());
  // 300 Hz for 640 ms, then 500 Hz: what FEC brings back must be the new tone, what
  // concealment invents can only continue the old one.
  auto input = test::tone(300, 48000, 32 * 960, 8000);
  const auto after = test::tone(500, 48000, 18 * 960, 8000);
  input.insert(input.end(), after.begin(), after.end());
  std::vector<std::vector<std::byte>> packets;
  std::vector<std::byte> payload(1500);
  for (std::size_t i = 0; i + 960 <= input.size(); i += 960) {
    const auto size = codec->encoder->encode(std::span(input).subspan(i, 960), payload);
    ASSERT_TRUE(size);
    packets.emplace_back(payload.begin(), payload.begin() + static_cast<std::ptrdiff_t>(*size));
  }
  // Packets 0..31 decoded (300 Hz), 32 lost (the first of 500 Hz), then
  // either concealed or recovered from 33.
  std::vector<std::int16_t> frame(960);
  auto plc = make_codec("opus", 48000, options);
  for (std::size_t i = 0; i < 32; ++i) {
    ASSERT_TRUE(codec->decoder->decode(packets[i], frame));
    ASSERT_TRUE(plc->decoder->decode(packets[i], frame));
  }
  std::vector<std::int16_t> recovered(960);
  std::vector<std::int16_t> concealed(960);
  ASSERT_EQ(*codec->decoder->recover(packets[33], recovered), 960U);
  plc->decoder->conceal(concealed);
  // The decoder's output lags by its 6.5 ms look-ahead: the frame's end is the new tone.
  const auto tail = [](const std::vector<std::int16_t>& x) { return std::span(x).subspan(400); };
  EXPECT_NEAR(test::frequency(tail(recovered), 48000), 500.0, 10.0);
  EXPECT_GT(test::rms(recovered), 0.3 * test::rms(input));
  EXPECT_NEAR(test::frequency(tail(concealed), 48000), 300.0, 30.0);
}

TEST(Codecs, GarbageIsRefusedOrDecodedWithinBounds) {
  for (const auto& [name, rate] :
       {std::pair{"opus", 48000U}, std::pair{"speex", 16000U}, std::pair{"G722", 8000U}}) {
    auto codec = make_codec(name, rate);
    ASSERT_TRUE(codec);
    std::vector<std::int16_t> out(5760);
    for (std::uint32_t seed = 1; seed < 200; ++seed) {
      const auto noise = test::noise(1 + seed % 300, 127, seed);
      std::vector<std::byte> payload(noise.size());
      for (std::size_t i = 0; i < noise.size(); ++i) {
        payload[i] = static_cast<std::byte>(noise[i]);
      }
      const auto n = codec->decoder->decode(payload, out);
      if (n) {
        EXPECT_LE(*n, out.size());
      }
    }
  }
}

}  // namespace
}  // namespace sipline::media
