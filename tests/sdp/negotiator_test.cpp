#include "sdp/negotiator.hpp"

#include <gtest/gtest.h>

#include "base/random.hpp"
#include "tests/sdp/support.hpp"

namespace sipline::sdp {
namespace {

using test::phone;
using test::sdp;

TEST(Negotiator, OfferThenAnswer) {
  SeededRandom random(1);
  Negotiator negotiator(phone(), random);
  EXPECT_EQ(negotiator.state(), Negotiator::State::kStable);
  const Session offer = negotiator.create_offer();
  EXPECT_EQ(negotiator.state(), Negotiator::State::kOfferSent);
  const auto negotiated = negotiator.receive_answer(sdp("m=audio 7078 RTP/AVP 0\r\n"));
  ASSERT_TRUE(negotiated);
  EXPECT_EQ(negotiator.state(), Negotiator::State::kStable);
  EXPECT_EQ(negotiator.negotiated(), *negotiated);
  EXPECT_EQ(negotiator.last_local(), offer);
}

TEST(Negotiator, VersionGoesUpOnlyWhenOurDescriptionChanges) {
  SeededRandom random(2);
  Negotiator negotiator(phone(), random);
  const Session offer = negotiator.create_offer();
  ASSERT_TRUE(negotiator.receive_answer(sdp("m=audio 7078 RTP/AVP 0\r\n")));
  const std::uint64_t first = offer.origin.session_version;
  // A re-offer from the peer that changes nothing of ours: same description, same version
  // (RFC 4317 §2.5).
  const auto same = negotiator.receive_offer(
      sdp("m=audio 7080 RTP/AVP 111 9 0 8 110 101\r\n"
          "a=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/48000\r\n"
          "a=rtpmap:101 telephone-event/8000\r\n"));
  ASSERT_TRUE(same);
  const std::uint64_t second = same->description.origin.session_version;
  EXPECT_EQ(same->description.origin.session_id, offer.origin.session_id);
  const auto again = negotiator.receive_offer(
      sdp("m=audio 7082 RTP/AVP 111 9 0 8 110 101\r\n"
          "a=rtpmap:111 opus/48000/2\r\na=rtpmap:110 telephone-event/48000\r\n"
          "a=rtpmap:101 telephone-event/8000\r\n"));
  ASSERT_TRUE(again);
  EXPECT_EQ(again->description.origin.session_version, second);
  // Hold changes our description: the version goes up by one.
  negotiator.set_hold(true);
  const Session hold = negotiator.create_offer();
  EXPECT_EQ(hold.origin.session_version, second + 1);
  EXPECT_EQ(hold.media[0].common.direction, Direction::kSendOnly);
  EXPECT_NE(first, 0U);
}

TEST(Negotiator, HoldAndResume) {
  SeededRandom random(3);
  Negotiator negotiator(phone(), random);
  (void)negotiator.create_offer();
  ASSERT_TRUE(negotiator.receive_answer(sdp("m=audio 7078 RTP/AVP 0\r\n")));
  negotiator.set_hold(true);
  (void)negotiator.create_offer();
  const auto held = negotiator.receive_answer(sdp("m=audio 7078 RTP/AVP 0\r\na=recvonly\r\n"));
  ASSERT_TRUE(held);
  EXPECT_EQ(held->streams[0].direction, Direction::kSendOnly);
  EXPECT_FALSE(held->streams[0].receives());
  negotiator.set_hold(false);
  const Session resume = negotiator.create_offer();
  EXPECT_EQ(resume.media[0].common.direction, Direction::kSendRecv);
  const auto resumed = negotiator.receive_answer(sdp("m=audio 7078 RTP/AVP 0\r\n"));
  EXPECT_EQ(resumed->streams[0].direction, Direction::kSendRecv);
}

TEST(Negotiator, HoldingACallThePeerHoldsOffersInactive) {
  SeededRandom random(5);
  Negotiator negotiator(phone(), random);
  ASSERT_TRUE(negotiator.receive_offer(sdp("m=audio 7078 RTP/AVP 0\r\na=sendonly\r\n")));
  EXPECT_TRUE(negotiator.peer_holds());
  negotiator.set_hold(true);
  EXPECT_EQ(negotiator.create_offer().media[0].common.direction, Direction::kInactive);
  const auto both = negotiator.receive_answer(sdp("m=audio 7078 RTP/AVP 0\r\na=inactive\r\n"));
  ASSERT_TRUE(both);
  EXPECT_FALSE(both->streams[0].sends());
  // The peer resumes while we still hold: our answer is sendonly, not inactive.
  const auto resumed = negotiator.receive_offer(sdp("m=audio 7078 RTP/AVP 0\r\n"));
  ASSERT_TRUE(resumed);
  EXPECT_EQ(resumed->negotiated.streams[0].direction, Direction::kSendOnly);
  EXPECT_FALSE(negotiator.peer_holds());
}

TEST(Negotiator, PeerHoldIsAnsweredRecvOnly) {
  SeededRandom random(4);
  Negotiator negotiator(phone(), random);
  const auto answer = negotiator.receive_offer(sdp("m=audio 7078 RTP/AVP 0\r\na=sendonly\r\n"));
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->negotiated.streams[0].direction, Direction::kRecvOnly);
}

TEST(Negotiator, GlareAndStrayAnswersFailWithBadState) {
  SeededRandom random(5);
  Negotiator negotiator(phone(), random);
  EXPECT_EQ(negotiator.receive_answer(sdp("m=audio 7078 RTP/AVP 0\r\n")).error().code,
            Errc::kBadState);
  (void)negotiator.create_offer();
  EXPECT_EQ(negotiator.receive_offer(sdp("m=audio 7078 RTP/AVP 0\r\n")).error().code,
            Errc::kBadState);
  negotiator.cancel_offer();
  EXPECT_EQ(negotiator.state(), Negotiator::State::kStable);
  EXPECT_TRUE(negotiator.receive_offer(sdp("m=audio 7078 RTP/AVP 0\r\n")));
}

TEST(Negotiator, ABadAnswerKeepsTheOfferPending) {
  SeededRandom random(6);
  Negotiator negotiator(phone(), random);
  (void)negotiator.create_offer();
  EXPECT_FALSE(negotiator.receive_answer(sdp("m=audio 7078 RTP/AVP 18\r\n")));
  EXPECT_EQ(negotiator.state(), Negotiator::State::kOfferSent);
  EXPECT_TRUE(negotiator.receive_answer(sdp("m=audio 7078 RTP/AVP 0\r\n")));
}

TEST(Negotiator, ReofferMayNotDropStreams) {
  SeededRandom random(7);
  Negotiator negotiator(phone(), random);
  ASSERT_TRUE(
      negotiator.receive_offer(sdp("m=audio 7078 RTP/AVP 0\r\nm=video 7080 RTP/AVP 31\r\n")));
  EXPECT_FALSE(negotiator.receive_offer(sdp("m=audio 7078 RTP/AVP 0\r\n")));
}

TEST(Negotiator, SrtpKeysSurviveReInvites) {
  SeededRandom random(8);
  LocalCapabilities local = phone();
  local.srtp = SrtpPolicy::kMandatory;
  Negotiator negotiator(local, random);
  const std::string savp =
      "m=audio 7078 RTP/SAVP 0\r\na=crypto:1 AES_CM_128_HMAC_SHA1_80 "
      "inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR\r\n";
  const auto first = negotiator.receive_offer(sdp(savp));
  ASSERT_TRUE(first);
  const auto second = negotiator.receive_offer(sdp(savp));
  ASSERT_TRUE(second);
  EXPECT_EQ(first->negotiated.streams[0].srtp->local_key_salt,
            second->negotiated.streams[0].srtp->local_key_salt);
  EXPECT_EQ(first->description.origin.session_version, second->description.origin.session_version);
}

}  // namespace
}  // namespace sipline::sdp
