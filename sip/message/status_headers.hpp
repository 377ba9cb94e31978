// Headers that qualify a response, read on demand: Retry-After (RFC 3261 §20.33), Warning
// (§20.43) and Reason (RFC 3326).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sip/message/params.hpp"

namespace sipline::sip {

struct RetryAfter {
  std::uint32_t seconds = 0;  // saturates at 2^32-1: callers clamp before waiting on it
  std::string_view comment;   // "(I'm in a meeting)", parentheses kept; "" when absent
  std::optional<std::uint32_t> duration;
  ParamList params;
};
[[nodiscard]] Result<RetryAfter> parse_retry_after(std::string_view value);

struct Warning {
  std::uint16_t code = 0;  // exactly three digits (RFC 4475 §3.1.2.5 sends four)
  std::string_view agent;  // hostport or pseudonym
  std::string_view text;   // quoted, quotes kept
};
[[nodiscard]] Result<std::vector<Warning>> parse_warnings(std::string_view value);

struct Reason {
  std::string_view protocol;  // "SIP", "Q.850" …
  std::optional<std::uint16_t> cause;
  std::optional<std::string> text;  // unquoted
  ParamList params;
};
[[nodiscard]] Result<std::vector<Reason>> parse_reasons(std::string_view value);

}  // namespace sipline::sip
