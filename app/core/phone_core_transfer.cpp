// Call transfer (RFC 3515) in the phone core. As the transferor: `transfer` (blind: Refer-To the
// target) and `attended_transfer` (Refer-To the other call's peer with Replaces naming that
// call's dialog, RFC 3891 §5), progress from the REFER's answer and the NOTIFYs' sipfrag, our
// call hung up once the target answered. As the transferee: a REFER makes us call its target
// (with Referred-By, RFC 3892, and its Replaces), each step told back in a NOTIFY; the referrer
// hangs the referring call up when told it worked (RFC 5589). As the transfer target: an INVITE
// with Replaces for a call of ours is answered at once and the call it replaces hung up.
#include "app/core/phone_core_parts.hpp"
#include "base/text.hpp"

namespace sipline::app {
namespace {

// A Replaces value as a URI header (RFC 3891 §5: escaped inside Refer-To).
std::string escape_uri_header(std::string_view value) {
  std::string out;
  for (const char c : value) {
    const auto octet = static_cast<unsigned char>(c);
    if (is_alnum(c) || std::string_view("-_.!~*'()").find(c) != std::string_view::npos) {
      out += c;
    } else {
      out += fmt::format("%{:02X}", octet);
    }
  }
  return out;
}

}  // namespace

Result<void> PhoneCore::transfer(std::optional<sip::CallId> id, std::string_view target,
                                 TimePoint now) {
  Call* call = named_or_newest_confirmed(id);
  if (call == nullptr || call->state != PhoneCallState::kConfirmed) {
    return fail(Errc::kNotFound, "no confirmed call to transfer", id.value_or(0));
  }
  const std::string uri = complete_uri(target, default_line());
  const auto parsed = sip::parse_uri(uri);
  if (!parsed || !parsed->is_sip()) {
    return fail(Errc::kInvalidArgument, "not a SIP address (try sip:user@host:port)", 0);
  }
  auto sent = send_refer(*call, uri, "<" + uri + ">", 0, now);
  run(now);
  return sent;
}

Result<void> PhoneCore::attended_transfer(sip::CallId id, sip::CallId other_id, TimePoint now) {
  Call* call = find(id);
  Call* other = find(other_id);
  if (call == nullptr || other == nullptr || id == other_id ||
      call->state != PhoneCallState::kConfirmed || other->state != PhoneCallState::kConfirmed) {
    return fail(Errc::kNotFound, "an attended transfer needs two confirmed calls", id);
  }
  const auto dialog = ua_->dialog_id(other_id);
  if (!dialog) {
    return fail(Errc::kBadState, "the other call has no dialog", other_id);
  }
  // The target's view of that dialog: its tag is our remote tag (to-tag), ours its from-tag.
  const std::string replaces = fmt::format("{};to-tag={};from-tag={}", dialog->call_id,
                                           dialog->remote_tag, dialog->local_tag);
  const std::string& uri = other->ref.remote_uri;
  auto sent = send_refer(*call, uri, "<" + uri + "?Replaces=" + escape_uri_header(replaces) + ">",
                         other_id, now);
  run(now);
  return sent;
}

Result<void> PhoneCore::send_refer(Call& call, std::string target, std::string refer_to,
                                   sip::CallId replacing, TimePoint now) {
  const Line* line = default_line();
  const std::string referred_by =
      "<" + (line != nullptr ? line->where.aor : "sip:" + config_.user + "@" + host_port_) + ">";
  if (auto sent = ua_->send_refer(call.ref.id, refer_to, referred_by, now); !sent) {
    return sent;
  }
  call.transfer_target = target;
  emit(event::CallTransferring{call.ref, std::move(target), replacing});
  return {};
}

void PhoneCore::on_refer_answered(const sip::ua::ReferAnswered& answered, TimePoint now) {
  Call* call = find(answered.call);
  if (call == nullptr || call->transfer_target.empty()) {
    return;
  }
  if (answered.status >= 300) {
    call->transfer_target.clear();
    emit(event::CallTransferProgress{call->ref, answered.status, true, true});
  } else if (answered.no_subscription) {
    // RFC 4488: the peer will not say how it goes. It took the transfer: our part is done.
    call->transfer_target.clear();
    emit(event::CallTransferProgress{call->ref, answered.status, true});
    (void)ua_->hangup(call->ref.id, now);
  }
}

void PhoneCore::on_refer_notified(const sip::ua::ReferNotified& notified, TimePoint now) {
  Call* call = find(notified.call);
  if (call == nullptr || call->transfer_target.empty()) {
    return;
  }
  emit(event::CallTransferProgress{call->ref, notified.status, notified.final});
  if (!notified.final) {
    return;
  }
  call->transfer_target.clear();
  if (notified.status < 300) {
    (void)ua_->hangup(call->ref.id, now);  // the peer talks to the target now
  }
}

void PhoneCore::on_refer_received(const sip::ua::ReferReceived& refer, TimePoint now) {
  Call* call = find(refer.call);
  if (call == nullptr) {
    return;
  }
  std::vector<sip::ua::CallHeader> extra;
  if (!refer.referred_by.empty()) {
    extra.push_back({"Referred-By", refer.referred_by});
  }
  if (!refer.replaces.empty()) {
    extra.push_back({"Replaces", refer.replaces});
  }
  // The referring call is left as it is: the transferor has usually put it on hold already
  // (RFC 5589 §6), and an offer of ours now would cross its NOTIFY handling.
  auto placed = place_call(refer.target, now, {}, std::move(extra));
  if (!placed || *placed == 0) {
    // Waiting for a lookup or a registration, or not possible: the referrer hears it failed.
    const std::string reason =
        placed ? "it must wait for a lookup or a registration" : std::string(placed.error().reason);
    emit(event::CallReferred{call->ref, refer.target, 0, reason});
    (void)ua_->notify_refer(call->ref.id, 503, true, now);
    return;
  }
  if (Call* next = find(*placed)) {
    next->referred_by_call = call->ref.id;
  }
  emit(event::CallReferred{call->ref, refer.target, *placed});
}

void PhoneCore::report_to_referrer(Call& call, int status, bool final, TimePoint now) {
  if (!call.referred_by_call) {
    return;
  }
  const sip::CallId referrer = *call.referred_by_call;
  if (final) {
    call.referred_by_call.reset();  // told once: a later end of this call is its own
  }
  // The call may be gone: then nothing. The referrer hangs up the referring call once told it
  // worked (RFC 5589 §6–7), which saves BYEs crossing.
  (void)ua_->notify_refer(referrer, status, final, now);
}

}  // namespace sipline::app
