// The reason phrase RFC 3261 §21 (and the extensions' own sections) give each status code.
#pragma once

#include <string_view>

namespace sipline::sip {

// "Ringing", "Busy Here" …; "" for a status without a phrase we know.
[[nodiscard]] std::string_view default_reason(int status) noexcept;

}  // namespace sipline::sip
