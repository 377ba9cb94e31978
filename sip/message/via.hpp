// The Via header (RFC 3261 §20.42, §18.2.1; rport per RFC 3581).
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/host.hpp"
#include "sip/message/params.hpp"
#include "sip/message/scanner.hpp"

namespace sipline::sip {

// RFC 3261 §8.1.1.7: branches of RFC 3261 transactions start with this cookie.
inline constexpr std::string_view kMagicCookie = "z9hG4bK";

struct Via {
  std::string_view text;  // this via-parm as written
  std::string_view protocol_name;
  std::string_view protocol_version;
  std::string_view transport;  // "UDP", "TCP", "TLS" … as written
  HostPort sent_by;
  ParamList params;
  std::string_view branch;    // "" when absent
  std::string_view received;  // "" when absent
  std::string_view maddr;     // "" when absent
  bool has_rport = false;     // RFC 3581: "rport" with or without a value
  std::uint16_t rport = 0;    // the value when the response carries one
  std::int16_t ttl = -1;      // -1 when absent

  [[nodiscard]] bool has_magic_cookie() const noexcept {
    return branch.size() > kMagicCookie.size() && branch.starts_with(kMagicCookie);
  }
};

// One via-parm at the scanner's position: sent-protocol LWS sent-by *( SEMI via-params ).
[[nodiscard]] Result<Via> parse_via(Scanner& scanner);
// The same, into an existing Via (no copy of the result).
[[nodiscard]] Result<void> parse_via_into(Scanner& scanner, Via& via);

}  // namespace sipline::sip
