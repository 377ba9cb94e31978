// Reliable provisional responses (RFC 3262) in the INVITE session, on a virtual clock: as the
// callee, a reliable 180 resent until its PRACK (or the call refused 504); as the caller, each
// new reliable 1xx PRACKed once in its early dialog, which the 2xx then confirms.
#include <chrono>
#include <string>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"
#include "sip/ua/invite_session.hpp"
#include "sip/ua/user_agent.hpp"
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

constexpr auto kReliable = UaTimerKey::Kind::kReliableProvisional;

std::string invite_requiring(std::string_view tags) {
  std::string invite(kIncomingInvite);
  invite.insert(invite.find("Content-Type:"), "Require: " + std::string(tags) + "\r\n");
  return invite;
}

struct Callee : ::testing::Test {
  Recorder context;
  InviteSession session =
      InviteSession::incoming(1, context, 42, parse_message(invite_requiring("100rel")).value(),
                              flow(5062))
          .value();
  Message prack(std::string_view rack, std::uint32_t cseq = 2) {
    return from_bob("PRACK", cseq, session.local_tag(), {}, "RAck: " + std::string(rack) + "\r\n");
  }
};

TEST_F(Callee, OurReliable180IsResentUntilItsPrack) {
  ASSERT_TRUE(session.ring(TimePoint{}));
  const Message ringing = context.responses.back().response;
  EXPECT_EQ(ringing.status_code(), 180);
  EXPECT_EQ(ringing.header("Require"), "100rel");
  const std::string rseq(ringing.header("RSeq").value());
  ASSERT_EQ(context.timers(kReliable).size(), 1U);
  EXPECT_EQ(context.timers(kReliable)[0].at, TimePoint{} + 500ms);
  session.on_reliable_1xx_timer(TimePoint{} + 500ms);
  ASSERT_EQ(context.all<ua::Send>().size(), 1U);
  EXPECT_EQ(parse_message(context.all<ua::Send>()[0].bytes).value(), ringing);
  EXPECT_EQ(context.timers(kReliable)[1].at, TimePoint{} + 1500ms);  // T1, then doubling
  EXPECT_TRUE(session.ring(TimePoint{} + 600ms));  // §3: no second one before the PRACK
  EXPECT_EQ(context.responses.size(), 1U);

  session.on_prack(7, prack("1 1 INVITE"), TimePoint{} + 700ms);  // not our RSeq
  EXPECT_EQ(context.responses.back().transaction, 7U);
  EXPECT_EQ(context.responses.back().response.status_code(), 481);
  session.on_prack(8, prack(rseq + " 1 INVITE", 3), TimePoint{} + 800ms);
  EXPECT_EQ(context.responses.back().transaction, 8U);
  EXPECT_EQ(context.responses.back().response.status_code(), 200);
  session.on_reliable_1xx_timer(TimePoint{} + 1500ms);
  EXPECT_EQ(context.all<ua::Send>().size(), 1U);  // acknowledged: not resent
  ASSERT_TRUE(session.answer(kAnswer, TimePoint{} + 2s));
  EXPECT_EQ(context.responses.back().response.status_code(), 200);
}

TEST_F(Callee, NoPrackWithin64T1RefusesTheCall504) {
  ASSERT_TRUE(session.ring(TimePoint{}));
  TimePoint at{};
  for (int i = 0; i < 20 && context.all<ua::CallEnded>().empty(); ++i) {
    at = context.timers(kReliable).back().at;
    session.on_reliable_1xx_timer(at);
  }
  EXPECT_EQ(at, TimePoint{} + 32s);
  EXPECT_EQ(context.responses.back().response.status_code(), 504);
  ASSERT_EQ(context.all<ua::CallEnded>().size(), 1U);
  EXPECT_EQ(context.all<ua::CallEnded>()[0].status, 504);
}

TEST(Caller, EachNewReliable1xxIsPrackedOnceAndItsDialogGoesOn) {
  Recorder context;
  auto session =
      InviteSession::outgoing(3, context, "sip:bob@127.0.0.1:5062", flow(5062), kOffer, {}, {})
          .value();
  const Message invite = context.requests[0].request;
  EXPECT_NE(std::string(invite.header("Allow").value()).find("PRACK"), std::string::npos);
  const auto reliable = [&](int status, std::string_view rseq) {
    const std::array<ExtraHeader, 2> extra{{{"Require", "100rel"}, {"RSeq", rseq}}};
    return build_response(invite, {.status = status,
                                   .to_tag = "b1",
                                   .contact = "<sip:bob@127.0.0.1:5062>",
                                   .extra_headers = extra})
        .value();
  };
  session.on_invite_response(session.invite_transaction(), reliable(183, "7"), TimePoint{});
  ASSERT_EQ(context.requests.size(), 2U);
  const Message prack = context.requests[1].request;
  EXPECT_EQ(prack.method(), Method::kPrack);
  EXPECT_EQ(prack.header("RAck"), "7 1 INVITE");
  EXPECT_EQ(prack.to()->tag, "b1");
  EXPECT_EQ(prack.request_uri().text, "sip:bob@127.0.0.1:5062");
  EXPECT_EQ(context.all<ua::CallProgress>().size(), 1U);
  // Its retransmission (our PRACK crossed it): nothing new, no second PRACK.
  session.on_invite_response(session.invite_transaction(), reliable(183, "7"), TimePoint{});
  EXPECT_EQ(context.requests.size(), 2U);
  EXPECT_EQ(context.all<ua::CallProgress>().size(), 1U);
  session.on_invite_response(session.invite_transaction(), reliable(180, "8"), TimePoint{});
  ASSERT_EQ(context.requests.size(), 3U);
  EXPECT_EQ(context.requests[2].request.header("RAck"), "8 1 INVITE");
  EXPECT_GT(context.requests[2].request.cseq()->number, prack.cseq()->number);
  EXPECT_EQ(context.all<ua::CallProgress>().size(), 2U);

  const Message ok = build_response(invite, {.status = 200,
                                             .to_tag = "b1",
                                             .contact = "<sip:bob@127.0.0.1:5062>",
                                             .content_type = "application/sdp",
                                             .body = kAnswer})
                         .value();
  session.on_invite_response(session.invite_transaction(), ok, TimePoint{});
  ASSERT_EQ(context.all<ua::CallConfirmed>().size(), 1U);
  session.hangup(TimePoint{} + 1s);
  const Message bye = context.requests.back().request;
  EXPECT_EQ(bye.method(), Method::kBye);
  // The early dialog's CSeq went on: the BYE is above both PRACKs (§12.2.1.1).
  EXPECT_GT(bye.cseq()->number, context.requests[2].request.cseq()->number);
}

TEST(UserAgentRequire, HundredRelIsSupportedAndOtherExtensionsGet420) {
  for (const auto* tags : {"100rel", "100rel, foo"}) {
    SeededRandom random(3);
    UserAgent ua(test::config("alice", 5061), random);
    ua.on_message(flow(5062), invite_requiring(tags), TimePoint{});
    bool incoming = false;
    int refused = 0;  // the highest status sent
    while (auto output = ua.poll()) {
      if (const auto* send = std::get_if<ua::Send>(&*output)) {
        refused = std::max(refused, parse_message(send->bytes).value().status_code());
      }
      incoming = incoming || std::holds_alternative<ua::IncomingCall>(*output);
    }
    const bool plain = std::string_view(tags) == "100rel";
    EXPECT_EQ(incoming, plain) << tags;
    EXPECT_EQ(refused, plain ? 0 : 420) << tags;  // nothing sent yet, or the §8.2.2.3 refusal
  }
}

}  // namespace
}  // namespace sipline::sip
