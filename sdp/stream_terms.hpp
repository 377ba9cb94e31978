// What both sides of offer/answer work out the same way for a stream: the direction that
// results from two stated directions, where to send RTP and RTCP, and the packet time.
#pragma once

#include <cstdint>
#include <optional>

#include "base/result.hpp"
#include "sdp/negotiated.hpp"
#include "sdp/session.hpp"

namespace sipline::sdp {

// Our direction, given the direction the peer stated (`peer`, with c=0.0.0.0 meaning it will
// not receive, RFC 3264 §8.4) and the one we want (`ours`). RFC 3264 §6.1: sendonly is answered
// recvonly, recvonly sendonly, inactive inactive; and we never send or receive more than we want.
[[nodiscard]] Direction resulting_direction(Direction peer, bool peer_on_null_hold,
                                            Direction ours) noexcept;

// Fills the remote address, RTP and RTCP ports (a=rtcp, RFC 3605, else RTP + 1) of `stream`
// from the peer's description of it. Fails when the stream has no usable connection.
[[nodiscard]] Result<void> set_remote_endpoint(const Session& peer, const Media& peer_media,
                                               NegotiatedStream& stream);

// The packet time to send with: the peer's a=ptime (what it wants to receive, RFC 8866 §6.4),
// bounded by its maxptime, else our own; always a multiple of 10 ms between 10 and 60.
[[nodiscard]] std::uint32_t send_ptime(const Media& peer_media, std::uint32_t ours) noexcept;

}  // namespace sipline::sdp
