// The typed attributes of SDP (RFC 8866 §6, RFC 3605, RFC 4145, RFC 4568, RFC 5761, RFC 8122):
// each parsed from the value after "a=<name>:".
#pragma once

#include <string_view>

#include "base/result.hpp"
#include "sdp/session.hpp"

namespace sipline::sdp {

// Where an attribute stands decides what it may be.
enum class Level : std::uint8_t { kSession, kMedia };

// Applies one a= line to the description: typed attributes into their fields (a second one of a
// single-valued kind, or two different directions, is an error), everything else kept verbatim.
[[nodiscard]] Result<void> apply_attribute(std::string_view name,
                                           std::optional<std::string_view> value, Level level,
                                           Session& session);

[[nodiscard]] Result<RtpMap> parse_rtpmap(std::string_view value);
[[nodiscard]] Result<Connection> parse_connection(std::string_view value);

}  // namespace sipline::sdp
