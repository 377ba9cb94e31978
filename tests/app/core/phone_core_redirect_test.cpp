// As the caller, a 3xx followed (phone_core_incoming.cpp follow_redirect, RFC 3261 §8.1.3.4):
// a new call to the best Contact, told as the old call redirected into it; never to an address
// tried already (a loop), nor more than five times in a row.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using namespace std::chrono_literals;

TEST(Redirect, A302FromAForwardingPhoneIsFollowedToItsTarget) {
  test::Network net;
  test::Endpoint& alice = net.add(test::phone("alice"), 5061);
  PhoneConfig forwarding = test::phone("bob");
  forwarding.forwarding = true;
  forwarding.forward_to = "sip:dave@127.0.0.1:5063";
  test::Endpoint& bob = net.add(forwarding, 5062);
  test::Endpoint& dave = net.add(test::phone("dave"), 5063);
  for (test::Endpoint* endpoint : {&alice, &bob, &dave}) {
    ASSERT_TRUE(endpoint->core->start(net.now));
  }
  const auto first = alice.core->dial("sip:bob@127.0.0.1:5062", net.now);
  ASSERT_TRUE(first);
  net.settle();
  const auto redirected = alice.events<event::CallRedirected>();
  ASSERT_EQ(redirected.size(), 1U);
  EXPECT_EQ(redirected[0].call.id, *first);
  EXPECT_EQ(redirected[0].status, 302);
  EXPECT_EQ(redirected[0].target, "sip:dave@127.0.0.1:5063");
  ASSERT_NE(redirected[0].next, 0U);
  EXPECT_NE(redirected[0].next, *first);
  ASSERT_EQ(alice.events<event::CallEnded>().size(), 1U);  // the first call, redirected
  EXPECT_EQ(alice.events<event::CallEnded>()[0].status, 302);
  ASSERT_EQ(dave.events<event::CallIncoming>().size(), 1U);
  ASSERT_TRUE(dave.core->answer(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(alice.events<event::CallConfirmed>().size(), 1U);
  EXPECT_EQ(alice.events<event::CallConfirmed>()[0].call.id, redirected[0].next);
  ASSERT_EQ(alice.core->calls().size(), 1U);
  EXPECT_EQ(alice.core->calls()[0].call.remote_uri, "sip:dave@127.0.0.1:5063");
  EXPECT_TRUE(alice.ports.held.empty());  // the first call's port went back
}

// The far end the test plays at 5070 answers each INVITE with a 302 to `next(n)`.
struct Redirector {
  test::Network& net;
  // Answers the INVITEs captured so far; their Request-URIs, in order.
  std::vector<std::string> answer(const std::function<std::string(std::size_t)>& contact_for) {
    std::vector<std::string> uris;
    for (const auto& message : net.take_captured(5070)) {
      if (!message.is_request() || message.method() != sip::Method::kInvite) {
        continue;
      }
      uris.emplace_back(message.request_uri().text);
      pending.push_back(
          test::response_to(message, 302, "Contact: " + contact_for(count++) + "\r\n"));
    }
    return uris;
  }
  std::size_t count = 0;
  std::vector<std::string> pending;
};

// Alice (5061) calls x0 at the far end the test plays (5070).
test::Endpoint& alice_calls_x0(test::Network& net) {
  test::Endpoint& alice = net.add(test::phone("alice"), 5061);
  EXPECT_TRUE(alice.core->start(net.now));
  EXPECT_TRUE(alice.core->dial("sip:x0@127.0.0.1:5070", net.now));
  net.settle();
  return alice;
}

// Runs the exchange until alice sends no new INVITE; the Request-URIs she tried.
std::vector<std::string> run_redirects(test::Network& net, test::Endpoint& alice,
                                       const std::function<std::string(std::size_t)>& contact) {
  Redirector far{net, 0, {}};
  std::vector<std::string> tried;
  for (int round = 0; round < 20; ++round) {
    const auto uris = far.answer(contact);
    if (uris.empty()) {
      break;
    }
    tried.insert(tried.end(), uris.begin(), uris.end());
    for (const std::string& response : std::exchange(far.pending, {})) {
      net.deliver(alice, 5070, response);
    }
  }
  return tried;
}

TEST(Redirect, ALoopBackToAnAddressTriedIsNotFollowed) {
  test::Network net;
  test::Endpoint& alice = alice_calls_x0(net);
  // x0 → x1 → x0 again (written another way: the same URI by RFC 3261 §19.1.4).
  const auto tried = run_redirects(net, alice, [](std::size_t n) {
    return n == 0 ? std::string("<sip:x1@127.0.0.1:5070>")
                  : std::string("<sip:x0@127.0.0.1:5070;lr>");
  });
  EXPECT_EQ(tried, (std::vector<std::string>{"sip:x0@127.0.0.1:5070", "sip:x1@127.0.0.1:5070"}));
  const auto redirected = alice.events<event::CallRedirected>();
  ASSERT_EQ(redirected.size(), 2U);
  EXPECT_EQ(redirected[1].target, "");
  EXPECT_EQ(redirected[1].reason, "every address it names was tried already (a loop)");
  net.advance(40s);
  EXPECT_TRUE(alice.core->calls().empty());
}

TEST(Redirect, FiveInARowAndNoMore) {
  test::Network net;
  test::Endpoint& alice = alice_calls_x0(net);
  const auto tried = run_redirects(net, alice, [](std::size_t n) {
    // Two targets each time, the better one second (q): the better is followed.
    return fmt::format("<sip:worse{0}@127.0.0.1:5070>;q=0.1, <sip:x{1}@127.0.0.1:5070>;q=0.9",
                       n + 1, n + 1);
  });
  ASSERT_EQ(tried.size(), 6U);  // the first call and five redirects
  EXPECT_EQ(tried[5], "sip:x5@127.0.0.1:5070");
  const auto redirected = alice.events<event::CallRedirected>();
  ASSERT_EQ(redirected.size(), 6U);
  EXPECT_EQ(redirected[5].reason, "redirected 5 times already");
  EXPECT_TRUE(alice.ports.held.empty());
}

TEST(Redirect, AContactThatIsNoSipUriIsNotFollowed) {
  test::Network net;
  test::Endpoint& alice = alice_calls_x0(net);
  const auto tried = run_redirects(net, alice, [](std::size_t) {
    return std::string("<tel:+15551234567>, <mailto:x@example.com>");
  });
  EXPECT_EQ(tried.size(), 1U);
  EXPECT_TRUE(alice.events<event::CallRedirected>().empty());  // nothing to follow: it ended
  ASSERT_EQ(alice.events<event::CallEnded>().size(), 1U);
  EXPECT_EQ(alice.events<event::CallEnded>()[0].status, 302);
}

}  // namespace
}  // namespace sipline::app
