// Making offers (RFC 3264 §5, §8) and taking the answer to them (§7): pure functions; the
// Negotiator keeps the state between them.
#pragma once

#include "base/random.hpp"
#include "base/result.hpp"
#include "sdp/capabilities.hpp"
#include "sdp/negotiated.hpp"
#include "sdp/session.hpp"

namespace sipline::sdp {

// An initial offer: one stream per LocalMedia entry with every codec in our order (payload types
// static where the codec has one, else preferred or the next free from 96), a=ptime, rtcp-mux,
// the direction we want, and with SRTP one a=crypto per suite (RTP/SAVP when SRTP is
// mandatory, RTP/AVP with best-effort crypto when optional).
[[nodiscard]] Session make_offer(const LocalCapabilities& local, const Origin& origin,
                                 Direction direction, Random& random);

// A re-offer (§8): the streams of our previous description in the same order, with the
// direction now wanted; removed streams stay at port 0 and SRTP keys are kept.
[[nodiscard]] Session make_reoffer(const Session& previous_local, const LocalCapabilities& local,
                                   const Origin& origin, Direction direction);

// The answer to `our_offer` (§7): same number of streams, codecs we offered (by identity, the
// peer's payload type numbers for sending), SRTP keys from one a=crypto with a tag we offered.
// A stream the answer accepts with no codec we offered, or secure without a crypto, fails.
[[nodiscard]] Result<NegotiatedSession> accept_answer(const Session& our_offer,
                                                      const Session& answer,
                                                      const LocalCapabilities& local);

}  // namespace sipline::sdp
