// STUN Binding (RFC 5389 / RFC 8489), as far as a phone asks where a NAT shows it: the request
// we send from our SIP socket, and the success or error response the server sends back. Bytes
// in, a result with a reason and position out; nothing read past the end, attributes bounded.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace sipline::transport {

inline constexpr std::uint32_t kStunMagicCookie = 0x2112A442;  // RFC 5389 §6
using StunTransactionId = std::array<std::uint8_t, 12>;

// A Binding request: the 20-byte header, no attributes (§6, §7.1).
[[nodiscard]] std::string stun_binding_request(const StunTransactionId& id);

// Whether a datagram may be STUN rather than SIP: its first two bits zero and the magic cookie
// in place (§6; RFC 7983 tells them apart the same way). SIP starts with a letter.
[[nodiscard]] bool looks_like_stun(std::string_view bytes) noexcept;

struct StunResponse {
  StunTransactionId id{};
  bool success = false;        // a Binding success response; else an error response
  std::string mapped_address;  // where the server saw us (XOR-MAPPED-ADDRESS, else MAPPED-)
  std::uint16_t mapped_port = 0;
  int error_code = 0;  // an error response's ERROR-CODE (class × 100 + number), 0 when none
};

// A Binding success or error response. Fails (with the offset of the fault) for anything else:
// a request, a bad length, a truncated attribute, a success response naming no address.
[[nodiscard]] Result<StunResponse> parse_stun_response(std::string_view bytes);

}  // namespace sipline::transport
