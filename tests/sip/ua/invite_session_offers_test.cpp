// Offers inside a confirmed call, on the INVITE session alone (invite_session_offers.cpp): ours
// in a re-INVITE, the peer's re-INVITE or UPDATE with or without an offer, glare, and the
// requests that cross them (BYE, CANCEL, a second offer), on a virtual clock.
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
using test::kOffer;
using test::Recorder;

// An incoming call, answered and ACKed: the dialog is confirmed.
struct InCall : ::testing::Test {
  InCall() {
    EXPECT_TRUE(session.answer(kAnswer, now));
    session.on_ack(from_bob("ACK", 1, session.local_tag()), now);
    EXPECT_EQ(session.state(), CallState::kConfirmed);
  }
  Message from_bob(std::string_view method, std::uint32_t cseq, std::string_view body = {}) {
    return test::from_bob(method, cseq, session.local_tag(), body);
  }
  [[nodiscard]] const Message& last_response() const { return context.responses.back().response; }
  // Our re-INVITE's response from Bob.
  Message answer_to(const Message& request, int status, std::string_view contact,
                    std::string_view body = {}) {
    return build_response(request, {.status = status,
                                    .contact = contact,
                                    .content_type = body.empty() ? "" : "application/sdp",
                                    .body = body})
        .value();
  }

  Recorder context;
  TimePoint now{};
  InviteSession session =
      InviteSession::incoming(1, context, 42, parse_message(kIncomingInvite).value(), flow(5062))
          .value();
};

TEST_F(InCall, TheirReinviteIsAnsweredAndResentUntilItsAck) {
  session.on_offer_request(8, from_bob("INVITE", 2, kOffer), now);
  const auto offers = context.all<ua::SessionOffer>();
  ASSERT_EQ(offers.size(), 1U);
  EXPECT_EQ(offers[0].offer, kOffer);
  EXPECT_EQ(offers[0].content_type, "application/sdp");
  ASSERT_TRUE(session.accept_offer(kAnswer, now));
  EXPECT_EQ(context.responses.back().transaction, 8U);
  EXPECT_EQ(last_response().status_code(), 200);
  EXPECT_EQ(last_response().body(), kAnswer);
  // §13.3.1.4 holds for a re-INVITE's 2xx too: again at T1 until the ACK.
  const std::size_t sends = context.all<ua::Send>().size();
  session.on_answer_timer(context.all<ua::SetTimer>().back().at);
  EXPECT_EQ(context.all<ua::Send>().size(), sends + 1);
  session.on_ack(from_bob("ACK", 1), now + 600ms);  // the first INVITE's, again: not this one's
  session.on_answer_timer(context.all<ua::SetTimer>().back().at);
  EXPECT_EQ(context.all<ua::Send>().size(), sends + 2);
  session.on_ack(from_bob("ACK", 2), now + 2s);
  session.on_answer_timer(now + 4s);
  EXPECT_EQ(context.all<ua::Send>().size(), sends + 2);
  EXPECT_TRUE(context.all<ua::SessionAnswer>().empty());  // the offer was theirs
  EXPECT_FALSE(session.ended());
}

TEST_F(InCall, AReinviteWithoutAnOfferGetsOursAndTheAckAnswers) {
  session.on_offer_request(8, from_bob("INVITE", 2), now);
  ASSERT_EQ(context.all<ua::SessionOffer>().size(), 1U);
  EXPECT_EQ(context.all<ua::SessionOffer>()[0].offer, "");  // RFC 3264 §5: it wants ours
  ASSERT_TRUE(session.accept_offer(kOffer, now));
  EXPECT_EQ(last_response().body(), kOffer);
  // A new offer of theirs before the ACK crosses ours: 491 (RFC 6337 §3.1.1).
  session.on_offer_request(9, from_bob("UPDATE", 3, kOffer), now);
  EXPECT_EQ(last_response().status_code(), 491);
  session.on_ack(from_bob("ACK", 2, kAnswer), now);
  const auto answers = context.all<ua::SessionAnswer>();
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].status, 200);
  EXPECT_EQ(answers[0].answer, kAnswer);
}

TEST_F(InCall, AnUpdateIsAnsweredWithoutAnAck) {
  session.on_offer_request(8, from_bob("UPDATE", 2, kOffer), now);
  ASSERT_EQ(context.all<ua::SessionOffer>().size(), 1U);
  constexpr auto kG = UaTimerKey::Kind::kAnswerRetransmit;
  const std::size_t timers = context.timers(kG).size();
  ASSERT_TRUE(session.accept_offer(kAnswer, now));
  EXPECT_EQ(last_response().status_code(), 200);
  EXPECT_EQ(last_response().body(), kAnswer);
  EXPECT_EQ(context.timers(kG).size(), timers);  // the transaction resends it
  // Without a body an UPDATE only refreshes: 200 at once, nothing for the application.
  session.on_offer_request(9, from_bob("UPDATE", 3), now);
  EXPECT_EQ(last_response().status_code(), 200);
  EXPECT_EQ(last_response().body(), "");
  EXPECT_EQ(context.all<ua::SessionOffer>().size(), 1U);
}

TEST_F(InCall, ASecondOfferWhileTheirsIsOpenGets500WithRetryAfter) {
  session.on_offer_request(8, from_bob("INVITE", 2, kOffer), now);
  session.on_offer_request(9, from_bob("UPDATE", 3, kOffer), now);
  EXPECT_EQ(last_response().status_code(), 500);
  const auto retry = last_response().header("Retry-After");
  ASSERT_TRUE(retry);
  EXPECT_LE(std::stoi(std::string(*retry)), 10);  // §14.2: 0–10 s at random
  EXPECT_EQ(context.all<ua::SessionOffer>().size(), 1U);
  ASSERT_TRUE(session.refuse_offer(488, now));
  EXPECT_EQ(context.responses.back().transaction, 8U);
  EXPECT_EQ(last_response().status_code(), 488);
  EXPECT_FALSE(session.accept_offer(kAnswer, now));  // nothing open any more
  EXPECT_FALSE(session.ended());
}

TEST_F(InCall, OurReinviteIsAckedAndItsContactIsTheNewTarget) {
  ASSERT_TRUE(session.reoffer(kOffer, now));
  ASSERT_EQ(context.requests.size(), 1U);
  const Message reinvite = context.requests[0].request;
  EXPECT_EQ(reinvite.method(), Method::kInvite);
  EXPECT_EQ(reinvite.to()->tag, "bob1");
  EXPECT_EQ(reinvite.from()->tag, session.local_tag());
  EXPECT_EQ(reinvite.body(), kOffer);
  EXPECT_EQ(reinvite.header(HeaderId::kAllow), kAllowValue);
  EXPECT_FALSE(session.reoffer(kOffer, now));  // one at a time
  const TransactionId transaction = context.next_transaction - 1;
  const Message ok = answer_to(reinvite, 200, "<sip:bob@127.0.0.1:5070>", kAnswer);
  session.on_invite_response(transaction, ok, now);
  const auto answers = context.all<ua::SessionAnswer>();
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].status, 200);
  EXPECT_EQ(answers[0].answer, kAnswer);
  ASSERT_EQ(context.all<ua::Send>().size(), 1U);
  const Message ack = parse_message(context.all<ua::Send>()[0].bytes).value();
  EXPECT_EQ(ack.method(), Method::kAck);
  EXPECT_EQ(ack.cseq()->number, reinvite.cseq()->number);
  EXPECT_EQ(ack.request_uri().text, "sip:bob@127.0.0.1:5070");  // §12.2.1.2: the new target
  // A retransmitted 2xx (its ACK was lost), in the transaction or after it: the same ACK.
  session.on_invite_response(transaction, ok, now + 500ms);
  session.on_late_2xx(ok, now + 1500ms);
  ASSERT_EQ(context.all<ua::Send>().size(), 3U);
  EXPECT_EQ(context.all<ua::Send>()[2].bytes, context.all<ua::Send>()[0].bytes);
  EXPECT_EQ(context.all<ua::SessionAnswer>().size(), 1U);
  session.hangup(now + 2s);
  EXPECT_EQ(context.requests.back().request.request_uri().text, "sip:bob@127.0.0.1:5070");
}

TEST_F(InCall, ARefusedReofferLeavesTheCallAsItWas) {
  ASSERT_TRUE(session.reoffer(kOffer, now));
  const Message reinvite = context.requests[0].request;
  session.on_invite_response(context.next_transaction - 1, answer_to(reinvite, 488, ""), now);
  ASSERT_EQ(context.all<ua::SessionAnswer>().size(), 1U);
  EXPECT_EQ(context.all<ua::SessionAnswer>()[0].status, 488);
  EXPECT_EQ(context.requests.size(), 1U);  // no BYE
  EXPECT_FALSE(session.ended());
  EXPECT_TRUE(session.reoffer(kOffer, now));  // and the next offer may go
}

TEST_F(InCall, AReofferTimedOutOr481EndsTheCallWithABye) {
  ASSERT_TRUE(session.reoffer(kOffer, now));
  session.on_transaction_failed(context.next_transaction - 1, 408, now + 32s);
  ASSERT_EQ(context.all<ua::SessionAnswer>().size(), 1U);
  EXPECT_EQ(context.all<ua::SessionAnswer>()[0].status, 408);
  ASSERT_EQ(context.requests.size(), 2U);
  EXPECT_EQ(context.requests[1].request.method(), Method::kBye);  // §14.1
  EXPECT_FALSE(session.ended());                                  // until the BYE is answered
}

TEST_F(InCall, CrossedReinvitesGet491) {
  ASSERT_TRUE(session.reoffer(kOffer, now));
  session.on_offer_request(8, from_bob("INVITE", 2, kOffer), now);
  EXPECT_EQ(last_response().status_code(), 491);  // §14.2: glare
  EXPECT_TRUE(context.all<ua::SessionOffer>().empty());
  const Message reinvite = context.requests[0].request;
  session.on_invite_response(context.next_transaction - 1, answer_to(reinvite, 491, ""), now);
  ASSERT_EQ(context.all<ua::SessionAnswer>().size(), 1U);
  EXPECT_EQ(context.all<ua::SessionAnswer>()[0].status, 491);
  EXPECT_FALSE(session.ended());
  // §14.1: not the Call-ID's owner (Bob called), so a wait of 0–2 s, then OfferRetry.
  const auto timers = context.all<ua::SetTimer>();
  ASSERT_FALSE(timers.empty());
  EXPECT_EQ(timers.back().key.kind, UaTimerKey::Kind::kOfferRetry);
  EXPECT_LE(timers.back().at, now + 2s);
  EXPECT_TRUE(context.all<ua::OfferRetry>().empty());
  session.on_offer_retry_timer(now + 2s);
  ASSERT_EQ(context.all<ua::OfferRetry>().size(), 1U);
  EXPECT_EQ(context.all<ua::OfferRetry>()[0].call, 1U);
}

TEST_F(InCall, AByeDuringTheirReinviteAnswersIt487) {
  session.on_offer_request(8, from_bob("INVITE", 2, kOffer), now);
  session.on_bye(9, from_bob("BYE", 3), now);
  ASSERT_GE(context.responses.size(), 2U);
  EXPECT_EQ(context.responses[context.responses.size() - 2].response.status_code(), 200);
  EXPECT_EQ(context.responses.back().transaction, 8U);  // §15.1.2
  EXPECT_EQ(last_response().status_code(), 487);
  EXPECT_TRUE(session.ended());
}

TEST_F(InCall, ACancelledReinviteIs487AndTheCallGoesOn) {
  session.on_offer_request(8, from_bob("INVITE", 2, kOffer), now);
  session.on_cancel(8, now);
  EXPECT_EQ(context.responses.back().transaction, 8U);
  EXPECT_EQ(last_response().status_code(), 487);
  EXPECT_FALSE(session.ended());
  EXPECT_FALSE(session.accept_offer(kAnswer, now));
}

TEST(LateOffer, AnInviteWithoutAnOfferGetsOursAndTheAckAnswers) {
  Recorder context;
  std::string invite(kIncomingInvite);
  invite = invite.substr(0, invite.find("Content-Type:")) + "Content-Length: 0\r\n\r\n";
  auto session =
      InviteSession::incoming(1, context, 42, parse_message(invite).value(), flow(5062)).value();
  EXPECT_EQ(context.all<ua::IncomingCall>()[0].offer, "");
  ASSERT_TRUE(session.answer(kOffer, TimePoint{}));
  EXPECT_EQ(context.responses.back().response.body(), kOffer);
  session.on_ack(from_bob("ACK", 1, session.local_tag(), kAnswer), TimePoint{});
  const auto confirmed = context.all<ua::CallConfirmed>();
  ASSERT_EQ(confirmed.size(), 1U);
  EXPECT_EQ(confirmed[0].body, kAnswer);  // RFC 3264 §5: the answer came in the ACK
}

TEST(Offers, NoOfferBeforeTheCallIsConfirmed) {
  Recorder context;
  auto session =
      InviteSession::incoming(1, context, 42, parse_message(kIncomingInvite).value(), flow(5062))
          .value();
  EXPECT_FALSE(session.reoffer(kOffer, TimePoint{}));
  session.on_offer_request(8, from_bob("UPDATE", 2, session.local_tag(), kOffer), TimePoint{});
  EXPECT_EQ(context.responses.back().response.status_code(), 500);
  EXPECT_TRUE(context.responses.back().response.header("Retry-After"));
}

}  // namespace
}  // namespace sipline::sip
