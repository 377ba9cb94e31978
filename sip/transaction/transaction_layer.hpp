// The transaction layer (RFC 3261 §17): every open transaction in one table, messages matched
// to them, a bound on how many may be open. Sans-I/O like the cores it drives: the user agent
// feeds it messages, timer firings and transport errors with `now`, and drains Events.
//
//   transport ──on_request/on_response──▶ TransactionLayer ──Events──▶ driver and TU
//   TU ──send_request/send_response────▶                  ◀──on_timer/on_transport_error── driver
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

#include "base/result.hpp"
#include "sip/message/message.hpp"
#include "sip/transaction/actions.hpp"
#include "sip/transaction/oversize_request.hpp"
#include "sip/transaction/timers.hpp"
#include "sip/transaction/transaction_key.hpp"
#include "transport/flow.hpp"

namespace sipline::sip {

using TransactionId = std::uint64_t;  // never 0

namespace event {
struct Send {  // bytes for the transport; `transaction` is 0 for stateless responses
  TransactionId transaction;
  transport::Flow flow;
  std::string bytes;
};
struct StartTimer {
  TransactionId transaction;
  TimerId timer;
  TimePoint deadline;
};
struct CancelTimer {
  TransactionId transaction;
  TimerId timer;
};
struct Request {  // a new request for the TU, with the server transaction that will answer it
  TransactionId transaction;
  MessagePtr message;
  transport::Flow from;
};
struct Response {  // a response to a request the TU sent
  TransactionId transaction;
  MessagePtr message;
};
struct Stray {  // matched no transaction but concerns the TU: an ACK for a 2xx, a late 2xx
  MessagePtr message;
  transport::Flow from;
};
struct Timeout {
  TransactionId transaction;
};
struct TransportFailed {
  TransactionId transaction;
};
struct Terminated {
  TransactionId transaction;
};
}  // namespace event

using Event = std::variant<event::Send, event::StartTimer, event::CancelTimer, event::Request,
                           event::Response, event::Stray, event::Timeout, event::TransportFailed,
                           event::Terminated>;

class TransactionLayer {
 public:
  // `udp_request_limit`: a request for UDP above so many bytes goes over TCP
  // (oversize_request.hpp).
  explicit TransactionLayer(TimerConfig timers = {}, std::size_t max_transactions = 4096,
                            std::size_t udp_request_limit = kMaxUdpRequestBytes);
  ~TransactionLayer();
  TransactionLayer(const TransactionLayer&) = delete;
  TransactionLayer& operator=(const TransactionLayer&) = delete;

  // From the transport. A request matching a transaction goes to it; a new one opens a server
  // transaction and reaches the TU; when the table is full it is answered 503 statelessly.
  void on_request(Message request, const transport::Flow& from, TimePoint now);
  // A response matching no client transaction is dropped, except a 2xx to an INVITE (a fork or
  // a retransmission after the transaction ended), which reaches the TU as Stray.
  void on_response(Message response, const transport::Flow& from, TimePoint now);

  // From the TU. The request must carry its top Via with a branch; ACKs for 2xx are not
  // transactions (send them directly).
  [[nodiscard]] Result<TransactionId> send_request(Message request, const transport::Flow& to,
                                                   TimePoint now);
  [[nodiscard]] Result<void> send_response(TransactionId transaction, const Message& response,
                                           TimePoint now);

  // From the driver.
  void on_timer(TransactionId transaction, TimerId timer, TimePoint now);
  void on_transport_error(TransactionId transaction, TimePoint now);

  [[nodiscard]] std::optional<Event> poll();

  [[nodiscard]] std::size_t size() const noexcept { return transactions_.size(); }
  // The INVITE server transaction a CANCEL targets (§9.2), if it is still open, and the To tag
  // of the responses it sent: the CANCEL's 200 carries the same one (§9.2).
  struct CancelledInvite {
    TransactionId transaction;
    std::string to_tag;
    friend bool operator==(const CancelledInvite&, const CancelledInvite&) = default;
  };
  [[nodiscard]] std::optional<CancelledInvite> find_cancelled_invite(const Message& cancel) const;
  // Whether `request` belongs to an open server transaction (a retransmission, the ACK for a
  // non-2xx): the TU may refuse new requests statelessly but must let these through.
  [[nodiscard]] bool matches_server_transaction(const Message& request) const;

 private:
  struct Entry;

  void open_server(Message request, TransactionKey key, const transport::Flow& from, TimePoint now);
  void drain(TransactionId id);
  template <class E>
  void emit(E event) {
    events_.emplace_back(std::in_place_type<E>, std::move(event));
  }

  TimerConfig timers_;
  std::size_t max_transactions_;
  std::size_t udp_request_limit_;
  TransactionId next_id_ = 1;
  std::unordered_map<TransactionId, std::unique_ptr<Entry>> transactions_;
  std::map<TransactionKey, TransactionId> server_keys_;
  std::map<TransactionKey, TransactionId> client_keys_;
  std::deque<Event> events_;
};

}  // namespace sipline::sip
