// Headers whose value is one small scalar: CSeq, Max-Forwards, Call-ID, and the
// delta-seconds family (Expires, Min-Expires, RSeq …).
#pragma once

#include <cstdint>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/method.hpp"

namespace sipline::sip {

// RFC 3261 §20.16: CSeq = 1*DIGIT LWS Method; the number fits 32 bits (§8.1.1.5).
struct CSeq {
  std::uint32_t number = 0;
  Method method = Method::kUnknown;
  std::string_view method_text;  // as written, for extension methods
  friend bool operator==(const CSeq&, const CSeq&) = default;
};

[[nodiscard]] Result<CSeq> parse_cseq(std::string_view value) noexcept;

// RFC 3261 §20.22: 1*DIGIT. Values above 255 are refused: no hop count can be that large and
// RFC 4475 §3.1.2.4 treats 300 as malformed.
[[nodiscard]] Result<std::uint8_t> parse_max_forwards(std::string_view value) noexcept;

// RFC 3261 §25.1: callid = word [ "@" word ].
[[nodiscard]] Result<std::string_view> parse_call_id(std::string_view value) noexcept;

// delta-seconds = 1*DIGIT. RFC 3261 §20.19 lets values above 2^32-1 be taken as 2^32-1, so a
// 100-digit Expires saturates instead of failing or wrapping (RFC 4475 §3.1.2.4).
[[nodiscard]] Result<std::uint32_t> parse_delta_seconds(std::string_view value) noexcept;

// A 32-bit sequence number (RSeq, RFC 3262 §7.1): 1..2^32-1, overflow is an error.
[[nodiscard]] Result<std::uint32_t> parse_sequence_number(std::string_view value) noexcept;

}  // namespace sipline::sip
