// The per-call offer/answer state.
#include "sdp/negotiator.hpp"

#include "sdp/offer.hpp"

namespace sipline::sdp {

Negotiator::Negotiator(LocalCapabilities local, Random& random)
    : local_(std::move(local)), random_(random) {
  // RFC 8866 §5.2: the session id is a numeric string, an NTP timestamp being suggested; any
  // unique number does. The version starts from the same value.
  origin_.username = local_.username;
  origin_.address_type = local_.address_type;
  origin_.address = local_.address;
  const std::uint64_t id = random_.next_u64() >> 2;
  origin_.session_id = std::to_string(id);
  origin_.session_version = id;
}

Direction Negotiator::wanted_direction() const noexcept {
  return on_hold_ ? Direction::kSendOnly : Direction::kSendRecv;
}

bool Negotiator::peer_holds() const noexcept {
  for (const NegotiatedStream& stream : negotiated_.streams) {
    if (stream.active && stream.media == "audio") {
      return !stream.sends();  // it said sendonly or inactive (or c=0.0.0.0): it takes nothing
    }
  }
  return false;
}

Direction Negotiator::offer_direction() const noexcept {
  // RFC 3264 §8.4: hold is sendonly, or inactive when the peer holds us already. An answer
  // needs no such care: the direction the peer offers is mirrored into it anyway.
  if (on_hold_ && peer_holds()) {
    return Direction::kInactive;
  }
  return wanted_direction();
}

Session Negotiator::stamped(Session description) {
  description.origin = origin_;
  if (last_local_) {
    description.origin.session_version = last_local_->origin.session_version;
    if (description != *last_local_) {
      ++description.origin.session_version;
    }
  }
  origin_.session_version = description.origin.session_version;
  return description;
}

Session Negotiator::create_offer() {
  Session offer = last_local_ ? make_reoffer(*last_local_, local_, origin_, offer_direction())
                              : make_offer(local_, origin_, offer_direction(), random_);
  offer = stamped(std::move(offer));
  pending_offer_ = offer;
  state_ = State::kOfferSent;
  return offer;
}

Result<NegotiatedSession> Negotiator::receive_answer(const Session& answer) {
  if (state_ != State::kOfferSent || !pending_offer_) {
    return fail(Errc::kBadState, "an answer without an offer", 0);
  }
  auto negotiated = accept_answer(*pending_offer_, answer, local_);
  if (!negotiated) {
    return negotiated;
  }
  last_local_ = std::move(pending_offer_);
  pending_offer_.reset();
  last_remote_ = answer;
  negotiated_ = *negotiated;
  state_ = State::kStable;
  return negotiated;
}

void Negotiator::cancel_offer() noexcept {
  pending_offer_.reset();
  state_ = State::kStable;
}

Result<Answer> Negotiator::receive_offer(const Session& offer) {
  if (state_ != State::kStable) {
    return fail(Errc::kBadState, "offer while our own offer is pending", 0);  // glare: 491
  }
  // RFC 3264 §8: a re-offer keeps every stream of the previous exchange, in order.
  if (last_remote_ && offer.media.size() < last_remote_->media.size()) {
    return fail(Errc::kMalformed, "re-offer removed m= lines", 0);
  }
  AnswerContext context{origin_, wanted_direction(), last_local_ ? &*last_local_ : nullptr};
  auto answer = make_answer(offer, local_, context, random_);
  if (!answer) {
    return answer;
  }
  answer->description = stamped(std::move(answer->description));
  last_local_ = answer->description;
  last_remote_ = offer;
  negotiated_ = answer->negotiated;
  return answer;
}

}  // namespace sipline::sdp
