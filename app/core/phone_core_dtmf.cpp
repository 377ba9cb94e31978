// DTMF in the phone core: the keys the user presses, queued per call and sent one at a time on
// the call's kDtmf timer (200 ms a key, a second for a ',' pause, post-dial digits a second
// after the call is confirmed, as MicroSIP does), each by the configured DtmfMethod; and the keys
// the peer presses, from the media (RFC 4733 events, tones) or from SIP INFO, told once each.
#include <fmt/format.h>

#include "app/core/phone_core_parts.hpp"

namespace sipline::app {
namespace {

using namespace std::chrono_literals;

constexpr Duration kKeyInterval = 200ms;  // a key's tone (160 ms) and the gap after it
constexpr Duration kPause = 1s;           // a ',' in the keys
constexpr Duration kPostDialWait = 1s;    // from the call's confirmation to its first digit
constexpr std::uint32_t kInfoDurationMs = 160;

}  // namespace

Result<DtmfVia> PhoneCore::dtmf_way(const Call& call) const {
  if (config_.dtmf_method == DtmfMethod::kSipInfo) {
    if (call.state != PhoneCallState::kConfirmed) {
      return fail(Errc::kBadState, "DTMF by SIP INFO goes only in a confirmed call");
    }
    return DtmfVia::kSipInfo;
  }
  const sdp::NegotiatedStream* stream = audio_stream(call.negotiated);
  if (!call.media_started || stream == nullptr) {
    return fail(Errc::kBadState, "the call has no audio running to carry DTMF");
  }
  if (call.held) {
    return fail(Errc::kBadState, "the call is on hold: no audio carries DTMF");
  }
  const bool events = stream->telephone_event.has_value();
  switch (config_.dtmf_method) {
    case DtmfMethod::kRtpEvent:
      if (!events) {
        return fail(Errc::kUnsupported,
                    "the peer did not agree to RFC 4733 telephone-event (DTMFMethod=2)");
      }
      return DtmfVia::kRtpEvent;
    case DtmfMethod::kInBand:
      return DtmfVia::kInBand;
    default:
      return events ? DtmfVia::kRtpEvent : DtmfVia::kInBand;
  }
}

Result<void> PhoneCore::send_dtmf(std::optional<sip::CallId> id, std::string_view keys,
                                  TimePoint now) {
  auto parsed = parse_dtmf_keys(keys);
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  Call* call = named_or_newest_confirmed(id);
  if (call == nullptr) {
    return fail(Errc::kNotFound, id ? "no such call" : "no confirmed call to send DTMF in");
  }
  if (auto way = dtmf_way(*call); !way) {
    return std::unexpected(way.error());
  }
  if (call->dtmf_waiting.size() + parsed->size() > kMaxDtmfKeys) {
    return fail(Errc::kTooLarge, "too many DTMF keys wait in that call (64 at most)");
  }
  queue_dtmf(*call, *parsed, Duration{0}, now);
  run(now);
  return {};
}

void PhoneCore::queue_dtmf(Call& call, std::string_view keys, Duration wait, TimePoint now) {
  call.dtmf_waiting += keys;
  if (call.timer_set(sip::UaTimerKey::Kind::kDtmf)) {
    return;  // the keys before them are still going
  }
  if (wait == Duration{0}) {
    send_next_dtmf(call.ref.id, now);
    return;
  }
  set_call_timer(call, sip::UaTimerKey::Kind::kDtmf, now + wait);
}

void PhoneCore::start_post_dial(Call& call, TimePoint now) {
  if (!call.post_dial.empty()) {  // "1002,1234#": the digits a second after the answer
    queue_dtmf(call, std::exchange(call.post_dial, {}), kPostDialWait, now);
  }
}

void PhoneCore::send_next_dtmf(sip::CallId id, TimePoint now) {
  Call* call = find(id);
  if (call == nullptr) {
    return;
  }
  call->timer_fired(sip::UaTimerKey::Kind::kDtmf);
  if (call->dtmf_waiting.empty()) {
    return;
  }
  const char key = call->dtmf_waiting.front();
  call->dtmf_waiting.erase(0, 1);
  Duration next = kKeyInterval;
  if (key == kDtmfPause) {
    next = kPause;
  } else if (auto way = dtmf_way(*call); !way) {
    emit(event::DtmfNotSent{call->ref, key, std::string(way.error().reason)});
    call->dtmf_waiting.clear();
    return;
  } else if (*way == DtmfVia::kSipInfo) {
    if (auto sent = ua_->send_info(id, "application/dtmf-relay",
                                   dtmf_relay_body(key, kInfoDurationMs), now);
        !sent) {
      emit(event::DtmfNotSent{call->ref, key, std::string(sent.error().reason)});
      call->dtmf_waiting.clear();
      return;
    }
    call->info_key = key;
  } else {
    out_.emplace_back(media_command::Dtmf{id, key, *way});
  }
  // The timer runs after the last key too: keys typed right after it wait for their turn.
  set_call_timer(*call, sip::UaTimerKey::Kind::kDtmf, now + next);
}

void PhoneCore::on_media_dtmf(sip::CallId call, char key, DtmfVia via) {
  if (const Call* found = find(call)) {  // a report that outlived its call says nothing
    emit(event::CallDtmf{found->ref, key, via});
  }
}

void PhoneCore::on_info(const sip::ua::InfoReceived& info) {
  const Call* call = find(info.call);
  if (call == nullptr) {
    return;
  }
  if (const auto key = dtmf_key_of_info(info.content_type, info.body)) {
    emit(event::CallDtmf{call->ref, *key, DtmfVia::kSipInfo});
  }
}

void PhoneCore::on_info_answered(const sip::ua::InfoAnswered& answered) {
  Call* call = find(answered.call);
  if (call == nullptr || answered.status < 300) {
    return;
  }
  emit(event::DtmfNotSent{call->ref, call->info_key,
                          fmt::format("the peer answered its INFO {}", answered.status)});
  call->dtmf_waiting.clear();  // it will refuse the rest too
}

}  // namespace sipline::app
