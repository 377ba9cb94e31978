// Transfer inside a confirmed call (invite_session_refer.cpp, RFC 3515): the peer's REFER read
// strictly (one Refer-To, a SIP URI, Replaces unescaped, Refer-Sub: false honoured), NOTIFYs of
// other event packages refused 489, ours reported with sipfrag; our REFER's answer and the
// peer's NOTIFYs told; a REFER outside a confirmed call refused.
#include <string>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/ua/invite_session.hpp"
#include "tests/sip/ua/invite_session_support.hpp"

namespace sipline::sip {
namespace {

using test::flow;
using test::kAnswer;
using test::kIncomingInvite;
using test::Recorder;

struct Refer : ::testing::Test {
  Refer()
      : session(InviteSession::incoming(1, context, 42, parse_message(kIncomingInvite).value(),
                                        flow(5062))
                    .value()) {
    EXPECT_TRUE(session.answer(kAnswer, now));
    session.on_ack(test::from_bob("ACK", 1, session.local_tag()), now);
  }
  // The peer's request `method` with `extra` header lines; the status we answered it with.
  int peer_sends(std::string_view method, std::uint32_t cseq, const std::string& extra,
                 std::string_view body = {}) {
    const std::string m(method);
    std::string text = m + " sip:alice@127.0.0.1:5061 SIP/2.0\r\nVia: SIP/2.0/UDP " +
                       "127.0.0.1:5062;branch=z9hG4bK" + m + std::to_string(cseq) +
                       "\r\nMax-Forwards: 70\r\nFrom: <sip:bob@127.0.0.1:5062>;tag=bob1\r\n" +
                       "To: <sip:alice@127.0.0.1:5061>;tag=" + session.local_tag() +
                       "\r\nCall-ID: in1@127.0.0.1\r\nCSeq: " + std::to_string(cseq) + " " + m +
                       "\r\nContact: <sip:bob@127.0.0.1:5062>\r\n" + extra;
    if (!body.empty()) {
      text += "Content-Type: message/sipfrag\r\n";
    }
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + std::string(body);
    const Message request = parse_message(text).value();
    const std::size_t before = context.responses.size();
    if (method == "REFER") {
      session.on_refer(++transaction, request, now);
    } else {
      session.on_notify(++transaction, request, now);
    }
    return context.responses.size() > before ? context.responses.back().response.status_code() : 0;
  }

  Recorder context;
  TimePoint now{};
  InviteSession session;
  TransactionId transaction = 100;
};

TEST_F(Refer, ThePeersReferIsAcceptedAndReadAndTheFirstNotifyGoesAtOnce) {
  EXPECT_EQ(peer_sends("REFER", 2,
                       "Refer-To: <sip:carol@192.0.2.9;transport=tcp?Replaces=c1%3Bto-tag%3Da"
                       "%3Bfrom-tag%3Db&Subject=x>\r\nReferred-By: <sip:bob@127.0.0.1>\r\n"),
            202);
  const auto told = context.all<ua::ReferReceived>();
  ASSERT_EQ(told.size(), 1U);
  EXPECT_EQ(told[0].target, "sip:carol@192.0.2.9;transport=tcp");
  EXPECT_EQ(told[0].replaces, "c1;to-tag=a;from-tag=b");
  EXPECT_EQ(told[0].referred_by, "<sip:bob@127.0.0.1>");
  ASSERT_EQ(context.requests.size(), 1U);
  const Message& notify = context.requests.back().request;
  EXPECT_EQ(notify.method(), Method::kNotify);
  EXPECT_EQ(notify.header("Event"), "refer");
  EXPECT_EQ(notify.header("Subscription-State"), "active;expires=60");
  EXPECT_EQ(notify.body(), "SIP/2.0 100 Trying\r\n");
  ASSERT_TRUE(session.notify_refer(486, true, now));
  EXPECT_EQ(context.requests.back().request.body(), "SIP/2.0 486 Busy Here\r\n");
  EXPECT_EQ(context.requests.back().request.header("Subscription-State"),
            "terminated;reason=noresource");
  EXPECT_FALSE(session.notify_refer(200, true, now));  // the subscription is over
}

TEST_F(Refer, AReferWithoutOneSipReferToIsRefused400) {
  EXPECT_EQ(peer_sends("REFER", 2, ""), 400);
  EXPECT_EQ(peer_sends("REFER", 3, "Refer-To: <sip:a@h>\r\nRefer-To: <sip:b@h>\r\n"), 400);
  EXPECT_EQ(peer_sends("REFER", 4, "Refer-To: <tel:+15551234>\r\n"), 400);
  EXPECT_EQ(peer_sends("REFER", 5, "Refer-To: <<sip:a@h>\r\n"), 400);
  EXPECT_TRUE(context.all<ua::ReferReceived>().empty());
  EXPECT_TRUE(context.requests.empty());
}

TEST_F(Refer, ReferSubFalseIsHonouredWithNoNotify) {
  EXPECT_EQ(peer_sends("REFER", 2, "Refer-To: <sip:carol@h>\r\nRefer-Sub: false\r\n"), 202);
  EXPECT_EQ(context.responses.back().response.header("Refer-Sub"), "false");
  EXPECT_EQ(context.all<ua::ReferReceived>().size(), 1U);
  EXPECT_TRUE(context.requests.empty());
  EXPECT_FALSE(session.notify_refer(200, true, now));
}

TEST_F(Refer, OurReferAndThePeersNotifiesAreTold) {
  ASSERT_TRUE(session.send_refer("<sip:carol@h>", "<sip:alice@h>", now));
  const Message refer = context.requests.back().request;
  EXPECT_EQ(refer.method(), Method::kRefer);
  EXPECT_EQ(refer.header("Refer-To"), "<sip:carol@h>");
  EXPECT_FALSE(session.send_refer("<sip:dave@h>", "", now));  // one at a time
  session.on_refer_response(context.next_transaction - 1,
                            build_response(refer, {.status = 202}).value(), now);
  ASSERT_EQ(context.all<ua::ReferAnswered>().size(), 1U);
  EXPECT_EQ(peer_sends("NOTIFY", 3, "Event: presence\r\n", "SIP/2.0 200 OK\r\n"), 489);
  EXPECT_EQ(peer_sends("NOTIFY", 4, "Event: refer\r\nSubscription-State: active\r\n",
                       "SIP/2.0 180 Ringing\r\n"),
            200);
  EXPECT_EQ(peer_sends("NOTIFY", 5, "Event: refer;id=2\r\nSubscription-State: terminated\r\n",
                       "SIP/2.0 200 OK\r\n"),
            200);
  const auto notified = context.all<ua::ReferNotified>();
  ASSERT_EQ(notified.size(), 2U);
  EXPECT_EQ(notified[0].status, 180);
  EXPECT_FALSE(notified[0].final);
  EXPECT_EQ(notified[1].status, 200);
  EXPECT_TRUE(notified[1].final);
  // Later NOTIFYs are answered and change nothing.
  EXPECT_EQ(peer_sends("NOTIFY", 6, "Event: refer\r\n", "SIP/2.0 503 X\r\n"), 200);
  EXPECT_EQ(context.all<ua::ReferNotified>().size(), 2U);
}

TEST_F(Refer, NoAnswerToOurReferIsToldAsATimeout) {
  ASSERT_TRUE(session.send_refer("<sip:carol@h>", "", now));
  session.on_transaction_failed(context.next_transaction - 1, 408, now);
  ASSERT_EQ(context.all<ua::ReferAnswered>().size(), 1U);
  EXPECT_EQ(context.all<ua::ReferAnswered>()[0].status, 408);
  EXPECT_TRUE(session.send_refer("<sip:carol@h>", "", now));  // the way is free again
}

TEST(ReferOutsideACall, ARingingCallTakesNoRefer) {
  Recorder context;
  InviteSession ringing =
      InviteSession::incoming(2, context, 43, parse_message(kIncomingInvite).value(), flow(5062))
          .value();
  ringing.on_refer(7,
                   test::from_bob("REFER", 2, ringing.local_tag(), {}, "Refer-To: <sip:c@h>\r\n"),
                   TimePoint{});
  ASSERT_EQ(context.responses.size(), 1U);
  EXPECT_EQ(context.responses.back().response.status_code(), 403);
  EXPECT_FALSE(ringing.send_refer("<sip:c@h>", "", TimePoint{}));
}

}  // namespace
}  // namespace sipline::sip
