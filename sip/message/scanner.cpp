// Quoted strings, the one non-trivial piece of the scanner.
#include "sip/message/scanner.hpp"

#include <string>

namespace sipline::sip {

Result<std::string_view> Scanner::quoted_string() noexcept {
  const std::size_t start = pos_;
  if (!consume('"')) {
    return error("expected a quoted string");
  }
  while (pos_ < text_.size()) {
    const auto c = static_cast<unsigned char>(text_[pos_]);
    if (c == '"') {
      ++pos_;
      return text_.substr(start, pos_ - start);
    }
    if (c == '\\') {
      if (pos_ + 1 >= text_.size()) {
        return error("quoted string ends in a backslash");
      }
      const char escaped = text_[pos_ + 1];
      if (escaped == '\r' || escaped == '\n') {
        return error("CR or LF escaped in a quoted string");
      }
      pos_ += 2;
      continue;
    }
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      return error("control character in a quoted string");
    }
    ++pos_;
  }
  return fail(Errc::kMalformed, "unterminated quoted string", start);
}

std::string unquote(std::string_view quoted) {
  if (quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"') {
    quoted = quoted.substr(1, quoted.size() - 2);
  }
  std::string out;
  out.reserve(quoted.size());
  for (std::size_t i = 0; i < quoted.size(); ++i) {
    if (quoted[i] == '\\' && i + 1 < quoted.size()) {
      ++i;
    }
    out.push_back(quoted[i]);
  }
  return out;
}

}  // namespace sipline::sip
