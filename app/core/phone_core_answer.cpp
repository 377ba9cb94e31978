// Answering incoming calls: our SDP answer, negotiated once for the call; early media (a 183
// with that answer before the call is answered, RFC 3262 §5 when the caller takes 100rel); the
// 200 with the same answer; and refusing a call.
#include "app/core/phone_core_parts.hpp"
#include "sdp/parser.hpp"
#include "sdp/printer.hpp"

namespace sipline::app {

// The first incoming call not answered yet, or the one named.
PhoneCore::Call* PhoneCore::ringing_call(std::optional<sip::CallId> id) const {
  for (const auto& [call_id, candidate] : calls_) {
    if (candidate->ref.direction == CallDirection::kIncoming && !candidate->answered &&
        (!id || *id == call_id)) {
      return candidate.get();
    }
  }
  return nullptr;
}

Result<void> PhoneCore::reject(std::optional<sip::CallId> id, TimePoint now) {
  Call* call = ringing_call(id);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no ringing call to reject", id.value_or(0));
  }
  call->answered = true;  // it will not be answered now
  auto done = ua_->reject(call->ref.id, 603, now);
  run(now);
  return done;
}

Result<void> PhoneCore::answer(std::optional<sip::CallId> id, TimePoint now) {
  Call* call = ringing_call(id);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no ringing call to answer", id.value_or(0));
  }
  auto done = answer_call(*call, now, true);
  run(now);
  return done;
}

Result<void> PhoneCore::answer_call(Call& call, TimePoint now, bool hold_others_first) {
  call.answered = true;
  if (hold_others_first) {
    hold_others(call.ref.id, now);  // one call talks at a time
  }
  if (call.offer.empty()) {
    // A late offer (RFC 3264 §5): ours goes in the 200, the answer comes in the ACK.
    return ua_->answer(call.ref.id, sdp::print(call.negotiator->create_offer()), now);
  }
  const std::string* answer = our_answer(call, now);
  return answer ? ua_->answer(call.ref.id, *answer, now) : Result<void>{};
}

const std::string* PhoneCore::our_answer(Call& call, TimePoint now, bool refuse_malformed) {
  if (!call.answer_sent.empty()) {
    return &call.answer_sent;  // given early: the 200 carries the same (RFC 3262 §5)
  }
  const auto offer = sdp::parse_session(call.offer);
  if (!offer && !refuse_malformed) {
    return nullptr;
  }
  auto answer = offer ? call.negotiator->receive_offer(*offer)
                      : Result<sdp::Answer>(std::unexpected(offer.error()));
  if (!answer) {
    const int status = sdp::status_for_negotiation_error(answer.error());
    call.answered = true;  // refused: it will not be answered now
    (void)ua_->reject(call.ref.id, status, now);
    emit(event::CallRejected{call.ref, status, std::string(answer.error().reason)});
    return nullptr;
  }
  call.negotiated = answer->negotiated;
  call.codec = send_codec(call.negotiated);
  call.answer_sent = sdp::print(answer->description);
  return &call.answer_sent;
}

Result<void> PhoneCore::early_media(std::optional<sip::CallId> id, TimePoint now) {
  Call* call = ringing_call(id);
  if (call == nullptr) {
    return fail(Errc::kNotFound, "no ringing call to send early media in", id.value_or(0));
  }
  if (call->media_started) {
    return fail(Errc::kBadState, "early media runs already", call->ref.id);
  }
  if (call->offer.empty()) {
    return fail(Errc::kUnsupported, "the call came without an offer (early media needs one)",
                call->ref.id);
  }
  const std::string* answer = our_answer(*call, now);
  if (!answer) {
    run(now);
    return {};  // refused as the answer would have been (CallRejected)
  }
  if (auto sent = ua_->progress(call->ref.id, *answer, now); !sent) {
    return sent;
  }
  hold_others(call->ref.id, now);  // our microphone goes to this caller now
  start_media(*call);
  emit(event::CallEarlyMedia{call->ref, call->codec});
  run(now);
  return {};
}

}  // namespace sipline::app
