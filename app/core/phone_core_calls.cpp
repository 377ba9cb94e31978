// The phone's calls: RTP ports and SDP, incoming calls, and what the user agent says of each
// call, turned into typed events and media commands. Dialling is in phone_core_dial.cpp,
// answering in phone_core_answer.cpp.
#include <fmt/format.h>

#include "app/core/codec_choice.hpp"
#include "app/core/phone_core_parts.hpp"
#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sdp/parser.hpp"
#include "sdp/printer.hpp"
#include "sip/message/name_addr.hpp"
#include "sip/message/uri.hpp"

namespace sipline::app {
namespace {

// Who an incoming call is from, out of its From value (kept whole when it does not parse).
CallRef incoming_ref(sip::CallId id, const std::string& from) {
  CallRef ref{id, CallDirection::kIncoming, from, from, ""};
  if (const auto address = sip::parse_single_address(from)) {
    ref.remote_uri = std::string(address->uri.text);
    ref.display_name = address->display_name_decoded();
  }
  return ref;
}

}  // namespace

PhoneCore::Call* PhoneCore::named_or_newest_confirmed(std::optional<sip::CallId> id) const {
  if (id) {
    return find(*id);
  }
  for (auto it = calls_.rbegin(); it != calls_.rend(); ++it) {
    if (it->second->state == PhoneCallState::kConfirmed) {
      return it->second.get();
    }
  }
  return nullptr;
}

PhoneCore::Call* PhoneCore::find(sip::CallId id) const {
  const auto it = calls_.find(id);
  return it == calls_.end() ? nullptr : it->second.get();
}

Result<std::uint16_t> PhoneCore::reserve_rtp_port(Call& call) {
  if (!config_.media) {
    return std::uint16_t{9};  // the discard port: no stream will run (RFC 863)
  }
  auto reserved = ports_.reserve();
  if (!reserved) {
    return std::unexpected(reserved.error());
  }
  call.port_ticket = reserved->ticket;
  return reserved->port;
}

void PhoneCore::start_media(Call& call) {
  call.codec = send_codec(call.negotiated);
  if (!config_.media || !call.port_ticket) {
    return;
  }
  if (const sdp::NegotiatedStream* stream = audio_stream(call.negotiated)) {
    out_.emplace_back(media_command::Start{call.ref.id, *call.port_ticket, *stream});
    call.port_ticket.reset();  // the media owns the port now
    call.media_started = true;
  }
}

sdp::LocalCapabilities PhoneCore::capabilities(std::uint16_t rtp_port, const Line* line) const {
  sdp::LocalCapabilities local;
  local.srtp = line != nullptr ? line->config.srtp : config_.srtp;
  local.username = config_.user;
  const std::string& ours = public_address_.empty() ? config_.listen_address : public_address_;
  local.address = line != nullptr ? line->media_address(ours) : ours;
  // RFC 4566 §5.7: c=IN IP6 for an IPv6 address.
  local.address_type =
      is_ipv6_address(local.address) ? sdp::AddressType::kIp6 : sdp::AddressType::kIp4;
  sdp::LocalMedia audio;
  audio.port = rtp_port;
  if (config_.codecs.empty()) {
    audio.codecs = default_audio_codecs();
  } else {
    // The user chose and ordered them: the answer keeps only these, and in that order
    // (RFC 3264 §6.1 lets the answerer list its preference first).
    audio.codecs = config_.codecs;
    local.order = sdp::CodecOrder::kOurs;
  }
  local.media.push_back(std::move(audio));
  return local;
}

void PhoneCore::on_incoming(const sip::ua::IncomingCall& incoming, TimePoint now) {
  auto owned = std::make_unique<Call>();
  Call& call = *owned;
  call.ref = incoming_ref(incoming.call, incoming.from);
  call.state = PhoneCallState::kIncoming;
  call.offer = incoming.offer;
  calls_.emplace(incoming.call, std::move(owned));
  emit(event::CallIncoming{call.ref, forwarded_by(incoming.headers)});
  // RFC 3891: an INVITE replacing a confirmed call of ours comes from a party already let in
  // (an attended transfer): no refusal, no forwarding, answered at once.
  const bool replacing = incoming.replaces != 0 && find(incoming.replaces) != nullptr;
  if (!replacing && !admit_incoming(call, incoming, now)) {
    return;
  }
  const auto port = reserve_rtp_port(call);
  if (!port) {
    call.answered = true;
    (void)ua_->reject(call.ref.id, 500, now);
    emit(event::CallRejected{call.ref, 500, std::string(port.error().reason)});
    return;
  }
  // An incoming call takes the default account's SRTP policy (calls by IP: [Account0]'s).
  const Line* line = default_line();
  call.negotiator = std::make_unique<sdp::Negotiator>(capabilities(*port, line), random_);
  // An offer we cannot take (no codec in common, plain RTP where SRTP is mandatory) is refused
  // at once (488), before it rings. One that does not parse rings as any call does (RFC 4475
  // keeps such INVITEs valid) and gets 400 only if answered.
  if (!call.offer.empty() && our_answer(call, now, false) == nullptr && call.answered) {
    return;
  }
  (void)ua_->ring(call.ref.id, now);
  call.state = PhoneCallState::kRinging;
  emit(event::CallRinging{call.ref});
  if (replacing) {
    if (auto answered = answer_call(call, now, false); !answered) {
      emit(event::AutoAnswerFailed{call.ref, std::string(answered.error().reason)});
      return;
    }
    emit(event::CallReplaced{call.ref, incoming.replaces});
    (void)ua_->hangup(incoming.replaces, now);
    return;
  }
  after_ringing(call, incoming, now);
}

// RFC 3261 §13.2.1: the first session description in a response to our INVITE is the answer,
// even in an unreliable 183, and later ones are ignored. An answer in a provisional response
// starts the media at once: early media (ring-back tones, announcements, an IVR asking for
// digits), heard before — or instead of — an answer.
void PhoneCore::on_progress(const sip::ua::CallProgress& progress, TimePoint now) {
  Call* call = find(progress.call);
  if (call == nullptr) {
    return;
  }
  call->state = progress.status == 180 ? PhoneCallState::kRinging : PhoneCallState::kProgress;
  emit(event::CallProgress{call->ref, progress.status});
  report_to_referrer(*call, progress.status, false, now);
  if (progress.body.empty() || call->media_started || call->answer_received ||
      progress.content_type != "application/sdp") {
    return;
  }
  if (!take_answer(*call, progress.body, now)) {
    return;
  }
  start_media(*call);
  emit(event::CallEarlyMedia{call->ref, call->codec});
}

bool PhoneCore::take_answer(Call& call, std::string_view body, TimePoint now) {
  call.answer_received = true;  // the first one is the answer, usable or not (§13.2.1)
  const auto answer = sdp::parse_session(body);
  auto negotiated = answer ? call.negotiator->receive_answer(*answer)
                           : Result<sdp::NegotiatedSession>(std::unexpected(answer.error()));
  if (!negotiated) {
    emit(event::CallAnswerUnusable{call.ref, std::string(negotiated.error().reason)});
    (void)ua_->hangup(call.ref.id, now);
    return false;
  }
  call.negotiated = *negotiated;
  return true;
}

void PhoneCore::on_confirmed(const sip::ua::CallConfirmed& confirmed, TimePoint now) {
  Call* call = find(confirmed.call);
  if (call == nullptr) {
    return;
  }
  // Ours was the offer (an outgoing call, or an incoming one without SDP): the answer is here.
  const bool ours = call->ref.direction == CallDirection::kOutgoing || call->offer.empty();
  if (ours && !call->answer_received && !take_answer(*call, confirmed.body, now)) {
    return;
  }
  if (!call->media_started) {  // else early media goes on as the call's media
    start_media(*call);
  }
  call->state = PhoneCallState::kConfirmed;
  emit(event::CallConfirmed{call->ref, call->codec});
  report_to_referrer(*call, 200, true, now);
  start_post_dial(*call, now);
  if (config_.auto_recording && call->media_started) {
    (void)record(call->ref.id, true, now);
  }
  if (config_.auto_hang_up > Duration::zero()) {
    set_call_timer(*call, sip::UaTimerKey::Kind::kAutoHangUp, now + config_.auto_hang_up);
  }
}

void PhoneCore::on_ended(const sip::ua::CallEnded& ended, TimePoint now) {
  const auto it = calls_.find(ended.call);
  if (it == calls_.end()) {
    return;
  }
  const Call& call = *it->second;
  if (!ended.redirect_to.empty()) {
    follow_redirect(call, ended, now);  // told before the end, which names the next call
  }
  report_to_referrer(*it->second, ended.status, true, now);  // a call for a REFER that failed
  emit(event::CallEnded{call.ref, ended.status, ended.by_peer});
  if (call.in_conference) {
    leave_conference(call.ref.id);
  }
  cancel_call_timers(call);
  if (call.media_started) {
    out_.emplace_back(media_command::Stop{call.ref.id});
  }
  if (call.port_ticket) {
    ports_.release(*call.port_ticket);
  }
  calls_.erase(it);
}

}  // namespace sipline::app
