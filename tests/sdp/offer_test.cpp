#include "sdp/offer.hpp"

#include <gtest/gtest.h>

#include "base/random.hpp"
#include "sdp/printer.hpp"
#include "tests/sdp/support.hpp"

namespace sipline::sdp {
namespace {

using test::phone;
using test::sdp;

Session offer_of(const LocalCapabilities& local, Direction direction = Direction::kSendRecv) {
  SeededRandom random(11);
  return make_offer(local, Origin{}, direction, random);
}

TEST(Offer, EveryCodecWithItsPayloadType) {
  const Session offer = offer_of(phone());
  ASSERT_EQ(offer.media.size(), 1U);
  const Media& audio = offer.media[0];
  EXPECT_EQ(audio.proto, "RTP/AVP");
  EXPECT_EQ(audio.port, 40000);
  EXPECT_EQ(audio.formats, (std::vector<std::string>{"111", "9", "0", "8", "110", "101"}));
  EXPECT_EQ(audio.rtpmap(111)->channels, 2);
  EXPECT_EQ(audio.fmtp("111")->parameters, "useinbandfec=1");
  EXPECT_EQ(audio.ptime, 20U);
  EXPECT_TRUE(audio.rtcp_mux);
  EXPECT_EQ(audio.common.direction, Direction::kSendRecv);
  EXPECT_EQ(offer.connection->address, "192.0.2.10");
  EXPECT_TRUE(parse_session(print(offer)));
}

TEST(Offer, DynamicTypesAreAssignedWithoutCollisions) {
  LocalCapabilities local = phone();
  local.media[0].codecs = {CodecSpec{"opus", 48000, 2, "", {}},
                           CodecSpec{"speex", 16000, 1, "", 96}, CodecSpec{"L16", 8000, 1, "", {}},
                           CodecSpec{"PCMU", 8000, 1, "", 0}};
  const Session offer = offer_of(local);
  EXPECT_EQ(offer.media[0].formats, (std::vector<std::string>{"97", "96", "98", "0"}));
}

TEST(Offer, SrtpOffersEverySuiteWithFreshKeys) {
  LocalCapabilities local = phone();
  local.srtp = SrtpPolicy::kMandatory;
  const Session offer = offer_of(local);
  EXPECT_EQ(offer.media[0].proto, "RTP/SAVP");
  ASSERT_EQ(offer.media[0].cryptos.size(), 2U);
  EXPECT_EQ(offer.media[0].cryptos[0].tag, 1U);
  EXPECT_EQ(offer.media[0].cryptos[1].suite, SrtpSuite::kAesCm128HmacSha1_32);
  EXPECT_NE(offer.media[0].cryptos[0].keys[0].key_salt, offer.media[0].cryptos[1].keys[0].key_salt);
  local.srtp = SrtpPolicy::kOptional;
  EXPECT_EQ(offer_of(local).media[0].proto, "RTP/AVP");  // best effort: crypto on RTP/AVP
  EXPECT_EQ(offer_of(local).media[0].cryptos.size(), 2U);
}

TEST(Offer, TakingTheAnswer) {
  const Session offer = offer_of(phone());
  const auto negotiated = accept_answer(
      offer,
      sdp("m=audio 7078 RTP/AVP 8 101\r\na=rtpmap:101 telephone-event/8000\r\na=recvonly\r\n"),
      phone());
  ASSERT_TRUE(negotiated) << fmt::format("{}", negotiated.error());
  const NegotiatedStream& stream = negotiated->streams[0];
  EXPECT_TRUE(stream.active);
  EXPECT_EQ(stream.remote_address, "198.51.100.7");
  EXPECT_EQ(stream.remote_rtp_port, 7078);
  EXPECT_EQ(stream.codecs.size(), 1U);
  EXPECT_EQ(stream.codecs[0].name, "PCMA");
  EXPECT_EQ(stream.telephone_event->receive_pt, 101);
  EXPECT_EQ(stream.direction, Direction::kSendOnly);  // the peer only receives
  EXPECT_FALSE(stream.rtcp_mux);                      // not answered
}

TEST(Offer, BadAnswersAreRefused) {
  const Session offer = offer_of(phone());
  EXPECT_EQ(accept_answer(offer, sdp(""), phone()).error().reason,
            "answer has another number of streams");
  EXPECT_EQ(accept_answer(offer, sdp("m=audio 7078 RTP/AVP 18\r\n"), phone()).error().code,
            Errc::kUnsupported);
  EXPECT_FALSE(accept_answer(offer, sdp("m=video 7078 RTP/AVP 0\r\n"), phone()));
  // A rejected stream in the answer is fine: the stream is simply not active.
  const auto rejected = accept_answer(offer, sdp("m=audio 0 RTP/AVP 0\r\n"), phone());
  ASSERT_TRUE(rejected);
  EXPECT_FALSE(rejected->streams[0].active);
}

TEST(Offer, SecureAnswerMustCarryAnOfferedCrypto) {
  LocalCapabilities local = phone();
  local.srtp = SrtpPolicy::kMandatory;
  const Session offer = offer_of(local);
  EXPECT_FALSE(accept_answer(offer, sdp("m=audio 7078 RTP/SAVP 0\r\n"), local));
  EXPECT_FALSE(accept_answer(offer,
                             sdp("m=audio 7078 RTP/SAVP 0\r\na=crypto:9 AES_CM_128_HMAC_SHA1_80 "
                                 "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n"),
                             local));
  const auto good =
      accept_answer(offer,
                    sdp("m=audio 7078 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 "
                        "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n"),
                    local);
  ASSERT_TRUE(good);
  EXPECT_EQ(good->streams[0].srtp->local_key_salt, offer.media[0].cryptos[0].keys[0].key_salt);
}

TEST(Offer, ReofferKeepsStreamsAndKeysAndChangesDirection) {
  LocalCapabilities local = phone();
  local.srtp = SrtpPolicy::kMandatory;
  Session previous = offer_of(local);
  previous.media.push_back(Media{});
  previous.media.back().media = "video";
  previous.media.back().proto = "RTP/AVP";
  previous.media.back().formats = {"31"};
  const Session reoffer = make_reoffer(previous, local, Origin{}, Direction::kSendOnly);
  ASSERT_EQ(reoffer.media.size(), 2U);
  EXPECT_EQ(reoffer.media[0].common.direction, Direction::kSendOnly);
  EXPECT_EQ(reoffer.media[0].cryptos, previous.media[0].cryptos);
  EXPECT_EQ(reoffer.media[1].port, 0);
  EXPECT_FALSE(reoffer.media[1].common.direction);
}

}  // namespace
}  // namespace sipline::sdp
