// A bounds-checked cursor over one header value, with the SIP separators that allow white
// space around them (RFC 3261 §25.1: SWS, EQUAL, SEMI, COMMA, SLASH, COLON).
//
// Header values reach the scanner already unfolded (the parser turns CRLF + WSP into spaces),
// so SWS is a run of spaces and tabs here.
#pragma once

#include <cstddef>
#include <string_view>

#include "base/result.hpp"
#include "base/text.hpp"
#include "sip/message/char_class.hpp"

namespace sipline::sip {

class Scanner {
 public:
  explicit constexpr Scanner(std::string_view text, std::size_t pos = 0) noexcept
      : text_(text), pos_(pos) {}

  [[nodiscard]] constexpr std::size_t pos() const noexcept { return pos_; }
  [[nodiscard]] constexpr bool at_end() const noexcept { return pos_ >= text_.size(); }
  [[nodiscard]] constexpr char peek() const noexcept { return at_end() ? '\0' : text_[pos_]; }
  [[nodiscard]] constexpr std::string_view rest() const noexcept { return text_.substr(pos_); }
  [[nodiscard]] constexpr std::string_view text() const noexcept { return text_; }
  [[nodiscard]] constexpr std::string_view slice(std::size_t from) const noexcept {
    return text_.substr(from, pos_ - from);
  }
  constexpr void reset(std::size_t pos) noexcept { pos_ = pos < text_.size() ? pos : text_.size(); }
  constexpr void advance(std::size_t n = 1) noexcept {
    pos_ = pos_ + n > text_.size() ? text_.size() : pos_ + n;
  }

  constexpr void skip_sws() noexcept {
    while (pos_ < text_.size() && is_wsp(text_[pos_])) {
      ++pos_;
    }
  }

  // Consumes `c` if it is next, without white space.
  constexpr bool consume(char c) noexcept {
    if (peek() == c && !at_end()) {
      ++pos_;
      return true;
    }
    return false;
  }

  // SWS c SWS: consumes the separator and the white space around it; on a miss, nothing.
  constexpr bool separator(char c) noexcept {
    std::size_t p = pos_;
    while (p < text_.size() && is_wsp(text_[p])) {
      ++p;
    }
    if (p >= text_.size() || text_[p] != c) {
      return false;
    }
    pos_ = p + 1;
    skip_sws();
    return true;
  }

  // The longest run of characters in `mask` (possibly empty).
  constexpr std::string_view take(std::uint16_t mask) noexcept {
    const std::size_t start = pos_;
    while (pos_ < text_.size() && is(text_[pos_], mask)) {
      ++pos_;
    }
    return text_.substr(start, pos_ - start);
  }

  constexpr std::string_view token() noexcept { return take(chars::kToken); }

  // quoted-string (RFC 3261 §25.1), returned with its quotes. Raw CTLs other than HTAB are
  // refused; quoted-pair may escape any octet but CR and LF.
  [[nodiscard]] Result<std::string_view> quoted_string() noexcept;

  [[nodiscard]] constexpr std::unexpected<Error> error(std::string_view reason) const noexcept {
    return fail(Errc::kMalformed, reason, pos_);
  }

 private:
  std::string_view text_;
  std::size_t pos_;
};

// Elements of one list-valued header, e.g. Route or Allow. Bounded so that a hostile list of
// single characters cannot make any caller allocate in proportion to it.
inline constexpr std::size_t kMaxListElements = 256;

// element *( COMMA element ) over a whole header value: `parse_one(scanner)` consumes one
// element and returns Result<void>. Empty elements, trailing text and over-long lists fail.
template <class ParseOne>
[[nodiscard]] Result<void> parse_list(std::string_view value, ParseOne&& parse_one) {
  Scanner scanner(value);
  std::size_t count = 0;
  do {
    if (++count > kMaxListElements) {
      return scanner.error("too many list elements");
    }
    scanner.skip_sws();
    if (Result<void> one = parse_one(scanner); !one) {
      return one;
    }
  } while (scanner.separator(','));
  scanner.skip_sws();
  if (!scanner.at_end()) {
    return scanner.error("unexpected text in a list");
  }
  return {};
}

// Removes the quotes and quoted-pair escapes of a quoted-string: "\"a \\\"b\\\"\"" → a "b".
[[nodiscard]] std::string unquote(std::string_view quoted);

}  // namespace sipline::sip
