// %-escapes in URIs (RFC 3261 §19.1.2, §25.1 `escaped`; RFC 2396 §2.4), and quoted-strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/scanner.hpp"

namespace sipline::sip {

// True when every character of `text` is in `mask` or starts a well-formed "%" HEXDIG HEXDIG.
// "%ZZ" and a trailing "%" are refused.
[[nodiscard]] bool valid_escaped(std::string_view text, std::uint16_t mask) noexcept;

// Consumes the longest run of `mask` characters and well-formed %-escapes at the scanner's
// position and returns it; a malformed escape in the run fails with `what` at its offset.
[[nodiscard]] Result<std::string_view> scan_escaped(Scanner& scanner, std::uint16_t mask,
                                                    std::string_view what);

// Decodes every %XX exactly once ("value%25%41" → "value%41"); %00 becomes a NUL octet and is
// kept. Call on validated text only; a stray '%' is copied as is.
[[nodiscard]] std::string unescape(std::string_view text);

// The form URIs are compared in (RFC 3261 §19.1.4): escapes of characters outside the
// reserved set are decoded, escapes of reserved characters are kept with upper-case hex, so
// "%6C" equals "l" but "%40" does not equal "@".
[[nodiscard]] std::string normalize_escapes(std::string_view text);

// `value` as a quoted-string (RFC 3261 §25.1): '"' and '\\' escaped with a backslash, control
// characters (CR and LF above all: header injection from a config file or a peer) dropped.
[[nodiscard]] std::string quote_string(std::string_view value);

}  // namespace sipline::sip
