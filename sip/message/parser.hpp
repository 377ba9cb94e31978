// Parsing a SIP message from bytes (RFC 3261 §7, §18.3, §25).
//
// One call parses one whole message: a UDP datagram, or a frame cut from a stream by
// StreamFramer. On failure the Error names the first defect and its byte offset; responses
// that fail are dropped by the caller, requests get the answer status_for_parse_error() gives.
#pragma once

#include <string_view>

#include "base/result.hpp"
#include "sip/message/limits.hpp"
#include "sip/message/message.hpp"

namespace sipline::sip {

struct ParseOptions {
  // Stream transports: Content-Length is mandatory (RFC 3261 §18.3). Datagrams: without it
  // the body runs to the end of the datagram; octets after Content-Length are discarded.
  bool stream = false;
  Limits limits{};
};

[[nodiscard]] Result<Message> parse_message(std::string_view bytes,
                                            const ParseOptions& options = {});

// Reasons with an answer other than 400.
inline constexpr std::string_view kReasonVersion = "SIP version not supported";
inline constexpr std::string_view kReasonMessageTooLarge = "message too large";

// The status a UAS answers a request that failed to parse with: 505 for another SIP version,
// 414 for an over-long Request-URI, 513 for an over-large message, else 400 (RFC 3261 §21).
[[nodiscard]] int status_for_parse_error(const Error& error) noexcept;

}  // namespace sipline::sip
