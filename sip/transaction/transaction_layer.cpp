// The transaction table.
#include "sip/transaction/transaction_layer.hpp"

#include "sip/transaction/invite_client_transaction.hpp"
#include "sip/transaction/invite_server_transaction.hpp"
#include "sip/transaction/non_invite_client_transaction.hpp"
#include "sip/transaction/non_invite_server_transaction.hpp"
#include "sip/transaction/oversize_request.hpp"
#include "sip/transaction/stateless_response.hpp"

namespace sipline::sip {

struct TransactionLayer::Entry {
  std::variant<InviteClientTransaction, NonInviteClientTransaction, InviteServerTransaction,
               NonInviteServerTransaction>
      core;
  TransactionKey key;
  bool server = false;
  transport::Flow flow;
};

TransactionLayer::TransactionLayer(TimerConfig timers, std::size_t max_transactions,
                                   std::size_t udp_request_limit)
    : timers_(timers), max_transactions_(max_transactions), udp_request_limit_(udp_request_limit) {}

TransactionLayer::~TransactionLayer() = default;

void TransactionLayer::on_request(Message request, const transport::Flow& from, TimePoint now) {
  const auto key = server_key(request);
  if (!key) {
    return;  // no Via, Call-ID or CSeq: nothing to match, nothing to answer (§8.2.6)
  }
  if (const auto found = server_keys_.find(*key); found != server_keys_.end()) {
    const TransactionId id = found->second;
    Entry& entry = *transactions_.at(id);
    if (auto* invite = std::get_if<InviteServerTransaction>(&entry.core)) {
      const bool accepted = invite->state() == InviteServerTransaction::State::kAccepted;
      invite->on_request(request, now);
      if (request.method() == Method::kAck && accepted) {
        emit(event::Stray{std::make_unique<Message>(std::move(request)),
                          from});  // RFC 6026 §8.5: ACKs reach the TU
      }
    } else if (auto* other = std::get_if<NonInviteServerTransaction>(&entry.core)) {
      other->on_request(request, now);
    }
    drain(id);
    return;
  }
  if (request.method() == Method::kAck) {
    emit(event::Stray{std::make_unique<Message>(std::move(request)),
                      from});  // the ACK for a 2xx: its own "transaction"
    return;
  }
  if (transactions_.size() >= max_transactions_) {
    // Shed the load instead of queueing it (RFC 3261 §21.5.4: 503 with Retry-After).
    emit(event::Send{
        0, from, stateless_response(request, 503, "Service Unavailable", {}, "Retry-After: 5")});
    return;
  }
  open_server(std::move(request), *key, from, now);
}

void TransactionLayer::open_server(Message request, TransactionKey key, const transport::Flow& from,
                                   TimePoint now) {
  const TransactionId id = next_id_++;
  auto entry = std::make_unique<Entry>(
      request.method() == Method::kInvite
          ? Entry{InviteServerTransaction(request, from.kind, now, timers_), key, true, from}
          : Entry{NonInviteServerTransaction(request, from.kind, timers_), key, true, from});
  server_keys_.emplace(std::move(key), id);
  transactions_.emplace(id, std::move(entry));
  emit(event::Request{id, std::make_unique<Message>(std::move(request)), from});
  drain(id);
}

void TransactionLayer::on_response(Message response, const transport::Flow& from, TimePoint now) {
  const auto key = client_key(response);
  const auto found = key ? client_keys_.find(*key) : client_keys_.end();
  if (found == client_keys_.end()) {
    const bool invite_2xx = response.method() == Method::kInvite && response.status_code() >= 200 &&
                            response.status_code() < 300;
    if (invite_2xx) {
      emit(event::Stray{std::make_unique<Message>(std::move(response)), from});
    }
    return;  // §17.1.3: a response matching nothing is dropped
  }
  const TransactionId id = found->second;
  std::visit(
      [&](auto& core) {
        if constexpr (requires { core.on_response(response, now); }) {
          core.on_response(response, now);
        }
      },
      transactions_.at(id)->core);
  drain(id);
}

Result<TransactionId> TransactionLayer::send_request(Message request, const transport::Flow& to,
                                                     TimePoint now) {
  if (request.method() == Method::kAck) {
    return fail(Errc::kInvalidArgument, "an ACK is not a transaction", 0);
  }
  auto key = client_key_of_request(request);
  if (!key) {
    return fail(Errc::kInvalidArgument, "request without a Via branch", 0);
  }
  if (transactions_.size() >= max_transactions_) {
    return fail(Errc::kTooLarge, "too many open transactions", 0);
  }
  if (client_keys_.contains(*key)) {
    return fail(Errc::kInvalidArgument, "branch already in use", 0);
  }
  transport::Flow flow = to;
  if (to.kind == transport::TransportKind::kUdp) {
    if (auto moved = moved_to_tcp(request, udp_request_limit_)) {  // too large (§18.1.1)
      request = std::move(*moved);
      flow = {transport::TransportKind::kTcp, to.remote_address, to.remote_port, 0};
    }
  }
  const TransactionId id = next_id_++;
  auto entry = std::make_unique<Entry>(
      request.method() == Method::kInvite
          ? Entry{InviteClientTransaction(std::move(request), flow.kind, now, timers_), *key, false,
                  flow}
          : Entry{NonInviteClientTransaction(std::move(request), flow.kind, now, timers_), *key,
                  false, flow});
  client_keys_.emplace(std::move(*key), id);
  transactions_.emplace(id, std::move(entry));
  drain(id);
  return id;
}

Result<void> TransactionLayer::send_response(TransactionId id, const Message& response,
                                             TimePoint now) {
  const auto found = transactions_.find(id);
  if (found == transactions_.end()) {
    return fail(Errc::kNotFound, "no such transaction", 0);
  }
  bool sent = false;
  std::visit(
      [&](auto& core) {
        if constexpr (requires { core.send_response(response, now); }) {
          sent = core.send_response(response, now);
        }
      },
      found->second->core);
  drain(id);
  if (!sent) {
    return fail(Errc::kBadState, "the transaction takes no such response now", 0);
  }
  return {};
}

void TransactionLayer::on_timer(TransactionId id, TimerId timer, TimePoint now) {
  const auto found = transactions_.find(id);
  if (found == transactions_.end()) {
    return;  // the transaction ended before its timer fired
  }
  std::visit([&](auto& core) { core.on_timer(timer, now); }, found->second->core);
  drain(id);
}

void TransactionLayer::on_transport_error(TransactionId id, TimePoint now) {
  const auto found = transactions_.find(id);
  if (found == transactions_.end()) {
    return;
  }
  std::visit([&](auto& core) { core.on_transport_error(now); }, found->second->core);
  drain(id);
}

std::optional<TransactionLayer::CancelledInvite> TransactionLayer::find_cancelled_invite(
    const Message& cancel) const {
  const auto key = cancelled_invite_key(cancel);
  const auto found = key ? server_keys_.find(*key) : server_keys_.end();
  if (found == server_keys_.end()) {
    return std::nullopt;
  }
  const auto* invite = std::get_if<InviteServerTransaction>(&transactions_.at(found->second)->core);
  return CancelledInvite{found->second, invite != nullptr ? std::string(invite->to_tag()) : ""};
}

bool TransactionLayer::matches_server_transaction(const Message& request) const {
  const auto key = server_key(request);
  return key && server_keys_.contains(*key);
}

void TransactionLayer::drain(TransactionId id) {
  const auto found = transactions_.find(id);
  if (found == transactions_.end()) {
    return;
  }
  Entry& entry = *found->second;
  bool terminated = false;
  while (auto action = std::visit([](auto& core) { return core.poll(); }, entry.core)) {
    std::visit(
        [&](auto&& a) {
          using A = std::decay_t<decltype(a)>;
          if constexpr (std::is_same_v<A, action::Send>) {
            emit(event::Send{id, entry.flow, std::move(a.bytes)});
          } else if constexpr (std::is_same_v<A, action::StartTimer>) {
            emit(event::StartTimer{id, a.id, a.deadline});
          } else if constexpr (std::is_same_v<A, action::CancelTimer>) {
            emit(event::CancelTimer{id, a.id});
          } else if constexpr (std::is_same_v<A, action::Deliver>) {
            emit(event::Response{id, std::move(a.message)});
          } else if constexpr (std::is_same_v<A, action::Timeout>) {
            emit(event::Timeout{id});
          } else if constexpr (std::is_same_v<A, action::TransportFailed>) {
            emit(event::TransportFailed{id});
          } else {
            terminated = true;
          }
        },
        *action);
  }
  if (terminated) {
    (entry.server ? server_keys_ : client_keys_).erase(entry.key);
    transactions_.erase(found);
    emit(event::Terminated{id});
  }
}

std::optional<Event> TransactionLayer::poll() {
  if (events_.empty()) {
    return std::nullopt;
  }
  Event next = std::move(events_.front());
  events_.pop_front();
  return next;
}

}  // namespace sipline::sip
