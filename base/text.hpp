// ASCII text helpers shared by every text protocol (SIP, SDP, config): character classes,
// case-insensitive comparison, trimming, overflow-checked decimal numbers and printing them.
#pragma once

#include <charconv>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace sipline {

[[nodiscard]] constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
[[nodiscard]] constexpr bool is_alpha(char c) noexcept {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
[[nodiscard]] constexpr bool is_alnum(char c) noexcept { return is_digit(c) || is_alpha(c); }
[[nodiscard]] constexpr bool is_hex_digit(char c) noexcept {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// Linear white space inside one line: SP and HTAB (RFC 5234 WSP).
[[nodiscard]] constexpr bool is_wsp(char c) noexcept { return c == ' ' || c == '\t'; }

[[nodiscard]] constexpr char to_lower(char c) noexcept {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Value of a hex digit; call only when is_hex_digit(c).
[[nodiscard]] constexpr int hex_value(char c) noexcept {
  if (is_digit(c)) {
    return c - '0';
  }
  return to_lower(c) - 'a' + 10;
}

[[nodiscard]] constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) {
    return false;
  }
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (to_lower(a[i]) != to_lower(b[i])) {
      return false;
    }
  }
  return true;
}

// ASCII lower case of a whole string (other bytes unchanged): for case-insensitive keys.
[[nodiscard]] inline std::string to_lower_copy(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = to_lower(c);
  }
  return out;
}

[[nodiscard]] constexpr std::string_view trim_wsp(std::string_view text) noexcept {
  while (!text.empty() && is_wsp(text.front())) {
    text.remove_prefix(1);
  }
  while (!text.empty() && is_wsp(text.back())) {
    text.remove_suffix(1);
  }
  return text;
}

// A non-empty run of ASCII digits as an unsigned integer. No sign, no spaces, no radix prefix;
// leading zeros are allowed ("007" is 7, as RFC 3261's 1*DIGIT permits). A value larger than
// the type's maximum is kOverflow, never wrapped, however many digits it has.
template <std::unsigned_integral T>
[[nodiscard]] constexpr Result<T> parse_decimal(std::string_view digits) noexcept {
  if (digits.empty()) {
    return fail(Errc::kMalformed, "expected a number", 0);
  }
  T value = 0;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    const char c = digits[i];
    if (!is_digit(c)) {
      return fail(Errc::kMalformed, "not a decimal digit", i);
    }
    const auto digit = static_cast<T>(c - '0');
    if (value > (std::numeric_limits<T>::max() - digit) / 10) {
      return fail(Errc::kOverflow, "number too large", 0);
    }
    value = static_cast<T>(value * 10 + digit);
  }
  return value;
}

// Appends `value` in decimal, without a temporary string (printers of SIP and SDP text).
inline void append_decimal(std::string& out, std::uint64_t value) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  out.append(digits, end);
}

}  // namespace sipline
