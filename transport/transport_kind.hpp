// The transports SIP runs over, and what the layers above need to know of each.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sipline::transport {

enum class TransportKind : std::uint8_t { kUdp, kTcp, kTls };

// RFC 3261 §17: reliable transports need no retransmissions and no waiting states.
[[nodiscard]] constexpr bool is_reliable(TransportKind kind) noexcept {
  return kind != TransportKind::kUdp;
}

// The Via transport token (RFC 3261 §18.1.1: "UDP", "TCP", "TLS").
[[nodiscard]] std::string_view via_name(TransportKind kind) noexcept;
// From a Via transport or a transport= URI parameter, any case; nullopt for SCTP, WS …
[[nodiscard]] std::optional<TransportKind> transport_from_name(std::string_view name) noexcept;

}  // namespace sipline::transport
