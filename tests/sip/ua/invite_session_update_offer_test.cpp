// Offers of ours by UPDATE inside a confirmed call (RFC 3311, invite_session_offers.cpp): sent
// only to a peer that allows UPDATE, answered in the 2xx with no ACK, refused, crossed, timed
// out, or refused as a method (405: later offers go by re-INVITE), on a virtual clock.
#include <array>
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
using test::kAnswer;
using test::kIncomingInvite;
using test::kOffer;
using test::Recorder;

// Bob's INVITE, saying which methods he takes (`allow`, or no Allow when empty).
std::string invite_allowing(std::string_view allow) {
  std::string invite(kIncomingInvite);
  if (!allow.empty()) {
    invite.insert(invite.find("Content-Type:"), "Allow: " + std::string(allow) + "\r\n");
  }
  return invite;
}

// An incoming call from Bob, answered and ACKed, Bob allowing UPDATE unless told otherwise.
struct UpdateOffer : ::testing::Test {
  explicit UpdateOffer(std::string_view allow = "INVITE, ACK, CANCEL, BYE, UPDATE")
      : session(InviteSession::incoming(1, context, 42,
                                        parse_message(invite_allowing(allow)).value(), flow(5062))
                    .value()) {
    EXPECT_TRUE(session.answer(kAnswer, now));
    session.on_ack(test::from_bob("ACK", 1, session.local_tag()), now);
    EXPECT_EQ(session.state(), CallState::kConfirmed);
  }
  // Bob's answer to our request `request`.
  static Message answer_to(const Message& request, int status, std::string_view body = {},
                           std::string_view contact = {}) {
    return build_response(request, {.status = status,
                                    .contact = contact,
                                    .content_type = body.empty() ? "" : "application/sdp",
                                    .body = body})
        .value();
  }
  [[nodiscard]] const Message& last_request() const { return context.requests.back().request; }
  [[nodiscard]] TransactionId last_transaction() const { return context.next_transaction - 1; }

  Recorder context;
  TimePoint now{};
  InviteSession session;
};

TEST_F(UpdateOffer, GoesByUpdateAndThe2xxAnswersWithNoAck) {
  ASSERT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));
  ASSERT_EQ(context.requests.size(), 1U);
  const Message update = last_request();
  EXPECT_EQ(update.method(), Method::kUpdate);
  EXPECT_EQ(update.body(), kOffer);
  EXPECT_EQ(update.header(HeaderId::kContentType), "application/sdp");
  EXPECT_EQ(update.to()->tag, "bob1");
  EXPECT_FALSE(session.reoffer(kOffer, now, OfferMethod::kUpdate));  // one at a time
  EXPECT_FALSE(session.reoffer(kOffer, now));
  session.on_update_response(answer_to(update, 200, kAnswer, "<sip:bob@127.0.0.1:5070>"), now);
  const auto answers = context.all<ua::SessionAnswer>();
  ASSERT_EQ(answers.size(), 1U);
  EXPECT_EQ(answers[0].status, 200);
  EXPECT_EQ(answers[0].answer, kAnswer);
  EXPECT_TRUE(context.all<ua::Send>().empty());  // RFC 3311: no ACK for an UPDATE
  EXPECT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));  // the next one may go
  session.on_update_response(answer_to(last_request(), 200, kAnswer), now);
  session.hangup(now + 1s);
  EXPECT_EQ(last_request().method(), Method::kBye);
  EXPECT_EQ(last_request().request_uri().text, "sip:bob@127.0.0.1:5070");  // the 2xx's Contact
}

struct UpdateNotAllowed : UpdateOffer {
  UpdateNotAllowed() : UpdateOffer("") {}
};

TEST_F(UpdateNotAllowed, ThePeerWithoutUpdateInAllowGetsAReinvite) {
  ASSERT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));
  EXPECT_EQ(last_request().method(), Method::kInvite);
  EXPECT_EQ(last_request().body(), kOffer);
}

TEST_F(UpdateOffer, ARefusedOfferLeavesTheCallAsItWas) {
  ASSERT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));
  session.on_update_response(answer_to(last_request(), 488), now);
  ASSERT_EQ(context.all<ua::SessionAnswer>().size(), 1U);
  EXPECT_EQ(context.all<ua::SessionAnswer>()[0].status, 488);
  EXPECT_EQ(context.requests.size(), 1U);  // no BYE
  EXPECT_FALSE(session.ended());
  ASSERT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));
  EXPECT_EQ(last_request().method(), Method::kUpdate);  // 488 refuses the offer, not UPDATE
}

TEST_F(UpdateOffer, A405MakesTheNextOfferAReinvite) {
  ASSERT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));
  session.on_update_response(answer_to(last_request(), 405), now);
  ASSERT_EQ(context.all<ua::SessionAnswer>().size(), 1U);
  EXPECT_EQ(context.all<ua::SessionAnswer>()[0].status, 405);
  EXPECT_FALSE(session.ended());
  ASSERT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));
  EXPECT_EQ(last_request().method(), Method::kInvite);
}

TEST_F(UpdateOffer, TheirOfferCrossingOursGets491AndOurs491WaitsToRetry) {
  ASSERT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));
  const Message update = last_request();
  session.on_offer_request(8, test::from_bob("UPDATE", 2, session.local_tag(), kOffer), now);
  EXPECT_EQ(context.responses.back().response.status_code(), 491);  // RFC 3311 §5.2
  session.on_offer_request(9, test::from_bob("INVITE", 3, session.local_tag(), kOffer), now);
  EXPECT_EQ(context.responses.back().response.status_code(), 491);
  EXPECT_TRUE(context.all<ua::SessionOffer>().empty());
  session.on_update_response(answer_to(update, 491), now);
  ASSERT_EQ(context.all<ua::SessionAnswer>().size(), 1U);
  EXPECT_EQ(context.all<ua::SessionAnswer>()[0].status, 491);
  const auto retry = context.timers(UaTimerKey::Kind::kOfferRetry);
  ASSERT_EQ(retry.size(), 1U);
  EXPECT_LE(retry[0].at, now + 2s);  // not the Call-ID's owner: 0–2 s (§14.1)
  EXPECT_FALSE(session.ended());
}

TEST_F(UpdateOffer, NoAnswerEndsTheCallWithABye) {
  ASSERT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));
  session.on_transaction_failed(last_transaction(), 408, now + 32s);
  ASSERT_EQ(context.all<ua::SessionAnswer>().size(), 1U);
  EXPECT_EQ(context.all<ua::SessionAnswer>()[0].status, 408);
  EXPECT_EQ(last_request().method(), Method::kBye);  // RFC 3261 §12.2.1.2
  EXPECT_FALSE(session.ended());                     // until the BYE is answered
}

TEST_F(UpdateOffer, AChallengeInOurRealmIsAnsweredOnce) {
  context.user_credentials = Credentials{"alice", "secret", "example.com"};
  ASSERT_TRUE(session.reoffer(kOffer, now, OfferMethod::kUpdate));
  Message challenge =
      build_response(
          last_request(),
          {.status = 401,
           .extra_headers = std::array{ExtraHeader{
               "WWW-Authenticate", R"(Digest realm="example.com", nonce="n1", qop="auth")"}}})
          .value();
  session.on_update_response(challenge, now);
  ASSERT_EQ(context.requests.size(), 2U);
  EXPECT_EQ(last_request().method(), Method::kUpdate);
  EXPECT_TRUE(last_request().header(HeaderId::kAuthorization));
  EXPECT_EQ(last_request().body(), kOffer);
  EXPECT_TRUE(context.all<ua::SessionAnswer>().empty());
  session.on_update_response(answer_to(last_request(), 200, kAnswer), now);
  ASSERT_EQ(context.all<ua::SessionAnswer>().size(), 1U);
  EXPECT_EQ(context.all<ua::SessionAnswer>()[0].status, 200);
}

}  // namespace
}  // namespace sipline::sip
