// Incoming calls refused with 486 before they ring (phone_core_calls.cpp incoming_refusal): do
// not disturb, call waiting off while a call is up, and the call limit; each told as the call
// coming and then refused, so a hook or a log sees who tried.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using namespace std::chrono_literals;

// Carol (the test, at 5070) calls Bob; what Bob answered her, the last first.
std::vector<int> carol_calls(test::Network& net, test::Endpoint& bob, std::uint32_t seq = 1) {
  std::string invite = test::carol_request("INVITE", seq, "", "application/sdp", test::kCarolSdp);
  // Each of her calls its own Call-ID.
  invite.replace(invite.find("Call-ID: far-1"), 14, "Call-ID: far-" + std::to_string(seq));
  net.deliver(bob, 5070, invite);
  return test::statuses_sent_to(net, 5070);
}

TEST(DoNotDisturb, EveryCallIsRefused486BeforeItRingsAndToldAsComeAndRefused) {
  test::Network net;
  test::Endpoint& alice = net.add(test::phone("alice"), 5061);
  test::Endpoint& bob = net.add(test::phone("bob"), 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(bob.core->start(net.now));
  bob.core->set_do_not_disturb(true);
  ASSERT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  ASSERT_EQ(bob.events<event::CallIncoming>().size(), 1U);
  const auto refused = bob.events<event::CallRejected>();
  ASSERT_EQ(refused.size(), 1U);
  EXPECT_EQ(refused[0].status, 486);
  EXPECT_EQ(refused[0].reason, "do not disturb");
  ASSERT_EQ(alice.events<event::CallEnded>().size(), 1U);
  EXPECT_EQ(alice.events<event::CallEnded>()[0].status, 486);
  EXPECT_TRUE(alice.events<event::CallProgress>().empty());  // it never rang
  EXPECT_TRUE(bob.media_started.empty());
  EXPECT_TRUE(bob.ports.held.empty());  // no RTP port was taken for it
  net.advance(40s);
  EXPECT_TRUE(bob.core->calls().empty());
  // Off again: the next call rings.
  bob.core->set_do_not_disturb(false);
  ASSERT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  EXPECT_EQ(alice.events<event::CallProgress>().size(), 1U);
}

TEST(CallWaitingOff, ASecondCallWhileOneIsUpIsRefused) {
  test::Network net;
  test::Endpoint& alice = net.add(test::phone("alice"), 5061);
  PhoneConfig no_waiting = test::phone("bob");
  no_waiting.call_waiting = false;
  test::Endpoint& bob = net.add(no_waiting, 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(bob.core->start(net.now));
  ASSERT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  EXPECT_EQ(carol_calls(net, bob), (std::vector<int>{486}));
  const auto refused = bob.events<event::CallRejected>();
  ASSERT_EQ(refused.size(), 1U);
  EXPECT_EQ(refused[0].reason, "a call is up and call waiting is off (callWaiting=0)");
  EXPECT_EQ(refused[0].call.remote_uri, "sip:carol@127.0.0.1:5070");
  ASSERT_EQ(bob.core->calls().size(), 1U);  // Carol's is gone at once; Alice's goes on
  EXPECT_EQ(bob.core->calls().front().state, PhoneCallState::kConfirmed);
  EXPECT_EQ(bob.core->calls().front().call.remote_uri, "sip:alice@127.0.0.1:5061");
}

TEST(CallLimit, CallsBeyondTheLimitAreRefused) {
  test::Network net;
  PhoneConfig two = test::phone("bob");
  two.max_concurrent_calls = 2;
  test::Endpoint& bob = net.add(two, 5062);
  ASSERT_TRUE(bob.core->start(net.now));
  EXPECT_EQ(carol_calls(net, bob, 1), (std::vector<int>{180}));
  EXPECT_EQ(carol_calls(net, bob, 2), (std::vector<int>{180}));
  EXPECT_EQ(carol_calls(net, bob, 3), (std::vector<int>{486}));
  ASSERT_EQ(bob.events<event::CallRejected>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallRejected>()[0].reason,
            "as many calls as allowed are up (maxConcurrentCalls)");
}

}  // namespace
}  // namespace sipline::app
