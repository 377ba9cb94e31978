// INFO inside a confirmed call (invite_session_info.cpp): ours with its body and a fresh CSeq,
// its outcome told, a challenge answered, a timeout or 481 ending the dialog (RFC 3261
// §12.2.1.2); the peer's INFO answered 200 and its body handed up.
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
using test::Recorder;

constexpr std::string_view kRelay = "application/dtmf-relay";
constexpr std::string_view kKey5 = "Signal=5\r\nDuration=160\r\n";

// An incoming call from Bob, answered and ACKed.
struct Info : ::testing::Test {
  Info()
      : session(InviteSession::incoming(1, context, 42, parse_message(kIncomingInvite).value(),
                                        flow(5062))
                    .value()) {
    EXPECT_TRUE(session.answer(kAnswer, now));
    session.on_ack(test::from_bob("ACK", 1, session.local_tag()), now);
    EXPECT_EQ(session.state(), CallState::kConfirmed);
  }
  [[nodiscard]] const Message& last_request() const { return context.requests.back().request; }
  [[nodiscard]] TransactionId last_transaction() const { return context.next_transaction - 1; }
  [[nodiscard]] std::vector<int> answered() const {
    std::vector<int> statuses;
    for (const auto& answer : context.all<ua::InfoAnswered>()) {
      statuses.push_back(answer.status);
    }
    return statuses;
  }

  Recorder context;
  TimePoint now{};
  InviteSession session;
};

TEST_F(Info, OursCarriesItsBodyWithAFreshCSeqAndItsAnswerIsTold) {
  ASSERT_TRUE(session.send_info(kRelay, kKey5, now));
  const Message first = last_request();
  EXPECT_EQ(first.method(), Method::kInfo);
  EXPECT_EQ(first.header(HeaderId::kContentType), kRelay);
  EXPECT_EQ(first.body(), kKey5);
  EXPECT_EQ(first.to()->tag, "bob1");
  EXPECT_EQ(first.request_uri().text, "sip:bob@127.0.0.1:5062");
  const TransactionId first_transaction = last_transaction();
  ASSERT_TRUE(session.send_info(kRelay, "Signal=#\r\nDuration=160\r\n", now));  // overlapping
  EXPECT_EQ(last_request().cseq()->number, first.cseq()->number + 1);
  session.on_info_response(first_transaction, build_response(first, {.status = 200}).value(), now);
  session.on_info_response(last_transaction(),
                           build_response(last_request(), {.status = 415}).value(), now);
  EXPECT_EQ(answered(), (std::vector<int>{200, 415}));
  EXPECT_EQ(session.state(), CallState::kConfirmed);  // a refusal leaves the call as it was
}

TEST_F(Info, GoesOnlyInsideAConfirmedCall) {
  Recorder other;
  InviteSession ringing =
      InviteSession::incoming(2, other, 43, parse_message(kIncomingInvite).value(), flow(5062))
          .value();
  EXPECT_FALSE(ringing.send_info(kRelay, kKey5, now));
  EXPECT_TRUE(other.requests.empty());
}

TEST_F(Info, NoAnswerOrA481EndsTheDialogWithBye) {
  ASSERT_TRUE(session.send_info(kRelay, kKey5, now));
  session.on_transaction_failed(last_transaction(), 408, now + 32s);
  EXPECT_EQ(answered(), (std::vector<int>{408}));
  EXPECT_EQ(last_request().method(), Method::kBye);  // RFC 3261 §12.2.1.2
  EXPECT_FALSE(session.ended());                     // until the BYE is answered
}

TEST_F(Info, A481EndsTheDialogToo) {
  ASSERT_TRUE(session.send_info(kRelay, kKey5, now));
  session.on_info_response(last_transaction(),
                           build_response(last_request(), {.status = 481}).value(), now);
  EXPECT_EQ(answered(), (std::vector<int>{481}));
  EXPECT_EQ(last_request().method(), Method::kBye);
}

TEST_F(Info, AChallengeInOurRealmIsAnsweredWithTheSameBody) {
  context.user_credentials = Credentials{"alice", "secret", "example.com"};
  ASSERT_TRUE(session.send_info(kRelay, kKey5, now));
  session.on_info_response(
      last_transaction(),
      build_response(
          last_request(),
          {.status = 401,
           .extra_headers = std::array{ExtraHeader{
               "WWW-Authenticate", R"(Digest realm="example.com", nonce="n1", qop="auth")"}}})
          .value(),
      now);
  ASSERT_EQ(context.requests.size(), 2U);
  EXPECT_EQ(last_request().method(), Method::kInfo);
  EXPECT_TRUE(last_request().header(HeaderId::kAuthorization));
  EXPECT_EQ(last_request().body(), kKey5);
  EXPECT_TRUE(answered().empty());
  session.on_info_response(last_transaction(),
                           build_response(last_request(), {.status = 200}).value(), now);
  EXPECT_EQ(answered(), (std::vector<int>{200}));
}

TEST_F(Info, HowManyWaitForAnswersIsBounded) {
  int sent = 0;
  while (session.send_info(kRelay, kKey5, now)) {
    ASSERT_LT(++sent, 1000);
  }
  EXPECT_EQ(sent, 32);
  session.on_info_response(last_transaction(),
                           build_response(last_request(), {.status = 200}).value(), now);
  EXPECT_TRUE(session.send_info(kRelay, kKey5, now));  // one answered: one more may go
}

TEST_F(Info, ThePeersIsAnswered200AndItsBodyHandedUp) {
  std::string info_text =
      "INFO sip:alice@127.0.0.1:5061 SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 127.0.0.1:5062;branch=z9hG4bKinfo2\r\n"
      "Max-Forwards: 70\r\n"
      "From: <sip:bob@127.0.0.1:5062>;tag=bob1\r\n"
      "To: <sip:alice@127.0.0.1:5061>;tag=" +
      session.local_tag() +
      "\r\n"
      "Call-ID: in1@127.0.0.1\r\n"
      "CSeq: 2 INFO\r\n"
      "Content-Type: application/dtmf-relay\r\n"
      "Content-Length: " +
      std::to_string(kKey5.size()) + "\r\n\r\n" + std::string(kKey5);
  session.on_other_request(50, parse_message(info_text).value(), now);
  ASSERT_FALSE(context.responses.empty());
  EXPECT_EQ(context.responses.back().response.status_code(), 200);
  const auto received = context.all<ua::InfoReceived>();
  ASSERT_EQ(received.size(), 1U);
  EXPECT_EQ(received[0].call, 1U);
  EXPECT_EQ(received[0].content_type, kRelay);
  EXPECT_EQ(received[0].body, kKey5);
}

}  // namespace
}  // namespace sipline::sip
