// Session timers (RFC 4028): the negotiation on its own, then inside the INVITE session on a
// virtual clock — our refresh by re-INVITE or UPDATE, the peer's refresh overdue (BYE, 408), a
// 422 followed, and the user agent's 422 to an interval below our Min-SE.
#include "sip/ua/session_timer.hpp"

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

constexpr auto kTimer = UaTimerKey::Kind::kSessionTimer;

// A message with these header lines (the rest does not matter to the timer).
Message with(std::string_view lines) {
  return parse_message("SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\n" + std::string(lines) + "\r\n")
      .value();
}

TEST(SessionTimer, TheUasTakesTheRefresherAskedForOrTheOneThatCanRefresh) {
  SessionTimer asked({});
  const auto answer =
      asked.answer(with("Supported: timer\r\nSession-Expires: 1200;refresher=uac\r\n"));
  EXPECT_EQ(answer.session_expires, "1200;refresher=uac");
  EXPECT_TRUE(answer.require_timer);  // §9: the peer refreshes and must know it
  EXPECT_FALSE(asked.we_refresh());
  EXPECT_EQ(asked.due(TimePoint{}), TimePoint{} + 1168s);  // §10: 1200 − min(32, 400)

  SessionTimer unaware({});  // a peer without the extension: we refresh, half-way
  const auto ours = unaware.answer(with("Session-Expires: 600;refresher=uac\r\n"));
  EXPECT_EQ(ours.session_expires, "600;refresher=uas");
  EXPECT_FALSE(ours.require_timer);
  EXPECT_TRUE(unaware.we_refresh());
  EXPECT_EQ(unaware.due(TimePoint{}), TimePoint{} + 300s);

  SessionTimer none({});  // nothing asked: ours, the sender refreshing when it can
  EXPECT_EQ(none.answer(with("Supported: timer\r\n")).session_expires, "1800;refresher=uac");
  SessionTimer off({.enabled = false});
  EXPECT_EQ(off.answer(with("Session-Expires: 600\r\n")).session_expires, "");
  EXPECT_FALSE(off.running());
}

TEST(SessionTimer, OurRequestRunsAsTheAnswerSays) {
  SessionTimer timer({});
  EXPECT_EQ(timer.request_value(), "1800");
  timer.on_2xx(with("Session-Expires: 1200;refresher=uac\r\n"));
  EXPECT_TRUE(timer.we_refresh());
  EXPECT_EQ(timer.due(TimePoint{}), TimePoint{} + 600s);
  timer.on_2xx(with("Session-Expires: 90;refresher=uas\r\n"));
  EXPECT_FALSE(timer.we_refresh());
  EXPECT_EQ(timer.due(TimePoint{}), TimePoint{} + 60s);  // 90 − 30
  timer.on_2xx(with(""));                                // §7.2: no Session-Expires, no timer
  EXPECT_FALSE(timer.running());
}

TEST(SessionTimer, A422IsFollowedOnceAndAShortIntervalGetsOne) {
  SessionTimer timer({});
  EXPECT_FALSE(timer.min_se_value());
  EXPECT_EQ(timer.on_422(with("Min-SE: 3600\r\n")), 3600U);
  EXPECT_EQ(timer.request_value(), "3600");
  EXPECT_EQ(timer.min_se_value(), "3600");
  EXPECT_FALSE(timer.on_422(with("Min-SE: 3600\r\n")));  // no larger: give up
  EXPECT_FALSE(timer.on_422(with("Min-SE: 999999\r\n")));
  EXPECT_EQ(session_interval_too_small(with("Session-Expires: 60\r\n"), {}), 90U);
  EXPECT_FALSE(session_interval_too_small(with("Session-Expires: 90\r\n"), {}));
  EXPECT_FALSE(session_interval_too_small(with("Session-Expires: 60\r\n"), {.enabled = false}));
  EXPECT_FALSE(session_interval_too_small(with("Session-Expires: x\r\n"), {}));
}

// An incoming call answered and ACKed, the INVITE carrying `lines`.
struct Answered {
  explicit Answered(std::string_view lines) {
    std::string invite(kIncomingInvite);
    invite.insert(invite.find("Content-Type:"), lines);
    session.emplace(
        InviteSession::incoming(1, context, 42, parse_message(invite).value(), flow(5062)).value());
    EXPECT_TRUE(session->answer(kAnswer, TimePoint{}));
    ok = context.responses.back().response;
    session->on_ack(from_bob("ACK", 1, session->local_tag()), TimePoint{});
  }
  Recorder context;
  std::optional<InviteSession> session;
  Message ok;
};

TEST(SessionRefresh, WeRefreshAPeerWithoutTheExtensionByReinvite) {
  Answered call("");
  EXPECT_EQ(call.ok.header("Session-Expires"), "1800;refresher=uas");
  EXPECT_EQ(call.ok.header("Supported"), "timer");
  EXPECT_FALSE(call.ok.header("Require"));
  ASSERT_EQ(call.context.timers(kTimer).size(), 1U);
  EXPECT_EQ(call.context.timers(kTimer)[0].at, TimePoint{} + 900s);
  call.session->on_session_timer(TimePoint{} + 900s);
  ASSERT_EQ(call.context.requests.size(), 1U);
  const Message refresh = call.context.requests[0].request;
  EXPECT_EQ(refresh.method(), Method::kInvite);  // it did not say it takes UPDATE
  EXPECT_EQ(refresh.body(), kAnswer);            // §7.4: the description in force, again
  EXPECT_EQ(refresh.header("Session-Expires"), "1800;refresher=uac");
  const Message answer = build_response(refresh, {.status = 200,
                                                  .contact = "<sip:bob@127.0.0.1:5062>",
                                                  .extra_headers = {},
                                                  .content_type = "application/sdp",
                                                  .body = kOffer})
                             .value();
  call.session->on_invite_response(call.context.next_transaction - 1, answer, TimePoint{} + 900s);
  EXPECT_TRUE(call.context.all<ua::SessionAnswer>().empty());  // a refresh is ours alone
  ASSERT_EQ(call.context.all<ua::Send>().size(), 1U);          // the ACK
  // It answered without Session-Expires (no extension): the timer stops (§7.2).
  EXPECT_EQ(call.context.timers(kTimer).size(), 1U);
  EXPECT_FALSE(call.session->ended());
}

TEST(SessionRefresh, ThePeersOverdueRefreshEndsTheCallAs408) {
  Answered call("Supported: timer\r\nSession-Expires: 1800\r\nAllow: INVITE, ACK, BYE, UPDATE\r\n");
  EXPECT_EQ(call.ok.header("Session-Expires"), "1800;refresher=uac");
  EXPECT_EQ(call.ok.header("Require"), "timer");
  // Its refresh (an UPDATE without SDP) at 1000 s moves the deadline on.
  call.session->on_offer_request(8,
                                 from_bob("UPDATE", 2, call.session->local_tag(), {},
                                          "Supported: timer\r\nSession-Expires: 1800\r\n"),
                                 TimePoint{} + 1000s);
  EXPECT_EQ(call.context.responses.back().response.status_code(), 200);
  EXPECT_EQ(call.context.responses.back().response.header("Session-Expires"), "1800;refresher=uac");
  EXPECT_EQ(call.context.timers(kTimer).back().at, TimePoint{} + 1000s + 1768s);
  call.session->on_session_timer(TimePoint{} + 2768s);  // none came since
  ASSERT_EQ(call.context.requests.size(), 1U);
  EXPECT_EQ(call.context.requests[0].request.method(), Method::kBye);  // §10
  call.session->on_bye_response(parse_message("SIP/2.0 200 OK\r\nCSeq: 3 BYE\r\n\r\n").value(),
                                TimePoint{} + 2768s);
  ASSERT_EQ(call.context.all<ua::CallEnded>().size(), 1U);
  EXPECT_EQ(call.context.all<ua::CallEnded>()[0].status, 408);
}

TEST(SessionRefresh, OurCallFollowsA422ThenRefreshesByUpdate) {
  Recorder context;
  auto session =
      InviteSession::outgoing(3, context, "sip:bob@127.0.0.1:5062", flow(5062), kOffer, {}, {})
          .value();
  const Message first = context.requests[0].request;
  EXPECT_EQ(first.header("Supported"), "timer");
  EXPECT_EQ(first.header("Session-Expires"), "1800;refresher=uac");
  session.on_invite_response(
      session.invite_transaction(),
      build_response(first, {.status = 422, .to_tag = "b2", .extra_headers = {}}).value(),
      TimePoint{});
  ASSERT_EQ(context.requests.size(), 1U);  // a 422 without Min-SE says nothing to follow
  EXPECT_TRUE(session.ended());

  Recorder again_context;
  auto call = InviteSession::outgoing(4, again_context, "sip:bob@127.0.0.1:5062", flow(5062),
                                      kOffer, {}, {})
                  .value();
  const ExtraHeader min_se{"Min-SE", "3600"};
  call.on_invite_response(
      call.invite_transaction(),
      build_response(again_context.requests[0].request,
                     {.status = 422, .to_tag = "b2", .extra_headers = {&min_se, 1U}})
          .value(),
      TimePoint{});
  ASSERT_EQ(again_context.requests.size(), 2U);
  const Message retry = again_context.requests[1].request;
  EXPECT_EQ(retry.header("Session-Expires"), "3600;refresher=uac");
  EXPECT_EQ(retry.header("Min-SE"), "3600");
  EXPECT_EQ(retry.cseq()->number, again_context.requests[0].request.cseq()->number + 1);
  const std::array<ExtraHeader, 2> granted{
      {{"Session-Expires", "3600;refresher=uac"}, {"Allow", "INVITE, ACK, BYE, UPDATE"}}};
  call.on_invite_response(call.invite_transaction(),
                          build_response(retry, {.status = 200,
                                                 .to_tag = "b3",
                                                 .contact = "<sip:bob@127.0.0.1:5062>",
                                                 .extra_headers = granted,
                                                 .content_type = "application/sdp",
                                                 .body = kAnswer})
                              .value(),
                          TimePoint{});
  ASSERT_EQ(again_context.timers(kTimer).back().at, TimePoint{} + 1800s);
  call.on_session_timer(TimePoint{} + 1800s);
  ASSERT_EQ(again_context.requests.size(), 3U);
  const Message update = again_context.requests[2].request;
  EXPECT_EQ(update.method(), Method::kUpdate);
  EXPECT_EQ(update.body(), "");
  EXPECT_EQ(update.header("Session-Expires"), "3600;refresher=uac");
  const ExtraHeader kept{"Session-Expires", "3600;refresher=uac"};
  call.on_update_response(
      build_response(update, {.status = 200, .extra_headers = {&kept, 1U}}).value(),
      TimePoint{} + 1800s);
  EXPECT_EQ(again_context.timers(kTimer).back().at, TimePoint{} + 3600s);
  EXPECT_FALSE(call.ended());
}

TEST(SessionRefresh, TheUserAgentAnswersATooShortInterval422) {
  SeededRandom random(3);
  UserAgent ua(test::config("alice", 5061), random);
  std::string invite(kIncomingInvite);
  invite.insert(invite.find("Content-Type:"), "Session-Expires: 60\r\n");
  ua.on_message(flow(5062), invite, TimePoint{});
  std::optional<Message> answer;
  while (auto output = ua.poll()) {
    if (const auto* send = std::get_if<ua::Send>(&*output)) {
      answer = parse_message(send->bytes).value();
    }
    EXPECT_FALSE(std::holds_alternative<ua::IncomingCall>(*output));
  }
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status_code(), 422);
  EXPECT_EQ(answer->header("Min-SE"), "90");
}

}  // namespace
}  // namespace sipline::sip
