// Reliable provisional responses (RFC 3262, 100rel) in the INVITE session, both ways. As the
// callee, when the INVITE requires 100rel, our 180 carries Require: 100rel and an RSeq and is
// resent until its PRACK (T1, doubling; without one in 64·T1 the call is refused 504, §3). As
// the caller, each new reliable 1xx is PRACKed in its early dialog, a retransmitted one only
// dropped (§4); that early dialog becomes the call's when the 2xx comes from the same callee.
#include <algorithm>
#include <array>
#include <string>

#include "base/text.hpp"
#include "sip/message/dialog_headers.hpp"
#include "sip/message/list_headers.hpp"
#include "sip/message/printer.hpp"
#include "sip/ua/invite_session.hpp"

namespace sipline::sip {
namespace {

constexpr UaTimerKey reliable_key(CallId id) {
  return {UaTimerKey::Kind::kReliableProvisional, id, TimerId::kA};
}

}  // namespace

bool requires_option(const Message& message, std::string_view tag) {
  for (const HeaderField& field : message.headers()) {
    if (field.id == HeaderId::kRequire && token_list_contains(field.value, tag)) {
      return true;
    }
  }
  return false;
}

// --- as the callee ----------------------------------------------------------------------

Result<void> InviteSession::send_reliable_180(TimePoint now) {
  // §3: RSeq starts anywhere in 1 … 2^31 − 1 and goes up by one with each reliable 1xx.
  rseq_ = rseq_ == 0 ? 1 + context_->random_below(1U << 30) : rseq_ + 1;
  const std::string rseq = std::to_string(rseq_);
  const std::array<ExtraHeader, 2> extra{{{"Require", "100rel"}, {"RSeq", rseq}}};
  const std::string our_contact = contact();
  auto sent = context_->send_response(invite_transaction_, invite_,
                                      {.status = 180,
                                       .to_tag = local_tag_,
                                       .copy_record_route = true,
                                       .contact = our_contact,
                                       .extra_headers = extra},
                                      now);
  if (!sent) {
    return std::unexpected(sent.error());
  }
  reliable_1xx_text_ = print(*sent);
  prack_pending_ = true;
  reliable_interval_ = context_->timers().t1;
  reliable_deadline_ = now + context_->timers().sixty_four_t1();
  context_->emit(ua::SetTimer{reliable_key(id_), now + reliable_interval_});
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
  context_->emit(
      ua::SetTimer{reliable_key(id_), std::min(now + reliable_interval_, reliable_deadline_)});
}

void InviteSession::on_prack(TransactionId transaction, const Message& prack, TimePoint now) {
  if (const int refused = dialog_->on_request(prack); refused != 0) {
    context_->respond(transaction, prack, refused, now);
    return;
  }
  const auto value = prack.header(HeaderId::kRAck);
  const auto rack = value ? parse_rack(*value) : Result<RAck>(fail(Errc::kMalformed, "no RAck"));
  // §3: it must acknowledge our last reliable 1xx to this INVITE, else 481.
  if (!rack || rseq_ == 0 || rack->rseq != rseq_ || rack->cseq != invite_.cseq()->number ||
      rack->method != Method::kInvite) {
    context_->respond(transaction, prack, 481, now);
    return;
  }
  prack_pending_ = false;
  context_->emit(ua::CancelTimer{reliable_key(id_)});
  context_->respond(transaction, prack, 200, now);
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
  const bool same_callee = early_dialog_ && early_dialog_->id() == dialog->id();
  // §4: in order, once each; a retransmission (an RSeq seen already) is dropped.
  if (same_callee && last_rseq_ && *rseq != *last_rseq_ + 1) {
    return false;
  }
  if (!same_callee) {
    early_dialog_ = std::move(*dialog);
  }
  last_rseq_ = *rseq;
  const std::string rack =
      std::to_string(*rseq) + " " + std::to_string(invite_.cseq()->number) + " INVITE";
  const ExtraHeader header{"RAck", rack};
  const std::string branch_via = context_->via();
  if (auto prack = early_dialog_->make_request(
          {.method = Method::kPrack, .via = branch_via, .extra_headers = {&header, 1U}})) {
    (void)context_->send_request(id_, std::move(*prack), flow_, now);
  }
  return true;
}

}  // namespace sipline::sip
