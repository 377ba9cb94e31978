#include "sip/transaction/invite_server_transaction.hpp"

#include <gtest/gtest.h>

#include "tests/sip/transaction/simulation.hpp"

namespace sipline::sip {
namespace {

using namespace test;
using transport::TransportKind;
using State = InviteServerTransaction::State;

TEST(InviteServerTransaction, HundredTryingWhenTheTuIsSlow) {
  InviteServerTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.run_for(199ms);
  EXPECT_TRUE(sim.sent().empty());
  sim.run_for(1ms);
  ASSERT_EQ(sim.sent().size(), 1U);
  const auto trying = parse_message(sim.sent()[0].bytes);
  ASSERT_TRUE(trying);
  EXPECT_EQ(trying->status_code(), 100);
  EXPECT_TRUE(trying->to()->tag.empty());
  EXPECT_EQ(trying->vias()[0].branch, "z9hG4bK776asdhds");
  // A retransmitted INVITE gets the 100 again.
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("INVITE"), now); });
  EXPECT_EQ(sim.sent().size(), 2U);
}

TEST(InviteServerTransaction, NoTryingWhenTheTuAnswersWithin200Ms) {
  InviteServerTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.run_for(50ms);
  sim.at_now([](auto& t, TimePoint now) { t.send_response(response(180), now); });
  sim.run_for(1s);
  ASSERT_EQ(sim.sent().size(), 1U);
  EXPECT_TRUE(sim.sent()[0].bytes.starts_with("SIP/2.0 180"));
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("INVITE"), now); });
  EXPECT_TRUE(sim.sent()[1].bytes.starts_with("SIP/2.0 180"));  // the latest provisional
}

TEST(InviteServerTransaction, TimerGDoublesCappedAtT2AndStopsOnAck) {
  InviteServerTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.send_response(response(486), now); });
  EXPECT_EQ(tx.state(), State::kCompleted);
  sim.run_until(TimePoint{} + 15500ms);
  // 0.5, 1, 2, 4, 4, 4: the sends at 0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5.
  EXPECT_EQ(sim.send_gaps_ms(), (std::vector<long>{500, 1000, 2000, 4000, 4000, 4000}));
  sim.run_for(1s);
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("ACK"), now); });
  EXPECT_EQ(tx.state(), State::kConfirmed);
  EXPECT_FALSE(sim.armed(TimerId::kG));
  EXPECT_FALSE(sim.armed(TimerId::kH));
  const std::size_t sends = sim.sent().size();
  sim.run_for(4s);
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("ACK"), now); });  // absorbed
  sim.run_for(2s);
  EXPECT_EQ(sim.sent().size(), sends);
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 16500ms + 5s);  // Timer I = T4
}

TEST(InviteServerTransaction, TimerHWithoutAckInformsTheTu) {
  InviteServerTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.send_response(response(404), now); });
  sim.run_for(40s);
  EXPECT_EQ(sim.count<action::Timeout>(), 1U);
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 32s);
}

TEST(InviteServerTransaction, RetransmittedInviteInCompletedGetsTheFinalAgain) {
  InviteServerTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.send_response(response(603), now); });
  sim.run_for(100ms);
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("INVITE"), now); });
  ASSERT_EQ(sim.sent().size(), 2U);
  EXPECT_EQ(sim.sent()[1].bytes, sim.sent()[0].bytes);
}

TEST(InviteServerTransaction, ReliableTransportsNoGAndZeroI) {
  InviteServerTransaction tx(request("INVITE"), TransportKind::kTcp, TimePoint{});
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { t.send_response(response(486), now); });
  EXPECT_FALSE(sim.armed(TimerId::kG));
  EXPECT_TRUE(sim.armed(TimerId::kH));
  sim.run_for(1s);
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("ACK"), now); });
  EXPECT_TRUE(sim.terminated());
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 1s);
}

TEST(InviteServerTransaction, Rfc6026AcceptedAbsorbsInvitesAndPasses2xx) {
  InviteServerTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  Simulation sim(tx);
  sim.at_now([](auto& t, TimePoint now) { EXPECT_TRUE(t.send_response(response(200), now)); });
  EXPECT_EQ(tx.state(), State::kAccepted);
  sim.at_now([](auto& t, TimePoint now) { t.on_request(request("INVITE"), now); });
  EXPECT_EQ(sim.sent().size(), 1U);  // the TU retransmits 2xx, not the transaction
  sim.at_now([](auto& t, TimePoint now) { EXPECT_TRUE(t.send_response(response(200), now)); });
  EXPECT_EQ(sim.sent().size(), 2U);
  sim.at_now([](auto& t, TimePoint now) { EXPECT_FALSE(t.send_response(response(486), now)); });
  sim.run_for(40s);
  EXPECT_EQ(sim.terminated_at(), TimePoint{} + 32s);  // Timer L
}

TEST(InviteServerTransaction, SecondFinalIsRefused) {
  InviteServerTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
  EXPECT_TRUE(tx.send_response(response(486), TimePoint{}));
  EXPECT_FALSE(tx.send_response(response(200), TimePoint{}));
}

TEST(InviteServerTransaction, TransportErrorInEveryState) {
  for (int step = 0; step < 4; ++step) {
    InviteServerTransaction tx(request("INVITE"), TransportKind::kUdp, TimePoint{});
    if (step == 1) {
      tx.send_response(response(180), TimePoint{});
    } else if (step == 2) {
      tx.send_response(response(486), TimePoint{});
    } else if (step == 3) {
      tx.send_response(response(200), TimePoint{});
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
