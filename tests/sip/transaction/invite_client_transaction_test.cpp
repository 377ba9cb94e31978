#include "sip/transaction/invite_client_transaction.hpp"

#include <gtest/gtest.h>

#include "tests/sip/transaction/simulation.hpp"

namespace sipline::sip {
namespace {

using namespace test;
using transport::TransportKind;
using State = InviteClientTransaction::State;

TEST(InviteClientTransaction, TimerADoublesWithoutCapUntilTimerBFires) {
  InviteClientTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.run_until(TimePoint{} + 40s);
  // RFC 3261 §17.1.1.2: sends at 0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5; Timer B at 32 s.
  EXPECT_EQ(sim.send_gaps_ms(), (std::vector<long>{500, 1000, 2000, 4000, 8000, 16000}));
  EXPECT_EQ(sim.count<action::Timeout>(), 1U);
  EXPECT_TRUE(sim.terminated());
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 32s);
  EXPECT_EQ(tx.state(), State::kTerminated);
}

TEST(InviteClientTransaction, NoRetransmissionOverReliableTransports) {
  for (const TransportKind kind : {TransportKind::kTcp, TransportKind::kTls}) {
    InviteClientTransaction tx(request("INVITE"), kind, TimePoint{});
    Simulation sim(tx);
    EXPECT_FALSE(sim.armed(TimerId::kA));
    sim.run_until(TimePoint{} + 40s);
    EXPECT_EQ(sim.sent().size(), 1U);
    EXPECT_EQ(sim.terminated_at(), TimePoint{} + 32s);  // Timer B still applies
  }
}

TEST(InviteClientTransaction, ProvisionalStopsRetransmissionsAndTimerB) {
  InviteClientTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.run_for(700ms);
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(180), now); });
  EXPECT_EQ(tx.state(), State::kProceeding);
  sim.run_for(120s);
  EXPECT_EQ(sim.sent().size(), 2U);  // the INVITE and one retransmission at 500 ms
  EXPECT_FALSE(sim.terminated());    // Proceeding waits for the final response
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(183), now); });
  EXPECT_EQ(sim.delivered_codes(), (std::vector<int>{180, 183}));
}

TEST(InviteClientTransaction, FailureIsAckedAndEveryRetransmissionAgainUntilTimerD) {
  InviteClientTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(486), now); });
  EXPECT_EQ(tx.state(), State::kCompleted);
  ASSERT_EQ(sim.sent().size(), 2U);
  const std::string& ack = sim.sent()[1].bytes;
  EXPECT_TRUE(ack.starts_with("ACK sip:bob@biloxi.com SIP/2.0\r\n"));
  const auto parsed = parse_message(ack);
  ASSERT_TRUE(parsed) << ack;
  EXPECT_EQ(parsed->to()->tag, "a6c85cf");
  EXPECT_EQ(parsed->cseq()->number, 314159U);
  EXPECT_EQ(parsed->cseq()->method, Method::kAck);
  EXPECT_EQ(parsed->vias()[0].branch, "z9hG4bK776asdhds");
  EXPECT_TRUE(parsed->header(HeaderId::kRoute));
  sim.run_for(10s);
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(486), now); });
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(486), now); });
  EXPECT_EQ(sim.sent().size(), 4U);                           // one ACK per retransmitted final
  EXPECT_EQ(sim.delivered_codes(), (std::vector<int>{486}));  // delivered once
  sim.run_for(30s);
  EXPECT_TRUE(sim.terminated());
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 32s);  // Timer D from the first final
}

TEST(InviteClientTransaction, TimerDIsZeroOnReliableTransports) {
  InviteClientTransaction tx(request("INVITE"), TransportKind::kTcp, TimePoint{});
  Simulation sim(tx);
  sim.run_for(1s);
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(503), now); });
  EXPECT_TRUE(sim.terminated());
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 1s);
  EXPECT_EQ(sim.sent().size(), 2U);
}

TEST(InviteClientTransaction, Rfc6026AcceptedPassesEvery2xxUpUntilTimerM) {
  InviteClientTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(200), now); });
  EXPECT_EQ(tx.state(), State::kAccepted);
  sim.run_for(5s);
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(200), now); });  // retransmitted
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(486), now); });  // ignored
  EXPECT_EQ(sim.delivered_codes(), (std::vector<int>{200, 200}));
  EXPECT_EQ(sim.sent().size(), 1U);  // the TU ACKs 2xx, not the transaction
  sim.run_until(TimePoint{} + 32s);
  EXPECT_TRUE(sim.terminated());
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 32s);
}

TEST(InviteClientTransaction, TransportErrorInEveryState) {
  const auto reach = [](State target) {
    auto tx = std::make_unique<InviteClientTransaction>(request("INVITE"), TransportKind::kUdp,
                                                        TimePoint{});
    if (target == State::kProceeding) {
      tx->on_response(response(180), TimePoint{});
    } else if (target == State::kCompleted) {
      tx->on_response(response(486), TimePoint{});
    } else if (target == State::kAccepted) {
      tx->on_response(response(200), TimePoint{});
    }
    return tx;
  };
  for (const State state :
       {State::kCalling, State::kProceeding, State::kCompleted, State::kAccepted}) {
    auto tx = reach(state);
    ASSERT_EQ(tx->state(), state);
    Simulation sim(*tx);
    sim.at_now([](auto& t, TimePoint now) { t.on_transport_error(now); });
    EXPECT_EQ(sim.count<action::TransportFailed>(), 1U);
    EXPECT_TRUE(sim.terminated());
    EXPECT_TRUE(sim.timers().empty());
  }
}

TEST(InviteClientTransaction, StaleAndEarlyTimerFiringsAreIgnored) {
  InviteClientTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.on_timer(TimerId::kA, now + 100ms); });  // early
  sim.at_now([](auto& t, TimePoint now) { t.on_timer(TimerId::kD, now + 60s); });    // not armed
  EXPECT_EQ(sim.sent().size(), 1U);
  EXPECT_FALSE(sim.terminated());
}

}  // namespace
}  // namespace sipline::sip
