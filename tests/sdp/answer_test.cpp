#include "sdp/answer.hpp"

#include <gtest/gtest.h>

#include "base/random.hpp"
#include "sdp/printer.hpp"
#include "tests/sdp/support.hpp"

namespace sipline::sdp {
namespace {

using test::phone;
using test::sdp;

Result<Answer> answer(const Session& offer, const LocalCapabilities& local = phone(),
                      Direction direction = Direction::kSendRecv) {
  SeededRandom random(7);
  return make_answer(offer, local, AnswerContext{Origin{}, direction, nullptr}, random);
}

TEST(Answer, OffererOrderByDefaultOursOnRequest) {
  const Session offer = sdp("m=audio 5004 RTP/AVP 0 8 9\r\n");
  const auto by_offerer = answer(offer);
  ASSERT_TRUE(by_offerer);
  EXPECT_EQ(by_offerer->description.media[0].formats, (std::vector<std::string>{"0", "8", "9"}));
  LocalCapabilities ours = phone();
  ours.order = CodecOrder::kOurs;
  const auto by_us = answer(offer, ours);
  EXPECT_EQ(by_us->description.media[0].formats, (std::vector<std::string>{"9", "0", "8"}));
  EXPECT_EQ(by_us->negotiated.streams[0].codecs.front().name, "G722");
}

TEST(Answer, DynamicPayloadTypesAreMirrored) {
  const auto result =
      answer(sdp("m=audio 5004 RTP/AVP 102 0\r\na=rtpmap:102 opus/48000/2\r\n"
                 "a=fmtp:102 stereo=1; maxplaybackrate=24000\r\n"));
  ASSERT_TRUE(result);
  const NegotiatedStream& stream = result->negotiated.streams[0];
  EXPECT_EQ(stream.codecs[0].name, "opus");
  EXPECT_EQ(stream.codecs[0].send_pt, 102);
  EXPECT_EQ(stream.codecs[0].receive_pt, 102);
  EXPECT_EQ(stream.codecs[0].send_fmtp, "stereo=1; maxplaybackrate=24000");
  EXPECT_EQ(stream.codecs[0].receive_fmtp, "useinbandfec=1");
  EXPECT_EQ(result->description.media[0].rtpmap(102)->encoding, "opus");
}

TEST(Answer, OpusIsMatchedOnlyAsOpus48000Slash2) {
  // RFC 7587 §7: always opus/48000/2, whatever is sent.
  const auto mono = answer(sdp("m=audio 5004 RTP/AVP 96\r\na=rtpmap:96 opus/48000\r\n"));
  EXPECT_FALSE(mono);
  EXPECT_EQ(status_for_negotiation_error(mono.error()), 488);
}

TEST(Answer, TelephoneEventFollowsTheClockOfTheSendCodec) {
  const auto narrow =
      answer(sdp("m=audio 5004 RTP/AVP 0 101 110\r\na=rtpmap:101 telephone-event/8000\r\n"
                 "a=rtpmap:110 telephone-event/48000\r\n"));
  ASSERT_TRUE(narrow);
  EXPECT_EQ(narrow->negotiated.streams[0].telephone_event->send_pt, 101);
  const auto wide =
      answer(sdp("m=audio 5004 RTP/AVP 96 101 110\r\na=rtpmap:96 opus/48000/2\r\n"
                 "a=rtpmap:101 telephone-event/8000\r\na=rtpmap:110 telephone-event/48000\r\n"));
  ASSERT_TRUE(wide);
  EXPECT_EQ(wide->negotiated.streams[0].telephone_event->send_pt, 110);
  EXPECT_EQ(wide->description.media[0].formats, (std::vector<std::string>{"96", "110"}));
}

TEST(Answer, DirectionsMirrorForHold) {
  const auto cases = {std::tuple{"sendonly", Direction::kSendRecv, Direction::kRecvOnly},
                      std::tuple{"recvonly", Direction::kSendRecv, Direction::kSendOnly},
                      std::tuple{"inactive", Direction::kSendRecv, Direction::kInactive},
                      std::tuple{"sendrecv", Direction::kSendOnly, Direction::kSendOnly},
                      std::tuple{"sendonly", Direction::kSendOnly, Direction::kInactive}};
  for (const auto& [offered, ours, expected] : cases) {
    const auto result =
        answer(sdp("m=audio 5004 RTP/AVP 0\r\na=" + std::string(offered) + "\r\n"), phone(), ours);
    ASSERT_TRUE(result);
    EXPECT_EQ(result->negotiated.streams[0].direction, expected) << offered;
    EXPECT_EQ(result->description.media[0].common.direction, expected) << offered;
  }
}

TEST(Answer, Rfc2543HoldStopsUsSending) {
  const auto result = answer(sdp("m=audio 5004 RTP/AVP 0\r\n", "c=IN IP4 0.0.0.0\r\n"));
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->negotiated.streams[0].sends());
  EXPECT_TRUE(result->negotiated.streams[0].receives());
}

TEST(Answer, StreamsWeCannotTakeAreRejectedInPlace) {
  const auto result =
      answer(sdp("m=video 6000 RTP/AVP 31\r\nm=audio 5004 RTP/AVP 0\r\n"
                 "m=audio 5006 RTP/AVP 0\r\nm=application 7000 udp wb\r\n"));
  ASSERT_TRUE(result);
  const auto& media = result->description.media;
  ASSERT_EQ(media.size(), 4U);
  EXPECT_EQ(media[0].port, 0);
  EXPECT_EQ(media[0].formats, (std::vector<std::string>{"31"}));
  EXPECT_EQ(media[1].port, 40000);
  EXPECT_EQ(media[2].port, 0);  // one audio port: the second audio stream is refused
  EXPECT_EQ(media[3].port, 0);
  EXPECT_EQ(media[3].proto, "udp");
}

TEST(Answer, NothingAcceptableIs488) {
  const auto result = answer(sdp("m=audio 5004 RTP/AVP 18\r\n"));  // G.729 only
  ASSERT_FALSE(result);
  EXPECT_EQ(status_for_negotiation_error(result.error()), 488);
  EXPECT_EQ(status_for_negotiation_error(Error{Errc::kMalformed, "x", 0}), 400);
  EXPECT_TRUE(answer(sdp(""))->description.media.empty());  // no streams offered, none answered
}

TEST(Answer, RemoteEndpointAndRtcp) {
  const auto result =
      answer(sdp("m=audio 5004 RTP/AVP 0\r\nc=IN IP6 2001:db8::7\r\na=rtcp:5010\r\n"
                 "a=rtcp-mux\r\na=ptime:40\r\n"));
  ASSERT_TRUE(result);
  const NegotiatedStream& stream = result->negotiated.streams[0];
  EXPECT_EQ(stream.address_type, AddressType::kIp6);
  EXPECT_EQ(stream.remote_address, "2001:db8::7");
  EXPECT_EQ(stream.remote_rtp_port, 5004);
  EXPECT_EQ(stream.remote_rtcp_port, 5010);
  EXPECT_TRUE(stream.rtcp_mux);
  EXPECT_EQ(stream.ptime_ms, 40U);
  EXPECT_EQ(stream.local_port, 40000);
  EXPECT_TRUE(result->description.media[0].rtcp_mux);
}

TEST(Answer, HostilePacketTimesAreBounded) {
  const auto result = answer(sdp("m=audio 5004 RTP/AVP 0\r\na=ptime:1000\r\na=maxptime:30\r\n"));
  ASSERT_TRUE(result);
  EXPECT_EQ(result->negotiated.streams[0].ptime_ms, 30U);
}

constexpr std::string_view kSavp =
    "m=audio 5004 RTP/SAVP 0\r\n"
    "a=crypto:1 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj\r\n"
    "a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n";

TEST(Answer, SrtpPolicies) {
  LocalCapabilities off = phone();
  EXPECT_FALSE(answer(sdp(std::string(kSavp)), off));  // RTP/SAVP but SRTP off: 488
  LocalCapabilities mandatory = phone();
  mandatory.srtp = SrtpPolicy::kMandatory;
  EXPECT_FALSE(answer(sdp("m=audio 5004 RTP/AVP 0\r\n"), mandatory));
  const auto secure = answer(sdp(std::string(kSavp)), mandatory);
  ASSERT_TRUE(secure);
  const NegotiatedStream& stream = secure->negotiated.streams[0];
  ASSERT_TRUE(stream.srtp);
  EXPECT_EQ(stream.srtp->tag, 1U);  // the first offered suite we support
  EXPECT_EQ(stream.srtp->suite, SrtpSuite::kAesCm128HmacSha1_32);
  EXPECT_EQ(stream.srtp->remote_key_salt.size(), 30U);
  EXPECT_EQ(stream.srtp->local_key_salt.size(), 30U);
  EXPECT_NE(stream.srtp->local_key_salt, stream.srtp->remote_key_salt);
  const Media& media = secure->description.media[0];
  EXPECT_EQ(media.proto, "RTP/SAVP");
  ASSERT_EQ(media.cryptos.size(), 1U);
  EXPECT_EQ(media.cryptos[0].tag, 1U);
  EXPECT_EQ(media.cryptos[0].keys[0].key_salt, stream.srtp->local_key_salt);
}

TEST(Answer, SrtpWithOnlyUnknownSuitesIsRefused) {
  LocalCapabilities mandatory = phone();
  mandatory.srtp = SrtpPolicy::kMandatory;
  EXPECT_FALSE(answer(sdp("m=audio 5004 RTP/SAVP 0\r\na=crypto:1 F8_128_HMAC_SHA1_80 inline:x\r\n"),
                      mandatory));
  EXPECT_FALSE(answer(sdp("m=audio 5004 UDP/TLS/RTP/SAVP 0\r\n"), mandatory));  // DTLS: not yet
}

TEST(Answer, BestEffortSrtpOnAvp) {
  LocalCapabilities optional = phone();
  optional.srtp = SrtpPolicy::kOptional;
  std::string avp(kSavp);
  avp.replace(avp.find("RTP/SAVP"), 8, "RTP/AVP");
  const auto secured = answer(sdp(avp), optional);
  ASSERT_TRUE(secured);
  EXPECT_TRUE(secured->negotiated.streams[0].srtp);
  EXPECT_FALSE(answer(sdp("m=audio 5004 RTP/AVP 0\r\n"), optional)->negotiated.streams[0].srtp);
}

TEST(Answer, AnswerParsesBackToItself) {
  const auto result =
      answer(sdp("m=audio 5004 RTP/AVP 96 0 101\r\na=rtpmap:96 opus/48000/2\r\n"
                 "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=mid:a\r\n"));
  ASSERT_TRUE(result);
  const auto reparsed = parse_session(print(result->description));
  ASSERT_TRUE(reparsed) << print(result->description);
  EXPECT_EQ(*reparsed, result->description);
  EXPECT_EQ(reparsed->media[0].mid, "a");
}

}  // namespace
}  // namespace sipline::sdp
