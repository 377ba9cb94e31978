// UTF-8 sequences checked and written (RFC 3629).
#include "base/utf8.hpp"

namespace sipline {
namespace {

bool is_continuation(unsigned char byte) { return (byte & 0xC0U) == 0x80U; }

Result<std::size_t> invalid(std::string_view reason, std::size_t at) {
  return fail(Errc::kMalformed, reason, at);
}

}  // namespace

// RFC 3629 §3: the lead byte's high bits give the length (110xxxxx: 2, 1110xxxx: 3,
// 11110xxx: 4) and its low bits the value's highest bits; each continuation byte (10xxxxxx)
// adds six more. A value the length did not need (below 0x80, 0x800, 0x10000) is overlong.
Result<std::size_t> utf8_sequence_length(std::string_view text, std::size_t at) noexcept {
  if (at >= text.size()) {
    return invalid("invalid UTF-8: truncated sequence", at);
  }
  const auto lead = static_cast<unsigned char>(text[at]);
  if (lead < 0x80U) {
    return 1;
  }
  if (is_continuation(lead)) {
    return invalid("invalid UTF-8: continuation byte without a lead byte", at);
  }
  std::size_t length = 0;
  char32_t minimum = 0;
  char32_t value = 0;
  if ((lead & 0xE0U) == 0xC0U) {
    length = 2, minimum = 0x80, value = lead & 0x1FU;
  } else if ((lead & 0xF0U) == 0xE0U) {
    length = 3, minimum = 0x800, value = lead & 0x0FU;
  } else if ((lead & 0xF8U) == 0xF0U) {
    length = 4, minimum = 0x10000, value = lead & 0x07U;
  } else {
    return invalid("invalid UTF-8: byte that starts no sequence", at);
  }
  for (std::size_t k = 1; k < length; ++k) {
    if (at + k >= text.size() || !is_continuation(static_cast<unsigned char>(text[at + k]))) {
      return invalid("invalid UTF-8: truncated sequence", at);
    }
    value = (value << 6U) | (static_cast<unsigned char>(text[at + k]) & 0x3FU);
  }
  if (value < minimum) {
    return invalid("invalid UTF-8: overlong encoding", at);
  }
  if (value >= 0xD800 && value <= 0xDFFF) {
    return invalid("invalid UTF-8: encoded surrogate", at);
  }
  if (value > 0x10FFFF) {
    return invalid("invalid UTF-8: past U+10FFFF", at);
  }
  return length;
}

bool is_utf8(std::string_view text) noexcept {
  for (std::size_t at = 0; at < text.size();) {
    const auto length = utf8_sequence_length(text, at);
    if (!length) {
      return false;
    }
    at += *length;
  }
  return true;
}

// RFC 3629 §3: the code point's bits, highest first, in a lead byte that says how many
// continuation bytes (10xxxxxx, six bits each) follow.
void append_utf8(std::string& out, char32_t code_point) {
  if (code_point < 0x80) {
    out += static_cast<char>(code_point);
    return;
  }
  const unsigned continuations = code_point < 0x800 ? 1 : code_point < 0x10000 ? 2 : 3;
  constexpr char32_t kLead[] = {0, 0xC0, 0xE0, 0xF0};
  out += static_cast<char>(kLead[continuations] | (code_point >> (6 * continuations)));
  for (unsigned k = continuations; k-- > 0;) {
    out += static_cast<char>(0x80 | ((code_point >> (6 * k)) & 0x3F));
  }
}

}  // namespace sipline
