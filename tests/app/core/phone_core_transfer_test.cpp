// Call transfer in the phone core (phone_core_transfer.cpp, RFC 3515, RFC 3891), three phones on
// the virtual network: Alice (5061) transfers Bob (5062) to Carol (5063), blind and attended.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using namespace std::chrono_literals;

struct ThreePhones : ::testing::Test {
  ThreePhones() {
    for (test::Endpoint* endpoint : {&alice, &bob, &carol}) {
      EXPECT_TRUE(endpoint->core->start(net.now));
    }
  }
  // Alice calls `callee` and it answers: the call's id on Alice's side.
  sip::CallId alice_talks_to(test::Endpoint& callee, std::uint16_t port) {
    const auto id = alice.core->dial(fmt::format("sip:x@127.0.0.1:{}", port), net.now);
    EXPECT_TRUE(id);
    net.settle();
    EXPECT_TRUE(callee.core->answer(std::nullopt, net.now));
    net.settle();
    return id.value_or(0);
  }
  [[nodiscard]] static std::vector<CallInfo> calls(const test::Endpoint& endpoint) {
    return endpoint.core->calls();
  }

  test::Network net;
  test::Endpoint& alice = net.add(test::phone("alice"), 5061);
  test::Endpoint& bob = net.add(test::phone("bob"), 5062);
  test::Endpoint& carol = net.add(test::phone("carol"), 5063);
};

TEST_F(ThreePhones, BlindTransferBobCallsCarolAndAliceHangsUpWhenCarolAnswers) {
  const sip::CallId to_bob = alice_talks_to(bob, 5062);
  ASSERT_TRUE(alice.core->transfer(to_bob, "sip:carol@127.0.0.1:5063", net.now));
  net.settle();
  const auto refers = net.requests(sip::Method::kRefer);
  ASSERT_EQ(refers.size(), 1U);
  const sip::Message& refer = refers[0];
  EXPECT_EQ(refer.header("Refer-To"), "<sip:carol@127.0.0.1:5063>");
  EXPECT_EQ(refer.header("Referred-By"), "<sip:alice@127.0.0.1:5061>");
  // Bob calls Carol, with Referred-By; Carol rings, and Alice hears of it.
  const auto referred = bob.events<event::CallReferred>();
  ASSERT_EQ(referred.size(), 1U);
  EXPECT_EQ(referred[0].target, "sip:carol@127.0.0.1:5063");
  ASSERT_NE(referred[0].next, 0U);
  const auto invites = net.requests(sip::Method::kInvite);
  const sip::Message& to_carol = invites.back();
  EXPECT_EQ(to_carol.header("Referred-By"), "<sip:alice@127.0.0.1:5061>");
  ASSERT_EQ(carol.events<event::CallIncoming>().size(), 1U);
  const auto progress = alice.events<event::CallTransferProgress>();
  ASSERT_EQ(progress.size(), 2U);  // 100 Trying at once, then 180 Ringing
  EXPECT_EQ(progress[0].status, 100);
  EXPECT_EQ(progress[1].status, 180);
  EXPECT_FALSE(progress[1].final);
  EXPECT_EQ(calls(alice).size(), 1U);  // still up while Carol rings
  ASSERT_TRUE(carol.core->answer(std::nullopt, net.now));
  net.settle();
  const auto done = alice.events<event::CallTransferProgress>();
  ASSERT_EQ(done.size(), 3U);
  EXPECT_EQ(done[2].status, 200);
  EXPECT_TRUE(done[2].final);
  EXPECT_TRUE(calls(alice).empty());  // Alice hung up her call with Bob
  ASSERT_EQ(calls(bob).size(), 1U);   // Bob talks to Carol
  EXPECT_EQ(calls(bob)[0].call.remote_uri, "sip:carol@127.0.0.1:5063");
  EXPECT_EQ(calls(bob)[0].state, PhoneCallState::kConfirmed);
  EXPECT_EQ(calls(carol).size(), 1U);
  const auto notifies = net.requests(sip::Method::kNotify);
  ASSERT_EQ(notifies.size(), 3U);
  EXPECT_EQ(notifies[2].body(), "SIP/2.0 200 OK\r\n");
  EXPECT_EQ(notifies[2].header("Subscription-State"), "terminated;reason=noresource");
  EXPECT_EQ(notifies[0].header("Content-Type"), "message/sipfrag;version=2.0");
}

TEST_F(ThreePhones, AFailedTransferLeavesTheCallUp) {
  const sip::CallId to_bob = alice_talks_to(bob, 5062);
  carol.core->set_do_not_disturb(true);  // Carol refuses: 486
  ASSERT_TRUE(alice.core->transfer(to_bob, "sip:carol@127.0.0.1:5063", net.now));
  net.settle();
  const auto progress = alice.events<event::CallTransferProgress>();
  ASSERT_FALSE(progress.empty());
  EXPECT_EQ(progress.back().status, 486);
  EXPECT_TRUE(progress.back().final);
  ASSERT_EQ(calls(alice).size(), 1U);  // Alice still has Bob
  EXPECT_EQ(calls(alice)[0].state, PhoneCallState::kConfirmed);
  ASSERT_EQ(calls(bob).size(), 1U);  // Bob's call with Alice goes on
  // A second transfer may go now that the first is over.
  ASSERT_TRUE(alice.core->transfer(to_bob, "sip:carol@127.0.0.1:5063", net.now));
}

TEST_F(ThreePhones, AttendedTransferCarolsCallIsReplacedByBobs) {
  const sip::CallId to_bob = alice_talks_to(bob, 5062);
  ASSERT_TRUE(alice.core->hold(to_bob, net.now));
  net.settle();
  const sip::CallId to_carol = alice_talks_to(carol, 5063);
  ASSERT_TRUE(alice.core->attended_transfer(to_bob, to_carol, net.now));
  net.settle();
  const auto refers = net.requests(sip::Method::kRefer);
  ASSERT_EQ(refers.size(), 1U);
  const sip::Message& refer = refers[0];
  EXPECT_NE(refer.header("Refer-To")->find("?Replaces="), std::string_view::npos);
  // Bob's INVITE to Carol names Alice's call with Carol in Replaces: Carol answers at once and
  // hangs that call up.
  const auto invites = net.requests(sip::Method::kInvite);
  const sip::Message& invite = invites.back();
  ASSERT_TRUE(invite.header("Replaces"));
  const auto replaced = carol.events<event::CallReplaced>();
  ASSERT_EQ(replaced.size(), 1U);
  EXPECT_EQ(carol.events<event::CallConfirmed>().size(), 2U);
  EXPECT_TRUE(calls(alice).empty());  // both of Alice's calls are over
  ASSERT_EQ(calls(bob).size(), 1U);
  EXPECT_EQ(calls(bob)[0].call.remote_uri, "sip:x@127.0.0.1:5063");
  ASSERT_EQ(calls(carol).size(), 1U);
  EXPECT_EQ(calls(carol)[0].call.remote_uri, "sip:bob@127.0.0.1:5062");
}

TEST_F(ThreePhones, ReplacesNamingNoCallOfOursIsRefused481AndTransferNeedsAConfirmedCall) {
  EXPECT_FALSE(alice.core->transfer(std::nullopt, "sip:carol@127.0.0.1:5063", net.now));
  std::string invite = test::carol_request("INVITE", 1, "", "application/sdp", test::kCarolSdp);
  invite.insert(invite.find("Max-Forwards"), "Replaces: nope;to-tag=a;from-tag=b\r\n");
  net.deliver(bob, 5070, invite);
  const auto answers = net.take_captured(5070);
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].status_code(), 481);
  EXPECT_TRUE(bob.events<event::CallIncoming>().empty());
}

// The local conference (phone_core_conference.cpp): Alice joins her calls with Bob and Carol;
// the held one is resumed; when Carol hangs up, Bob's call is a plain call again.
TEST_F(ThreePhones, AConferenceJoinsTheCallsAndEndsWhenOneIsLeft) {
  const sip::CallId to_bob = alice_talks_to(bob, 5062);
  ASSERT_TRUE(alice.core->hold(to_bob, net.now));
  net.settle();
  const sip::CallId to_carol = alice_talks_to(carol, 5063);
  const std::vector<sip::CallId> one{to_bob};
  EXPECT_FALSE(alice.core->conference(one, net.now));  // two or more
  const std::vector<sip::CallId> both{to_bob, to_carol};
  ASSERT_TRUE(alice.core->conference(both, net.now));
  net.settle();
  const auto changed = alice.events<event::ConferenceChanged>();
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].members, both);
  for (const CallInfo& call : calls(alice)) {
    EXPECT_FALSE(call.held) << call.call.id;  // Bob's call was taken off hold
  }
  // Alice resumes or answers nothing: a member talking keeps the others (no hold re-INVITE).
  const auto invites_before = net.requests(sip::Method::kInvite).size();
  ASSERT_TRUE(carol.core->hangup(std::nullopt, net.now));
  net.settle();
  const auto after = alice.events<event::ConferenceChanged>();
  ASSERT_EQ(after.size(), 2U);
  EXPECT_TRUE(after[1].members.empty());  // Bob alone: no conference
  EXPECT_EQ(net.requests(sip::Method::kInvite).size(), invites_before);
  EXPECT_FALSE(alice.core->conference({}, net.now));  // nothing to end now
}

}  // namespace
}  // namespace sipline::app
