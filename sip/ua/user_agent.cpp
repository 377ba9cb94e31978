// The user agent core: the transaction layer's events, requests outside calls, the public API.
#include "sip/ua/user_agent.hpp"

#include <array>
#include <vector>

#include "sip/message/message_builder.hpp"
#include "sip/message/parser.hpp"
#include "sip/message/request_checks.hpp"
#include "sip/transaction/stateless_response.hpp"
#include "sip/ua/local_contact.hpp"
#include "sip/ua/response.hpp"
#include "sip/ua/user_agent_impl.hpp"

namespace sipline::sip {
namespace {

constexpr std::array kAllowed{Method::kInvite,  Method::kAck,   Method::kCancel, Method::kBye,
                              Method::kOptions, Method::kInfo,  Method::kUpdate, Method::kPrack,
                              Method::kMessage, Method::kRefer, Method::kNotify};
constexpr std::array<std::string_view, 1> kAccepted{"application/sdp"};
// INFO bodies we read (DTMF, as MicroSIP, Asterisk and FreeSWITCH send it); others get 415.
constexpr std::array<std::string_view, 2> kAcceptedInInfo{"application/dtmf-relay",
                                                          "application/dtmf"};
// MESSAGE bodies (RFC 3428 §9: text/plain at least), and the typing notices MicroSIP and
// Linphone send (RFC 3994), taken and not shown.
constexpr std::array<std::string_view, 2> kAcceptedInMessage{"text/plain",
                                                             "application/im-iscomposing+xml"};

// NOTIFY bodies: the sipfrag of a transfer's progress (RFC 3515 §2.4.5).
constexpr std::array<std::string_view, 1> kAcceptedInNotify{"message/sipfrag"};

std::span<const std::string_view> accepted_in(Method method) {
  switch (method) {
    case Method::kNotify:
      return kAcceptedInNotify;
    case Method::kInfo:
      return kAcceptedInInfo;
    case Method::kMessage:
      return kAcceptedInMessage;
    default:
      return kAccepted;
  }
}
// What we support (Supported, and what a Require may ask for): reliable provisional responses
// (RFC 3262), INVITEs replacing a dialog of ours (RFC 3891) and session timers (RFC 4028, last:
// left out when disabled).
constexpr std::array<std::string_view, 3> kSupportedAll{"100rel", "replaces", "timer"};

}  // namespace

UserAgent::UserAgent(UserAgentConfig config, Random& random)
    : impl_(std::make_unique<Impl>(std::move(config), random)) {}

UserAgent::~UserAgent() = default;

std::optional<UaOutput> UserAgent::poll() {
  if (impl_->out.empty()) {
    return std::nullopt;
  }
  UaOutput next = std::move(impl_->out.front());
  impl_->out.pop_front();
  return next;
}

std::optional<CallState> UserAgent::call_state(CallId call) const {
  const auto it = impl_->sessions.find(call);
  return it == impl_->sessions.end() ? std::nullopt : std::optional(it->second.state());
}

std::size_t UserAgent::call_count() const noexcept { return impl_->sessions.size(); }

std::string UserAgent::Impl::via(transport::TransportKind kind) {
  return via_value(transport::via_name(kind),
                   sent_by_over(config.via_sent_by, kind, config.tls_port), random.token(16));
}

void UserAgent::on_message(const transport::Flow& from, std::string_view bytes, TimePoint now) {
  auto message = parse_message(bytes, {.stream = from.kind != transport::TransportKind::kUdp});
  if (!message) {
    // §8.2 / §21: a request that cannot be parsed is answered statelessly when it can be; a
    // response that cannot be parsed is dropped.
    const int status = status_for_parse_error(message.error());
    if (auto response = stateless_response_to_raw(bytes, status, message.error().reason,
                                                  impl_->random.token(10))) {
      impl_->emit(ua::Send{from, std::move(*response)});
    }
    return;
  }
  if (message->is_request()) {
    // No transaction can form without Call-ID, From, To and CSeq; with a Via we can still say
    // why (RFC 4475 §3.1.2.x "insuf": ideally 400).
    if (!message->vias().empty() && (message->call_id().empty() || message->from() == nullptr ||
                                     message->to() == nullptr || message->cseq() == nullptr)) {
      if (message->method() != Method::kAck) {
        impl_->emit(ua::Send{from, stateless_response(*message, 400,
                                                      "Bad Request (missing Call-ID, From, To "
                                                      "or CSeq)",
                                                      impl_->random.token(10))});
      }
      return;
    }
    if (impl_->shed_invite(*message, from)) {
      return;
    }
    impl_->layer.on_request(std::move(*message), from, now);
  } else {
    impl_->layer.on_response(std::move(*message), from, now);
  }
  impl_->drain(now);
}

void UserAgent::on_timer(const UaTimerKey& key, TimePoint now) {
  using SessionTimerHandler = void (InviteSession::*)(TimePoint);
  SessionTimerHandler handler = nullptr;  // a call's timer: which of its handlers
  switch (key.kind) {
    case UaTimerKey::Kind::kAnswerRetransmit:
      handler = &InviteSession::on_answer_timer;
      break;
    case UaTimerKey::Kind::kOfferRetry:
      handler = &InviteSession::on_offer_retry_timer;
      break;
    case UaTimerKey::Kind::kSessionTimer:
      handler = &InviteSession::on_session_timer;
      break;
    case UaTimerKey::Kind::kReliableProvisional:
      handler = &InviteSession::on_reliable_1xx_timer;
      break;
    case UaTimerKey::Kind::kRegistration:
      impl_->on_registration_timer(static_cast<RegistrationId>(key.id), now);
      break;
    case UaTimerKey::Kind::kKeepAlive:
      if (key.timer == TimerId::kB) {
        impl_->on_pong_timer(static_cast<RegistrationId>(key.id));
      } else {
        impl_->on_keep_alive_timer(static_cast<RegistrationId>(key.id), now);
      }
      break;
    case UaTimerKey::Kind::kTransaction:
      impl_->layer.on_timer(key.id, key.timer, now);
      break;
    case UaTimerKey::Kind::kDtmf:
    case UaTimerKey::Kind::kAutoAnswer:
    case UaTimerKey::Kind::kForward:
    case UaTimerKey::Kind::kAutoHangUp:  // the phone core's, never ours
      break;
  }
  if (handler != nullptr) {
    if (InviteSession* session = impl_->live_session(static_cast<CallId>(key.id))) {
      session->timer_fired(key.kind);
      (session->*handler)(now);
    }
  }
  impl_->drain(now);
}

void UserAgent::Impl::drain(TimePoint now) {
  while (auto event = layer.poll()) {
    if (auto* send = std::get_if<event::Send>(&*event)) {
      emit(ua::Send{send->flow, std::move(send->bytes)});
    } else if (auto* start = std::get_if<event::StartTimer>(&*event)) {
      emit(ua::SetTimer{{UaTimerKey::Kind::kTransaction, start->transaction, start->timer},
                        start->deadline});
    } else if (auto* cancel = std::get_if<event::CancelTimer>(&*event)) {
      emit(ua::CancelTimer{{UaTimerKey::Kind::kTransaction, cancel->transaction, cancel->timer}});
    } else if (auto* request = std::get_if<event::Request>(&*event)) {
      on_request(request->transaction, *request->message, request->from, now);
    } else if (auto* response = std::get_if<event::Response>(&*event)) {
      if (on_register_response(response->transaction, *response->message, now) ||
          on_page_response(response->transaction, *response->message, now)) {
        continue;
      }
      if (plain_requests.contains(response->transaction)) {
        if (response->message->status_code() >= 200) {
          // Answered: a transport error or timeout of the finished transaction says nothing.
          plain_requests.erase(response->transaction);
          emit(ua::Response{response->transaction, std::move(response->message)});
        }
        continue;
      }
      on_response(response->transaction, *response->message, now);
    } else if (auto* stray = std::get_if<event::Stray>(&*event)) {
      if (stray->message->is_request() && stray->message->method() == Method::kAck) {
        if (InviteSession* session = session_in_dialog(*stray->message)) {
          session->on_ack(*stray->message, now);
        }
      } else if (stray->message->is_response()) {
        on_stray_response(*stray->message, now);
      }
    } else if (auto* timeout = std::get_if<event::Timeout>(&*event)) {
      on_transaction_failed(timeout->transaction, 408, now);
    } else if (auto* failed = std::get_if<event::TransportFailed>(&*event)) {
      on_transaction_failed(failed->transaction, 503, now);
    } else if (auto* done = std::get_if<event::Terminated>(&*event)) {
      call_of_transaction.erase(done->transaction);
      plain_requests.erase(done->transaction);
      registration_of_transaction.erase(done->transaction);
    }
  }
  reap();
}

Result<TransactionId> UserAgent::Impl::send_request(CallId call, Message request,
                                                    const transport::Flow& to, TimePoint now) {
  auto transaction = layer.send_request(std::move(request), to, now);
  if (transaction && call != 0) {
    call_of_transaction[*transaction] = call;
  }
  return transaction;
}

Result<Message> UserAgent::Impl::send_response(TransactionId transaction, const Message& request,
                                               const ResponseParts& parts, TimePoint now) {
  auto response = build_response(request, parts);
  if (!response) {
    return response;
  }
  if (auto sent = layer.send_response(transaction, *response, now); !sent) {
    return std::unexpected(sent.error());
  }
  return response;
}

void UserAgent::Impl::respond(TransactionId transaction, const Message& request, int status,
                              TimePoint now, std::span<const ExtraHeader> extra_headers) {
  (void)send_response(
      transaction, request,
      {.status = status, .to_tag = random.token(10), .extra_headers = extra_headers}, now);
}

void UserAgent::Impl::on_request(TransactionId transaction, const Message& request,
                                 const transport::Flow& from, TimePoint now) {
  const std::span<const std::string_view> supported =
      std::span(kSupportedAll).first(config.session_timers.enabled ? 3U : 2U);
  const UasCapabilities capabilities{kAllowed, supported, accepted_in(request.method())};
  if (const auto rejection = check_request(request, capabilities)) {
    const ExtraHeader extra{canonical_name(rejection->header), rejection->header_value};
    (void)send_response(
        transaction, request,
        {.status = rejection->status,
         .reason = rejection->reason,
         .to_tag = random.token(10),
         .extra_headers = {&extra, rejection->header != HeaderId::kUnknown ? 1U : 0U}},
        now);
    return;
  }
  switch (request.method()) {
    case Method::kInvite:
      on_invite(transaction, request, from, now);
      return;
    case Method::kBye:
      if (InviteSession* session = session_in_dialog(request)) {
        session->on_bye(transaction, request, now);
      } else {
        respond(transaction, request, 481, now);  // §15.1.2
      }
      return;
    case Method::kCancel:
      on_cancel(transaction, request, now);
      return;
    case Method::kPrack:  // RFC 3262: our reliable 1xx acknowledged
      if (InviteSession* session = session_in_dialog(request)) {
        session->on_prack(transaction, request, now);
      } else {
        respond(transaction, request, 481, now);
      }
      return;
    case Method::kUpdate:  // RFC 3311: an offer (or a refresh) inside the call
      if (InviteSession* session = session_in_dialog(request)) {
        session->on_offer_request(transaction, request, now);
      } else {
        respond(transaction, request, 481, now);
      }
      return;
    case Method::kAck:
      // An ACK that reached the layer as a request.
      if (InviteSession* session = session_in_dialog(request)) {
        session->on_ack(request, now);
      }
      return;
    case Method::kMessage:  // RFC 3428, in or out of a call
      on_page(transaction, request, now);
      return;
    case Method::kRefer:  // RFC 3515: inside a call only (481 outside, §12.2.2)
    case Method::kNotify:
      if (InviteSession* session = session_in_dialog(request)) {
        if (request.method() == Method::kRefer) {
          session->on_refer(transaction, request, now);
        } else {
          session->on_notify(transaction, request, now);
        }
      } else {
        respond(transaction, request, 481, now);
      }
      return;
    case Method::kOptions: {
      // §11.2: what we can do, in or out of a dialog.
      const std::array<ExtraHeader, 5> what_we_do{
          {{"Allow", kAllowValue},
           {"Accept", "application/sdp"},
           {"Accept-Encoding", "identity"},
           {"Accept-Language", "en"},
           {"Supported",
            config.session_timers.enabled ? "100rel, replaces, timer" : "100rel, replaces"}}};
      respond(transaction, request, 200, now, what_we_do);
      return;
    }
    default:
      // INFO and the like: fine inside a call, 481 outside one (§12.2.2).
      if (InviteSession* session = session_in_dialog(request)) {
        session->on_other_request(transaction, request, now);
      } else {
        respond(transaction, request, 481, now);
      }
      return;
  }
}

void UserAgent::Impl::on_transaction_failed(TransactionId transaction, int status, TimePoint now) {
  if (on_register_failed(transaction, status, now) || on_page_failed(transaction, status)) {
    return;
  }
  if (plain_requests.contains(transaction)) {
    emit(ua::RequestFailed{transaction, status});
    return;
  }
  const auto owner = call_of_transaction.find(transaction);
  if (owner == call_of_transaction.end()) {
    return;
  }
  if (InviteSession* session = live_session(owner->second)) {
    session->on_transaction_failed(transaction, status, now);
  }
}

void UserAgent::on_flow_failed(const transport::Flow& flow, TimePoint now) {
  // Only what is waiting on that flow: REGISTERs and other requests outside calls, and INVITEs
  // not answered yet — a bounded scan (max_calls), never one over every transaction (a hostile
  // Via could make each response fail).
  std::vector<TransactionId> failed;
  for (const auto& [transaction, to] : impl_->plain_requests) {
    if (transport::travels_on(to, flow)) {
      failed.push_back(transaction);
    }
  }
  for (const auto& [id, binding] : impl_->registrations) {
    if (binding.transaction != 0 && transport::travels_on(binding.registrar, flow)) {
      failed.push_back(binding.transaction);
    }
  }
  for (const auto& [id, session] : impl_->sessions) {
    if (session.outgoing() && transport::travels_on(session.flow(), flow) &&
        (session.state() == CallState::kCalling || session.state() == CallState::kEarly)) {
      failed.push_back(session.invite_transaction());
    }
  }
  for (const TransactionId transaction : failed) {
    impl_->layer.on_transport_error(transaction, now);
  }
  // RFC 5626 §4.4.1: a registration whose connection is gone cannot be reached on it; a new
  // REGISTER opens another at once, instead of at the next refresh.
  std::vector<RegistrationId> lost;
  for (auto& [id, binding] : impl_->registrations) {
    impl_->stop_awaiting_pong(id, binding, flow);  // that connection's pong will not come
    if (binding.transaction == 0 && transport::is_reliable(flow.kind) &&
        transport::travels_on(binding.registrar, flow) &&
        binding.client.state() == RegistrationState::kRegistered) {
      lost.push_back(id);
    }
  }
  for (const RegistrationId id : lost) {
    (void)start_registration(id, now);  // it exists
  }
  impl_->drain(now);
}

void UserAgent::on_pong(const transport::Flow& from) {
  for (auto& [id, binding] : impl_->registrations) {
    impl_->stop_awaiting_pong(id, binding, from);
  }
}

Result<TransactionId> UserAgent::send_request(Message request, const transport::Flow& to,
                                              TimePoint now) {
  if (!request.is_request()) {
    return fail(Errc::kInvalidArgument, "not a request", 0);
  }
  auto transaction = impl_->layer.send_request(std::move(request), to, now);
  if (transaction) {
    impl_->plain_requests.emplace(*transaction, to);
  }
  impl_->drain(now);
  return transaction;
}

}  // namespace sipline::sip
