// Character classes of the SIP grammar (RFC 3261 §25.1), as one lookup table.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace sipline::sip {

namespace chars {
inline constexpr std::uint16_t kToken = 1U << 0;       // token
inline constexpr std::uint16_t kWord = 1U << 1;        // word (Call-ID)
inline constexpr std::uint16_t kUnreserved = 1U << 2;  // alphanum / mark
inline constexpr std::uint16_t kUser = 1U << 3;        // unreserved / user-unreserved
inline constexpr std::uint16_t kPassword = 1U << 4;    // unreserved / & = + $ ,
inline constexpr std::uint16_t kParam = 1U << 5;       // paramchar, escapes aside
inline constexpr std::uint16_t kHnv = 1U << 6;         // hname / hvalue chars, escapes aside
inline constexpr std::uint16_t kUric = 1U << 7;        // reserved / unreserved (RFC 2396) and [ ]
inline constexpr std::uint16_t kScheme = 1U << 8;      // ALPHA / DIGIT / + - .
inline constexpr std::uint16_t kHostName = 1U << 9;    // alphanum / - .
inline constexpr std::uint16_t kPhone = 1U << 10;      // tel: HEXDIG * # + and visual separators
inline constexpr std::uint16_t kReserved = 1U << 11;   // ; / ? : @ & = + $ ,
}  // namespace chars

namespace detail {

constexpr void mark(std::array<std::uint16_t, 256>& table, std::string_view set,
                    std::uint16_t bits) {
  for (const char c : set) {
    table[static_cast<unsigned char>(c)] |= bits;
  }
}

constexpr std::array<std::uint16_t, 256> build_char_table() {
  std::array<std::uint16_t, 256> table{};
  constexpr std::string_view kAlnum =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
  constexpr std::string_view kMark = "-_.!~*'()";
  using namespace chars;
  mark(table, kAlnum,
       kToken | kWord | kUnreserved | kUser | kPassword | kParam | kHnv | kUric | kScheme |
           kHostName);
  mark(table, kMark, kUnreserved | kUser | kPassword | kParam | kHnv | kUric);
  mark(table, "-.!%*_+`'~", kToken | kWord);
  mark(table, "()<>:\\\"/[]?{}", kWord);
  mark(table, "&=+$,;?/", kUser);
  mark(table, "&=+$,", kPassword);
  mark(table, "[]/:&+$", kParam);
  mark(table, "[]/?:+$", kHnv);
  mark(table, ";/?:@&=+$,[]", kUric);
  mark(table, ";/?:@&=+$,", kReserved);
  mark(table, "+-.", kScheme);
  mark(table, "-.", kHostName);
  mark(table, "0123456789abcdefABCDEF*#+-.()", kPhone);
  return table;
}

inline constexpr std::array<std::uint16_t, 256> kCharTable = build_char_table();

}  // namespace detail

[[nodiscard]] constexpr bool is(char c, std::uint16_t mask) noexcept {
  return (detail::kCharTable[static_cast<unsigned char>(c)] & mask) != 0;
}

// Length of the longest prefix of `text` whose characters are all in `mask`.
[[nodiscard]] constexpr std::size_t span_of(std::string_view text, std::uint16_t mask) noexcept {
  std::size_t i = 0;
  while (i < text.size() && is(text[i], mask)) {
    ++i;
  }
  return i;
}

[[nodiscard]] constexpr bool all_of(std::string_view text, std::uint16_t mask) noexcept {
  return span_of(text, mask) == text.size();
}

[[nodiscard]] constexpr bool is_token(std::string_view text) noexcept {
  return !text.empty() && all_of(text, chars::kToken);
}

}  // namespace sipline::sip
