// Text forms of IP addresses and host names (RFC 4291 §2.2, RFC 1123 §2.1), shared by SIP and
// SDP, which both carry them as text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sipline {

// Bounds from RFC 1035 §2.3.4: 63 octets a label, 255 a name (253 without the trailing dot
// and length octets; we allow 254 with the optional trailing dot).
inline constexpr std::size_t kMaxHostLabel = 63;
inline constexpr std::size_t kMaxHostName = 254;

// Four decimal octets of at most three digits each, each at most 255.
[[nodiscard]] bool is_ipv4_address(std::string_view text) noexcept;
// RFC 4291 §2.2 text form, with an optional embedded IPv4 tail; no brackets.
[[nodiscard]] bool is_ipv6_address(std::string_view text) noexcept;
// hostname = *( domainlabel "." ) toplabel [ "." ] (RFC 3261 §25.1), labels and total length
// bounded; the top label starts with a letter, which also rules out bad dotted quads.
[[nodiscard]] bool is_hostname(std::string_view text) noexcept;
// A host as SIP writes it (RFC 3261 §25.1 IPv6reference): "::1" becomes "[::1]", anything else
// stays as it is.
[[nodiscard]] std::string sip_host(std::string_view address);

}  // namespace sipline
