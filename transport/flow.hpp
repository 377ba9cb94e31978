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

}  // namespace sipline::transport
