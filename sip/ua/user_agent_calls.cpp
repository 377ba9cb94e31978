// INVITE sessions (RFC 3261 §13–§15): incoming and outgoing calls, ACK, CANCEL, BYE.
#include <algorithm>

#include "sip/message/escape.hpp"
#include "sip/message/message_builder.hpp"
#include "sip/message/printer.hpp"
#include "sip/transaction/stateless_response.hpp"
#include "sip/ua/digest.hpp"
#include "sip/ua/response.hpp"
#include "sip/ua/user_agent.hpp"
#include "sip/ua/user_agent_impl.hpp"

namespace sipline::sip {
namespace {

std::string content_type_of(const Message& message) {
  const auto value = message.header(HeaderId::kContentType);
  return value ? std::string(*value) : std::string();
}

}  // namespace

// --- incoming ----------------------------------------------------------------------------

bool UserAgent::Impl::shed_invite(const Message& invite, const transport::Flow& from) {
  if (invite.method() != Method::kInvite || invite.to() == nullptr || !invite.to()->tag.empty() ||
      calls.size() < config.max_calls || layer.matches_server_transaction(invite)) {
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
    // A re-INVITE (§14.2): answered with our current description; no renegotiation yet.
    Call* call = find_dialog(invite);
    if (call == nullptr) {
      respond(transaction, invite, 481, now);
      return;
    }
    if (const int refused = call->dialog->on_request(invite); refused != 0) {
      respond(transaction, invite, refused, now);
      return;
    }
    (void)send_response(transaction, invite,
                        {.status = 200,
                         .contact = contact(*call),
                         .content_type = "application/sdp",
                         .body = call->local_sdp},
                        now);
    return;
  }
  const CallId id = next_call++;
  Call call;
  call.id = id;
  call.state = CallState::kIncoming;
  call.invite = invite;
  call.invite_transaction = transaction;
  call.flow = from;
  call.local_tag = random.token(10);
  auto dialog = Dialog::as_uas(invite, call.local_tag);
  if (!dialog) {
    respond(transaction, invite, 400, now);
    return;
  }
  call.dialog = std::move(*dialog);
  calls.emplace(id, std::move(call));
  call_of_transaction[transaction] = id;
  emit(ua::IncomingCall{
      id, std::string(*invite.header(HeaderId::kFrom)), std::string(*invite.header(HeaderId::kTo)),
      invite.body().empty() ? std::string() : content_type_of(invite), std::string(invite.body())});
}

Result<void> UserAgent::answer(CallId id, std::string_view sdp, TimePoint now) {
  const auto it = impl_->calls.find(id);
  if (it == impl_->calls.end() || it->second.state != CallState::kIncoming) {
    return fail(Errc::kBadState, "no incoming call to answer", id);
  }
  Call& call = it->second;
  call.local_sdp = std::string(sdp);
  auto sent = impl_->send_response(call.invite_transaction, call.invite,
                                   {.status = 200,
                                    .to_tag = call.local_tag,
                                    .copy_record_route = true,
                                    .contact = impl_->contact(),
                                    .content_type = "application/sdp",
                                    .body = call.local_sdp},
                                   now);
  if (!sent) {
    return std::unexpected(sent.error());
  }
  call.answer_text = print(*sent);
  call.state = CallState::kAnswering;
  // §13.3.1.4: resend the 2xx at T1, doubling to T2, until the ACK or 64·T1.
  call.answer_interval = impl_->config.timers.t1;
  call.answer_deadline = now + impl_->config.timers.sixty_four_t1();
  if (!transport::is_reliable(call.flow.kind)) {
    impl_->emit(ua::SetTimer{{UaTimerKey::Kind::kAnswerRetransmit, id, TimerId::kG},
                             now + call.answer_interval});
  }
  impl_->drain(now);
  return {};
}

void UserAgent::Impl::on_answer_timer(CallId id, TimePoint now) {
  const auto it = calls.find(id);
  if (it == calls.end() || it->second.state != CallState::kAnswering) {
    return;
  }
  Call& call = it->second;
  if (now >= call.answer_deadline) {
    // §13.3.1.4: no ACK within 64·T1: the session is over; tell the peer with a BYE.
    send_bye(call, now);
    return;
  }
  emit(ua::Send{call.flow, call.answer_text});
  call.answer_interval = std::min(2 * call.answer_interval, config.timers.t2);
  emit(ua::SetTimer{{UaTimerKey::Kind::kAnswerRetransmit, id, TimerId::kG},
                    std::min(now + call.answer_interval, call.answer_deadline)});
}

void UserAgent::Impl::on_ack(const Message& ack, TimePoint now) {
  Call* call = find_dialog(ack);
  if (call == nullptr || call->state != CallState::kAnswering) {
    return;  // a retransmitted ACK, or one for a call already gone
  }
  call->state = CallState::kConfirmed;
  emit(ua::CancelTimer{{UaTimerKey::Kind::kAnswerRetransmit, call->id, TimerId::kG}});
  emit(ua::CallConfirmed{call->id, {}, {}});
  if (call->bye_when_acked) {
    send_bye(*call, now);
  }
}

void UserAgent::Impl::on_bye(TransactionId transaction, const Message& bye, TimePoint now) {
  Call* call = find_dialog(bye);
  if (call == nullptr) {
    respond(transaction, bye, 481, now);  // §15.1.2
    return;
  }
  if (const int refused = call->dialog->on_request(bye); refused != 0) {
    respond(transaction, bye, refused, now);
    return;
  }
  respond(transaction, bye, 200, now);
  if (call->state == CallState::kIncoming) {
    // §15.1.2: a BYE before we answered ends the INVITE with 487.
    (void)send_response(call->invite_transaction, call->invite,
                        {.status = 487, .to_tag = call->local_tag}, now);
  }
  end(*call, 200, true);
}

void UserAgent::Impl::on_cancel(TransactionId transaction, const Message& cancel, TimePoint now) {
  const auto invite = layer.find_cancelled_invite(cancel);
  if (!invite) {
    respond(transaction, cancel, 481, now);  // §9.2: nothing to cancel
    return;
  }
  const auto owner = call_of_transaction.find(invite->transaction);
  const auto it = owner == call_of_transaction.end() ? calls.end() : calls.find(owner->second);
  Call* call = it == calls.end() ? nullptr : &it->second;
  // §9.2: 200 while the INVITE's transaction lives, with the To tag of its responses. A caller
  // may build its ACK and BYE from whichever response came last (SIPp's [last_To:] does): with
  // another tag there, an answered call would lose its ACK and get 481 for its BYE.
  const std::string to_tag = call != nullptr           ? call->local_tag
                             : !invite->to_tag.empty() ? invite->to_tag
                                                       : random.token(10);
  (void)send_response(transaction, cancel, {.status = 200, .to_tag = to_tag}, now);
  if (call == nullptr || call->state != CallState::kIncoming) {
    return;  // already answered or refused: the CANCEL changes nothing (§9.2)
  }
  (void)send_response(call->invite_transaction, call->invite,
                      {.status = 487, .to_tag = call->local_tag}, now);
  end(*call, 487, true);
}

// --- outgoing ----------------------------------------------------------------------------

Result<CallId> UserAgent::dial(std::string_view target, const transport::Flow& to,
                               std::string_view sdp, TimePoint now, const CallerIdentity& caller) {
  if (impl_->calls.size() >= impl_->config.max_calls) {
    return fail(Errc::kTooLarge, "too many calls", impl_->calls.size());
  }
  const CallId id = impl_->next_call++;
  Call call;
  call.id = id;
  call.outgoing = true;
  call.flow = to;
  call.local_tag = impl_->random.token(10);
  call.local_sdp = std::string(sdp);
  call.target = std::string(target);
  call.call_id = impl_->random.token(24);
  call.caller = caller;
  if (auto sent = impl_->send_invite(call, std::nullopt, now); !sent) {
    return std::unexpected(sent.error());
  }
  impl_->calls.emplace(id, std::move(call));
  impl_->drain(now);
  return id;
}

Result<void> UserAgent::Impl::send_invite(Call& call,
                                          const std::optional<Authorization>& authorization,
                                          TimePoint now) {
  const std::string& from = call.caller.from.empty() ? config.local_uri : call.caller.from;
  const std::string display =
      call.caller.display_name.empty() ? "" : quote_string(call.caller.display_name) + " ";
  MessageBuilder request = MessageBuilder::request(Method::kInvite, call.target);
  request.field(HeaderId::kVia, via())
      .field(HeaderId::kMaxForwards, "70")
      .field(HeaderId::kFrom, {display, "<", from, ">;tag=", call.local_tag})
      .field(HeaderId::kTo, {"<", call.target, ">"})
      .field(HeaderId::kCallId, call.call_id)
      .cseq(call.cseq, Method::kInvite)
      .field(HeaderId::kContact, contact(call));
  if (authorization) {
    request.field(authorization->header, authorization->value);
  }
  request.field(HeaderId::kAllow, kAllowValue)
      .field(HeaderId::kUserAgent, config.user_agent)
      .body("application/sdp", call.local_sdp);
  auto invite = std::move(request).build();
  if (!invite) {
    return fail(Errc::kInvalidArgument, "the target makes no valid INVITE", 0);
  }
  call.invite = *invite;
  auto transaction = layer.send_request(std::move(*invite), call.flow, now);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  call.invite_transaction = *transaction;
  call_of_transaction[*transaction] = call.id;
  return {};
}

void UserAgent::set_credentials(Credentials credentials) {
  impl_->credentials = std::move(credentials);
}

std::optional<Authorization> UserAgent::Impl::answer_challenge(Call& call, Method method,
                                                               std::string_view uri,
                                                               const Message& response) {
  const std::optional<Credentials>& ours =
      call.caller.credentials ? call.caller.credentials : credentials;
  if (!ours || ours->realm.empty() || call.challenges >= 2) {
    return std::nullopt;
  }
  const bool proxy = response.status_code() == 407;
  const HeaderId id = proxy ? HeaderId::kProxyAuthenticate : HeaderId::kWwwAuthenticate;
  std::vector<std::string_view> values;
  for (const HeaderField& field : response.headers()) {
    if (field.id == id) {
      values.push_back(field.value);
    }
  }
  const auto challenge = choose_digest_challenge(values);
  // Our registrar's realm only (see Credentials); a second challenge only for a stale nonce.
  if (!challenge || challenge->realm != ours->realm || (call.challenges > 0 && !challenge->stale)) {
    return std::nullopt;
  }
  ++call.challenges;
  const std::string cnonce = random.token(16);
  return Authorization{proxy ? HeaderId::kProxyAuthorization : HeaderId::kAuthorization,
                       digest_credentials(*challenge, {to_string(method), uri, ours->username,
                                                       ours->password, cnonce, 1})};
}

void UserAgent::Impl::send_ack(Call& call, const Dialog& dialog, std::uint32_t cseq) {
  Dialog copy = dialog;  // the ACK does not advance the dialog's CSeq
  const std::string branch_via = via();
  const std::string our_contact = contact(call);
  if (const auto ack = copy.make_request(
          {.method = Method::kAck, .via = branch_via, .contact = our_contact, .cseq = cseq})) {
    emit(ua::Send{call.flow, print(*ack)});
  }
}

void UserAgent::Impl::on_invite_response(Call& call, const Message& response, TimePoint now) {
  const int status = response.status_code();
  if (status < 200) {
    if (call.state == CallState::kCalling) {
      call.state = CallState::kEarly;
    }
    if (call.cancel_when_provisional) {
      send_cancel(call, now);
      return;
    }
    if (status > 100) {
      emit(ua::CallProgress{call.id, status,
                            response.body().empty() ? "" : content_type_of(response),
                            std::string(response.body())});
    }
    return;
  }
  if (status >= 300) {
    // The transaction ACKs it itself (§17.1.1.3). A challenge from our own realm is answered
    // with the same INVITE, the next CSeq and credentials (§22.2).
    if ((status == 401 || status == 407) && call.state != CallState::kTerminating &&
        !call.cancel_when_provisional) {
      if (const auto authorization =
              answer_challenge(call, Method::kInvite, call.invite.request_uri().text, response)) {
        ++call.cseq;
        call.state = CallState::kCalling;
        if (send_invite(call, authorization, now)) {
          return;
        }
      }
    }
    end(call, status, true);
    return;
  }
  auto dialog = Dialog::as_uac(call.invite, response);
  if (call.dialog) {
    // RFC 6026 §8.4: in the Accepted state 2xx retransmissions and forks still come up; the
    // call is already up and stays as it is (an unusable extra 2xx changes nothing either).
    if (dialog) {
      answer_extra_2xx(call, *dialog, now);
    }
    return;
  }
  if (!dialog) {
    end(call, 502, true);
    return;
  }
  send_ack(call, *dialog, call.invite.cseq()->number);
  call.dialog = std::move(*dialog);
  if (call.state == CallState::kTerminating || call.cancel_when_provisional) {
    send_bye(call, now);  // hung up while it was ringing: the answer crossed our CANCEL
    return;
  }
  call.state = CallState::kConfirmed;
  emit(ua::CallConfirmed{call.id, response.body().empty() ? "" : content_type_of(response),
                         std::string(response.body())});
}

void UserAgent::Impl::on_stray_response(const Message& response, TimePoint now) {
  // A 2xx to an INVITE after its transaction ended: a retransmission (ACK again) or a fork
  // (ACK, then BYE: one call is enough, §13.2.2.4).
  if (response.method() != Method::kInvite || response.status_code() >= 300) {
    return;
  }
  for (auto& [id, call] : calls) {
    if (!call.outgoing || call.invite.call_id() != response.call_id()) {
      continue;
    }
    if (auto dialog = Dialog::as_uac(call.invite, response)) {
      answer_extra_2xx(call, *dialog, now);
    }
    return;
  }
}

void UserAgent::Impl::answer_extra_2xx(Call& call, const Dialog& dialog, TimePoint now) {
  // §13.2.2.4: every 2xx is ACKed; one from a dialog other than the call's is then ended.
  send_ack(call, dialog, call.invite.cseq()->number);
  if (call.dialog && call.dialog->id() == dialog.id()) {
    return;  // a retransmission: our ACK was lost
  }
  Dialog fork = dialog;
  const std::string branch_via = via();
  if (auto request = fork.make_request({.method = Method::kBye, .via = branch_via})) {
    (void)layer.send_request(std::move(*request), call.flow, now);
  }
}

void UserAgent::Impl::send_cancel(Call& call, TimePoint now) {
  // §9.1: the INVITE's Request-URI, Call-ID, From, To, CSeq number and top Via (same branch).
  const Message& invite = call.invite;
  MessageBuilder cancel = MessageBuilder::request(Method::kCancel, invite.request_uri().text);
  cancel.field(HeaderId::kVia, invite.vias()[0].text)
      .field(HeaderId::kMaxForwards, "70")
      .field(HeaderId::kFrom, *invite.header(HeaderId::kFrom))
      .field(HeaderId::kTo, *invite.header(HeaderId::kTo))
      .field(HeaderId::kCallId, invite.call_id())
      .cseq(invite.cseq()->number, Method::kCancel);
  call.state = CallState::kTerminating;
  call.cancel_when_provisional = false;
  if (auto request = std::move(cancel).build()) {
    if (auto transaction = layer.send_request(std::move(*request), call.flow, now)) {
      call_of_transaction[*transaction] = call.id;
    }
  }
}

void UserAgent::Impl::on_bye_response(Call& call, const Message& response, TimePoint now) {
  const int status = response.status_code();
  if ((status == 401 || status == 407) && call.dialog) {
    // An in-dialog challenge: answered only in our registrar's realm (see Credentials).
    if (const auto authorization =
            answer_challenge(call, Method::kBye, call.dialog->remote_target(), response)) {
      send_bye(call, now, authorization);
      return;
    }
  }
  end(call, 200, false);
}

void UserAgent::Impl::send_bye(Call& call, TimePoint now,
                               const std::optional<Authorization>& authorization) {
  call.state = CallState::kTerminating;
  emit(ua::CancelTimer{{UaTimerKey::Kind::kAnswerRetransmit, call.id, TimerId::kG}});
  const std::string branch_via = via();
  const ExtraHeader answer{
      authorization ? canonical_name(authorization->header) : std::string_view(),
      authorization ? std::string_view(authorization->value) : std::string_view()};
  auto request = call.dialog->make_request({.method = Method::kBye,
                                            .via = branch_via,
                                            .extra_headers = {&answer, authorization ? 1U : 0U}});
  if (!request) {
    end(call, 500, false);
    return;
  }
  auto transaction = layer.send_request(std::move(*request), call.flow, now);
  if (!transaction) {
    end(call, 500, false);
    return;
  }
  call_of_transaction[*transaction] = call.id;
}

Result<void> UserAgent::hangup(CallId id, TimePoint now) {
  const auto it = impl_->calls.find(id);
  if (it == impl_->calls.end()) {
    return fail(Errc::kNotFound, "no such call", id);
  }
  Call& call = it->second;
  switch (call.state) {
    case CallState::kIncoming:
      return reject(id, 486, now);
    case CallState::kCalling:
      call.cancel_when_provisional = true;  // §9.1: CANCEL only after a provisional response
      break;
    case CallState::kEarly:
      impl_->send_cancel(call, now);
      break;
    case CallState::kAnswering:
      call.bye_when_acked = true;  // §15: not before the ACK (or its timeout)
      break;
    case CallState::kConfirmed:
      impl_->send_bye(call, now);
      break;
    case CallState::kTerminating:
      break;
  }
  impl_->drain(now);
  return {};
}

}  // namespace sipline::sip
