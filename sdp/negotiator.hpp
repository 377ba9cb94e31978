// One call's offer/answer state (RFC 3264 §8): which description we sent last, whether an offer
// of ours awaits its answer, the o= version, hold. Pure: no I/O; randomness comes in through
// Random (session id, SRTP keys).
//
//            create_offer()                   receive_answer(answer)
//   kStable ─────────────────> kOfferSent ─────────────────────────────> kStable
//     │  ▲                        │                 (a bad answer fails and keeps kOfferSent:
//     │  │                        │ cancel_offer()   the user agent ends the call or retries)
//     │  └────────────────────────┘
//     │ receive_offer(offer): answered at once, stays kStable
//     └────┘   (in kOfferSent it fails with kBadState: the user agent answers 491, §14.2)
//
// Our o= version goes up by one each time our description changes and only then (RFC 3264
// §8): a re-answer identical to the last one keeps its version (RFC 4317 §2.5).
#pragma once

#include <optional>

#include "base/random.hpp"
#include "base/result.hpp"
#include "sdp/answer.hpp"
#include "sdp/capabilities.hpp"
#include "sdp/negotiated.hpp"
#include "sdp/session.hpp"

namespace sipline::sdp {

class Negotiator {
 public:
  enum class State : std::uint8_t { kStable, kOfferSent };

  Negotiator(LocalCapabilities local, Random& random);

  [[nodiscard]] State state() const noexcept { return state_; }
  [[nodiscard]] const LocalCapabilities& local() const noexcept { return local_; }
  // The streams in force after the last completed exchange (empty before the first).
  [[nodiscard]] const NegotiatedSession& negotiated() const noexcept { return negotiated_; }
  [[nodiscard]] const std::optional<Session>& last_local() const noexcept { return last_local_; }

  // Hold (sendonly, RFC 3264 §8.4) or resume; takes effect with the next offer or answer.
  void set_hold(bool on_hold) noexcept { on_hold_ = on_hold; }
  [[nodiscard]] bool on_hold() const noexcept { return on_hold_; }
  // The streams in force say the peer takes no audio from us: it holds the call.
  [[nodiscard]] bool peer_holds() const noexcept;

  // Our offer: initial, or a re-offer of the streams in force. Moves to kOfferSent.
  [[nodiscard]] Session create_offer();
  [[nodiscard]] Result<NegotiatedSession> receive_answer(const Session& answer);
  // The offer was refused (e.g. 488 to a re-INVITE): back to the streams in force.
  void cancel_offer() noexcept;

  // The peer's offer, initial or a re-offer: our answer and the new streams.
  [[nodiscard]] Result<Answer> receive_offer(const Session& offer);

 private:
  [[nodiscard]] Direction wanted_direction() const noexcept;
  [[nodiscard]] Direction offer_direction() const noexcept;
  // o= for a new description: the version goes up only when it differs from the last one sent.
  [[nodiscard]] Session stamped(Session description);

  LocalCapabilities local_;
  Random& random_;
  State state_ = State::kStable;
  bool on_hold_ = false;
  Origin origin_;
  std::optional<Session> last_local_;
  std::optional<Session> pending_offer_;
  std::optional<Session> last_remote_;
  NegotiatedSession negotiated_;
};

}  // namespace sipline::sdp
