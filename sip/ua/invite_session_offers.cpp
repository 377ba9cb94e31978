// Offers inside a confirmed call, both ways: our re-INVITE (RFC 3261 §14.1) or UPDATE (RFC
// 3311), the peer's re-INVITE (§14.2) or UPDATE, one offer/answer exchange at a time (RFC 3264
// §8, RFC 6337 §3). The session carries the SDP; what it means is the application's business.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "sip/message/printer.hpp"
#include "sip/ua/invite_session.hpp"

namespace sipline::sip {

// --- ours --------------------------------------------------------------------------------

Result<void> InviteSession::reoffer(std::string_view sdp, TimePoint now, OfferMethod method) {
  if (state_ != CallState::kConfirmed || !dialog_) {
    return fail(Errc::kBadState, "no confirmed call to send an offer in", id_);
  }
  if (our_reinvite_ || update_offer_ || peer_offer_ || offer_in_our_2xx_ || awaiting_ack_) {
    return fail(Errc::kBadState, "an offer is already open in this call", id_);
  }
  reoffer_sdp_ = std::string(sdp);
  challenges_ = 0;  // a new request: its own challenge may be answered
  // By UPDATE only to a peer that listed it in Allow, and not beside our refresh UPDATE.
  if (method == OfferMethod::kUpdate && peer_allows_update_ && !our_update_) {
    return send_update_offer(std::nullopt, now);
  }
  return send_reinvite(std::nullopt, now);
}

Result<Message> InviteSession::make_offer_request(
    Method method, const std::optional<Authorization>& authorization) {
  const std::string branch_via = context_->via(flow_.kind);
  const std::string our_contact = contact();
  std::vector<ExtraHeader> extra = timer_request_headers();  // either refreshes the session
  if (method == Method::kInvite) {
    extra.push_back({"Allow", kAllowValue});
  }
  if (authorization) {
    extra.push_back({canonical_name(authorization->header), authorization->value});
  }
  return dialog_->make_request({.method = method,
                                .via = branch_via,
                                .contact = our_contact,
                                .extra_headers = extra,
                                .content_type = "application/sdp",
                                .body = reoffer_sdp_});
}

Result<void> InviteSession::send_update_offer(const std::optional<Authorization>& authorization,
                                              TimePoint now) {
  auto request = make_offer_request(Method::kUpdate, authorization);
  if (!request) {
    return std::unexpected(request.error());
  }
  our_update_request_ = *request;
  auto transaction = context_->send_request(id_, std::move(*request), flow_, now);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  our_update_ = *transaction;
  update_offer_ = true;
  return {};
}

void InviteSession::on_update_offer_response(const Message& response, TimePoint now) {
  const int status = response.status_code();
  if (status < 300) {
    // RFC 3311 §5.1: the 2xx carries the answer (no ACK); its Contact refreshes the target.
    dialog_->on_response(our_update_request_, response);
    local_sdp_ = reoffer_sdp_;
    session_timer_.on_2xx(response);
    restart_session_timer(now);
    context_->emit(
        ua::SessionAnswer{id_, status, content_type_of(response), std::string(response.body())});
    return;
  }
  if (status == 401 || status == 407) {
    if (const auto authorization =
            answer_challenge(Method::kUpdate, dialog_->remote_target(), response)) {
      if (send_update_offer(authorization, now)) {
        return;
      }
    }
  }
  if (status == 405 || status == 501) {
    peer_allows_update_ = false;  // it takes no UPDATE after all: the next offer is a re-INVITE
  }
  offer_refused(status, now);
}

Result<void> InviteSession::send_reinvite(const std::optional<Authorization>& authorization,
                                          TimePoint now) {
  auto request = make_offer_request(Method::kInvite, authorization);
  if (!request) {
    return std::unexpected(request.error());
  }
  const std::uint32_t cseq = request->cseq()->number;
  our_reinvite_request_ = *request;
  auto transaction = context_->send_request(id_, std::move(*request), flow_, now);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  our_reinvite_ = *transaction;
  our_reinvite_cseq_ = cseq;
  our_reinvite_ack_.clear();
  return {};
}

void InviteSession::on_reinvite_response(const Message& response, TimePoint now) {
  const int status = response.status_code();
  if (status < 200) {
    return;
  }
  if (status < 300) {
    // The answer: the ACK goes at once (§13.2.2.4), the Contact refreshes the remote target
    // (§12.2.1.2); a retransmitted 2xx gets the same ACK again (on_late_2xx).
    dialog_->on_response(our_reinvite_request_, response);
    our_reinvite_.reset();
    our_reinvite_ack_ = send_ack(*dialog_, our_reinvite_cseq_);
    local_sdp_ = reoffer_sdp_;
    session_timer_.on_2xx(response);
    restart_session_timer(now);
    if (!std::exchange(refresh_only_, false)) {
      context_->emit(
          ua::SessionAnswer{id_, status, content_type_of(response), std::string(response.body())});
    }
    return;
  }
  if (status == 401 || status == 407) {
    if (const auto authorization =
            answer_challenge(Method::kInvite, dialog_->remote_target(), response)) {
      if (send_reinvite(authorization, now)) {
        return;
      }
    }
  }
  our_reinvite_.reset();
  if (std::exchange(refresh_only_, false)) {
    // A refresh refused: the session goes on until it expires; a lost dialog ends it now.
    if ((status == 408 || status == 481) && state_ == CallState::kConfirmed) {
      send_bye(now);
    }
    return;
  }
  offer_refused(status, now);
}

void InviteSession::offer_refused(int status, TimePoint now) {
  context_->emit(ua::SessionAnswer{id_, status, {}, {}});
  if (status == 491) {
    // §14.1: glare. The owner of the Call-ID (who sent the first INVITE) waits 2.1–4 s, the
    // other 0–2 s, in units of 10 ms; then an offer may go again.
    const std::uint32_t tens =
        outgoing_ ? 210 + context_->random_below(191) : context_->random_below(201);
    set_timer(UaTimerKey::Kind::kOfferRetry, now + std::chrono::milliseconds(10 * tens));
    return;
  }
  // §14.1: the session stays as it was, unless the dialog is gone (481) or the peer did not
  // answer (408): then the call is over.
  if ((status == 408 || status == 481) && state_ == CallState::kConfirmed) {
    send_bye(now);
  }
}

void InviteSession::on_offer_retry_timer(TimePoint /*now*/) {
  if (state_ == CallState::kConfirmed) {
    context_->emit(ua::OfferRetry{id_});
  }
}

// --- theirs ------------------------------------------------------------------------------

void InviteSession::on_offer_request(TransactionId transaction, const Message& request,
                                     TimePoint now) {
  if (const int refused = dialog_->on_request(request); refused != 0) {
    context_->respond(transaction, request, refused, now);
    return;
  }
  if (const auto min_se = session_interval_too_small(request, context_->session_timers())) {
    const std::string value = std::to_string(*min_se);  // RFC 4028 §8.1.1
    const ExtraHeader header{"Min-SE", value};
    (void)context_->send_response(transaction, request,
                                  {.status = 422, .extra_headers = {&header, 1U}}, now);
    return;
  }
  const bool update = request.method() == Method::kUpdate;
  if (update && request.body().empty()) {
    // An UPDATE without an offer refreshes the target and the session timer (RFC 4028 §7.4).
    const std::string our_contact = contact();
    const std::vector<ExtraHeader> timer = timer_answer(request, now);
    (void)context_->send_response(
        transaction, request, {.status = 200, .contact = our_contact, .extra_headers = timer}, now);
    return;
  }
  if (our_reinvite_ || update_offer_ || offer_in_our_2xx_) {
    // Glare: the offers crossed (§14.2, RFC 3311 §5.2).
    context_->respond(transaction, request, 491, now);
    return;
  }
  if (state_ != CallState::kConfirmed || peer_offer_ || (awaiting_ack_ && !update)) {
    refuse_with_retry_after(transaction, request, now);  // one exchange at a time
    return;
  }
  peer_offer_.emplace(transaction, request);
  context_->emit(ua::SessionOffer{id_, content_type_of(request), std::string(request.body())});
}

Result<void> InviteSession::accept_offer(std::string_view sdp, TimePoint now) {
  if (!peer_offer_) {
    return fail(Errc::kBadState, "no offer from the peer to answer", id_);
  }
  const auto [transaction, request] = std::move(*peer_offer_);
  peer_offer_.reset();
  if (request.method() == Method::kUpdate) {
    // A non-INVITE transaction: its 200 is retransmitted by the transaction, and no ACK comes.
    local_sdp_ = std::string(sdp);
    const std::string our_contact = contact();
    const std::vector<ExtraHeader> timer = timer_answer(request, now);
    auto sent = context_->send_response(transaction, request,
                                        {.status = 200,
                                         .contact = our_contact,
                                         .extra_headers = timer,
                                         .content_type = "application/sdp",
                                         .body = local_sdp_},
                                        now);
    return sent ? Result<void>{} : std::unexpected(sent.error());
  }
  offer_in_our_2xx_ = request.body().empty();
  return send_2xx(transaction, request, sdp, now, false);
}

Result<void> InviteSession::refuse_offer(int status, TimePoint now) {
  if (!peer_offer_ || status < 300 || status > 699) {
    return fail(Errc::kBadState, "no offer from the peer to refuse with 3xx–6xx", id_);
  }
  context_->respond(peer_offer_->first, peer_offer_->second, status, now);
  peer_offer_.reset();
  return {};
}

void InviteSession::on_reinvite_ack(const Message& ack) {
  if (offer_in_our_2xx_) {
    // Our offer went in the 2xx: the ACK brings the answer (empty: none, the app decides).
    offer_in_our_2xx_ = false;
    context_->emit(ua::SessionAnswer{id_, 200, content_type_of(ack), std::string(ack.body())});
  }
}

void InviteSession::refuse_with_retry_after(TransactionId transaction, const Message& request,
                                            TimePoint now) {
  // §14.2: 500 with a Retry-After chosen at random between 0 and 10 seconds.
  const std::string seconds = std::to_string(context_->random_below(11));
  const ExtraHeader retry{"Retry-After", seconds};
  (void)context_->send_response(transaction, request,
                                {.status = 500, .extra_headers = {&retry, 1U}}, now);
}

}  // namespace sipline::sip
