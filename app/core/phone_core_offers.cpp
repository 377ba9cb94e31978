// Offers inside a confirmed call: hold and resume (RFC 3264 §8.4), the peer's re-INVITE or
// UPDATE (its hold, a new address, port or codec), and the media following what was agreed.
// With two calls up only one talks: answering or resuming one holds the others (as MicroSIP
// does), so the microphone goes to one call.
#include <utility>

#include <fmt/format.h>

#include "app/core/phone_core_parts.hpp"
#include "sdp/parser.hpp"
#include "sdp/printer.hpp"

namespace sipline::app {
PhoneCore::Call* PhoneCore::call_to_hold(std::optional<sip::CallId> id, bool held) const {
  // The call named, or the newest confirmed one that is (not) held.
  for (auto it = calls_.rbegin(); it != calls_.rend(); ++it) {
    const Call& call = *it->second;
    if ((id && *id == it->first) ||
        (!id && call.state == PhoneCallState::kConfirmed && call.held == held)) {
      return it->second.get();
    }
  }
  return nullptr;
}

Result<void> PhoneCore::hold(std::optional<sip::CallId> id, TimePoint now) {
  Call* call = call_to_hold(id, false);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no call to hold", id.value_or(0));
  }
  auto done = set_hold(*call, true, now);
  run(now);
  return done;
}

Result<void> PhoneCore::resume(std::optional<sip::CallId> id, TimePoint now) {
  Call* call = call_to_hold(id, true);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no held call to resume", id.value_or(0));
  }
  auto done = set_hold(*call, false, now);
  if (done) {
    hold_others(call->ref.id, now);
  }
  run(now);
  return done;
}

void PhoneCore::hold_others(sip::CallId talking, TimePoint now) {
  const Call* speaker = find(talking);
  const bool in_conference = speaker != nullptr && speaker->in_conference;
  for (const auto& [id, call] : calls_) {
    if (in_conference && call->in_conference) {
      continue;  // the conference talks together
    }
    if (id != talking && call->state == PhoneCallState::kConfirmed && !call->held &&
        !call->offer_open) {
      (void)set_hold(*call, true, now);  // a call that cannot be held now stays as it is
    }
  }
}

Result<void> PhoneCore::set_hold(Call& call, bool hold, TimePoint now) {
  if (call.state != PhoneCallState::kConfirmed) {
    return fail(Errc::kBadState, "the call is not up", call.ref.id);
  }
  if (call.offer_open || call.negotiator->state() != sdp::Negotiator::State::kStable) {
    return fail(Errc::kBadState, "the call is being renegotiated; try again", call.ref.id);
  }
  if (call.held == hold) {
    return fail(Errc::kBadState, hold ? "the call is on hold already" : "the call is not on hold",
                call.ref.id);
  }
  call.retry_hold.reset();  // what the user asks now wins over a retry waiting
  call.negotiator->set_hold(hold);
  const std::string offer = sdp::print(call.negotiator->create_offer());
  if (auto sent = ua_->reoffer(call.ref.id, offer, now, config_.mid_call_offers); !sent) {
    call.negotiator->cancel_offer();
    call.negotiator->set_hold(call.held);
    return sent;
  }
  call.offer_open = true;
  return {};
}

void PhoneCore::on_session_answer(const sip::ua::SessionAnswer& outcome, TimePoint now) {
  Call* call = find(outcome.call);
  if (call == nullptr) {
    return;
  }
  call->offer_open = false;
  if (outcome.status >= 300 || outcome.status < 200) {
    // §14.1: refused, the call stays as it was. When the offers crossed (491), the hold or
    // resume goes again once the user agent says the wait is over (OfferRetry).
    const bool asked = call->negotiator->on_hold();
    call->negotiator->cancel_offer();
    call->negotiator->set_hold(call->held);
    if (outcome.status == 491 && asked != call->held) {
      call->retry_hold = asked;
    }
    emit(event::CallOfferRefused{call->ref, outcome.status});
    return;
  }
  const auto answer = sdp::parse_session(outcome.answer);
  auto negotiated = answer ? call->negotiator->receive_answer(*answer)
                           : Result<sdp::NegotiatedSession>(std::unexpected(answer.error()));
  if (!negotiated) {
    // The peer agreed to something we cannot use: the call cannot go on sensibly (§14.1).
    emit(event::CallAnswerUnusable{call->ref, std::string(negotiated.error().reason)});
    (void)ua_->hangup(call->ref.id, now);
    return;
  }
  apply_media(*call, *negotiated);
}

void PhoneCore::on_offer_retry(const sip::ua::OfferRetry& retry, TimePoint now) {
  Call* call = find(retry.call);
  if (call == nullptr || !call->retry_hold) {
    return;
  }
  const bool hold = *std::exchange(call->retry_hold, std::nullopt);
  if (hold != call->held) {
    (void)set_hold(*call, hold, now);  // busy with the peer's offer: the user may try again
  }
}

void PhoneCore::on_session_offer(const sip::ua::SessionOffer& offer, TimePoint now) {
  Call* call = find(offer.call);
  if (call == nullptr) {
    (void)ua_->refuse_offer(offer.call, 500, now);
    return;
  }
  if (offer.offer.empty()) {
    // RFC 3264 §5: it asks for our offer (a re-INVITE without SDP); the answer comes in the ACK
    // as a SessionAnswer.
    if (ua_->accept_offer(call->ref.id, sdp::print(call->negotiator->create_offer()), now)) {
      call->offer_open = true;
    } else {
      call->negotiator->cancel_offer();
    }
    return;
  }
  const auto parsed = sdp::parse_session(offer.offer);
  auto answer = parsed ? call->negotiator->receive_offer(*parsed)
                       : Result<sdp::Answer>(std::unexpected(parsed.error()));
  if (!answer) {
    // Not usable (or crossing an offer of ours): refused, the call goes on as it was.
    const int status = call->negotiator->state() == sdp::Negotiator::State::kOfferSent
                           ? 491
                           : sdp::status_for_negotiation_error(answer.error());
    (void)ua_->refuse_offer(call->ref.id, status, now);
    emit(event::CallOfferRefused{call->ref, status});
    return;
  }
  if (ua_->accept_offer(call->ref.id, sdp::print(answer->description), now)) {
    apply_media(*call, answer->negotiated);
  }
}

void PhoneCore::apply_media(Call& call, const sdp::NegotiatedSession& negotiated) {
  const sdp::NegotiatedSession before = std::exchange(call.negotiated, negotiated);
  call.codec = send_codec(negotiated);
  // What the negotiator holds to now is in force: an offer refused has been taken back.
  const bool held = call.negotiator->on_hold();
  const bool was_held = std::exchange(call.held, held);
  const bool held_by_peer = call.negotiator->peer_holds();
  const bool was_held_by_peer = std::exchange(call.held_by_peer, held_by_peer);
  const sdp::NegotiatedStream* old_audio = audio_stream(before);
  const sdp::NegotiatedStream* audio = audio_stream(negotiated);
  if (call.media_started && audio != nullptr &&
      (old_audio == nullptr || *audio != *old_audio || held != was_held)) {
    out_.emplace_back(media_command::Update{call.ref.id, *audio, held});
    if (old_audio == nullptr || audio->remote_address != old_audio->remote_address ||
        audio->remote_rtp_port != old_audio->remote_rtp_port ||
        audio->codecs.front() != old_audio->codecs.front()) {
      emit(event::CallMediaChanged{
          call.ref, call.codec,
          fmt::format("{}:{}", audio->remote_address, audio->remote_rtp_port)});
    }
  }
  if (held != was_held) {
    emit(held ? PhoneEvent{event::CallHeld{call.ref, false}}
              : PhoneEvent{event::CallResumed{call.ref, false}});
  }
  if (held_by_peer != was_held_by_peer) {
    emit(held_by_peer ? PhoneEvent{event::CallHeld{call.ref, true}}
                      : PhoneEvent{event::CallResumed{call.ref, true}});
  }
}

}  // namespace sipline::app
