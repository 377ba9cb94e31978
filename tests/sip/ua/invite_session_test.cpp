// The INVITE session on its own: a recording SessionContext stands in for the user agent, so
// each step's requests, responses, timers and events are seen exactly, on a virtual clock.
#include "sip/ua/invite_session.hpp"

#include <chrono>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/random.hpp"
#include "sip/message/parser.hpp"
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

struct Incoming : ::testing::Test {
  Recorder context;
  TimePoint now{};
  InviteSession session =
      InviteSession::incoming(1, context, 42, parse_message(kIncomingInvite).value(), flow(5062))
          .value();
};

TEST_F(Incoming, RingAnswerAckThenOurBye) {
  const auto incoming = context.all<ua::IncomingCall>();
  ASSERT_EQ(incoming.size(), 1U);
  EXPECT_EQ(incoming[0].from, "<sip:bob@127.0.0.1:5062>;tag=bob1");
  EXPECT_EQ(incoming[0].offer, "v=0\n");
  EXPECT_EQ(session.state(), CallState::kIncoming);

  ASSERT_TRUE(session.ring(now));
  ASSERT_EQ(context.responses.size(), 1U);
  EXPECT_EQ(context.responses[0].response.status_code(), 180);
  EXPECT_EQ(context.responses[0].response.to()->tag, session.local_tag());

  ASSERT_TRUE(session.answer(kAnswer, now));
  const Message& ok = context.responses.back().response;
  EXPECT_EQ(ok.status_code(), 200);
  EXPECT_EQ(ok.body(), kAnswer);
  EXPECT_EQ(ok.contacts()[0].uri.text, "sip:alice@127.0.0.1:5061");
  EXPECT_EQ(session.state(), CallState::kAnswering);
  // §13.3.1.4: the 2xx again at T1, then 2·T1, until the ACK.
  constexpr auto kG = UaTimerKey::Kind::kAnswerRetransmit;
  ASSERT_EQ(context.timers(kG).size(), 1U);
  EXPECT_EQ(context.timers(kG)[0].at, now + 500ms);
  session.on_answer_timer(now + 500ms);
  ASSERT_EQ(context.all<ua::Send>().size(), 1U);
  EXPECT_EQ(parse_message(context.all<ua::Send>()[0].bytes).value(), ok);
  EXPECT_EQ(context.timers(kG)[1].at, now + 1500ms);

  session.on_ack(from_bob("ACK", 1, session.local_tag()), now + 600ms);
  EXPECT_EQ(session.state(), CallState::kConfirmed);
  EXPECT_EQ(context.all<ua::CallConfirmed>().size(), 1U);
  session.on_answer_timer(now + 1500ms);  // a timer that fired anyway sends nothing now
  EXPECT_EQ(context.all<ua::Send>().size(), 1U);

  session.hangup(now + 2s);
  ASSERT_EQ(context.requests.size(), 1U);
  const Message& bye = context.requests[0].request;
  EXPECT_EQ(bye.method(), Method::kBye);
  EXPECT_EQ(bye.request_uri().text, "sip:bob@127.0.0.1:5062");  // the remote target
  EXPECT_EQ(bye.to()->tag, "bob1");
  EXPECT_EQ(bye.from()->tag, session.local_tag());
  EXPECT_EQ(context.requests[0].call, 1U);
  EXPECT_EQ(session.state(), CallState::kTerminating);
  session.on_bye_response(parse_message("SIP/2.0 200 OK\r\nCSeq: 1 BYE\r\n\r\n").value(), now + 2s);
  EXPECT_TRUE(session.ended());
  ASSERT_EQ(context.all<ua::CallEnded>().size(), 1U);
  EXPECT_FALSE(context.all<ua::CallEnded>()[0].by_peer);
}

TEST_F(Incoming, NoAckWithin64T1EndsWithOurBye) {
  ASSERT_TRUE(session.answer(kAnswer, now));
  TimePoint at = now;
  for (int i = 0; i < 20 && context.requests.empty(); ++i) {
    at = context.all<ua::SetTimer>().back().at;
    session.on_answer_timer(at);
  }
  ASSERT_EQ(context.requests.size(), 1U);
  EXPECT_EQ(context.requests[0].request.method(), Method::kBye);
  EXPECT_EQ(at, now + 32s);
}

TEST_F(Incoming, AByeBeforeTheAnswerEndsTheInviteWith487) {
  session.on_bye(7, from_bob("BYE", 2, session.local_tag()), now);
  ASSERT_EQ(context.responses.size(), 2U);
  EXPECT_EQ(context.responses[0].transaction, 7U);
  EXPECT_EQ(context.responses[0].response.status_code(), 200);
  EXPECT_EQ(context.responses[1].transaction, 42U);  // the INVITE's
  EXPECT_EQ(context.responses[1].response.status_code(), 487);
  ASSERT_EQ(context.all<ua::CallEnded>().size(), 1U);
  EXPECT_TRUE(context.all<ua::CallEnded>()[0].by_peer);
}

TEST_F(Incoming, ACancelAfterTheAnswerChangesNothing) {
  ASSERT_TRUE(session.answer(kAnswer, now));
  session.on_cancel(42, now);  // §9.2
  EXPECT_FALSE(session.ended());
  EXPECT_EQ(session.state(), CallState::kAnswering);
}

TEST_F(Incoming, AnOldCSeqInTheDialogIsRefusedWith500) {
  ASSERT_TRUE(session.answer(kAnswer, now));
  session.on_ack(from_bob("ACK", 1, session.local_tag()), now);
  session.on_offer_request(8, from_bob("INVITE", 5, session.local_tag()), now);
  ASSERT_EQ(context.all<ua::SessionOffer>().size(), 1U);
  ASSERT_TRUE(session.accept_offer(kAnswer, now));
  EXPECT_EQ(context.responses.back().response.status_code(), 200);
  session.on_bye(9, from_bob("BYE", 3, session.local_tag()), now);
  EXPECT_EQ(context.responses.back().response.status_code(), 500);
  EXPECT_FALSE(session.ended());
}

struct Outgoing : ::testing::Test {
  Recorder context;
  TimePoint now{};
  InviteSession session =
      InviteSession::outgoing(3, context, "sip:bob@127.0.0.1:5062", flow(5062), kOffer, {}, now)
          .value();

  const Message& invite() const { return context.requests.front().request; }
  Message answer(int status, std::string_view to_tag, std::string_view body = {}) {
    return build_response(session.invite(), {.status = status,
                                             .to_tag = to_tag,
                                             .contact = "<sip:bob@127.0.0.1:5062>",
                                             .content_type = "application/sdp",
                                             .body = body})
        .value();
  }
};

TEST_F(Outgoing, TheInviteCarriesTheOfferAndWhatWeAllow) {
  ASSERT_EQ(context.requests.size(), 1U);
  EXPECT_EQ(invite().method(), Method::kInvite);
  EXPECT_EQ(invite().request_uri().text, "sip:bob@127.0.0.1:5062");
  EXPECT_EQ(invite().from()->tag, session.local_tag());
  EXPECT_EQ(invite().body(), kOffer);
  EXPECT_EQ(invite().header(HeaderId::kAllow), kAllowValue);
  EXPECT_EQ(invite().header(HeaderId::kUserAgent), "sipline-test");
  EXPECT_EQ(session.state(), CallState::kCalling);
}

TEST_F(Outgoing, AHangupBeforeAny1xxCancelsOnTheFirst) {
  session.hangup(now);
  EXPECT_EQ(context.requests.size(), 1U);  // §9.1: no CANCEL before a provisional response
  session.on_invite_response(session.invite_transaction(), answer(180, "bob2"), now + 100ms);
  ASSERT_EQ(context.requests.size(), 2U);
  const Message& cancel = context.requests[1].request;
  EXPECT_EQ(cancel.method(), Method::kCancel);
  EXPECT_EQ(cancel.vias()[0].branch, invite().vias()[0].branch);
  EXPECT_EQ(cancel.cseq()->number, invite().cseq()->number);
  EXPECT_TRUE(context.all<ua::CallProgress>().empty());  // the user hung up: no ringing
  // The 2xx crossed the CANCEL: ACK it, then BYE.
  session.on_invite_response(session.invite_transaction(), answer(200, "bob2", kAnswer),
                             now + 120ms);
  ASSERT_EQ(context.all<ua::Send>().size(), 1U);
  EXPECT_EQ(parse_message(context.all<ua::Send>()[0].bytes)->method(), Method::kAck);
  ASSERT_EQ(context.requests.size(), 3U);
  EXPECT_EQ(context.requests[2].request.method(), Method::kBye);
  EXPECT_TRUE(context.all<ua::CallConfirmed>().empty());
}

TEST_F(Outgoing, A2xxFromAnotherForkIsAckedAndEnded) {
  session.on_invite_response(session.invite_transaction(), answer(200, "fork1", kAnswer), now);
  ASSERT_EQ(context.all<ua::CallConfirmed>().size(), 1U);
  EXPECT_EQ(context.all<ua::CallConfirmed>()[0].body, kAnswer);
  session.on_late_2xx(answer(200, "fork1", kAnswer), now);  // a retransmission: ACK only
  EXPECT_EQ(context.all<ua::Send>().size(), 2U);
  EXPECT_EQ(context.requests.size(), 1U);
  session.on_late_2xx(answer(200, "fork2", kAnswer), now);  // another fork: ACK and BYE
  EXPECT_EQ(context.all<ua::Send>().size(), 3U);
  ASSERT_EQ(context.requests.size(), 2U);
  EXPECT_EQ(context.requests[1].request.method(), Method::kBye);
  EXPECT_EQ(context.requests[1].request.to()->tag, "fork2");
  EXPECT_EQ(context.requests[1].call, 0U);  // not this call's: its answer ends nothing here
  EXPECT_FALSE(session.ended());
}

TEST_F(Outgoing, AChallengeInOurRealmIsAnsweredOnce) {
  context.user_credentials = Credentials{"alice", "secret", "example.com"};
  MessageBuilder unauthorized = MessageBuilder::response(401);
  for (const HeaderField& field : session.invite().headers()) {
    if (field.id == HeaderId::kVia || field.id == HeaderId::kFrom || field.id == HeaderId::kTo ||
        field.id == HeaderId::kCallId || field.id == HeaderId::kCSeq) {
      unauthorized.field(field.id, field.value);
    }
  }
  unauthorized.field(HeaderId::kWwwAuthenticate,
                     "Digest realm=\"example.com\", nonce=\"n1\", algorithm=MD5");
  const Message challenge = unauthorized.build().value();
  session.on_invite_response(session.invite_transaction(), challenge, now);
  ASSERT_EQ(context.requests.size(), 2U);
  const Message& again = context.requests[1].request;
  EXPECT_EQ(again.cseq()->number, invite().cseq()->number + 1);
  EXPECT_TRUE(again.header(HeaderId::kAuthorization));
  EXPECT_EQ(session.state(), CallState::kCalling);
  session.on_invite_response(session.invite_transaction(), challenge,
                             now);  // the same nonce again: not answered twice
  EXPECT_EQ(context.requests.size(), 2U);
  ASSERT_EQ(context.all<ua::CallEnded>().size(), 1U);
  EXPECT_EQ(context.all<ua::CallEnded>()[0].status, 401);
}

TEST_F(Outgoing, ATimeoutEndsTheCallOnce) {
  session.on_transaction_failed(session.invite_transaction(), 408, now);
  session.on_transaction_failed(session.invite_transaction(), 408, now);
  ASSERT_EQ(context.all<ua::CallEnded>().size(), 1U);
  EXPECT_EQ(context.all<ua::CallEnded>()[0].status, 408);
  EXPECT_FALSE(context.all<ua::CallEnded>()[0].by_peer);
}

}  // namespace
}  // namespace sipline::sip
