// Hosts and ports as SIP writes them (RFC 3261 §25.1 `host`, `port`; RFC 5118 for IPv6).
#pragma once

#include <cstdint>
#include <string_view>

#include "base/ip_text.hpp"
#include "base/result.hpp"

namespace sipline::sip {

enum class HostKind : std::uint8_t { kName, kIpv4, kIpv6 };

struct HostPort {
  std::string_view host;  // IPv6 references keep their brackets: "[2001:db8::10]"
  HostKind kind = HostKind::kName;
  std::uint16_t port = 0;  // 0: no port given (port 0 itself is refused)

  // The address without IPv6 brackets.
  [[nodiscard]] std::string_view address() const noexcept {
    return kind == HostKind::kIpv6 ? host.substr(1, host.size() - 2) : host;
  }
  friend bool operator==(const HostPort&, const HostPort&) = default;
};

// Parses `host [":" port]` at the start of `text` and reports how much it consumed in
// `*consumed`. A port must be 1..65535 with at most five digits.
[[nodiscard]] Result<HostPort> parse_hostport_prefix(std::string_view text,
                                                     std::size_t* consumed) noexcept;

// The host alone (no port), as in maddr= or received=; IPv6 with or without brackets.
[[nodiscard]] Result<HostKind> classify_host(std::string_view text) noexcept;

}  // namespace sipline::sip
