// Where a message came from or goes to: the transport, the peer's address and port, and for
// connection-oriented transports the connection it travels on (RFC 3261 §18: responses go back
// on the connection their request came on).
#pragma once

#include <cstdint>
#include <string>

#include "transport/transport_kind.hpp"

namespace sipline::transport {

using ConnectionId = std::uint64_t;  // 0: none (UDP, or "open one")

struct Flow {
  TransportKind kind = TransportKind::kUdp;
  std::string remote_address;  // an IP literal, IPv6 without brackets
  std::uint16_t remote_port = 0;
  ConnectionId connection = 0;
  friend bool operator==(const Flow&, const Flow&) = default;
};

// Whether a message sent to `to` travels on `flow`: the same flow, or — when `to` names no
// connection, so the transport reused or opened one — the same transport, address and port.
[[nodiscard]] inline bool travels_on(const Flow& to, const Flow& flow) noexcept {
  return to.kind == flow.kind && to.remote_address == flow.remote_address &&
         to.remote_port == flow.remote_port &&
         (to.connection == 0 || to.connection == flow.connection);
}

}  // namespace sipline::transport
