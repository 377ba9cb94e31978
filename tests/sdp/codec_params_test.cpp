#include "sdp/codec_params.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sdp {
namespace {

TEST(CodecParams, FormatParameterLists) {
  const auto parameters = parse_format_parameters(" maxplaybackrate=16000 ;stereo = 1;; flag ;");
  ASSERT_TRUE(parameters);
  ASSERT_EQ(parameters->size(), 3U);
  EXPECT_EQ((*parameters)[0].name, "maxplaybackrate");
  EXPECT_EQ((*parameters)[0].value, "16000");
  EXPECT_EQ((*parameters)[1].value, "1");
  EXPECT_EQ((*parameters)[2].name, "flag");
  EXPECT_EQ((*parameters)[2].value, "");
  EXPECT_FALSE(parse_format_parameters("=1"));
  std::string many;
  for (int i = 0; i < 40; ++i) {
    many += "p" + std::to_string(i) + "=1;";
  }
  EXPECT_EQ(parse_format_parameters(many).error().code, Errc::kTooLarge);
}

TEST(CodecParams, Rfc7587ExampleFmtp) {
  // RFC 7587 §7's example.
  const OpusSendConfig config = opus_send_config(
      "maxplaybackrate=16000; sprop-maxcapturerate=16000; maxaveragebitrate=20000; stereo=1; "
      "useinbandfec=1; usedtx=0");
  EXPECT_EQ(config.max_playback_rate, 16000U);
  EXPECT_EQ(config.max_average_bitrate, 20000U);
  EXPECT_TRUE(config.stereo);
  EXPECT_TRUE(config.inband_fec);
  EXPECT_FALSE(config.dtx);
  EXPECT_FALSE(config.constant_bitrate);
}

TEST(CodecParams, OpusDefaultsAndOutOfRangeValues) {
  EXPECT_EQ(opus_send_config(""), OpusSendConfig{});
  const OpusSendConfig odd =
      opus_send_config("maxplaybackrate=4000; maxaveragebitrate=999999999; stereo=2");
  EXPECT_EQ(odd.max_playback_rate, 48000U);  // below 8000: ignored
  EXPECT_FALSE(odd.max_average_bitrate);     // above 510000: ignored
  EXPECT_FALSE(odd.stereo);
}

TEST(CodecParams, OurOpusFmtpReadsBackAsWhatWeAskedFor) {
  OpusReceivePreferences preferences;
  preferences.max_playback_rate = 24000;
  preferences.max_average_bitrate = 32000;
  preferences.dtx = true;
  const OpusSendConfig seen = opus_send_config(opus_fmtp(preferences));
  EXPECT_EQ(seen.max_playback_rate, 24000U);
  EXPECT_EQ(seen.max_average_bitrate, 32000U);
  EXPECT_TRUE(seen.inband_fec);
  EXPECT_TRUE(seen.dtx);
  EXPECT_FALSE(seen.stereo);
}

TEST(CodecParams, G722PlaysAtSixteenKilohertz) {
  EXPECT_EQ(audio_sample_rate(CodecBinding{"G722", 8000, 1, 9, 9, {}, {}}), 16000U);
  EXPECT_EQ(audio_sample_rate(CodecBinding{"PCMU", 8000, 1, 0, 0, {}, {}}), 8000U);
  EXPECT_EQ(audio_sample_rate(CodecBinding{"opus", 48000, 2, 111, 111, {}, {}}), 48000U);
}

}  // namespace
}  // namespace sipline::sdp
