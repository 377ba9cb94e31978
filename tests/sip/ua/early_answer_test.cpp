// Early media from us (InviteSession::progress): a 183 with our SDP answer before the call is
// answered — reliable (RFC 3262) when the caller supports 100rel, and then the 200 waits for its
// PRACK (§3); an ordinary 183 when it does not; none without an offer to answer.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/ua/invite_session.hpp"
#include "tests/sip/ua/invite_session_support.hpp"

namespace sipline::sip {
namespace {

using namespace std::chrono_literals;
using test::flow;
using test::from_bob;
using test::kAnswer;
using test::kIncomingInvite;
using test::Recorder;

constexpr auto kReliable = UaTimerKey::Kind::kReliableProvisional;

// Bob's INVITE with `header` ("Supported: 100rel") before its Content-Type, or with no body.
std::string invite_with(std::string_view header, bool offer = true) {
  std::string invite(kIncomingInvite);
  invite.insert(invite.find("Content-Type:"), std::string(header));
  if (!offer) {
    invite = invite.substr(0, invite.find("Content-Type:")) + "Content-Length: 0\r\n\r\n";
  }
  return invite;
}

struct EarlyAnswer : ::testing::Test {
  InviteSession call_from(const std::string& invite) {
    return InviteSession::incoming(1, context, 42, parse_message(invite).value(), flow(5062))
        .value();
  }
  [[nodiscard]] const Message& last_response() const { return context.responses.back().response; }
  Recorder context;
};

TEST_F(EarlyAnswer, ACallerSupporting100relGetsAReliable183AndThe200WaitsForItsPrack) {
  InviteSession session = call_from(invite_with("Supported: 100rel, timer\r\n"));
  ASSERT_TRUE(session.progress(kAnswer, TimePoint{}));
  const Message early = last_response();
  EXPECT_EQ(early.status_code(), 183);
  EXPECT_EQ(early.header("Require"), "100rel");
  EXPECT_EQ(early.header(HeaderId::kContentType), "application/sdp");
  EXPECT_EQ(early.body(), kAnswer);
  EXPECT_EQ(early.to()->tag, session.local_tag());
  ASSERT_EQ(context.timers(kReliable).size(), 1U);       // resent until its PRACK
  EXPECT_FALSE(session.progress(kAnswer, TimePoint{}));  // §3: one at a time

  // Answered before the PRACK: the 200 waits (§3), the 183 goes on being resent.
  ASSERT_TRUE(session.answer(kAnswer, TimePoint{} + 100ms));
  EXPECT_EQ(context.responses.size(), 1U);
  EXPECT_EQ(session.state(), CallState::kIncoming);
  session.on_reliable_1xx_timer(TimePoint{} + 500ms);
  ASSERT_EQ(context.all<ua::Send>().size(), 1U);
  EXPECT_EQ(parse_message(context.all<ua::Send>()[0].bytes).value().status_code(), 183);

  const std::string rack = std::string(early.header("RSeq").value()) + " 1 INVITE\r\n";
  session.on_prack(7, from_bob("PRACK", 2, session.local_tag(), {}, "RAck: " + rack),
                   TimePoint{} + 600ms);
  ASSERT_EQ(context.responses.size(), 3U);
  EXPECT_EQ(context.responses[1].transaction, 7U);  // the PRACK's 200, then the INVITE's
  EXPECT_EQ(context.responses[1].response.status_code(), 200);
  EXPECT_EQ(context.responses[2].transaction, 42U);
  EXPECT_EQ(last_response().status_code(), 200);
  EXPECT_EQ(last_response().body(), kAnswer);  // the answer given early, again
  EXPECT_EQ(session.state(), CallState::kAnswering);
  session.on_ack(from_bob("ACK", 1, session.local_tag()), TimePoint{} + 700ms);
  EXPECT_EQ(session.state(), CallState::kConfirmed);
}

TEST_F(EarlyAnswer, NoPrackFor64T1RefusesTheCallThoughItWasAnswered) {
  InviteSession session = call_from(invite_with("Supported: 100rel\r\n"));
  ASSERT_TRUE(session.progress(kAnswer, TimePoint{}));
  ASSERT_TRUE(session.answer(kAnswer, TimePoint{}));
  for (int i = 0; i < 20 && context.all<ua::CallEnded>().empty(); ++i) {
    session.on_reliable_1xx_timer(context.timers(kReliable).back().at);
  }
  EXPECT_EQ(last_response().status_code(), 504);  // §3
  for (const auto& sent : context.responses) {
    EXPECT_NE(sent.response.status_code(), 200);  // no 200 ever went
  }
  ASSERT_EQ(context.all<ua::CallEnded>().size(), 1U);
  EXPECT_EQ(context.all<ua::CallEnded>()[0].status, 504);
}

TEST_F(EarlyAnswer, ACancelWhileTheAnswerWaitsForThePrackEndsTheCall487) {
  InviteSession session = call_from(invite_with("Supported: 100rel\r\n"));
  ASSERT_TRUE(session.progress(kAnswer, TimePoint{}));
  ASSERT_TRUE(session.answer(kAnswer, TimePoint{}));
  session.on_cancel(42, TimePoint{} + 100ms);
  EXPECT_EQ(last_response().status_code(), 487);
  ASSERT_EQ(context.all<ua::CallEnded>().size(), 1U);
  const std::string rack = std::string(context.responses[0].response.header("RSeq").value());
  session.on_prack(7,
                   from_bob("PRACK", 2, session.local_tag(), {}, "RAck: " + rack + " 1 INVITE\r\n"),
                   TimePoint{} + 200ms);
  for (const auto& sent : context.responses) {
    EXPECT_FALSE(sent.transaction == 42U && sent.response.status_code() == 200);  // not answered
  }
}

TEST_F(EarlyAnswer, AnOfferInThePrackIsRefusedAndTheAnswerStands) {
  InviteSession session = call_from(invite_with("Supported: 100rel\r\n"));
  ASSERT_TRUE(session.progress(kAnswer, TimePoint{}));
  const std::string rack =
      "RAck: " + std::string(last_response().header("RSeq").value()) + " 1 INVITE\r\n";
  session.on_prack(7, from_bob("PRACK", 2, session.local_tag(), test::kOffer, rack), TimePoint{});
  EXPECT_EQ(last_response().status_code(), 488);  // RFC 3262 §5's second offer: not built
  session.on_prack(8, from_bob("PRACK", 3, session.local_tag(), {}, rack), TimePoint{});
  EXPECT_EQ(last_response().status_code(), 200);
  ASSERT_TRUE(session.answer("v=0 other\r\n", TimePoint{}));
  EXPECT_EQ(last_response().status_code(), 200);
  EXPECT_EQ(last_response().body(), kAnswer);  // the answer given early, not another
}

TEST_F(EarlyAnswer, ACallerWithout100relGetsAnOrdinary183AndThe200AtOnce) {
  InviteSession session = call_from(invite_with(""));
  ASSERT_TRUE(session.progress(kAnswer, TimePoint{}));
  EXPECT_EQ(last_response().status_code(), 183);
  EXPECT_FALSE(last_response().header("Require"));
  EXPECT_FALSE(last_response().header("RSeq"));
  EXPECT_EQ(last_response().body(), kAnswer);
  EXPECT_TRUE(context.timers(kReliable).empty());
  ASSERT_TRUE(session.answer(kAnswer, TimePoint{}));
  EXPECT_EQ(last_response().status_code(), 200);
  EXPECT_EQ(session.state(), CallState::kAnswering);
}

TEST_F(EarlyAnswer, NoEarlyAnswerWithoutAnOfferOrOnceAnswered) {
  InviteSession late = call_from(invite_with("Supported: 100rel\r\n", false));
  EXPECT_FALSE(late.progress(kAnswer, TimePoint{}));  // our offer in a 1xx: not built
  EXPECT_TRUE(context.responses.empty());
  InviteSession answered = call_from(invite_with(""));
  ASSERT_TRUE(answered.answer(kAnswer, TimePoint{}));
  EXPECT_FALSE(answered.progress(kAnswer, TimePoint{}));
}

}  // namespace
}  // namespace sipline::sip
