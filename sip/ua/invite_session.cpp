// The INVITE session: an incoming call's set-up and answer, and tear-down either way (RFC 3261
// §13–§15). Our own INVITE and its responses are in invite_session_outgoing.cpp.
#include "sip/ua/invite_session.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "base/text.hpp"
#include "sip/message/printer.hpp"
#include "sip/ua/local_contact.hpp"

namespace sipline::sip {

std::string content_type_of(const Message& message) {
  if (message.body().empty()) {
    return {};
  }
  const auto value = message.header(HeaderId::kContentType);
  return value ? std::string(*value) : std::string();
}

// --- incoming ----------------------------------------------------------------------------

namespace {

// The headers the application reads to decide on an incoming call (ua::CallHeader).
std::vector<ua::CallHeader> call_headers(const Message& invite) {
  std::vector<ua::CallHeader> out;
  for (const HeaderField& field : invite.headers()) {
    if (out.size() == ua::kMaxCallHeaders) {
      break;
    }
    for (const std::string_view name :
         {"X-AUTOANSWER", "Call-Info", "Alert-Info", "Diversion", "History-Info"}) {
      if (iequals(field.name, name)) {
        out.push_back({std::string(field.name), std::string(field.value)});
        break;
      }
    }
  }
  return out;
}

}  // namespace

Result<InviteSession> InviteSession::incoming(CallId id, SessionContext& context,
                                              TransactionId transaction, const Message& invite,
                                              const transport::Flow& from, CallId replaces) {
  InviteSession session(id, context);
  session.state_ = CallState::kIncoming;
  session.invite_ = invite;
  session.invite_transaction_ = transaction;
  session.flow_ = from;
  session.local_tag_ = context.token(10);
  session.peer_requires_100rel_ = requires_option(invite, "100rel");
  session.peer_supports_100rel_ = lists_option(invite, HeaderId::kSupported, "100rel");
  auto dialog = Dialog::as_uas(invite, session.local_tag_);
  if (!dialog) {
    return std::unexpected(dialog.error());
  }
  session.dialog_ = std::move(*dialog);
  context.emit(ua::IncomingCall{id, std::string(*invite.header(HeaderId::kFrom)),
                                std::string(*invite.header(HeaderId::kTo)), content_type_of(invite),
                                std::string(invite.body()), call_headers(invite), replaces});
  return session;
}

Result<void> InviteSession::ring(TimePoint now) {
  if (state_ != CallState::kIncoming) {
    return fail(Errc::kBadState, "no incoming call to ring", id_);
  }
  if (peer_requires_100rel_) {
    if (prack_pending_) {
      return {};  // §3: no second reliable 1xx before the first is PRACKed
    }
    return send_reliable_1xx(180, now);
  }
  const auto sent = send_provisional(180, {}, false, now);
  return sent ? Result<void>{} : std::unexpected(sent.error());
}

Result<Message> InviteSession::send_provisional(int status, std::span<const ExtraHeader> extra,
                                                bool with_answer, TimePoint now) {
  const std::string our_contact = contact();
  return context_->send_response(
      invite_transaction_, invite_,
      {.status = status,
       .to_tag = local_tag_,
       .copy_record_route = true,
       .contact = our_contact,
       .extra_headers = extra,
       .content_type = with_answer ? std::string_view("application/sdp") : std::string_view(),
       .body = with_answer ? std::string_view(local_sdp_) : std::string_view()},
      now);
}

Result<void> InviteSession::progress(std::string_view sdp, TimePoint now) {
  if (state_ != CallState::kIncoming) {
    return fail(Errc::kBadState, "no incoming call to send early media in", id_);
  }
  if (invite_.body().empty()) {
    // Our offer in a reliable 1xx, answered in the PRACK (RFC 3262 §5): not built.
    return fail(Errc::kBadState, "the INVITE has no offer to answer early", id_);
  }
  if (prack_pending_ || answer_after_prack_) {
    return fail(Errc::kBadState, "our last reliable 1xx is not PRACKed yet", id_);  // §3
  }
  local_sdp_ = std::string(sdp);
  if (peer_requires_100rel_ || peer_supports_100rel_) {
    return send_reliable_1xx(183, now);  // the answer holds (RFC 3262 §5)
  }
  // An unreliable 183 may be lost: its answer is a preview, the 200 carries it again.
  const auto sent = send_provisional(183, {}, true, now);
  return sent ? Result<void>{} : std::unexpected(sent.error());
}

Result<void> InviteSession::answer(std::string_view sdp, TimePoint now) {
  if (state_ != CallState::kIncoming) {
    return fail(Errc::kBadState, "no incoming call to answer", id_);
  }
  if (answer_in_reliable_1xx_) {
    sdp = local_sdp_;  // the answer stands as given early (RFC 3262 §5): the 200 repeats it
  }
  if (prack_pending_ && answer_in_reliable_1xx_) {
    answer_after_prack_ = std::string(sdp);  // §3: not before that PRACK
    return {};
  }
  if (auto sent = send_2xx(invite_transaction_, invite_, std::string(sdp), now, true); !sent) {
    return sent;
  }
  state_ = CallState::kAnswering;
  return {};
}

Result<void> InviteSession::send_2xx(TransactionId transaction, const Message& invite,
                                     std::string_view sdp, TimePoint now, bool creates_dialog) {
  local_sdp_ = std::string(sdp);
  const std::string our_contact = contact();
  // §13.3.1.4: the 2xx says what we take (the peer may then offer by UPDATE, RFC 3311).
  std::vector<ExtraHeader> extra = timer_answer(invite, now);
  extra.push_back({"Allow", kAllowValue});
  auto sent = context_->send_response(transaction, invite,
                                      {.status = 200,
                                       .to_tag = local_tag_,
                                       .copy_record_route = creates_dialog,
                                       .contact = our_contact,
                                       .extra_headers = extra,
                                       .content_type = "application/sdp",
                                       .body = local_sdp_},
                                      now);
  if (!sent) {
    return std::unexpected(sent.error());
  }
  answer_text_ = print(*sent);
  awaiting_ack_ = true;
  awaited_ack_cseq_ = invite.cseq()->number;
  // §13.3.1.4: resend the 2xx at T1, doubling to T2, until the ACK or 64·T1.
  answer_interval_ = context_->timers().t1;
  answer_deadline_ = now + context_->timers().sixty_four_t1();
  if (!transport::is_reliable(flow_.kind)) {
    set_timer(UaTimerKey::Kind::kAnswerRetransmit, now + answer_interval_);
  }
  return {};
}

Result<void> InviteSession::reject(int status, TimePoint now, std::string_view contact,
                                   std::span<const ExtraHeader> extra) {
  if (state_ != CallState::kIncoming || status < 300 || status > 699) {
    return fail(Errc::kBadState, "no incoming call to reject with 3xx–6xx", id_);
  }
  if (auto sent = context_->send_response(
          invite_transaction_, invite_,
          {.status = status, .to_tag = local_tag_, .contact = contact, .extra_headers = extra},
          now);
      !sent) {
    return std::unexpected(sent.error());  // a value that cannot go in a message: still ringing
  }
  end(status, false);
  return {};
}

void InviteSession::on_answer_timer(TimePoint now) {
  if (!awaiting_ack_ || state_ == CallState::kTerminating) {
    return;
  }
  if (now >= answer_deadline_) {
    // §13.3.1.4: no ACK within 64·T1: the session is over; tell the peer with a BYE.
    awaiting_ack_ = false;
    send_bye(now);
    return;
  }
  context_->emit(ua::Send{flow_, answer_text_});
  answer_interval_ = std::min(2 * answer_interval_, context_->timers().t2);
  set_timer(UaTimerKey::Kind::kAnswerRetransmit,
            std::min(now + answer_interval_, answer_deadline_));
}

void InviteSession::on_ack(const Message& ack, TimePoint now) {
  // A retransmitted ACK, one for an earlier 2xx, or one for a call already gone: nothing to do.
  if (!awaiting_ack_ || !ack.cseq() || ack.cseq()->number != awaited_ack_cseq_) {
    return;
  }
  awaiting_ack_ = false;
  cancel_timer(UaTimerKey::Kind::kAnswerRetransmit);
  if (state_ != CallState::kAnswering) {
    on_reinvite_ack(ack);
    return;
  }
  state_ = CallState::kConfirmed;
  // The ACK carries the answer when the INVITE had no offer (ours went in the 200, RFC 3264 §5).
  context_->emit(ua::CallConfirmed{id_, invite_.body().empty() ? content_type_of(ack) : "",
                                   invite_.body().empty() ? std::string(ack.body()) : ""});
  if (bye_when_acked_) {
    send_bye(now);
  }
}

void InviteSession::on_bye(TransactionId transaction, const Message& bye, TimePoint now) {
  if (const int refused = dialog_->on_request(bye); refused != 0) {
    context_->respond(transaction, bye, refused, now);
    return;
  }
  context_->respond(transaction, bye, 200, now);
  if (peer_offer_) {
    // §15.1.2: requests still open in the dialog are answered, 487 recommended.
    context_->respond(peer_offer_->first, peer_offer_->second, 487, now);
    peer_offer_.reset();
  }
  if (state_ == CallState::kIncoming) {
    // §15.1.2: a BYE before we answered ends the INVITE with 487.
    (void)context_->send_response(invite_transaction_, invite_,
                                  {.status = 487, .to_tag = local_tag_}, now);
  }
  end(200, true);
}

void InviteSession::on_cancel(TransactionId invite_transaction, TimePoint now) {
  if (peer_offer_ && peer_offer_->first == invite_transaction) {
    // A cancelled re-INVITE is refused; the call goes on as it was (§9.2, §14.2).
    context_->respond(peer_offer_->first, peer_offer_->second, 487, now);
    peer_offer_.reset();
    return;
  }
  if (state_ != CallState::kIncoming || invite_transaction != invite_transaction_) {
    return;  // already answered or refused: the CANCEL changes nothing (§9.2)
  }
  (void)context_->send_response(invite_transaction_, invite_, {.status = 487, .to_tag = local_tag_},
                                now);
  end(487, true);
}

void InviteSession::on_other_request(TransactionId transaction, const Message& request,
                                     TimePoint now) {
  context_->respond(transaction, request, 200, now);
  if (request.method() == Method::kInfo && !request.body().empty()) {
    context_->emit(ua::InfoReceived{id_, content_type_of(request), std::string(request.body())});
  }
}

std::string InviteSession::contact() const {
  std::string ours(caller_.contact.empty() ? context_->contact_uri()
                                           : std::string_view(caller_.contact));
  // RFC 3261 §8.1.1.8, §12.1.1: a dialog begun for a sips: URI has a sips: Contact on our side.
  const bool secure = outgoing_ ? iequals(std::string_view(target_).substr(0, 5), "sips:")
                                : invite_.request_uri().scheme == Scheme::kSips;
  if (secure && iequals(std::string_view(ours).substr(0, 4), "sip:")) {
    ours.insert(3, "s");
  }
  return "<" + context_->contact_for(ours, flow_.kind) + ">";
}

void InviteSession::on_bye_response(const Message& response, TimePoint now) {
  const int status = response.status_code();
  if ((status == 401 || status == 407) && dialog_) {
    // An in-dialog challenge: answered only in our registrar's realm (see Credentials).
    if (const auto authorization =
            answer_challenge(Method::kBye, dialog_->remote_target(), response)) {
      send_bye(now, authorization);
      return;
    }
  }
  end(expired_ ? 408 : 200, false);  // a session that expired ended as a timeout (§10)
}

void InviteSession::send_bye(TimePoint now, const std::optional<Authorization>& authorization) {
  state_ = CallState::kTerminating;
  cancel_timer(UaTimerKey::Kind::kAnswerRetransmit);
  const std::string branch_via = context_->via(flow_.kind);
  ExtraHeader answer;
  auto request =
      dialog_->make_request({.method = Method::kBye,
                             .via = branch_via,
                             .extra_headers = authorization_fields(authorization, answer)});
  if (!request) {
    end(500, false);
    return;
  }
  if (!context_->send_request(id_, std::move(*request), flow_, now)) {
    end(500, false);
  }
}

void InviteSession::hangup(TimePoint now) {
  switch (state_) {
    case CallState::kIncoming:
      (void)reject(486, now);
      return;
    case CallState::kCalling:
      cancel_when_provisional_ = true;  // §9.1: CANCEL only after a provisional response
      return;
    case CallState::kEarly:
      send_cancel(now);
      return;
    case CallState::kAnswering:
      bye_when_acked_ = true;  // §15: not before the ACK (or its timeout)
      return;
    case CallState::kConfirmed:
      send_bye(now);
      return;
    case CallState::kTerminating:
      return;
  }
}

void InviteSession::on_transaction_failed(TransactionId transaction, int status, TimePoint now) {
  if (info_finished(transaction, status, now)) {
    return;
  }
  if (our_refer_ && our_refer_->transaction == transaction) {
    our_refer_.reset();
    context_->emit(ua::ReferAnswered{id_, status, false});
    return;
  }
  if (our_update_ && transaction == *our_update_) {
    // A refresh or an offer by UPDATE got no answer: the peer is gone (RFC 4028 §10, RFC 3261
    // §12.2.1.2); an offer in it stands refused.
    our_update_.reset();
    if (std::exchange(update_offer_, false)) {
      context_->emit(ua::SessionAnswer{id_, status, {}, {}});
    }
    if (state_ == CallState::kConfirmed) {
      send_bye(now);
    }
    return;
  }
  if (our_reinvite_ && transaction == *our_reinvite_) {
    // §14.1: a re-INVITE that timed out ends the dialog; the offer in it stands refused (a
    // session refresh had none of the application's).
    our_reinvite_.reset();
    if (!std::exchange(refresh_only_, false)) {
      context_->emit(ua::SessionAnswer{id_, status, {}, {}});
    }
    if (state_ == CallState::kConfirmed) {
      send_bye(now);
    }
    return;
  }
  if (transaction == invite_transaction_ && try_next_server(status, now)) {
    return;  // RFC 3263 §4.3: timed out (408) or not sent (503) there
  }
  end(status, false);
}

void InviteSession::end(int status, bool by_peer, std::vector<std::string> redirect_to) {
  if (ended_) {
    return;
  }
  ended_ = true;
  answer_after_prack_.reset();
  context_->emit(ua::CallEnded{id_, status, by_peer, std::move(redirect_to)});
  for (const auto kind :
       {UaTimerKey::Kind::kAnswerRetransmit, UaTimerKey::Kind::kOfferRetry,
        UaTimerKey::Kind::kSessionTimer, UaTimerKey::Kind::kReliableProvisional}) {
    cancel_timer(kind);
  }
}

UaTimerKey InviteSession::timer_key(UaTimerKey::Kind kind) const noexcept {
  // Timer G's name for the 2xx resent (§13.3.1.4); the others have no RFC 3261 letter.
  return {kind, id_, kind == UaTimerKey::Kind::kAnswerRetransmit ? TimerId::kG : TimerId::kA};
}

void InviteSession::set_timer(UaTimerKey::Kind kind, TimePoint at) {
  armed_timers_ |= timer_bit(kind);
  context_->emit(ua::SetTimer{timer_key(kind), at});
}

void InviteSession::cancel_timer(UaTimerKey::Kind kind) {
  if ((armed_timers_ & timer_bit(kind)) == 0) {
    return;
  }
  armed_timers_ &= ~timer_bit(kind);
  context_->emit(ua::CancelTimer{timer_key(kind)});
}

}  // namespace sipline::sip
