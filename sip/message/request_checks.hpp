// The checks a UAS makes before it acts on a well-formed request (RFC 3261 §8.2), as a pure
// function: which error response, if any, the request earns. The user agent sends it.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "sip/message/header_name.hpp"
#include "sip/message/message.hpp"
#include "sip/message/method.hpp"

namespace sipline::sip {

struct UasCapabilities {
  std::span<const Method> allowed_methods;           // what this UAS handles
  std::span<const std::string_view> supported;       // option tags: "replaces", "timer" …
  std::span<const std::string_view> accepted_types;  // body types: "application/sdp" …
};

struct Rejection {
  int status = 400;
  std::string reason;                    // reason phrase, e.g. "Bad Request (missing To)"
  HeaderId header = HeaderId::kUnknown;  // Allow, Unsupported or Accept, when the RFC asks
  std::string header_value;
};

// In RFC 3261 order: mandatory headers (400), method (501 or 405 with Allow, §8.2.1),
// Request-URI scheme (416, §8.2.2.1), Require (420 with Unsupported, §8.2.2.3; not for ACK and
// CANCEL), body type and encoding (415 with Accept, §8.2.3), and an Accept that rules out every
// body type we could answer with (406, RFC 4475 §3.3.15). nullopt: go ahead.
[[nodiscard]] std::optional<Rejection> check_request(const Message& request,
                                                     const UasCapabilities& capabilities);

}  // namespace sipline::sip
