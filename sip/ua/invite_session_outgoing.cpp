// The INVITE session as the caller: our INVITE (again with credentials, or with a 422's
// Min-SE), its responses — provisional, a 2xx and its ACK, forks and retransmissions, failures —
// and CANCEL (RFC 3261 §13.2, §9.1).
#include <algorithm>
#include <vector>

#include "sip/message/escape.hpp"
#include "sip/message/list_headers.hpp"
#include "sip/message/printer.hpp"
#include "sip/ua/digest.hpp"
#include "sip/ua/invite_session.hpp"
#include "sip/ua/redirect_targets.hpp"

namespace sipline::sip {

// --- outgoing ----------------------------------------------------------------------------

Result<InviteSession> InviteSession::outgoing(CallId id, SessionContext& context,
                                              std::string_view target, const transport::Flow& to,
                                              std::string_view sdp, const CallerIdentity& caller,
                                              TimePoint now) {
  InviteSession session(id, context);
  session.outgoing_ = true;
  session.flow_ = to;
  session.local_tag_ = context.token(10);
  session.local_sdp_ = std::string(sdp);
  session.target_ = std::string(target);
  session.call_id_ = context.token(24);
  session.caller_ = caller;
  if (auto sent = session.send_invite(std::nullopt, now); !sent) {
    return std::unexpected(sent.error());
  }
  return session;
}

Result<void> InviteSession::send_invite(const std::optional<Authorization>& authorization,
                                        TimePoint now) {
  const std::string_view from = caller_.from.empty() ? context_->local_uri() : caller_.from;
  const std::string display =
      caller_.display_name.empty() ? "" : quote_string(caller_.display_name) + " ";
  MessageBuilder request = MessageBuilder::request(Method::kInvite, target_);
  request.field(HeaderId::kVia, context_->via(flow_.kind))
      .field(HeaderId::kMaxForwards, "70")
      .field(HeaderId::kFrom, {display, "<", from, ">;tag=", local_tag_})
      .field(HeaderId::kTo, {"<", target_, ">"})
      .field(HeaderId::kCallId, call_id_)
      .cseq(cseq_, Method::kInvite)
      .field(HeaderId::kContact, contact());
  if (!caller_.route.empty()) {
    request.field(HeaderId::kRoute, caller_.route);
  }
  for (const ua::CallHeader& header : caller_.extra_headers) {
    request.field(header.name, header.value);  // Referred-By, Replaces (following a REFER)
  }
  if (authorization) {
    request.field(authorization->header, authorization->value);
  }
  request.fields(timer_request_headers())
      .field(HeaderId::kSupported, "100rel")
      .field(HeaderId::kAllow, kAllowValue)
      .field(HeaderId::kUserAgent, context_->user_agent())
      .body("application/sdp", local_sdp_);
  auto invite = std::move(request).build();
  if (!invite) {
    return fail(Errc::kInvalidArgument, "the target makes no valid INVITE", 0);
  }
  invite_ = *invite;
  auto transaction = context_->send_request(id_, std::move(*invite), flow_, now);
  if (!transaction) {
    return std::unexpected(transaction.error());
  }
  invite_transaction_ = *transaction;
  return {};
}

std::optional<Authorization> answer_digest_challenge(const Message& response, Method method,
                                                     std::string_view uri, const Credentials& ours,
                                                     bool answered_before,
                                                     const std::function<std::string()>& cnonce) {
  if (ours.realm.empty()) {
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
  if (!challenge || challenge->realm != ours.realm || (answered_before && !challenge->stale)) {
    return std::nullopt;
  }
  return Authorization{proxy ? HeaderId::kProxyAuthorization : HeaderId::kAuthorization,
                       digest_credentials(*challenge, {to_string(method), uri, ours.username,
                                                       ours.password, cnonce(), 1})};
}

std::optional<Authorization> InviteSession::answer_challenge(Method method, std::string_view uri,
                                                             const Message& response) {
  const std::optional<Credentials>& ours =
      caller_.credentials ? caller_.credentials : context_->credentials();
  if (!ours || challenges_ >= 2) {
    return std::nullopt;
  }
  auto answer = answer_digest_challenge(response, method, uri, *ours, challenges_ > 0,
                                        [this] { return context_->token(16); });
  if (answer) {
    ++challenges_;
  }
  return answer;
}

std::string InviteSession::send_ack(const Dialog& dialog, std::uint32_t cseq) {
  Dialog copy = dialog;  // the ACK does not advance the dialog's CSeq
  const std::string branch_via = context_->via(flow_.kind);
  const std::string our_contact = contact();
  const auto ack = copy.make_request(
      {.method = Method::kAck, .via = branch_via, .contact = our_contact, .cseq = cseq});
  if (!ack) {
    return {};
  }
  std::string text = print(*ack);
  context_->emit(ua::Send{flow_, text});
  return text;
}

void InviteSession::on_invite_response(TransactionId transaction, const Message& response,
                                       TimePoint now) {
  if (transaction != invite_transaction_) {
    if (our_reinvite_ && transaction == *our_reinvite_) {
      on_reinvite_response(response, now);
    } else if (response.status_code() >= 200 && response.status_code() < 300) {
      on_late_2xx(response, now);  // our earlier re-INVITE's 2xx, again: its ACK again
    }
    return;
  }
  const int status = response.status_code();
  if (status < 200) {
    if (state_ == CallState::kCalling) {
      state_ = CallState::kEarly;
    }
    if (cancel_when_provisional_) {
      send_cancel(now);
      return;
    }
    if (status > 100 && requires_option(response, "100rel") &&
        !acknowledge_reliable_1xx(response, now)) {
      return;  // a retransmitted reliable 1xx: PRACKed already, told already
    }
    if (status > 100) {
      context_->emit(
          ua::CallProgress{id_, status, content_type_of(response), std::string(response.body())});
    }
    return;
  }
  if (status >= 300) {
    // The transaction ACKs it itself (§17.1.1.3). A challenge from our own realm is answered
    // with the same INVITE, the next CSeq and credentials (§22.2).
    if (status == 422 && state_ != CallState::kTerminating && !cancel_when_provisional_ &&
        session_timer_.on_422(response)) {
      // RFC 4028 §7.3: our interval was below the callee's Min-SE: again with its Min-SE.
      next_invite_cseq();
      state_ = CallState::kCalling;
      if (send_invite(std::nullopt, now)) {
        return;
      }
    }
    if ((status == 401 || status == 407) && state_ != CallState::kTerminating &&
        !cancel_when_provisional_) {
      if (const auto authorization =
              answer_challenge(Method::kInvite, invite_.request_uri().text, response)) {
        next_invite_cseq();
        state_ = CallState::kCalling;
        if (send_invite(authorization, now)) {
          return;
        }
      }
    }
    if (status == 503 && try_next_server(status, now)) {
      return;
    }
    // A 3xx: the caller (the application) decides whether to follow it (§8.1.3.4).
    end(status, true, status < 400 ? redirect_targets(response) : std::vector<std::string>{});
    return;
  }
  auto dialog = Dialog::as_uac(invite_, response);
  if (dialog_) {
    // RFC 6026 §8.4: in the Accepted state 2xx retransmissions and forks still come up; the
    // call is already up and stays as it is (an unusable extra 2xx changes nothing either).
    if (dialog) {
      answer_extra_2xx(*dialog, response, now);
    }
    return;
  }
  if (!dialog) {
    end(502, true);
    return;
  }
  if (const auto early = early_dialogs_.find(dialog->id().remote_tag);
      early != early_dialogs_.end()) {
    // The callee whose reliable 1xx we PRACKed: its early dialog goes on, with the CSeq it has
    // reached (§12.1.2: the 2xx confirms it).
    Dialog confirmed = early->second.dialog;
    confirmed.on_response(invite_, response);
    dialog = std::move(confirmed);
  }
  (void)send_ack(*dialog, invite_.cseq()->number);
  dialog_ = std::move(*dialog);
  if (state_ == CallState::kTerminating || cancel_when_provisional_) {
    send_bye(now);  // hung up while it was ringing: the answer crossed our CANCEL
    return;
  }
  state_ = CallState::kConfirmed;
  if (const auto allow = response.header(HeaderId::kAllow)) {
    peer_allows_update_ = token_list_contains(*allow, "UPDATE");
  }
  session_timer_.on_2xx(response);
  restart_session_timer(now);
  context_->emit(ua::CallConfirmed{id_, content_type_of(response), std::string(response.body())});
}

bool InviteSession::try_next_server(int status, TimePoint now) {
  if (!outgoing_ || dialog_ || state_ == CallState::kTerminating || cancel_when_provisional_ ||
      next_server_ >= caller_.other_servers.size()) {
    return false;
  }
  // "Identical to the previous, but [with] a different value of the Via branch ID": same
  // Call-ID, tags and CSeq; early dialogs with the failed server end with its transaction.
  flow_ = caller_.other_servers[next_server_++];
  early_dialogs_.clear();
  state_ = CallState::kCalling;
  context_->emit(ua::CallRetried{id_, status, flow_});
  if (send_invite(std::nullopt, now)) {
    return true;
  }
  return try_next_server(status, now);  // that one could not even be sent to: the next
}

void InviteSession::next_invite_cseq() {
  // The early dialogs end with the INVITE's transaction; a callee that keeps its tag for the
  // next one must still see our CSeq rise (§12.2.1.1): above every number they used.
  for (const auto& [tag, early] : early_dialogs_) {
    cseq_ = std::max(cseq_, early.dialog.local_seq());
  }
  ++cseq_;
  early_dialogs_.clear();
}

void InviteSession::on_late_2xx(const Message& response, TimePoint now) {
  const auto cseq = response.cseq();
  if (cseq && cseq->number == our_reinvite_cseq_ && !our_reinvite_ack_.empty() &&
      in_dialog(response)) {
    context_->emit(ua::Send{flow_, our_reinvite_ack_});  // our ACK to the re-INVITE was lost
    return;
  }
  if (!outgoing_ || response.call_id() != invite_.call_id()) {
    return;
  }
  if (auto dialog = Dialog::as_uac(invite_, response)) {
    answer_extra_2xx(*dialog, response, now);
  }
}

void InviteSession::answer_extra_2xx(const Dialog& dialog, const Message& response, TimePoint now) {
  // §13.2.2.4: every 2xx is ACKed; one from a dialog other than the call's is then ended, once.
  (void)send_ack(dialog, invite_.cseq()->number);
  const std::string& tag = dialog.id().remote_tag;
  if ((dialog_ && dialog_->id() == dialog.id()) || forks_ended_.contains(tag) ||
      forks_ended_.size() >= kMaxForks) {
    return;  // a retransmission (our ACK was lost), a fork sent BYE already, or a flood
  }
  forks_ended_.insert(tag);
  Dialog fork = dialog;
  if (const auto early = early_dialogs_.find(tag); early != early_dialogs_.end()) {
    fork = early->second.dialog;  // PRACKed in its early dialog: its CSeq goes on
    fork.on_response(invite_, response);
  }
  const std::string branch_via = context_->via(flow_.kind);
  if (auto request = fork.make_request({.method = Method::kBye, .via = branch_via})) {
    // Not this call's: its answer is nobody's business (the transaction is not the call's).
    (void)context_->send_request(0, std::move(*request), flow_, now);
  }
}

void InviteSession::send_cancel(TimePoint now) {
  // §9.1: the INVITE's Request-URI, Call-ID, From, To, CSeq number and top Via (same branch).
  MessageBuilder cancel = MessageBuilder::request(Method::kCancel, invite_.request_uri().text);
  cancel.field(HeaderId::kVia, invite_.vias()[0].text)
      .field(HeaderId::kMaxForwards, "70")
      .field(HeaderId::kFrom, *invite_.header(HeaderId::kFrom))
      .field(HeaderId::kTo, *invite_.header(HeaderId::kTo))
      .field(HeaderId::kCallId, invite_.call_id())
      .cseq(invite_.cseq()->number, Method::kCancel);
  for (const HeaderField& field : invite_.headers()) {
    if (field.id == HeaderId::kRoute) {  // §9.1: the CANCEL's Route is the INVITE's
      cancel.field(HeaderId::kRoute, field.value);
    }
  }
  state_ = CallState::kTerminating;
  cancel_when_provisional_ = false;
  if (auto request = std::move(cancel).build()) {
    (void)context_->send_request(id_, std::move(*request), flow_, now);
  }
}

}  // namespace sipline::sip
