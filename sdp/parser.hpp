// Parsing a session description (RFC 8866 §5, §9). Hostile input is normal input: every count
// is bounded, every number is range-checked, and the first defect is reported with its line.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.hpp"
#include "sdp/session.hpp"

namespace sipline::sdp {

struct ParseLimits {
  std::size_t max_bytes = 65536;
  std::size_t max_lines = 2000;
  std::size_t max_media = 32;        // "1000 m= lines" is refused, not allocated
  std::size_t max_attributes = 512;  // per description, both levels together
  std::size_t max_formats = 64;      // per m= line
};

// Lines end in CRLF or, tolerated, a bare LF (RFC 8866 §5); empty lines at the very end are
// ignored, anywhere else they are errors. The Error's offset is the byte where the bad line
// starts.
[[nodiscard]] Result<Session> parse_session(std::string_view text, const ParseLimits& limits = {});

}  // namespace sipline::sdp
