// MicroSIP's rules for incoming calls in the phone core (phone_core_incoming.cpp), on the
// virtual clock: answers on the caller's request, after a delay, for some numbers; the deny
// rules; forwarding with 302 and Diversion, at once or after ringing; autoHangUpTime; and who
// forwarded a call to us.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using namespace std::chrono_literals;

// Carol (the test, at 5070) calls Bob at 5062 with `headers` ("Name: value\r\n" …) added.
void carol_calls(test::Network& net, test::Endpoint& bob, const std::string& headers = "") {
  std::string invite = test::carol_request("INVITE", 1, "", "application/sdp", test::kCarolSdp);
  invite.insert(invite.find("Max-Forwards"), headers);
  net.deliver(bob, 5070, invite);
}

// The statuses Bob sent Carol since last asked, in order.
std::vector<int> statuses(test::Network& net) { return test::statuses_sent_to(net, 5070); }

TEST(AutoAnswerOnRequest, XAutoAnswerIsAnsweredAtOnceAndPlainCallsRing) {
  test::Network net;
  PhoneConfig config = test::phone("bob");
  config.auto_answer_on_request = true;
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  carol_calls(net, bob, "X-AUTOANSWER: true\r\n");
  EXPECT_EQ(statuses(net), (std::vector<int>{180, 200}));
  ASSERT_EQ(bob.core->calls().size(), 1U);
  EXPECT_TRUE(bob.events<event::AutoAnswerWaiting>().empty());  // no delay asked, none taken
}

TEST(AutoAnswerOnRequest, APlainCallRings) {
  test::Network net;
  PhoneConfig config = test::phone("bob");
  config.auto_answer_on_request = true;
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  carol_calls(net, bob, "Call-Info: <http://x/photo.jpg>;purpose=icon\r\n");
  net.advance(10min);
  EXPECT_EQ(statuses(net), (std::vector<int>{180}));
}

TEST(AutoAnswerOnRequest, AnswerAfterWaitsAsLongAsAsked) {
  test::Network net;
  PhoneConfig config = test::phone("bob");
  config.auto_answer_on_request = true;
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  carol_calls(net, bob, "Call-Info: <sip:pbx>;answer-after=3\r\n");
  ASSERT_EQ(bob.events<event::AutoAnswerWaiting>().size(), 1U);
  EXPECT_EQ(bob.events<event::AutoAnswerWaiting>()[0].delay, 3s);
  net.advance(2999ms);
  EXPECT_EQ(statuses(net), (std::vector<int>{180}));
  net.advance(1ms);
  EXPECT_EQ(statuses(net), (std::vector<int>{200}));
}

TEST(AutoAnswerDelay, EveryCallRingsSoLongFirstAndTheUserMayAnswerSooner) {
  test::Network net;
  PhoneConfig config = test::phone("bob");
  config.auto_answer = true;
  config.auto_answer_delay = 5s;
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  carol_calls(net, bob);
  net.advance(4999ms);
  EXPECT_EQ(statuses(net), (std::vector<int>{180}));
  net.advance(1ms);
  EXPECT_EQ(statuses(net), (std::vector<int>{200}));
  // The next call, answered by the user after a second: the timer then does nothing more.
  test::Network net2;
  test::Endpoint& bob2 = net2.add(config, 5062);
  ASSERT_TRUE(bob2.core->start(net2.now));
  carol_calls(net2, bob2);
  net2.advance(1s);
  ASSERT_TRUE(bob2.core->answer(std::nullopt, net2.now));
  net2.settle();
  net2.advance(10s);
  const auto sent = statuses(net2);  // 180, then the one 200 again and again until an ACK
  EXPECT_EQ(sent.front(), 180);
  EXPECT_TRUE(std::all_of(sent.begin() + 1, sent.end(), [](int status) { return status == 200; }));
  // The timer found the call answered: no second answer tried (it would fail, and say so).
  EXPECT_TRUE(bob2.events<event::AutoAnswerFailed>().empty());
}

TEST(AutoAnswerNumbers, OnlyCallersMatchingAPatternAreAnswered) {
  for (const auto& [patterns, answered] : std::vector<std::pair<std::vector<std::string>, bool>>{
           {{"alice", "car*"}, true}, {{"c?rol"}, true}, {{"bob*", "1??"}, false}}) {
    test::Network net;
    PhoneConfig config = test::phone("bob");
    config.auto_answer = true;
    config.auto_answer_numbers = patterns;
    test::Endpoint& bob = net.add(config, 5062);
    ASSERT_TRUE(bob.core->start(net.now));
    carol_calls(net, bob);
    const std::vector<int> expected = answered ? std::vector<int>{180, 200} : std::vector<int>{180};
    EXPECT_EQ(statuses(net), expected) << patterns.front();
  }
}

TEST(DenyRules, ACallForAnotherUserIsRefused486BeforeItRings) {
  test::Network net;
  PhoneConfig config = test::phone("bob");
  config.deny_incoming = DenyIncoming::kUser;
  config.auto_answer = true;  // refused all the same
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  std::string invite = test::carol_request("INVITE", 1, "", "application/sdp", test::kCarolSdp);
  invite.replace(invite.find("To: <sip:bob@"), 13, "To: <sip:eve@");
  net.deliver(bob, 5070, invite);
  EXPECT_EQ(statuses(net), (std::vector<int>{486}));
  ASSERT_EQ(bob.events<event::CallRejected>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallRejected>()[0].reason, "the call is for another user");
  EXPECT_TRUE(bob.ports.held.empty());
  // For Bob himself: it rings (and is answered).
  std::string second = test::carol_request("INVITE", 2, "", "application/sdp", test::kCarolSdp);
  second.replace(second.find("Call-ID: far-1"), 14, "Call-ID: far-2");
  net.deliver(bob, 5070, second);
  EXPECT_EQ(statuses(net), (std::vector<int>{180, 200}));
}

TEST(DenyRules, AllRefusesEveryCall) {
  test::Network net;
  PhoneConfig config = test::phone("bob");
  config.deny_incoming = DenyIncoming::kAll;
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  carol_calls(net, bob);
  EXPECT_EQ(statuses(net), (std::vector<int>{486}));
}

TEST(Forwarding, AtOnceA302WithContactAndDiversionAndNoPortTaken) {
  test::Network net;
  PhoneConfig config = test::phone("bob");
  config.forwarding = true;
  config.forward_to = "sip:dave@127.0.0.1:5080";
  config.auto_answer = true;  // forwarding goes first
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  carol_calls(net, bob);
  const auto sent = net.take_captured(5070);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].status_code(), 302);
  ASSERT_EQ(sent[0].contacts().size(), 1U);
  EXPECT_EQ(sent[0].contacts()[0].uri.text, "sip:dave@127.0.0.1:5080");
  EXPECT_EQ(sent[0].header("Diversion"), "<sip:bob@127.0.0.1:5062>;reason=unconditional;counter=1");
  const auto forwarded = bob.events<event::CallForwarded>();
  ASSERT_EQ(forwarded.size(), 1U);
  EXPECT_EQ(forwarded[0].target, "sip:dave@127.0.0.1:5080");
  EXPECT_FALSE(forwarded[0].after_ringing);
  EXPECT_TRUE(bob.ports.held.empty());
  EXPECT_TRUE(bob.media_started.empty());
}

TEST(Forwarding, AfterTheDelayAnUnansweredCallGoesOnWithNoAnswer) {
  test::Network net;
  PhoneConfig config = test::phone("bob");
  config.forwarding = true;
  config.forward_to = "sip:dave@127.0.0.1:5080";
  config.forward_delay = 10s;
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  carol_calls(net, bob);
  net.advance(9999ms);
  EXPECT_EQ(statuses(net), (std::vector<int>{180}));
  net.advance(1ms);
  const auto sent = net.take_captured(5070);
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].status_code(), 302);
  EXPECT_EQ(sent[0].header("Diversion"), "<sip:bob@127.0.0.1:5062>;reason=no-answer;counter=1");
  ASSERT_EQ(bob.events<event::CallForwarded>().size(), 1U);
  EXPECT_TRUE(bob.events<event::CallForwarded>()[0].after_ringing);
  net.advance(40s);
  EXPECT_TRUE(bob.core->calls().empty());
  EXPECT_TRUE(bob.ports.held.empty());  // the port reserved for it while it rang: given back
}

TEST(Forwarding, AnsweredBeforeTheDelayStaysHereAndTheButtonNeedsATarget) {
  test::Network net;
  PhoneConfig config = test::phone("bob");
  config.forward_to = "sip:dave@127.0.0.1:5080";
  config.forward_delay = 10s;
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  ASSERT_TRUE(bob.core->set_forwarding(true));  // the FWD button, pressed
  carol_calls(net, bob);
  net.advance(5s);
  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  net.advance(20s);
  const auto sent = statuses(net);
  EXPECT_EQ(std::ranges::count(sent, 302), 0);
  EXPECT_TRUE(bob.events<event::CallForwarded>().empty());
  test::Endpoint& nowhere = net.add(test::phone("eve"), 5063);  // no forwardingNumber
  ASSERT_TRUE(nowhere.core->start(net.now));
  EXPECT_FALSE(nowhere.core->set_forwarding(true));
  EXPECT_FALSE(nowhere.core->forwarding());
  PhoneConfig by_ip = test::phone("eve");
  by_ip.forwarding = true;
  by_ip.forward_to = "1003";  // a number needs an account's domain
  test::Endpoint& refused = net.add(by_ip, 5064);
  EXPECT_FALSE(refused.core->start(net.now));
}

TEST(ForwardedToUs, TheIncomingCallSaysByWhom) {
  test::Network net;
  test::Endpoint& bob = net.add(test::phone("bob"), 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  carol_calls(net, bob, "Diversion: <sip:alice@pbx.example.com>;reason=no-answer;counter=1\r\n");
  ASSERT_EQ(bob.events<event::CallIncoming>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallIncoming>()[0].forwarded_by,
            "sip:alice@pbx.example.com (no-answer)");
}

TEST(AutoHangUp, AConfirmedCallIsHungUpWhenItsTimeIsUp) {
  test::Network net;
  test::Endpoint& alice = net.add(test::phone("alice"), 5061);
  PhoneConfig config = test::phone("bob");
  config.auto_hang_up = 30s;
  test::Endpoint& bob = net.add(config, 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(bob.core->start(net.now));
  ASSERT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  net.advance(20s);  // ringing time does not count
  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  net.advance(29999ms);
  EXPECT_TRUE(net.requests(sip::Method::kBye).empty());
  net.advance(1ms);
  ASSERT_EQ(net.requests(sip::Method::kBye).size(), 1U);
  ASSERT_EQ(bob.events<event::CallTimeLimit>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallTimeLimit>()[0].limit, 30s);
  ASSERT_EQ(alice.events<event::CallEnded>().size(), 1U);
  EXPECT_TRUE(alice.events<event::CallEnded>()[0].by_peer);
}

}  // namespace
}  // namespace sipline::app
