// Answering an offer (RFC 3264 §6): one pure function from the peer's offer and our
// capabilities to our answer and the negotiated streams.
#pragma once

#include "base/random.hpp"
#include "base/result.hpp"
#include "sdp/capabilities.hpp"
#include "sdp/negotiated.hpp"
#include "sdp/session.hpp"

namespace sipline::sdp {

struct Answer {
  Session description;
  NegotiatedSession negotiated;
};

struct AnswerContext {
  Origin origin;  // o= to write (the negotiator keeps its version)
  Direction local_direction = Direction::kSendRecv;  // sendonly while we hold the call
  const Session* previous_local = nullptr;           // our last description: SRTP keys are kept
};

// Every offered m= line gets one in the answer, in order (§6): accepted streams carry our port
// and the codecs both sides have (offerer's order, or ours per CodecOrder), dynamic payload
// types mirrored, telephone-event matched, the direction mirrored; the others port 0. An offer
// with streams none of which we can take fails with Errc::kUnsupported: answer 488.
[[nodiscard]] Result<Answer> make_answer(const Session& offer, const LocalCapabilities& local,
                                         const AnswerContext& context, Random& random);

// The status a user agent answers with when make_answer() or the parser fails: 488 Not
// Acceptable Here for what we cannot do, 400 for what is malformed.
[[nodiscard]] int status_for_negotiation_error(const Error& error) noexcept;

}  // namespace sipline::sdp
