// The user agent's calls: new INVITEs, CANCEL, the call commands, and the routing of every
// message of a call to its InviteSession (by transaction, or by our tag).
#include "sip/message/params.hpp"
#include "sip/transaction/stateless_response.hpp"
#include "sip/ua/user_agent.hpp"
#include "sip/ua/user_agent_impl.hpp"

namespace sipline::sip {

// --- routing -----------------------------------------------------------------------------

InviteSession* UserAgent::Impl::live_session(CallId call) {
  const auto it = sessions.find(call);
  return it == sessions.end() || it->second.ended() ? nullptr : &it->second;
}

InviteSession* UserAgent::Impl::session_in_dialog(const Message& request) {
  if (request.to() == nullptr) {
    return nullptr;
  }
  const auto owner = call_of_local_tag.find(std::string(request.to()->tag));
  if (owner == call_of_local_tag.end()) {
    return nullptr;
  }
  InviteSession* session = live_session(owner->second);
  return session != nullptr && session->in_dialog(request) ? session : nullptr;
}

void UserAgent::Impl::reap() {
  for (const CallId id : std::exchange(ended_calls, {})) {
    const auto it = sessions.find(id);
    if (it == sessions.end() || !it->second.ended()) {
      continue;  // never kept (refused as it came), or reaped already
    }
    std::erase_if(call_of_transaction, [id](const auto& entry) { return entry.second == id; });
    call_of_local_tag.erase(it->second.local_tag());
    sessions.erase(it);
  }
}

void UserAgent::Impl::on_response(TransactionId transaction, const Message& response,
                                  TimePoint now) {
  const auto owner = call_of_transaction.find(transaction);
  InviteSession* session =
      owner == call_of_transaction.end() ? nullptr : live_session(owner->second);
  if (session == nullptr) {
    return;
  }
  if (response.method() == Method::kInvite) {
    session->on_invite_response(transaction, response, now);
  } else if (response.method() == Method::kUpdate) {
    session->on_update_response(response, now);
  } else if (response.method() == Method::kInfo && response.status_code() >= 200) {
    session->on_info_response(transaction, response, now);
  } else if (response.method() == Method::kRefer && response.status_code() >= 200) {
    session->on_refer_response(transaction, response, now);
  } else if (response.method() == Method::kBye && response.status_code() >= 200) {
    session->on_bye_response(response, now);
  }
}

void UserAgent::Impl::on_stray_response(const Message& response, TimePoint now) {
  // A 2xx to an INVITE (or re-INVITE) after its transaction ended: a retransmission (ACK
  // again) or a fork (ACK, then BYE: one call is enough, §13.2.2.4). Ours carry our tag in From. A
  // late 1xx is nobody's business (no ACK for a provisional response).
  if (response.method() != Method::kInvite || response.status_code() < 200 ||
      response.status_code() >= 300 || response.from() == nullptr) {
    return;
  }
  const auto owner = call_of_local_tag.find(std::string(response.from()->tag));
  InviteSession* session = owner == call_of_local_tag.end() ? nullptr : live_session(owner->second);
  if (session != nullptr) {
    session->on_late_2xx(response, now);
  }
}

// --- incoming ----------------------------------------------------------------------------

bool UserAgent::Impl::shed_invite(const Message& invite, const transport::Flow& from) {
  if (invite.method() != Method::kInvite || invite.to() == nullptr || !invite.to()->tag.empty() ||
      sessions.size() < config.max_calls || layer.matches_server_transaction(invite)) {
    return false;
  }
  // A new call beyond max_calls: 486 without a transaction (§8.2.7 lets a UAS answer
  // statelessly), so a flood of INVITEs costs no memory; a lost 486 is answered again when the
  // INVITE is retransmitted, and its ACK matches nothing and is dropped.
  emit(ua::Send{from, stateless_response(invite, 486, "Busy Here", random.token(10))});
  return true;
}

void UserAgent::Impl::on_invite(TransactionId transaction, const Message& invite,
                                const transport::Flow& from, TimePoint now) {
  if (!invite.to()->tag.empty()) {
    if (InviteSession* session = session_in_dialog(invite)) {
      call_of_transaction[transaction] = session->id();  // a CANCEL finds the call
      session->on_offer_request(transaction, invite, now);
    } else {
      respond(transaction, invite, 481, now);
    }
    return;
  }
  if (const auto min_se = session_interval_too_small(invite, config.session_timers)) {
    // RFC 4028 §8.1.1: the interval asked for is below our Min-SE.
    const std::string value = std::to_string(*min_se);
    const ExtraHeader header{"Min-SE", value};
    respond(transaction, invite, 422, now, {&header, 1U});
    return;
  }
  CallId replaces = 0;
  if (const auto value = invite.header("Replaces")) {
    // RFC 3891 §3: it must name one of our confirmed dialogs, else 481.
    replaces = replaced_call(*value);
    if (replaces == 0) {
      respond(transaction, invite, 481, now);
      return;
    }
  }
  const CallId id = next_call++;
  auto session = InviteSession::incoming(id, *this, transaction, invite, from, replaces);
  if (!session) {
    respond(transaction, invite, 400, now);
    return;
  }
  call_of_transaction[transaction] = id;
  call_of_local_tag[session->local_tag()] = id;
  sessions.emplace(id, std::move(*session));
}

CallId UserAgent::Impl::replaced_call(std::string_view replaces) {
  // callid *(SEMI (to-tag / from-tag / early-only / generic-param)) (RFC 3891 §6.1)
  const std::size_t semicolon = std::min(replaces.find(';'), replaces.size());
  const std::string_view call_id = trim_wsp(replaces.substr(0, semicolon));
  Scanner scanner(replaces, semicolon);
  const auto params = scan_header_params(scanner);
  if (call_id.empty() || !params || !scanner.at_end()) {
    return 0;
  }
  const auto to_tag = params->find("to-tag");
  const auto from_tag = params->find("from-tag");
  if (!to_tag || to_tag->empty() || !from_tag || from_tag->empty()) {
    return 0;
  }
  for (auto& [id, session] : sessions) {
    if (!session.ended() && session.replaced_by(call_id, *to_tag, *from_tag)) {
      return id;
    }
  }
  return 0;
}

void UserAgent::Impl::on_cancel(TransactionId transaction, const Message& cancel, TimePoint now) {
  const auto invite = layer.find_cancelled_invite(cancel);
  if (!invite) {
    respond(transaction, cancel, 481, now);  // §9.2: nothing to cancel
    return;
  }
  const auto owner = call_of_transaction.find(invite->transaction);
  InviteSession* session =
      owner == call_of_transaction.end() ? nullptr : live_session(owner->second);
  // §9.2: 200 while the INVITE's transaction lives, with the To tag of its responses. A caller
  // may build its ACK and BYE from whichever response came last (SIPp's [last_To:] does): with
  // another tag there, an answered call would lose its ACK and get 481 for its BYE.
  const std::string to_tag = session != nullptr        ? session->local_tag()
                             : !invite->to_tag.empty() ? invite->to_tag
                                                       : random.token(10);
  (void)send_response(transaction, cancel, {.status = 200, .to_tag = to_tag}, now);
  if (session != nullptr) {
    session->on_cancel(invite->transaction, now);
  }
}

// --- the call commands -------------------------------------------------------------------

Result<CallId> UserAgent::dial(std::string_view target, const transport::Flow& to,
                               std::string_view sdp, TimePoint now, const CallerIdentity& caller) {
  if (impl_->sessions.size() >= impl_->config.max_calls) {
    return fail(Errc::kTooLarge, "too many calls", impl_->sessions.size());
  }
  const CallId id = impl_->next_call++;
  auto session = InviteSession::outgoing(id, *impl_, target, to, sdp, caller, now);
  if (!session) {
    return std::unexpected(session.error());
  }
  impl_->call_of_local_tag[session->local_tag()] = id;
  impl_->sessions.emplace(id, std::move(*session));
  impl_->drain(now);
  return id;
}

Result<void> UserAgent::ring(CallId id, TimePoint now) {
  return impl_->call_command(id, [&](InviteSession& session) { return session.ring(now); }, now);
}

Result<void> UserAgent::progress(CallId id, std::string_view sdp, TimePoint now) {
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.progress(sdp, now); }, now);
}

Result<void> UserAgent::answer(CallId id, std::string_view sdp, TimePoint now) {
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.answer(sdp, now); }, now);
}

Result<void> UserAgent::reject(CallId id, int status, TimePoint now) {
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.reject(status, now); }, now);
}

Result<void> UserAgent::redirect(CallId id, int status, std::string_view contact,
                                 std::span<const ExtraHeader> extra, TimePoint now) {
  if (status < 300 || status > 399) {
    return fail(Errc::kInvalidArgument, "a redirection is a 3xx", static_cast<std::size_t>(status));
  }
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.reject(status, now, contact, extra); }, now);
}

Result<void> UserAgent::send_refer(CallId id, std::string_view refer_to,
                                   std::string_view referred_by, TimePoint now) {
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.send_refer(refer_to, referred_by, now); },
      now);
}

Result<void> UserAgent::notify_refer(CallId id, int status, bool final, TimePoint now) {
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.notify_refer(status, final, now); }, now);
}

std::optional<DialogId> UserAgent::dialog_id(CallId id) const {
  const auto it = impl_->sessions.find(id);
  if (it == impl_->sessions.end() || it->second.ended() || it->second.dialog_id() == nullptr) {
    return std::nullopt;
  }
  return *it->second.dialog_id();
}

Result<void> UserAgent::hangup(CallId id, TimePoint now) {
  return impl_->call_command(
      id,
      [&](InviteSession& session) {
        session.hangup(now);
        return Result<void>{};
      },
      now);
}

Result<void> UserAgent::reoffer(CallId id, std::string_view sdp, TimePoint now,
                                OfferMethod method) {
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.reoffer(sdp, now, method); }, now);
}

Result<void> UserAgent::accept_offer(CallId id, std::string_view sdp, TimePoint now) {
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.accept_offer(sdp, now); }, now);
}

Result<void> UserAgent::refuse_offer(CallId id, int status, TimePoint now) {
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.refuse_offer(status, now); }, now);
}

Result<void> UserAgent::send_info(CallId id, std::string_view content_type, std::string_view body,
                                  TimePoint now) {
  return impl_->call_command(
      id, [&](InviteSession& session) { return session.send_info(content_type, body, now); }, now);
}

void UserAgent::set_contact(std::string contact) { impl_->config.contact = std::move(contact); }

void UserAgent::set_credentials(Credentials credentials) {
  impl_->user_credentials = std::move(credentials);
}

}  // namespace sipline::sip
