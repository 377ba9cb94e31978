// SIP MESSAGE through one user agent (user_agent_pages.cpp, RFC 3428) against messages the test
// writes: ours with its text and a fresh Call-ID, a challenge in our realm answered once with the
// next CSeq (none for another realm), the final answer or a timeout told once; the peer's
// MESSAGE answered 200 and handed up, a body that is not text refused 415.
#include <algorithm>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/ua/user_agent.hpp"
#include "tests/sip/ua/user_agent_support.hpp"

namespace sipline::sip {
namespace {

using namespace std::chrono_literals;
using test::config;
using test::flow;

struct Pager : ::testing::Test {
  Pager() : random(11), alice(config("alice", 5061), random) {}
  // What Alice sent since the last call, parsed; her page events kept.
  std::vector<Message> sent() {
    std::vector<Message> out;
    while (auto o = alice.poll()) {
      if (auto* send = std::get_if<ua::Send>(&*o)) {
        if (auto m = parse_message(send->bytes)) {
          out.push_back(std::move(*m));
        }
      } else if (auto* answered = std::get_if<ua::PageAnswered>(&*o)) {
        answers.push_back(*answered);
      } else if (auto* received = std::get_if<ua::PageReceived>(&*o)) {
        pages.push_back(*received);
      } else if (auto* set = std::get_if<ua::SetTimer>(&*o)) {
        timers.emplace_back(set->key, set->at);
      }
    }
    return out;
  }
  void answer(const Message& request, int status, const std::string& extra = "") {
    alice.on_message(flow(5062), test::response_text(request, status, extra, "far"), now);
  }
  OutgoingPage page(std::string text) {
    return {"sip:bob@example.com", flow(5062),
            CallerIdentity{"sip:alice@example.com", "Alice", "", std::nullopt, "<sip:proxy;lr>"},
            std::move(text)};
  }
  // A MESSAGE from Bob with `body` of `type`.
  std::string from_bob(std::string_view type, std::string_view body) {
    return fmt::format(
        "MESSAGE sip:alice@127.0.0.1:5061 SIP/2.0\r\n"
        "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKm{0}\r\nMax-Forwards: 70\r\n"
        "From: \"Bob\" <sip:bob@127.0.0.1:5062>;tag=b1\r\nTo: <sip:alice@127.0.0.1:5061>\r\n"
        "Call-ID: m{0}@127.0.0.1\r\nCSeq: 1 MESSAGE\r\nContent-Type: {1}\r\n"
        "Content-Length: {2}\r\n\r\n{3}",
        ++count, type, body.size(), body);
  }

  SeededRandom random;
  UserAgent alice;
  TimePoint now{};
  int count = 0;
  std::vector<ua::PageAnswered> answers;
  std::vector<ua::PageReceived> pages;
  std::vector<std::pair<UaTimerKey, TimePoint>> timers;
};

TEST_F(Pager, OursCarriesItsTextAndItsAnswerIsToldOnce) {
  const auto id = alice.send_page(page("hello, bob"), now);
  ASSERT_TRUE(id);
  auto out = sent();
  ASSERT_EQ(out.size(), 1U);
  const Message& message = out[0];
  EXPECT_EQ(message.method(), Method::kMessage);
  EXPECT_EQ(message.request_uri().text, "sip:bob@example.com");
  EXPECT_EQ(message.body(), "hello, bob");
  EXPECT_EQ(message.header(HeaderId::kContentType), "text/plain;charset=UTF-8");
  EXPECT_EQ(message.header(HeaderId::kRoute), "<sip:proxy;lr>");
  EXPECT_NE(message.header(HeaderId::kFrom)->find("\"Alice\" <sip:alice@example.com>"),
            std::string_view::npos);
  const auto second = alice.send_page(page("again"), now);
  ASSERT_TRUE(second);
  EXPECT_NE(*second, *id);
  const Message other = sent().at(0);
  EXPECT_NE(other.call_id(), message.call_id());  // each its own transaction and Call-ID
  answer(message, 200);
  answer(other, 404);
  answer(message, 200);  // a retransmission: told once
  sent();
  ASSERT_EQ(answers.size(), 2U);
  EXPECT_EQ(answers[0].page, *id);
  EXPECT_EQ(answers[0].status, 200);
  EXPECT_EQ(answers[1].page, *second);
  EXPECT_EQ(answers[1].status, 404);
}

TEST_F(Pager, AChallengeInOurRealmIsAnsweredOnceWithTheNextCSeq) {
  OutgoingPage ours = page("pin 1234");
  ours.caller.credentials = Credentials{"alice", "secret", "example.com"};
  ASSERT_TRUE(alice.send_page(ours, now));
  const Message first = sent().at(0);
  const std::string challenge =
      "Proxy-Authenticate: Digest realm=\"example.com\", nonce=\"n1\", qop=\"auth\"\r\n";
  answer(first, 407, challenge);
  auto out = sent();
  ASSERT_EQ(out.size(), 1U);
  const Message& second = out[0];
  EXPECT_EQ(second.cseq()->number, first.cseq()->number + 1);
  EXPECT_EQ(second.call_id(), first.call_id());
  EXPECT_EQ(second.body(), "pin 1234");
  ASSERT_TRUE(second.header(HeaderId::kProxyAuthorization));
  EXPECT_NE(second.header(HeaderId::kProxyAuthorization)->find("uri=\"sip:bob@example.com\""),
            std::string_view::npos);
  EXPECT_TRUE(answers.empty());
  answer(second, 407, challenge);  // again: the password is wrong, no loop
  EXPECT_TRUE(sent().empty());
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].status, 407);
}

TEST_F(Pager, AChallengeInAnotherRealmGetsNoDigest) {
  OutgoingPage ours = page("hi");
  ours.caller.credentials = Credentials{"alice", "secret", "example.com"};
  ASSERT_TRUE(alice.send_page(ours, now));
  answer(sent().at(0), 401, "WWW-Authenticate: Digest realm=\"evil.example\", nonce=\"x\"\r\n");
  EXPECT_TRUE(sent().empty());
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].status, 401);
}

TEST_F(Pager, NoAnswerIsToldAsATimeout) {
  ASSERT_TRUE(alice.send_page(page("anyone?"), now));
  sent();
  // Timer F (64·T1) ends the transaction: fire the timers in order until it is told.
  for (int fired = 0; answers.empty() && fired < 100; ++fired) {
    ASSERT_FALSE(timers.empty());
    auto next = std::min_element(timers.begin(), timers.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    const auto [key, at] = *next;
    timers.erase(next);
    now = std::max(now, at);
    alice.on_timer(key, now);
    sent();
  }
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].status, 408);
  EXPECT_GE(now, TimePoint{32s});
}

TEST_F(Pager, HowManyWaitForAnswersIsBounded) {
  int sent_pages = 0;
  while (alice.send_page(page("x"), now)) {
    ASSERT_LT(++sent_pages, 1000);
  }
  EXPECT_EQ(sent_pages, 64);
}

TEST_F(Pager, ThePeersTextIsAnswered200AndHandedUp) {
  alice.on_message(flow(5062), from_bob("text/plain;charset=UTF-8", "call me"), now);
  alice.on_message(flow(5062), from_bob("application/im-iscomposing+xml", "<x/>"), now);
  alice.on_message(flow(5062), from_bob("image/png", "PNG"), now);
  const auto out = sent();
  ASSERT_EQ(out.size(), 3U);
  EXPECT_EQ(out[0].status_code(), 200);
  EXPECT_EQ(out[1].status_code(), 200);
  EXPECT_EQ(out[2].status_code(), 415);  // RFC 3428 §7, with Accept naming what we take
  EXPECT_NE(out[2].header(HeaderId::kAccept)->find("text/plain"), std::string_view::npos);
  ASSERT_EQ(pages.size(), 2U);
  EXPECT_EQ(pages[0].body, "call me");
  EXPECT_EQ(pages[0].content_type, "text/plain;charset=UTF-8");
  EXPECT_NE(pages[0].from.find("sip:bob@127.0.0.1:5062"), std::string::npos);
}

}  // namespace
}  // namespace sipline::sip
