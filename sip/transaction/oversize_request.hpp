// RFC 3261 §18.1.1: a request that no UDP datagram can carry goes over TCP instead — to the same
// address and port, its top Via saying TCP ("If this causes a change in the transport protocol
// from the one indicated in the top Via, the value in the top Via MUST be changed").
//
// The limit is by default the IPv4 UDP payload maximum, 65,507 bytes: beyond it the datagram
// cannot be sent at all (and our messages end at 64 KiB). The RFC's stricter rule for an unknown
// path MTU (TCP above 1,300 bytes) is the user's to choose (--tcp-above 1300): by default it
// would move ordinary INVITEs with SRTP keys and credentials onto TCP, towards peers that take
// UDP only (SIPp's default, many PBXs), and lose those calls that IP fragments carry today.
#pragma once

#include <cstddef>
#include <optional>

#include "sip/message/message.hpp"

namespace sipline::sip {

inline constexpr std::size_t kMaxUdpRequestBytes = 65507;

// The request as it must go when it is over `limit` bytes: the same bytes, its top Via's
// transport made TCP. nullopt when it fits (or has no UDP Via to change).
[[nodiscard]] std::optional<Message> moved_to_tcp(const Message& request,
                                                  std::size_t limit = kMaxUdpRequestBytes);

}  // namespace sipline::sip
