#include "sip/transaction/transaction_layer.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "tests/sip/transaction/simulation.hpp"

namespace sipline::sip {
namespace {

using namespace std::chrono_literals;
using test::request;
using test::response;
using transport::Flow;
using transport::TransportKind;

const Flow kPeer{TransportKind::kUdp, "192.0.2.1", 5060, 0};

std::vector<Event> drain(TransactionLayer& layer) {
  std::vector<Event> events;
  while (auto event = layer.poll()) {
    events.push_back(std::move(*event));
  }
  return events;
}

template <class E>
std::size_t count(const std::vector<Event>& events) {
  std::size_t n = 0;
  for (const Event& e : events) {
    n += std::holds_alternative<E>(e) ? 1U : 0U;
  }
  return n;
}

TEST(TransactionLayer, ARetransmittedInviteReachesTheTuOnce) {
  TransactionLayer layer;
  for (int i = 0; i < 100; ++i) {
    layer.on_request(request("INVITE"), kPeer, TimePoint{} + i * 10ms);
  }
  const auto events = drain(layer);
  EXPECT_EQ(count<event::Request>(events), 1U);
  EXPECT_EQ(layer.size(), 1U);
}

TEST(TransactionLayer, ServerTransactionAnswersAndReplays) {
  TransactionLayer layer;
  layer.on_request(request("OPTIONS"), kPeer, TimePoint{});
  auto events = drain(layer);
  ASSERT_EQ(count<event::Request>(events), 1U);
  const TransactionId id = std::get<event::Request>(events[0]).transaction;
  ASSERT_TRUE(layer.send_response(id, response(200, "OPTIONS"), TimePoint{}));
  events = drain(layer);
  ASSERT_EQ(count<event::Send>(events), 1U);
  EXPECT_EQ(std::get<event::Send>(events[0]).flow, kPeer);
  layer.on_request(request("OPTIONS"), kPeer, TimePoint{} + 1s);
  events = drain(layer);
  EXPECT_EQ(count<event::Send>(events), 1U);  // replayed in Completed
  EXPECT_EQ(count<event::Request>(events), 0U);
  EXPECT_FALSE(layer.send_response(id, response(500, "OPTIONS"), TimePoint{} + 1s));
  layer.on_timer(id, TimerId::kJ, TimePoint{} + 32s);
  events = drain(layer);
  EXPECT_EQ(count<event::Terminated>(events), 1U);
  EXPECT_EQ(layer.size(), 0U);
  EXPECT_FALSE(layer.send_response(id, response(200, "OPTIONS"), TimePoint{} + 33s));
}

TEST(TransactionLayer, ClientTransactionMatchesResponsesByBranchAndMethod) {
  TransactionLayer layer;
  const auto id = layer.send_request(request("INVITE"), kPeer, TimePoint{});
  ASSERT_TRUE(id);
  auto events = drain(layer);
  EXPECT_EQ(count<event::Send>(events), 1U);
  EXPECT_EQ(count<event::StartTimer>(events), 2U);                                   // A and B
  layer.on_response(response(180, "INVITE", "z9hG4bKunknown"), kPeer, TimePoint{});  // dropped
  layer.on_response(response(200, "CANCEL"), kPeer, TimePoint{});                    // other method
  EXPECT_TRUE(drain(layer).empty());
  layer.on_response(response(180), kPeer, TimePoint{});
  events = drain(layer);
  ASSERT_EQ(count<event::Response>(events), 1U);
}

TEST(TransactionLayer, ForkedAndLate2xxReachTheTuAsStray) {
  TransactionLayer layer;
  layer.on_response(response(200, "INVITE", "z9hG4bKgone"), kPeer, TimePoint{});
  layer.on_response(response(486, "INVITE", "z9hG4bKgone"), kPeer, TimePoint{});
  const auto events = drain(layer);
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(std::get<event::Stray>(events[0]).message->status_code(), 200);
}

TEST(TransactionLayer, AckForA2xxIsStrayAndAckForAFailureIsAbsorbed) {
  TransactionLayer layer;
  layer.on_request(request("INVITE"), kPeer, TimePoint{});
  auto events = drain(layer);
  const TransactionId id = std::get<event::Request>(events[0]).transaction;
  ASSERT_TRUE(layer.send_response(id, response(486), TimePoint{}));
  drain(layer);
  layer.on_request(request("ACK"), kPeer, TimePoint{} + 10ms);
  events = drain(layer);
  EXPECT_EQ(count<event::Stray>(events), 0U);
  EXPECT_EQ(count<event::CancelTimer>(events), 2U);  // G and H
  layer.on_request(request("ACK", "z9hG4bKnewbranch"), kPeer, TimePoint{} + 20ms);
  events = drain(layer);
  EXPECT_EQ(count<event::Stray>(events), 1U);
}

TEST(TransactionLayer, CancelFindsItsInvite) {
  TransactionLayer layer;
  layer.on_request(request("INVITE"), kPeer, TimePoint{});
  auto events = drain(layer);
  const TransactionId invite = std::get<event::Request>(events[0]).transaction;
  layer.on_request(request("CANCEL"), kPeer, TimePoint{} + 1s);
  events = drain(layer);
  ASSERT_EQ(count<event::Request>(events), 1U);  // CANCEL has a transaction of its own
  const Message cancel = *std::get<event::Request>(events[0]).message;
  using Found = TransactionLayer::CancelledInvite;
  EXPECT_EQ(layer.find_cancelled_invite(cancel), (Found{invite, ""}));  // nothing sent yet
  EXPECT_FALSE(layer.find_cancelled_invite(request("CANCEL", "z9hG4bKother")));
  // §9.2: once the INVITE was answered (here 2xx, RFC 6026's Accepted) the CANCEL still
  // finds it, with the To tag of that answer for the CANCEL's own 200.
  ASSERT_TRUE(layer.send_response(invite, response(200), TimePoint{} + 2s));
  drain(layer);
  EXPECT_EQ(layer.find_cancelled_invite(cancel), (Found{invite, "a6c85cf"}));
}

TEST(TransactionLayer, RetransmissionsAndAcksMatchTheirServerTransaction) {
  TransactionLayer layer;
  EXPECT_FALSE(layer.matches_server_transaction(request("INVITE")));
  layer.on_request(request("INVITE"), kPeer, TimePoint{});
  drain(layer);
  EXPECT_TRUE(layer.matches_server_transaction(request("INVITE")));
  EXPECT_TRUE(layer.matches_server_transaction(request("ACK")));  // §17.2.3: a non-2xx's ACK
  EXPECT_FALSE(layer.matches_server_transaction(request("INVITE", "z9hG4bKother")));
  EXPECT_FALSE(layer.matches_server_transaction(request("CANCEL")));  // its own transaction
}

TEST(TransactionLayer, AFullTableSheds503Statelessly) {
  TransactionLayer layer(TimerConfig{}, 2);
  layer.on_request(request("OPTIONS", "z9hG4bK1"), kPeer, TimePoint{});
  layer.on_request(request("OPTIONS", "z9hG4bK2"), kPeer, TimePoint{});
  drain(layer);
  layer.on_request(request("OPTIONS", "z9hG4bK3"), kPeer, TimePoint{});
  const auto events = drain(layer);
  ASSERT_EQ(events.size(), 1U);
  const auto& send = std::get<event::Send>(events[0]);
  EXPECT_EQ(send.transaction, 0U);
  EXPECT_TRUE(send.bytes.starts_with("SIP/2.0 503"));
  EXPECT_EQ(layer.size(), 2U);
  EXPECT_EQ(layer.send_request(request("OPTIONS", "z9hG4bK4"), kPeer, TimePoint{}).error().code,
            Errc::kTooLarge);
}

TEST(TransactionLayer, TimersAndTransportErrorsReachTheirTransaction) {
  TransactionLayer layer;
  const auto id = layer.send_request(request("OPTIONS"), kPeer, TimePoint{});
  ASSERT_TRUE(id);
  drain(layer);
  layer.on_timer(*id, TimerId::kF, TimePoint{} + 32s);
  auto events = drain(layer);
  EXPECT_EQ(count<event::Timeout>(events), 1U);
  EXPECT_EQ(count<event::Terminated>(events), 1U);
  layer.on_timer(*id, TimerId::kE, TimePoint{} + 33s);  // late firing for a gone transaction
  layer.on_transport_error(*id, TimePoint{} + 33s);
  EXPECT_TRUE(drain(layer).empty());
  const auto second = layer.send_request(request("OPTIONS", "z9hG4bKx"), kPeer, TimePoint{});
  drain(layer);
  layer.on_transport_error(*second, TimePoint{} + 1s);
  events = drain(layer);
  EXPECT_EQ(count<event::TransportFailed>(events), 1U);
}

TEST(TransactionLayer, BadRequestsFromTheTu) {
  TransactionLayer layer;
  EXPECT_FALSE(layer.send_request(request("ACK"), kPeer, TimePoint{}));
  ASSERT_TRUE(layer.send_request(request("OPTIONS"), kPeer, TimePoint{}));
  EXPECT_FALSE(layer.send_request(request("OPTIONS"), kPeer, TimePoint{}));  // branch in use
}

}  // namespace
}  // namespace sipline::sip
