// The rules an incoming call meets, as MicroSIP has them: refusals before it rings (do not
// disturb, call waiting, the call limit, denyIncoming), forwarding (302 with our Diversion,
// RFC 5806) at once or after forwardingDelay, automatic answers (all, on the caller's request,
// for some numbers, after a delay), autoHangUpTime once confirmed; and, as the caller,
// following a 3xx to the Contact it names (RFC 3261 §8.1.3.4) with a loop limit.
#include <algorithm>

#include <fmt/format.h>

#include "app/core/incoming_policy.hpp"
#include "app/core/phone_core_parts.hpp"
#include "sip/message/name_addr.hpp"

namespace sipline::app {
namespace {

using Kind = sip::UaTimerKey::Kind;

// How many 3xx one call follows, one after another (pjsip and browsers stop near here too).
constexpr std::size_t kMaxRedirects = 5;

}  // namespace

std::optional<std::string_view> PhoneCore::incoming_refusal() const {
  if (config_.do_not_disturb) {
    return "do not disturb";
  }
  // calls_ holds the new call already.
  if (!config_.call_waiting && calls_.size() > 1) {
    return "a call is up and call waiting is off (callWaiting=0)";
  }
  if (config_.max_concurrent_calls != 0 && calls_.size() > config_.max_concurrent_calls) {
    return "as many calls as allowed are up (maxConcurrentCalls)";
  }
  return std::nullopt;
}

bool PhoneCore::refuse(Call& call, std::string_view reason, TimePoint now) {
  // Before it rings, as MicroSIP does.
  call.answered = true;
  (void)ua_->reject(call.ref.id, 486, now);
  emit(event::CallRejected{call.ref, 486, std::string(reason)});
  return false;
}

bool PhoneCore::admit_incoming(Call& call, const sip::ua::IncomingCall& incoming, TimePoint now) {
  std::optional<std::string_view> refusal = incoming_refusal();
  if (refusal) {
    return refuse(call, *refusal, now);
  }
  if (config_.deny_incoming == DenyIncoming::kNone && !config_.forwarding) {
    return true;  // the common case: nothing of the call's addresses to read (a call-rate path)
  }
  const auto to = sip::parse_single_address(incoming.to);
  if (to) {
    call.called_uri = std::string(to->uri.text);  // our Diversion names it
  }
  if (config_.deny_incoming != DenyIncoming::kNone) {
    const auto from = sip::parse_single_address(incoming.from);
    const Line* line = default_line();
    std::string_view our_domain;
    const std::string domain_text = line != nullptr ? "sip:" + line->where.domain : std::string();
    if (line != nullptr) {
      if (auto parsed = sip::parse_uri(domain_text)) {
        our_domain = parsed->host.address();
      }
    }
    refusal = deny_reason(config_.deny_incoming,
                          {.to_user = to ? to->uri.user : std::string_view(),
                           .to_host = to ? to->uri.host.address() : std::string_view(),
                           .from_host = from ? from->uri.host.address() : std::string_view(),
                           .our_user = line != nullptr ? std::string_view(line->where.user)
                                                       : std::string_view(config_.user),
                           .our_domain = our_domain});
  }
  if (refusal) {
    return refuse(call, *refusal, now);
  }
  if (config_.forwarding && config_.forward_delay == Duration::zero()) {
    return !forward(call, false, now);
  }
  return true;
}

void PhoneCore::after_ringing(Call& call, const sip::ua::IncomingCall& incoming, TimePoint now) {
  if (config_.forwarding) {
    set_call_timer(call, Kind::kForward, now + config_.forward_delay);
  }
  std::optional<Duration> delay;
  if (config_.auto_answer) {
    delay = config_.auto_answer_delay;
  } else if (config_.auto_answer_on_request) {
    if (const auto asked = requested_auto_answer(incoming.headers)) {
      delay = std::max(*asked, config_.auto_answer_delay);
    }
  }
  if (!delay) {
    return;
  }
  if (!config_.auto_answer_numbers.empty()) {
    const auto caller = sip::parse_single_address(call.ref.remote);
    if (!number_matches(caller ? caller->uri.user : std::string_view(),
                        config_.auto_answer_numbers)) {
      return;  // only some callers are answered automatically: it rings for the user
    }
  }
  if (*delay > Duration::zero()) {
    set_call_timer(call, Kind::kAutoAnswer, now + *delay);
    emit(event::AutoAnswerWaiting{call.ref, *delay});
    return;
  }
  // An answering machine, intercom or load test takes every call as it comes: it holds none
  // of the others (SIPp's uac overlaps its calls; a hold re-INVITE would be unexpected).
  if (auto answered = answer_call(call, now, false); !answered) {
    emit(event::AutoAnswerFailed{call.ref, std::string(answered.error().reason)});
  }
}

Result<void> PhoneCore::set_forwarding(bool on) {
  if (on) {
    const std::string target = complete_uri(config_.forward_to, default_line());
    const auto uri = sip::parse_uri(target);
    if (config_.forward_to.empty() || !uri || !uri->is_sip()) {
      return fail(Errc::kInvalidArgument,
                  "no number or SIP address to forward to (forwardingNumber)", 0);
    }
  }
  config_.forwarding = on;
  return {};
}

Result<void> PhoneCore::forward(Call& call, bool after_ringing, TimePoint now) {
  const std::string target = complete_uri(config_.forward_to, default_line());
  const std::string contact = "<" + target + ">";
  const std::string our_uri = call.called_uri.empty() ? "sip:" + config_.user : call.called_uri;
  const std::string diversion = diversion_value(our_uri, after_ringing);
  const sip::ExtraHeader extra{"Diversion", diversion};
  auto sent = ua_->redirect(call.ref.id, 302, contact, {&extra, 1}, now);
  if (!sent) {
    return sent;
  }
  call.answered = true;  // it will not be answered here now
  emit(event::CallForwarded{call.ref, target, after_ringing});
  return {};
}

void PhoneCore::set_call_timer(Call& call, Kind kind, TimePoint at) {
  call.call_timers |= call_timer_bit(kind);
  out_.emplace_back(sip::ua::SetTimer{{kind, call.ref.id}, at});
}

void PhoneCore::cancel_call_timers(const Call& call) {
  for (const Kind kind : {Kind::kDtmf, Kind::kAutoAnswer, Kind::kForward, Kind::kAutoHangUp}) {
    if (call.timer_set(kind)) {
      out_.emplace_back(sip::ua::CancelTimer{{kind, call.ref.id}});
    }
  }
}

void PhoneCore::on_call_timer(const sip::UaTimerKey& key, TimePoint now) {
  Call* call = find(static_cast<sip::CallId>(key.id));
  if (call == nullptr || !call->timer_set(key.kind)) {
    return;  // the call is gone, or the timer is not one of its own
  }
  call->timer_fired(key.kind);
  const bool ringing = ringing_call(call->ref.id) != nullptr;
  if (key.kind == Kind::kAutoAnswer && ringing) {
    if (auto answered = answer_call(*call, now, false); !answered) {
      emit(event::AutoAnswerFailed{call->ref, std::string(answered.error().reason)});
    }
  } else if (key.kind == Kind::kForward && ringing && config_.forwarding) {
    (void)forward(*call, true, now);  // only a value no message can carry fails: it rings on
  } else if (key.kind == Kind::kAutoHangUp && call->state == PhoneCallState::kConfirmed) {
    emit(event::CallTimeLimit{call->ref, config_.auto_hang_up});
    (void)ua_->hangup(call->ref.id, now);
  }
}

void PhoneCore::follow_redirect(const Call& call, const sip::ua::CallEnded& ended, TimePoint now) {
  if (call.ref.direction != CallDirection::kOutgoing) {
    return;
  }
  std::vector<std::string> tried = call.redirected_from;
  tried.push_back(call.ref.remote_uri);
  const auto is_new = [&tried](const std::string& target) {
    const auto b = sip::parse_uri(target);
    return std::ranges::none_of(tried, [&](const std::string& before) {
      const auto a = sip::parse_uri(before);
      return a && b ? sip::uri_equivalent(*a, *b) : before == target;
    });
  };
  const auto next = std::ranges::find_if(ended.redirect_to, is_new);
  if (tried.size() > kMaxRedirects) {
    emit(event::CallRedirected{call.ref, ended.status, "", 0,
                               fmt::format("redirected {} times already", kMaxRedirects)});
    return;
  }
  if (next == ended.redirect_to.end()) {
    emit(event::CallRedirected{call.ref, ended.status, "", 0,
                               "every address it names was tried already (a loop)"});
    return;
  }
  auto placed = place_call(*next, now);
  if (!placed) {
    emit(event::CallRedirected{call.ref, ended.status, "", 0,
                               fmt::format("{}: {}", *next, placed.error().reason)});
    return;
  }
  if (Call* follower = find(*placed)) {
    follower->redirected_from = std::move(tried);
  } else {
    constexpr std::size_t kMaxWaiting = 64;
    if (redirects_waiting_.size() >= kMaxWaiting) {
      redirects_waiting_.clear();
    }
    redirects_waiting_[*next] = std::move(tried);
  }
  emit(event::CallRedirected{call.ref, ended.status, *next, *placed});
}

}  // namespace sipline::app
