// Offers inside calls, through the phone core on a virtual network and clock: hold and resume
// both ways (RFC 3264 §8.4), a peer's re-INVITE moving the media, refusals and crossed offers,
// and two calls where only one talks.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using test::Endpoint;
using test::Network;
using test::phone;
using test::response_to;

// A far end's SDP at `address`:`port`, with an optional direction attribute.
std::string far_sdp(std::uint16_t port, std::string_view direction = "",
                    std::string_view address = "127.0.0.1", int version = 7) {
  return fmt::format(
      "v=0\r\no=- 7 {} IN IP4 {}\r\ns=-\r\nc=IN IP4 {}\r\nt=0 0\r\nm=audio {} RTP/AVP 0\r\n{}",
      version, address, address, port,
      direction.empty() ? std::string() : fmt::format("a={}\r\n", direction));
}

sdp::Direction direction_of(const media_command::Update& update) { return update.stream.direction; }

// Two phones in a call, Alice calling Bob.
using TwoPhones = test::AliceTalksToBob;

TEST_F(TwoPhones, HoldAndResumeAreMirroredOnBothSides) {
  ASSERT_TRUE(alice.core->hold(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(alice.events<event::CallHeld>().size(), 1U);
  EXPECT_FALSE(alice.events<event::CallHeld>()[0].by_peer);
  ASSERT_EQ(bob.events<event::CallHeld>().size(), 1U);
  EXPECT_TRUE(bob.events<event::CallHeld>()[0].by_peer);
  // Alice sends (silence: held) and plays nothing; Bob receives only (§8.4: sendonly → recvonly).
  ASSERT_EQ(alice.media_updated.size(), 1U);
  EXPECT_EQ(direction_of(alice.media_updated[0]), sdp::Direction::kSendOnly);
  EXPECT_TRUE(alice.media_updated[0].held);
  ASSERT_EQ(bob.media_updated.size(), 1U);
  EXPECT_EQ(direction_of(bob.media_updated[0]), sdp::Direction::kRecvOnly);
  EXPECT_FALSE(bob.media_updated[0].held);
  EXPECT_TRUE(alice.core->calls()[0].held);
  EXPECT_TRUE(bob.core->calls()[0].held_by_peer);
  EXPECT_FALSE(alice.core->hold(std::nullopt, net.now));  // nothing left to hold

  // Bob holds too: both inactive (he offers inactive, as Alice holds him already).
  ASSERT_TRUE(bob.core->hold(std::nullopt, net.now));
  net.settle();
  EXPECT_EQ(direction_of(bob.media_updated.back()), sdp::Direction::kInactive);
  EXPECT_EQ(direction_of(alice.media_updated.back()), sdp::Direction::kInactive);
  EXPECT_EQ(alice.events<event::CallHeld>().size(), 2U);  // now held by the peer as well

  // Alice resumes while Bob still holds: his answer is sendonly, so she receives only.
  ASSERT_TRUE(alice.core->resume(std::nullopt, net.now));
  net.settle();
  EXPECT_EQ(direction_of(alice.media_updated.back()), sdp::Direction::kRecvOnly);
  EXPECT_FALSE(alice.media_updated.back().held);
  ASSERT_TRUE(bob.core->resume(std::nullopt, net.now));
  net.settle();
  EXPECT_EQ(direction_of(alice.media_updated.back()), sdp::Direction::kSendRecv);
  EXPECT_EQ(direction_of(bob.media_updated.back()), sdp::Direction::kSendRecv);
  EXPECT_EQ(alice.events<event::CallResumed>().size(), 2U);
  EXPECT_EQ(bob.events<event::CallResumed>().size(), 2U);
  EXPECT_TRUE(alice.events<event::CallMediaChanged>().empty());
  EXPECT_FALSE(alice.core->calls()[0].held);
  EXPECT_FALSE(alice.core->calls()[0].held_by_peer);
  EXPECT_TRUE(alice.events<event::CallEnded>().empty());
}

TEST_F(TwoPhones, AnsweringASecondCallHoldsTheFirst) {
  Endpoint& carol = net.add(phone("carol"), 5063);
  ASSERT_TRUE(carol.core->start(net.now));
  ASSERT_TRUE(carol.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(bob.core->calls().size(), 2U);
  EXPECT_TRUE(bob.core->calls()[0].held);  // Alice's call
  EXPECT_FALSE(bob.core->calls()[1].held);
  EXPECT_TRUE(alice.core->calls()[0].held_by_peer);
  // Resuming Alice's call holds Carol's: the microphone goes to one call.
  ASSERT_TRUE(bob.core->resume(bob.core->calls()[0].call.id, net.now));
  net.settle();
  EXPECT_FALSE(bob.core->calls()[0].held);
  EXPECT_TRUE(bob.core->calls()[1].held);
  EXPECT_FALSE(alice.core->calls()[0].held_by_peer);
  EXPECT_TRUE(carol.core->calls()[0].held_by_peer);
}

// [Settings] midCallOffers=update: hold and resume go by UPDATE (RFC 3311) to a peer whose 2xx
// allowed it, with the same result as by re-INVITE.
TEST(UpdateOffers, HoldAndResumeGoByUpdateWhenAsked) {
  Network net;
  PhoneConfig by_update = phone("alice");
  by_update.mid_call_offers = sip::OfferMethod::kUpdate;
  Endpoint& alice = net.add(by_update, 5061);
  Endpoint& bob = net.add(phone("bob"), 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(bob.core->start(net.now));
  ASSERT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  ASSERT_TRUE(alice.core->hold(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(bob.events<event::CallHeld>().size(), 1U);
  EXPECT_EQ(direction_of(bob.media_updated.at(0)), sdp::Direction::kRecvOnly);
  ASSERT_TRUE(alice.core->resume(std::nullopt, net.now));
  net.settle();
  EXPECT_EQ(bob.events<event::CallResumed>().size(), 1U);
  EXPECT_EQ(direction_of(alice.media_updated.back()), sdp::Direction::kSendRecv);
  const auto updates = net.requests(sip::Method::kUpdate);
  ASSERT_EQ(updates.size(), 2U);
  EXPECT_NE(updates[0].body().find("a=sendonly"), std::string_view::npos);
  EXPECT_NE(updates[1].body().find("a=sendrecv"), std::string_view::npos);
  EXPECT_EQ(net.requests(sip::Method::kInvite).size(), 1U);   // the call's own, no re-INVITE
  EXPECT_TRUE(net.requests(sip::Method::kAck).size() == 1U);  // none for an UPDATE
}

// Auto-answer takes each call as it comes and holds none: SIPp's uac, an intercom or an
// answering machine overlap calls that must all go on talking.
TEST(AutoAnswer, ASecondCallAnsweredAutomaticallyHoldsNothing) {
  Network net;
  PhoneConfig answering = phone("bob");
  answering.auto_answer = true;
  Endpoint& bob = net.add(answering, 5062);
  Endpoint& alice = net.add(phone("alice"), 5061);
  Endpoint& carol = net.add(phone("carol"), 5063);
  for (Endpoint* endpoint : {&bob, &alice, &carol}) {
    ASSERT_TRUE(endpoint->core->start(net.now));
  }
  ASSERT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  ASSERT_TRUE(carol.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  ASSERT_EQ(bob.events<event::CallConfirmed>().size(), 2U);
  EXPECT_TRUE(bob.events<event::CallHeld>().empty());
  EXPECT_TRUE(alice.events<event::CallHeld>().empty());
  EXPECT_FALSE(bob.core->calls()[0].held);
}

// Bob in a call with Carol, a far end the test plays at 127.0.0.1:5070.
struct WithFarEnd : ::testing::Test {
  WithFarEnd() {
    EXPECT_TRUE(bob.core->start(net.now));
    net.deliver(bob, 5070, request("INVITE", far_sdp(4000), ""));
    EXPECT_TRUE(bob.core->answer(std::nullopt, net.now));
    net.settle();
    const auto sent = net.take_captured(5070);
    EXPECT_EQ(sent.back().status_code(), 200);
    bob_tag = std::string(sent.back().to()->tag);
    net.deliver(bob, 5070, request("ACK", "", bob_tag, cseq));
    EXPECT_EQ(bob.events<event::CallConfirmed>().size(), 1U);
  }
  // Carol's request in the call (a new CSeq unless `seq` is given).
  std::string request(std::string_view method, const std::string& body, const std::string& tag,
                      std::uint32_t seq = 0) {
    if (seq == 0) {
      seq = ++cseq;
    }
    return test::carol_request(method, seq, tag, body.empty() ? "" : "application/sdp", body);
  }
  Network net;
  Endpoint& bob = net.add(phone("bob"), 5062);
  std::string bob_tag;     // his tag in the call
  std::uint32_t cseq = 0;  // Carol's last
};

TEST_F(WithFarEnd, AReinviteToANewAddressMovesTheMediaAtOnce) {
  ASSERT_EQ(bob.media_started.size(), 1U);
  net.deliver(bob, 5070, request("INVITE", far_sdp(4100, "", "127.0.0.2", 8), bob_tag));
  const auto sent = net.take_captured(5070);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back().status_code(), 200);
  EXPECT_NE(sent.back().body().find("a=sendrecv"), std::string_view::npos);
  ASSERT_EQ(bob.media_updated.size(), 1U);
  EXPECT_EQ(bob.media_updated[0].stream.remote_address, "127.0.0.2");
  EXPECT_EQ(bob.media_updated[0].stream.remote_rtp_port, 4100);
  ASSERT_EQ(bob.events<event::CallMediaChanged>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallMediaChanged>()[0].remote, "127.0.0.2:4100");
  net.deliver(bob, 5070, request("ACK", "", bob_tag, cseq));
  // Her hold by UPDATE (RFC 3311): answered recvonly, without an ACK.
  net.deliver(bob, 5070, request("UPDATE", far_sdp(4100, "sendonly", "127.0.0.2", 9), bob_tag));
  const auto updated = net.take_captured(5070);
  ASSERT_FALSE(updated.empty());
  EXPECT_EQ(updated.back().status_code(), 200);
  EXPECT_NE(updated.back().body().find("a=recvonly"), std::string_view::npos);
  ASSERT_EQ(bob.events<event::CallHeld>().size(), 1U);
  EXPECT_TRUE(bob.events<event::CallHeld>()[0].by_peer);
  EXPECT_EQ(direction_of(bob.media_updated.back()), sdp::Direction::kRecvOnly);
}

TEST_F(WithFarEnd, AnUnusableReofferIsRefused488AndTheCallGoesOn) {
  net.deliver(bob, 5070,
              request("INVITE",
                      "v=0\r\no=- 7 8 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                      "m=audio 4000 RTP/AVP 99\r\na=rtpmap:99 nothing/8000\r\n",
                      bob_tag));
  const auto sent = net.take_captured(5070);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back().status_code(), 488);
  ASSERT_EQ(bob.events<event::CallOfferRefused>().size(), 1U);
  EXPECT_TRUE(bob.media_updated.empty());
  EXPECT_TRUE(bob.events<event::CallEnded>().empty());
}

TEST_F(WithFarEnd, AHoldRefusedOrCrossedLeavesTheCallAsItWas) {
  ASSERT_TRUE(bob.core->hold(std::nullopt, net.now));
  net.settle();
  auto sent = net.take_captured(5070);
  ASSERT_EQ(sent.size(), 1U);
  const sip::Message reinvite = sent[0];
  EXPECT_EQ(reinvite.method(), sip::Method::kInvite);
  EXPECT_NE(reinvite.body().find("a=sendonly"), std::string_view::npos);
  // Her own re-INVITE crosses ours: 491 (RFC 3261 §14.2), and ours gets 491 from her.
  net.deliver(bob, 5070, request("INVITE", far_sdp(4000, "sendonly", "127.0.0.1", 8), bob_tag));
  sent = net.take_captured(5070);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back().status_code(), 491);
  net.deliver(bob, 5070, response_to(reinvite, 491));
  ASSERT_EQ(bob.events<event::CallOfferRefused>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallOfferRefused>()[0].status, 491);
  EXPECT_FALSE(bob.core->calls()[0].held);
  EXPECT_TRUE(bob.events<event::CallHeld>().empty());
  sent = net.take_captured(5070);  // the ACK to the 491
  // §14.1: after 0–2 s (Carol called: she owns the Call-ID) the hold goes again by itself; a
  // 488 to it changes nothing either.
  net.advance(2 * test::kSecond);
  std::vector<sip::Message> invites;  // (our 491 to her is resent meanwhile: she sent no ACK)
  for (sip::Message& message : net.take_captured(5070)) {
    if (message.is_request() && message.method() == sip::Method::kInvite) {
      invites.push_back(std::move(message));
    }
  }
  ASSERT_FALSE(invites.empty());  // one re-INVITE (resent by its transaction until answered)
  for (const sip::Message& invite : invites) {
    EXPECT_EQ(invite.vias()[0].branch, invites[0].vias()[0].branch);
  }
  EXPECT_GT(invites[0].cseq()->number, reinvite.cseq()->number);
  EXPECT_NE(invites[0].body().find("a=sendonly"), std::string_view::npos);
  net.deliver(bob, 5070, response_to(invites[0], 488));
  EXPECT_EQ(bob.events<event::CallOfferRefused>().size(), 2U);
  EXPECT_FALSE(bob.core->calls()[0].held);
  EXPECT_TRUE(bob.media_updated.empty());
  // Her re-INVITE is welcome now.
  net.deliver(bob, 5070, request("INVITE", far_sdp(4000, "sendonly", "127.0.0.1", 8), bob_tag));
  sent = net.take_captured(5070);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back().status_code(), 200);
  EXPECT_TRUE(bob.core->calls()[0].held_by_peer);
}

TEST_F(WithFarEnd, AReinviteWithoutAnOfferGetsOursAndTheAckAnswers) {
  net.deliver(bob, 5070, request("INVITE", "", bob_tag));
  auto sent = net.take_captured(5070);
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent.back().status_code(), 200);
  EXPECT_NE(sent.back().body().find("a=sendrecv"), std::string_view::npos);
  net.deliver(bob, 5070, request("ACK", far_sdp(4200, "", "127.0.0.1", 8), bob_tag, cseq));
  ASSERT_EQ(bob.media_updated.size(), 1U);
  EXPECT_EQ(bob.media_updated[0].stream.remote_rtp_port, 4200);
  EXPECT_TRUE(bob.events<event::CallEnded>().empty());
}

}  // namespace
}  // namespace sipline::app
