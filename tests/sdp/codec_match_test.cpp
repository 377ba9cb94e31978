#include "sdp/codec_match.hpp"

#include <gtest/gtest.h>

#include "tests/sdp/support.hpp"

namespace sipline::sdp {
namespace {

TEST(CodecMatch, StaticPayloadTypesWithoutRtpmap) {
  const Session session = test::sdp("m=audio 1 RTP/AVP 0 8 9 18 96\r\n");
  const Media& media = session.media[0];
  EXPECT_EQ(codec_of(media, "0")->name, "PCMU");
  EXPECT_EQ(codec_of(media, "8")->name, "PCMA");
  EXPECT_EQ(codec_of(media, "9")->clock_rate, 8000U);  // G.722's RFC 3551 quirk
  EXPECT_EQ(codec_of(media, "18")->name, "G729");
  EXPECT_FALSE(codec_of(media, "96"));  // dynamic without rtpmap names nothing
  EXPECT_FALSE(codec_of(media, "x"));
}

TEST(CodecMatch, RtpmapOverridesAndIdentityIsNameClockChannels) {
  const Session session = test::sdp(
      "m=audio 1 RTP/AVP 0 96\r\na=rtpmap:0 pcmu/8000\r\n"
      "a=rtpmap:96 opus/48000/2\r\na=fmtp:96 stereo=1\r\n");
  const auto pcmu = codec_of(session.media[0], "0");
  EXPECT_TRUE(same_codec(*pcmu, CodecSpec{"PCMU", 8000, 1, {}, {}}));
  const auto opus = codec_of(session.media[0], "96");
  EXPECT_EQ(opus->fmtp, "stereo=1");
  EXPECT_TRUE(same_codec(*opus, CodecSpec{"opus", 48000, 2, {}, {}}));
  EXPECT_FALSE(same_codec(*opus, CodecSpec{"opus", 48000, 1, {}, {}}));
  EXPECT_FALSE(same_codec(*opus, CodecSpec{"opus", 16000, 2, {}, {}}));
  EXPECT_TRUE(is_telephone_event("Telephone-Event"));
}

}  // namespace
}  // namespace sipline::sdp
