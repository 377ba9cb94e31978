// The Date header (RFC 3261 §20.17): rfc1123-date, always in GMT.
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.hpp"

namespace sipline::sip {

// Seconds since the Unix epoch of a `wkday "," SP date1 SP time SP "GMT"` value, e.g.
// "Sat, 13 Nov 2010 23:29:00 GMT". Any other zone is refused (RFC 4475 §3.1.2.12).
[[nodiscard]] Result<std::int64_t> parse_sip_date(std::string_view value) noexcept;

}  // namespace sipline::sip
