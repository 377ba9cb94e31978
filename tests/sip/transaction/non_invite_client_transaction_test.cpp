#include "sip/transaction/non_invite_client_transaction.hpp"

#include <gtest/gtest.h>

#include "tests/sip/transaction/simulation.hpp"

namespace sipline::sip {
namespace {

using namespace test;
using transport::TransportKind;
using State = NonInviteClientTransaction::State;

TEST(NonInviteClientTransaction, TimerEDoublesCappedAtT2UntilTimerF) {
  NonInviteClientTransaction tx(request("OPTIONS"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.run_until(TimePoint{} + 40s);
  // RFC 3261 §17.1.2.2: 0.5, 1, 2, 4, then 4 s until Timer F at 32 s.
  EXPECT_EQ(sim.send_gaps_ms(),
            (std::vector<long>{500, 1000, 2000, 4000, 4000, 4000, 4000, 4000, 4000, 4000}));
  EXPECT_EQ(sim.count<action::Timeout>(), 1U);
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 32s);
}

TEST(NonInviteClientTransaction, ProceedingRetransmitsEveryT2) {
  NonInviteClientTransaction tx(request("BYE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.run_for(100ms);
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(100, "BYE"), now); });
  EXPECT_EQ(tx.state(), State::kProceeding);
  sim.run_until(TimePoint{} + 20s);
  // The pending Timer E (500 ms) fires, then every T2.
  EXPECT_EQ(sim.send_gaps_ms(), (std::vector<long>{500, 4000, 4000, 4000, 4000}));
}

TEST(NonInviteClientTransaction, FinalResponseThenTimerK) {
  NonInviteClientTransaction tx(request("REGISTER"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(401, "REGISTER"), now); });
  EXPECT_EQ(tx.state(), State::kCompleted);
  EXPECT_FALSE(sim.armed(TimerId::kE));
  EXPECT_FALSE(sim.armed(TimerId::kF));
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(401, "REGISTER"), now); });
  EXPECT_EQ(sim.delivered_codes(), (std::vector<int>{401}));  // absorbed
  sim.run_for(10s);
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 5s);  // T4
}

TEST(NonInviteClientTransaction, ReliableTransportsNeitherRetransmitNorWait) {
  NonInviteClientTransaction tx(request("OPTIONS"), TransportKind::kTls, TimePoint{});
  Simulation sim(tx);
  EXPECT_FALSE(sim.armed(TimerId::kE));
  EXPECT_TRUE(sim.armed(TimerId::kF));
  sim.run_for(2s);
  sim.at_now([](auto& t, TimePoint now) { t.on_response(response(200, "OPTIONS"), now); });
  EXPECT_TRUE(sim.terminated());
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 2s);  // K = 0
  EXPECT_EQ(sim.sent().size(), 1U);
}

TEST(NonInviteClientTransaction, TransportErrorInEveryState) {
  for (int responses = 0; responses < 3; ++responses) {
    NonInviteClientTransaction tx(request("OPTIONS"), TransportKind::kUdp, TimePoint{});
    if (responses >= 1) {
      tx.on_response(response(100, "OPTIONS"), TimePoint{});
    }
    if (responses >= 2) {
      tx.on_response(response(200, "OPTIONS"), TimePoint{});
    }
    Simulation sim(tx);
    sim.at_now([](auto& t, TimePoint now) { t.on_transport_error(now); });
    EXPECT_EQ(sim.count<action::TransportFailed>(), 1U);
    EXPECT_TRUE(sim.terminated());
    EXPECT_TRUE(sim.timers().empty());
  }
}

}  // namespace
}  // namespace sipline::sip
