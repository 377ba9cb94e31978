// UTF-8 (RFC 3629): the length of one well-formed sequence or the rule it breaks, a whole text
// checked, and a code point written. The tree's one UTF-8 check and encoder; only the fuzzers
// keep an oracle of their own, written differently so the two cannot share a mistake.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace sipline {

// RFC 3629 §3: the length (1 to 4) of the well-formed sequence that starts at `text[at]`, or an
// Error (Errc::kMalformed, offset `at`) whose reason names the rule the bytes break:
//   "invalid UTF-8: continuation byte without a lead byte"  10xxxxxx where a sequence starts
//   "invalid UTF-8: byte that starts no sequence"           F8…FF
//   "invalid UTF-8: truncated sequence"                     fewer continuation bytes than the
//                                                           lead byte announces (or none at all)
//   "invalid UTF-8: overlong encoding"                      C0 80 for U+0000, E0 80 AF for '/'
//   "invalid UTF-8: encoded surrogate"                      U+D800…U+DFFF (ED A0 80 …)
//   "invalid UTF-8: past U+10FFFF"                          F4 90 80 80 and up
// The rules are checked in that order, so "\xC0\x80" is overlong rather than a bad lead byte.
// An ASCII byte is a sequence of length 1; `at` at or past the end is a truncated sequence.
[[nodiscard]] Result<std::size_t> utf8_sequence_length(std::string_view text,
                                                       std::size_t at) noexcept;

// Every byte of `text` belongs to a well-formed sequence (the empty text is UTF-8).
[[nodiscard]] bool is_utf8(std::string_view text) noexcept;

// Appends `code_point` as UTF-8. It must be a Unicode scalar value: at most U+10FFFF and no
// surrogate (what utf8_sequence_length accepts, or a surrogate pair decoded).
void append_utf8(std::string& out, char32_t code_point);

}  // namespace sipline
