// Registrations kept by the user agent, against a registrar the test plays, on a virtual clock
// driven only by the timers the user agent asks for: the REGISTERs go out as its transactions,
// refreshes and retries come from its own timer queue, every change is a typed
// RegistrationChanged, and only the answer to the REGISTER in flight counts.
#include <algorithm>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/deadline_queue.hpp"
#include "sip/message/parser.hpp"
#include "sip/ua/user_agent.hpp"
#include "tests/sip/ua/user_agent_support.hpp"

namespace sipline::sip {
namespace {

using test::config;
using test::flow;

constexpr Duration kSecond{1'000'000};

RegistrationConfig alice_at_the_registrar() {
  RegistrationConfig c;
  c.registrar = "sip:example.com";
  c.aor = "sip:alice@example.com";
  c.password = "wonderland";
  c.contact = "sip:alice@127.0.0.1:5061";
  c.sent_by = "127.0.0.1:5061";
  c.expires = 600;
  return c;
}

// Alice's user agent, the registrar's side written by the test, and the clock: time moves only
// by advance(), which fires the timers the user agent set, in order.
struct Registrar {
  Registrar() : random(5), alice(config("alice", 5061), random) {}

  void collect() {
    while (auto o = alice.poll()) {
      if (auto* send = std::get_if<ua::Send>(&*o)) {
        EXPECT_TRUE(transport::travels_on(registrar, send->to));
        if (send->bytes == "\r\n\r\n") {
          keep_alive_times.push_back(now);
        } else if (auto m = parse_message(send->bytes)) {
          sent.push_back(std::move(*m));
        }
      } else if (auto* set = std::get_if<ua::SetTimer>(&*o)) {
        timers.set(set->key, set->at);
      } else if (auto* cancel = std::get_if<ua::CancelTimer>(&*o)) {
        timers.cancel(cancel->key);
      } else if (auto* change = std::get_if<ua::RegistrationChanged>(&*o)) {
        changes.push_back(*change);
      } else if (auto* drop = std::get_if<ua::DropFlow>(&*o)) {
        EXPECT_TRUE(transport::travels_on(registrar, drop->flow));
        drop_times.push_back(now);
      }
    }
  }
  void advance(Duration by) {
    const TimePoint until = now + by;
    for (auto at = timers.next(); at && *at <= until; at = timers.next()) {
      now = *at;
      const auto key = timers.pop_due(now);
      alice.on_timer(*key, now);
      collect();
    }
    now = until;
  }
  // Alice's registration over `kind` to the registrar's address, started.
  RegistrationId start_over(transport::TransportKind kind) {
    registrar = {kind, "127.0.0.1", 5062, 0};
    const RegistrationId id = alice.add_registration(alice_at_the_registrar(), registrar);
    EXPECT_TRUE(alice.start_registration(id, now));
    collect();
    return id;
  }
  [[nodiscard]] bool registration_timer_set(RegistrationId id) const {
    return timers.armed({UaTimerKey::Kind::kRegistration, id, TimerId::kA});
  }
  // The registrar's final answer to `request`.
  void answer(const Message& request, int status, const std::string& extra = "") {
    alice.on_message(registrar, test::response_text(request, status, extra, "reg"), now);
    collect();
  }
  std::vector<Message> take_sent() { return std::exchange(sent, {}); }
  std::vector<RegistrationState> take_states() {
    std::vector<RegistrationState> states;
    for (const auto& change : std::exchange(changes, {})) {
      states.push_back(change.state);
    }
    return states;
  }

  SeededRandom random;
  UserAgent alice;
  transport::Flow registrar = flow(5062);  // where everything must go
  TimePoint now{};
  DeadlineQueue<UaTimerKey, UaTimerKeyHash> timers;
  std::vector<TimePoint> keep_alive_times;  // when a keep-alive (CRLF CRLF) went
  std::vector<TimePoint> drop_times;        // when the connection was given up (no pong)
  std::vector<Message> sent;
  std::vector<ua::RegistrationChanged> changes;
};

using States = std::vector<RegistrationState>;

TEST(UserAgentRegistration, RegistersRefreshesOnItsOwnTimerAndUnregisters) {
  Registrar net;
  const RegistrationId id = net.alice.add_registration(alice_at_the_registrar(), flow(5062));
  EXPECT_EQ(net.alice.registration(id)->state(), RegistrationState::kIdle);
  ASSERT_TRUE(net.alice.start_registration(id, net.now));
  net.collect();
  auto sent = net.take_sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].method(), Method::kRegister);
  EXPECT_EQ(sent[0].header(HeaderId::kExpires), "600");
  EXPECT_EQ(net.take_states(), States{RegistrationState::kRegistering});

  net.answer(sent[0], 200, "Contact: <sip:alice@127.0.0.1:5061>;expires=600\r\n");
  ASSERT_EQ(net.changes.size(), 1U);
  EXPECT_EQ(net.changes[0].registration, id);
  EXPECT_EQ(net.changes[0].status, 200);
  EXPECT_EQ(net.changes[0].expires, 600U);
  EXPECT_EQ(net.take_states(), States{RegistrationState::kRegistered});
  EXPECT_TRUE(net.registration_timer_set(id));

  // Refreshed halfway through the binding (registration.cpp), by the UA's own timer.
  net.advance(299 * kSecond);
  EXPECT_TRUE(net.take_sent().empty());
  net.advance(kSecond);
  sent = net.take_sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].cseq()->number, 2U);
  net.answer(sent[0], 200, "Contact: <sip:alice@127.0.0.1:5061>;expires=600\r\n");

  ASSERT_TRUE(net.alice.stop_registration(id, net.now));
  net.collect();
  sent = net.take_sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].header(HeaderId::kExpires), "0");
  EXPECT_FALSE(net.registration_timer_set(id));  // no refresh on the way out
  net.answer(sent[0], 200);
  EXPECT_EQ(net.take_states(),
            (States{RegistrationState::kRegistering, RegistrationState::kRegistered,
                    RegistrationState::kUnregistering, RegistrationState::kUnregistered}));
}

TEST(UserAgentRegistration, AChallengeIsAnsweredAndItsRealmKept) {
  Registrar net;
  const RegistrationId id = net.alice.add_registration(alice_at_the_registrar(), flow(5062));
  ASSERT_TRUE(net.alice.start_registration(id, net.now));
  net.collect();
  net.answer(net.take_sent().at(0), 401,
             "WWW-Authenticate: Digest realm=\"example.com\", nonce=\"n1\", qop=\"auth\"\r\n");
  const auto sent = net.take_sent();
  ASSERT_EQ(sent.size(), 1U);
  const auto authorization = sent[0].header(HeaderId::kAuthorization);
  ASSERT_TRUE(authorization);
  EXPECT_NE(authorization->find("realm=\"example.com\""), std::string_view::npos);
  net.answer(sent[0], 200, "Expires: 600\r\n");
  EXPECT_EQ(net.alice.registration(id)->state(), RegistrationState::kRegistered);
  EXPECT_EQ(net.alice.registration(id)->realm(), "example.com");
}

// No answer: Timer F (64·T1) fails the REGISTER as a 408, and the retry comes after the
// RFC 5626 §4.5 backoff (15–30 s for the first failure), again from the UA's timers.
TEST(UserAgentRegistration, ATimeoutWaitsAndRetries) {
  Registrar net;
  const RegistrationId id = net.alice.add_registration(alice_at_the_registrar(), flow(5062));
  ASSERT_TRUE(net.alice.start_registration(id, net.now));
  net.collect();
  net.take_states();
  net.advance(32 * kSecond);
  ASSERT_EQ(net.changes.size(), 1U);
  EXPECT_EQ(net.changes[0].state, RegistrationState::kWaiting);
  EXPECT_EQ(net.changes[0].status, 408);
  net.changes.clear();
  const std::size_t retransmissions = net.take_sent().size();
  EXPECT_GT(retransmissions, 5U);  // Timer E's, all of the one REGISTER
  net.advance(15 * kSecond - Duration{1});
  EXPECT_TRUE(net.take_sent().empty());
  net.advance(15 * kSecond + Duration{1});
  const auto sent = net.take_sent();
  ASSERT_FALSE(sent.empty());
  EXPECT_EQ(sent[0].cseq()->number, 2U);
  EXPECT_EQ(net.take_states(), States{RegistrationState::kRegistering});
}

// §17.1.4: the transport cannot reach the registrar: the REGISTER fails now, as a 503.
TEST(UserAgentRegistration, AFailedFlowFailsTheRegisterAtOnce) {
  Registrar net;
  const RegistrationId id = net.alice.add_registration(alice_at_the_registrar(), flow(5062));
  ASSERT_TRUE(net.alice.start_registration(id, net.now));
  net.collect();
  net.take_states();
  net.alice.on_flow_failed(flow(5070), net.now);  // another flow: nothing
  net.collect();
  EXPECT_TRUE(net.changes.empty());
  net.alice.on_flow_failed(flow(5062), net.now);
  net.collect();
  ASSERT_EQ(net.changes.size(), 1U);
  EXPECT_EQ(net.changes[0].state, RegistrationState::kWaiting);
  EXPECT_EQ(net.changes[0].status, 503);
}

// Stopped while the first REGISTER is in flight: that REGISTER's late 200 must not be taken for
// the answer to the unregistering one, nor its timeout (Timer F, after the unregistering ended)
// for a failure of the binding.
TEST(UserAgentRegistration, OnlyTheAnswerToTheRegisterInFlightCounts) {
  Registrar net;
  const RegistrationId id = net.alice.add_registration(alice_at_the_registrar(), flow(5062));
  ASSERT_TRUE(net.alice.start_registration(id, net.now));
  net.collect();
  const Message first = net.take_sent().at(0);
  ASSERT_TRUE(net.alice.stop_registration(id, net.now));
  net.collect();
  const Message unregister = net.take_sent().at(0);
  EXPECT_EQ(net.take_states(),
            (States{RegistrationState::kRegistering, RegistrationState::kUnregistering}));
  net.answer(first, 200, "Expires: 600\r\n");
  EXPECT_TRUE(net.changes.empty());
  EXPECT_EQ(net.alice.registration(id)->state(), RegistrationState::kUnregistering);
  net.answer(unregister, 200);
  EXPECT_EQ(net.take_states(), States{RegistrationState::kUnregistered});
}

TEST(UserAgentRegistration, ATimeoutOfAnEarlierRegisterIsNoFailure) {
  Registrar net;
  const RegistrationId id = net.alice.add_registration(alice_at_the_registrar(), flow(5062));
  ASSERT_TRUE(net.alice.start_registration(id, net.now));
  net.collect();
  net.take_sent();  // the first REGISTER: never answered
  ASSERT_TRUE(net.alice.stop_registration(id, net.now));
  net.collect();
  net.answer(net.take_sent().at(0), 200);
  EXPECT_EQ(net.take_states(),
            (States{RegistrationState::kRegistering, RegistrationState::kUnregistering,
                    RegistrationState::kUnregistered}));
  net.advance(40 * kSecond);  // the first REGISTER's Timer F fires
  EXPECT_TRUE(net.changes.empty());
  EXPECT_EQ(net.alice.registration(id)->state(), RegistrationState::kUnregistered);
}

TEST(UserAgentRegistration, TwoRegistrationsKeepTheirOwnTimersAndAnswers) {
  Registrar net;
  RegistrationConfig bob = alice_at_the_registrar();
  bob.aor = "sip:bob@example.com";
  bob.expires = 120;
  const RegistrationId a = net.alice.add_registration(alice_at_the_registrar(), flow(5062));
  const RegistrationId b = net.alice.add_registration(bob, flow(5062));
  ASSERT_NE(a, b);
  ASSERT_TRUE(net.alice.start_registration(a, net.now));
  ASSERT_TRUE(net.alice.start_registration(b, net.now));
  net.collect();
  auto sent = net.take_sent();
  ASSERT_EQ(sent.size(), 2U);
  net.changes.clear();
  net.answer(sent[1], 200, "Expires: 120\r\n");
  ASSERT_EQ(net.changes.size(), 1U);
  EXPECT_EQ(net.changes[0].registration, b);
  net.answer(sent[0], 200, "Expires: 600\r\n");
  EXPECT_EQ(net.changes.back().registration, a);
  net.advance(60 * kSecond);  // bob's refresh (half of 120 s); alice's is at 300 s
  sent = net.take_sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_EQ(sent[0].from()->uri.text, "sip:bob@example.com");
}

TEST(UserAgentRegistration, AnUnknownRegistrationIsRefused) {
  Registrar net;
  EXPECT_EQ(net.alice.start_registration(7, net.now).error().code, Errc::kNotFound);
  EXPECT_EQ(net.alice.stop_registration(7, net.now).error().code, Errc::kNotFound);
  EXPECT_EQ(net.alice.registration(7), nullptr);
}

// RFC 5626 §4.4.1: on a connection, CRLF CRLF every 90 s while registered (the server would
// close it idle, and it reaches us only on it), none once unregistered; the Via and Contact
// name the transport.
TEST(UserAgentRegistration, KeepsAConnectionAliveWhileRegistered) {
  Registrar net;
  const RegistrationId id = net.start_over(transport::TransportKind::kTcp);
  auto sent = net.take_sent();
  ASSERT_EQ(sent.size(), 1U);
  EXPECT_TRUE(sent[0].header(HeaderId::kVia)->starts_with("SIP/2.0/TCP 127.0.0.1:5061;"));
  EXPECT_EQ(*sent[0].header(HeaderId::kContact), "<sip:alice@127.0.0.1:5061;transport=tcp>");
  net.advance(20 * kSecond);  // within Timer F
  EXPECT_TRUE(net.keep_alive_times.empty()) << "none before the registrar answered";
  net.answer(sent[0], 200, "Expires: 600\r\n");
  const TimePoint registered = net.now;
  net.advance(181 * kSecond);
  EXPECT_EQ(net.keep_alive_times,
            (std::vector<TimePoint>{registered + 90 * kSecond, registered + 180 * kSecond}));
  ASSERT_TRUE(net.alice.stop_registration(id, net.now));
  net.collect();
  net.answer(net.take_sent().at(0), 200);
  net.keep_alive_times.clear();
  net.advance(600 * kSecond);
  EXPECT_TRUE(net.keep_alive_times.empty()) << "none once unregistered";
}

// On UDP none unless asked (MicroSIP's keepAlive=15), then at that pace.
TEST(UserAgentRegistration, KeepsUdpAliveOnlyWhenAsked) {
  for (const std::optional<std::uint32_t> asked :
       {std::optional<std::uint32_t>(), std::optional<std::uint32_t>(15)}) {
    Registrar net;
    RegistrationConfig c = alice_at_the_registrar();
    c.keep_alive_s = asked;
    const RegistrationId id = net.alice.add_registration(c, net.registrar);
    ASSERT_TRUE(net.alice.start_registration(id, net.now));
    net.collect();
    net.answer(net.take_sent().at(0), 200, "Expires: 600\r\n");
    net.advance(31 * kSecond);
    EXPECT_EQ(net.keep_alive_times.size(), asked ? 2U : 0U);
    // The registrar's own keep-alives to us are dropped without a word.
    net.alice.on_message(net.registrar, "\r\n\r\n", net.now);
    net.alice.on_message(net.registrar, "\r\n", net.now);
    EXPECT_FALSE(net.alice.poll());
  }
}

// RFC 5626 §4.4.1: the registered connection failed — a new REGISTER at once, which opens
// another, instead of being unreachable until the refresh.
TEST(UserAgentRegistration, ALostConnectionIsRegisteredAgainAtOnce) {
  Registrar net;
  const RegistrationId id = net.start_over(transport::TransportKind::kTls);
  net.answer(net.take_sent().at(0), 200, "Expires: 600\r\n");
  net.advance(10 * kSecond);
  EXPECT_TRUE(net.take_sent().empty());
  net.alice.on_flow_failed({transport::TransportKind::kTls, "127.0.0.1", 5071, 4}, net.now);
  net.collect();
  EXPECT_TRUE(net.take_sent().empty()) << "another server's connection: not ours";
  net.alice.on_flow_failed({transport::TransportKind::kTls, "127.0.0.1", 5062, 4}, net.now);
  net.collect();
  const auto again = net.take_sent();
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].method(), Method::kRegister);
  EXPECT_EQ(net.alice.registration(id)->state(), RegistrationState::kRegistering);
}

// RFC 5626 §4.4.1: a keep-alive's pong is due within 10 s on a connection; one that does not
// come means a dead connection (a NAT forgot it, the server went away unseen): it is dropped,
// and its end registers again over a new one. A pong on another server's connection is not it.
TEST(UserAgentRegistration, AConnectionWithNoPongIsDroppedAndRegisteredAgain) {
  Registrar net;
  const RegistrationId id = net.start_over(transport::TransportKind::kTcp);
  net.answer(net.take_sent().at(0), 200, "Expires: 600\r\n");
  const TimePoint registered = net.now;
  const transport::Flow connection{transport::TransportKind::kTcp, "127.0.0.1", 5062, 3};
  net.advance(95 * kSecond);  // the keep-alive at 90 s
  ASSERT_EQ(net.keep_alive_times.size(), 1U);
  net.alice.on_pong(connection);
  net.collect();
  net.advance(85 * kSecond);  // the next one at 180 s
  ASSERT_EQ(net.keep_alive_times.size(), 2U);
  net.alice.on_pong({transport::TransportKind::kTcp, "127.0.0.1", 5071, 4});  // not ours
  net.collect();
  net.advance(20 * kSecond);
  EXPECT_EQ(net.drop_times, std::vector<TimePoint>{registered + 190 * kSecond});
  net.alice.on_flow_failed(connection, net.now);  // the transport closed it
  net.collect();
  const auto again = net.take_sent();
  ASSERT_EQ(again.size(), 1U);
  EXPECT_EQ(again[0].method(), Method::kRegister);
  net.answer(again[0], 200, "Expires: 600\r\n");
  EXPECT_EQ(net.alice.registration(id)->state(), RegistrationState::kRegistered);
  // The new connection answers its keep-alives: nothing more is dropped (until the refresh at
  // 500 s, which the test leaves unanswered).
  net.advance(75 * kSecond);  // just past the keep-alive at 270 s
  for (int round = 0; round < 2; ++round) {
    net.alice.on_pong(connection);
    net.collect();
    net.advance(90 * kSecond);
  }
  EXPECT_EQ(net.keep_alive_times.size(), 5U);  // at 90 … 450 s
  EXPECT_EQ(net.drop_times.size(), 1U);
}

}  // namespace
}  // namespace sipline::sip
