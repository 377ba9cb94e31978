// JSON's tokens read from one line (RFC 8259): strings, numbers, words, blanks.
#include "app/cli/json_lexer.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "base/text.hpp"
#include "base/utf8.hpp"

namespace sipline::app {

bool JsonLexer::next_is_digit() const { return at_ < line_.size() && is_digit(line_[at_]); }

bool JsonLexer::skip(char c) {
  if (!next_is(c)) {
    return false;
  }
  ++at_;
  return true;
}

bool JsonLexer::skip_word(std::string_view word) {
  if (!line_.substr(at_).starts_with(word)) {
    return false;
  }
  at_ += word.size();
  return true;
}

void JsonLexer::skip_blanks() {
  while (next_is(' ') || next_is('\t') || next_is('\r')) {
    ++at_;
  }
}

// A raw control character must be escaped; an escaped one is data. Bytes from 0x80 up must
// be UTF-8 (RFC 8259 §8.1).
bool JsonLexer::string(std::string& out) {
  out.clear();
  ++at_;
  for (;;) {
    if (at_ >= line_.size()) {
      return refuse("unterminated string", at_);
    }
    const std::size_t here = at_;
    const auto byte = static_cast<unsigned char>(line_[at_]);
    if (skip('"')) {
      return true;
    }
    if (byte == '\\') {
      if (!escape(out)) {
        return false;
      }
    } else if (byte < 0x20) {
      return refuse("control character in a string (it must be escaped)", at_);
    } else {
      const auto length = utf8_sequence_length(line_, at_);
      if (!length) {
        return refuse(std::string(length.error().reason), at_);
      }
      out.append(line_.substr(at_, *length));
      at_ += *length;
    }
    if (out.size() > limits_.max_string) {
      return refuse(fmt::format("string longer than {} bytes", limits_.max_string), here);
    }
  }
}

bool JsonLexer::escape(std::string& out) {
  const std::size_t start = at_;
  if (start + 1 >= line_.size()) {
    return refuse("unterminated string", line_.size());
  }
  at_ += 2;
  const char escaped = line_[start + 1];
  if (escaped == 'u') {
    return unicode_escape(out, start);
  }
  // RFC 8259 §7: the two-character escapes, and what each stands for.
  constexpr std::string_view kEscapes = "\"\\/bfnrt";
  constexpr std::string_view kMeanings = "\"\\/\b\f\n\r\t";
  const std::size_t which = kEscapes.find(escaped);
  if (which == std::string_view::npos) {
    return refuse("invalid escape (RFC 8259 §7 allows \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u)",
                  start);
  }
  out += kMeanings[which];
  return true;
}

// RFC 8259 §7: a character past the BMP is a UTF-16 surrogate pair, "\uD834\uDD1E"; half of
// a pair alone is no character and could not be written back as UTF-8.
bool JsonLexer::unicode_escape(std::string& out, std::size_t start) {
  char32_t unit = 0;
  if (!hex4(unit)) {
    return refuse("invalid \\u escape: expected four hex digits", start);
  }
  if (unit >= 0xDC00 && unit <= 0xDFFF) {
    return refuse("lone surrogate in a \\u escape", start);
  }
  if (unit >= 0xD800 && unit <= 0xDBFF) {
    if (!line_.substr(at_).starts_with("\\u")) {
      return refuse("lone surrogate in a \\u escape", start);
    }
    const std::size_t low_at = at_;
    at_ += 2;
    char32_t low = 0;
    if (!hex4(low)) {
      return refuse("invalid \\u escape: expected four hex digits", low_at);
    }
    if (low < 0xDC00 || low > 0xDFFF) {
      return refuse("lone surrogate in a \\u escape", start);
    }
    unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
  }
  append_utf8(out, unit);
  return true;
}

bool JsonLexer::hex4(char32_t& value) {
  if (line_.size() - at_ < 4) {
    return false;
  }
  for (std::size_t k = 0; k < 4; ++k, ++at_) {
    if (!is_hex_digit(line_[at_])) {
      return false;
    }
    value = value * 16 + static_cast<char32_t>(hex_value(line_[at_]));
  }
  return true;
}

// number = [ minus ] int [ frac ] [ exp ], int = zero / ( digit1-9 *DIGIT ).
bool JsonLexer::number(std::string& out) {
  const std::size_t start = at_;
  skip('-');
  if (!skip('0') && !digits()) {
    return refuse("invalid number: expected a digit", at_);
  }
  if (skip('.') && !digits()) {
    return refuse("invalid number: expected a digit after '.'", at_);
  }
  if (skip('e') || skip('E')) {
    if (!skip('+')) {
      skip('-');
    }
    if (!digits()) {
      return refuse("invalid number: expected a digit in the exponent", at_);
    }
  }
  if (at_ - start > limits_.max_number) {
    return refuse(fmt::format("number longer than {} characters", limits_.max_number),
                  start + limits_.max_number);
  }
  out.assign(line_.substr(start, at_ - start));
  return true;
}

bool JsonLexer::digits() {
  const std::size_t start = at_;
  while (next_is_digit()) {
    ++at_;
  }
  return at_ > start;
}

bool JsonLexer::refuse(std::string reason, std::size_t position) {
  error_ = {std::move(reason), std::min(position, line_.size())};
  return false;
}

}  // namespace sipline::app
