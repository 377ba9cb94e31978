// Session timers inside the INVITE session (RFC 4028): the headers our requests and 2xx carry,
// the refresh we send when it is ours (an UPDATE without SDP when the peer takes UPDATE, else a
// re-INVITE with our last description) and the BYE when the peer's refresh is overdue (§10).
#include <string>
#include <utility>

#include "sip/message/list_headers.hpp"
#include "sip/message/printer.hpp"
#include "sip/ua/invite_session.hpp"

namespace sipline::sip {
std::vector<ExtraHeader> InviteSession::timer_request_headers() {
  if (!session_timer_.enabled()) {
    return {};
  }
  // §7.1: Supported: timer, the interval we ask for (ourselves to refresh), Min-SE after a 422.
  timer_value_ = session_timer_.request_value() + ";refresher=uac";
  std::vector<ExtraHeader> headers{{"Supported", "timer"}, {"Session-Expires", timer_value_}};
  if (const auto min_se = session_timer_.min_se_value()) {
    min_se_text_ = *min_se;
    headers.push_back({"Min-SE", min_se_text_});
  }
  return headers;
}

std::vector<ExtraHeader> InviteSession::timer_answer(const Message& request, TimePoint now) {
  if (const auto allow = request.header(HeaderId::kAllow)) {
    peer_allows_update_ = token_list_contains(*allow, "UPDATE");  // for refreshes and offers
  }
  if (!session_timer_.enabled()) {
    return {};
  }
  const SessionTimer::Answer answer = session_timer_.answer(request);
  timer_value_ = answer.session_expires;
  std::vector<ExtraHeader> headers{{"Supported", "timer"}, {"Session-Expires", timer_value_}};
  if (answer.require_timer) {
    headers.push_back({"Require", "timer"});  // §9: the peer refreshes, and must know it
  }
  restart_session_timer(now);
  return headers;
}

void InviteSession::restart_session_timer(TimePoint now) {
  if (session_timer_.running()) {
    set_timer(UaTimerKey::Kind::kSessionTimer, session_timer_.due(now));  // re-arms
  } else {
    cancel_timer(UaTimerKey::Kind::kSessionTimer);
  }
}

void InviteSession::on_session_timer(TimePoint now) {
  if (state_ != CallState::kConfirmed || !session_timer_.running()) {
    return;
  }
  if (!session_timer_.we_refresh()) {
    expired_ = true;  // §10: no refresh came; the session is over
    send_bye(now);
    return;
  }
  send_refresh(now);
}

void InviteSession::send_refresh(TimePoint now) {
  if (our_reinvite_ || our_update_ || peer_offer_ || awaiting_ack_ || offer_in_our_2xx_) {
    // An exchange is open: it refreshes the session when it completes; look again soon.
    set_timer(UaTimerKey::Kind::kSessionTimer, now + std::chrono::seconds(2));
    return;
  }
  if (!peer_allows_update_) {
    // RFC 4028 §7.4: a re-INVITE with the description we sent last; its answer only refreshes.
    reoffer_sdp_ = local_sdp_;
    refresh_only_ = true;
    if (!send_reinvite(std::nullopt, now)) {
      refresh_only_ = false;
    }
    return;
  }
  const std::string branch_via = context_->via(flow_.kind);
  const std::string our_contact = contact();
  const std::vector<ExtraHeader> extra = timer_request_headers();
  auto request = dialog_->make_request({.method = Method::kUpdate,
                                        .via = branch_via,
                                        .contact = our_contact,
                                        .extra_headers = extra});
  if (!request) {
    return;
  }
  if (auto transaction = context_->send_request(id_, std::move(*request), flow_, now)) {
    our_update_ = *transaction;
  }
}

void InviteSession::on_update_response(const Message& response, TimePoint now) {
  const int status = response.status_code();
  if (status < 200 || !our_update_) {
    return;
  }
  our_update_.reset();
  if (std::exchange(update_offer_, false)) {
    on_update_offer_response(response, now);  // an offer of ours (invite_session_offers.cpp)
    return;
  }
  if (status < 300) {
    session_timer_.on_2xx(response);
    restart_session_timer(now);
  } else if (status == 408 || status == 481) {
    send_bye(now);  // the peer has lost the dialog
  } else {
    // 405, 501 …: it takes no UPDATE after all; the next refresh (soon) is a re-INVITE.
    peer_allows_update_ = false;
    set_timer(UaTimerKey::Kind::kSessionTimer, now + std::chrono::seconds(1));
  }
}

}  // namespace sipline::sip
