#include "sip/transaction/non_invite_server_transaction.hpp"

#include <gtest/gtest.h>

#include "tests/sip/transaction/simulation.hpp"

namespace sipline::sip {
namespace {

using namespace test;
using transport::TransportKind;
using State = NonInviteServerTransaction::State;

TEST(NonInviteServerTransaction, TryingAbsorbsRetransmissions) {
  NonInviteServerTransaction tx(request("OPTIONS"), TransportKind::kUdp);
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("OPTIONS"), now); });
  EXPECT_TRUE(sim.sent().empty());
  EXPECT_EQ(tx.state(), State::kTrying);
}

TEST(NonInviteServerTransaction, ProceedingReplaysTheLastProvisional) {
  NonInviteServerTransaction tx(request("BYE"), TransportKind::kUdp);
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.send_response(response(100, "BYE"), now); });
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("BYE"), now); });
  ASSERT_EQ(sim.sent().size(), 2U);
  EXPECT_EQ(sim.sent()[1].bytes, sim.sent()[0].bytes);
}

TEST(NonInviteServerTransaction, TimerJReplaysTheFinalThenEnds) {
  NonInviteServerTransaction tx(request("BYE"), TransportKind::kUdp);
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.send_response(response(200, "BYE"), now); });
  EXPECT_EQ(tx.state(), State::kCompleted);
  sim.run_for(20s);
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("BYE"), now); });
  ASSERT_EQ(sim.sent().size(), 2U);
  EXPECT_EQ(sim.sent()[1].bytes, sim.sent()[0].bytes);
  sim.at_now(
      [](auto& t, TimePoint now) { EXPECT_FALSE(t.send_response(response(500, "BYE"), now)); });
  sim.run_for(20s);
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 32s);  // 64·T1
}

TEST(NonInviteServerTransaction, TimerJIsZeroOnReliableTransports) {
  NonInviteServerTransaction tx(request("BYE"), TransportKind::kTcp);
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.send_response(response(200, "BYE"), now); });
  EXPECT_TRUE(sim.terminated());
}

TEST(NonInviteServerTransaction, TransportErrorInEveryState) {
  for (int step = 0; step < 3; ++step) {
    NonInviteServerTransaction tx(request("BYE"), TransportKind::kUdp);
    if (step >= 1) {
      tx.send_response(response(100, "BYE"), TimePoint{});
    }
    if (step >= 2) {
      tx.send_response(response(200, "BYE"), TimePoint{});
    }
    Simulation sim(tx);
    sim.at_now([](auto& t, TimePoint now) { t.on_transport_error(now); });
    EXPECT_EQ(sim.count<action::TransportFailed>(), 1U);
    EXPECT_TRUE(sim.terminated());
  }
}

}  // namespace
}  // namespace sipline::sip
