// Reliable provisional responses (RFC 3262, 100rel) in the INVITE session, both ways. As the
// callee, when the INVITE requires 100rel, our 180 carries Require: 100rel and an RSeq and is
// resent until its PRACK (T1, doubling; without one in 64·T1 the call is refused 504, §3); so
// does our 183 with an early answer when the caller supports 100rel, and the 200 then waits
// for its PRACK (§3: no 2xx while a reliable 1xx with SDP is unacknowledged). As
// the caller, each new reliable 1xx is PRACKed in its early dialog, a retransmitted one only
// dropped (§4); that early dialog becomes the call's when the 2xx comes from the same callee.
#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "base/text.hpp"
#include "sip/message/dialog_headers.hpp"
#include "sip/message/list_headers.hpp"
#include "sip/message/printer.hpp"
#include "sip/ua/invite_session.hpp"

namespace sipline::sip {
bool lists_option(const Message& message, HeaderId header, std::string_view tag) {
  for (const HeaderField& field : message.headers()) {
    if (field.id == header && token_list_contains(field.value, tag)) {
      return true;
    }
  }
  return false;
}

bool requires_option(const Message& message, std::string_view tag) {
  return lists_option(message, HeaderId::kRequire, tag);
}

// --- as the callee ----------------------------------------------------------------------

Result<void> InviteSession::send_reliable_1xx(int status, TimePoint now) {
  // §3: RSeq starts anywhere in 1 … 2^31 − 1 and goes up by one with each reliable 1xx.
  rseq_ = rseq_ == 0 ? 1 + context_->random_below(1U << 30) : rseq_ + 1;
  const std::string rseq = std::to_string(rseq_);
  const std::array<ExtraHeader, 2> extra{{{"Require", "100rel"}, {"RSeq", rseq}}};
  const bool with_answer = status == 183;
  auto sent = send_provisional(status, extra, with_answer, now);
  if (!sent) {
    return std::unexpected(sent.error());
  }
  reliable_1xx_text_ = print(*sent);
  prack_pending_ = true;
  answer_in_reliable_1xx_ = with_answer;
  reliable_interval_ = context_->timers().t1;
  reliable_deadline_ = now + context_->timers().sixty_four_t1();
  set_timer(UaTimerKey::Kind::kReliableProvisional, now + reliable_interval_);
  return {};
}

void InviteSession::on_reliable_1xx_timer(TimePoint now) {
  if (!prack_pending_) {
    return;
  }
  if (state_ != CallState::kIncoming) {
    prack_pending_ = false;  // answered or gone: a PRACK may still come, the 1xx need not go
    return;
  }
  if (now >= reliable_deadline_) {
    prack_pending_ = false;
    (void)reject(504, now);  // §3: no PRACK within 64·T1
    return;
  }
  context_->emit(ua::Send{flow_, reliable_1xx_text_});
  reliable_interval_ = 2 * reliable_interval_;
  set_timer(UaTimerKey::Kind::kReliableProvisional,
            std::min(now + reliable_interval_, reliable_deadline_));
}

void InviteSession::on_prack(TransactionId transaction, const Message& prack, TimePoint now) {
  if (const int refused = dialog_->on_request(prack); refused != 0) {
    context_->respond(transaction, prack, refused, now);
    return;
  }
  const auto value = prack.header(HeaderId::kRAck);
  const auto rack = value ? parse_rack(*value) : Result<RAck>(fail(Errc::kMalformed, "no RAck"));
  if (!prack.body().empty()) {
    // §5: an offer in the PRACK, after our reliable answer: not built. Refused, the 1xx stays
    // unacknowledged, and a PRACK without one may come.
    context_->respond(transaction, prack, 488, now);
    return;
  }
  // §3: it must acknowledge our last reliable 1xx to this INVITE, else 481.
  if (!rack || rseq_ == 0 || rack->rseq != rseq_ || rack->cseq != invite_.cseq()->number ||
      rack->method != Method::kInvite) {
    context_->respond(transaction, prack, 481, now);
    return;
  }
  prack_pending_ = false;
  cancel_timer(UaTimerKey::Kind::kReliableProvisional);
  context_->respond(transaction, prack, 200, now);
  if (auto sdp = std::exchange(answer_after_prack_, std::nullopt); sdp && !ended_) {
    if (!answer(*sdp, now)) {
      (void)reject(500, now);  // the 200 could not be built: the caller must not wait for it
    }
  }
}

// --- as the caller ----------------------------------------------------------------------

bool InviteSession::acknowledge_reliable_1xx(const Message& response, TimePoint now) {
  const auto value = response.header(HeaderId::kRSeq);
  const auto rseq = value ? parse_decimal<std::uint32_t>(*value)
                          : Result<std::uint32_t>(fail(Errc::kMalformed, "no RSeq"));
  if (!rseq || response.to() == nullptr || response.to()->tag.empty()) {
    return true;  // not usable as reliable: taken as an ordinary 1xx
  }
  auto dialog = Dialog::as_uac(invite_, response);
  if (!dialog) {
    return true;
  }
  auto early = early_dialogs_.find(response.to()->tag);
  // §4: in order, once each; a retransmission (an RSeq seen already) is dropped.
  if (early != early_dialogs_.end() && *rseq != early->second.last_rseq + 1) {
    return false;
  }
  if (early == early_dialogs_.end()) {
    if (early_dialogs_.size() >= kMaxForks) {
      return true;  // forks beyond reason: taken as an ordinary 1xx, no state kept
    }
    early = early_dialogs_.emplace(std::string(response.to()->tag), EarlyDialog{std::move(*dialog)})
                .first;
  }
  early->second.last_rseq = *rseq;
  const std::string rack =
      std::to_string(*rseq) + " " + std::to_string(invite_.cseq()->number) + " INVITE";
  const ExtraHeader header{"RAck", rack};
  const std::string branch_via = context_->via(flow_.kind);
  if (auto prack = early->second.dialog.make_request(
          {.method = Method::kPrack, .via = branch_via, .extra_headers = {&header, 1U}})) {
    (void)context_->send_request(id_, std::move(*prack), flow_, now);
  }
  return true;
}

}  // namespace sipline::sip
