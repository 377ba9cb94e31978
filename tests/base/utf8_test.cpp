// UTF-8 sequences: the boundaries of each length, every rule a sequence can break and where
// it is reported, RFC 3629 §7's examples, and every scalar value written and read back.
#include "base/utf8.hpp"

#include <cstddef>
#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace sipline {
namespace {

using namespace std::string_view_literals;

std::size_t length_at(std::string_view text, std::size_t at = 0) {
  const auto length = utf8_sequence_length(text, at);
  EXPECT_TRUE(length.has_value()) << "at " << at << ": " << length.error().reason;
  return length.value_or(0);
}

Error error_at(std::string_view text, std::size_t at = 0) {
  const auto length = utf8_sequence_length(text, at);
  EXPECT_FALSE(length.has_value()) << "at " << at << ": length " << length.value_or(0);
  return length.has_value() ? Error{} : length.error();
}

// The first and last code point of each length, and the neighbours of the surrogate range.
TEST(Utf8SequenceLength, EachLengthFromItsFirstToItsLastCodePoint) {
  EXPECT_EQ(length_at("\0"sv), 1U);              // U+0000
  EXPECT_EQ(length_at("\x7F"), 1U);              // U+007F
  EXPECT_EQ(length_at("\xC2\x80"), 2U);          // U+0080
  EXPECT_EQ(length_at("\xDF\xBF"), 2U);          // U+07FF
  EXPECT_EQ(length_at("\xE0\xA0\x80"), 3U);      // U+0800
  EXPECT_EQ(length_at("\xED\x9F\xBF"), 3U);      // U+D7FF, the last before the surrogates
  EXPECT_EQ(length_at("\xEE\x80\x80"), 3U);      // U+E000, the first after them
  EXPECT_EQ(length_at("\xEF\xBF\xBF"), 3U);      // U+FFFF
  EXPECT_EQ(length_at("\xF0\x90\x80\x80"), 4U);  // U+10000
  EXPECT_EQ(length_at("\xF4\x8F\xBF\xBF"), 4U);  // U+10FFFF
}

TEST(Utf8SequenceLength, ReadsAtThePositionGivenAndStopsAtTheSequenceEnd) {
  const std::string_view text = "a\xC3\xA9\xE2\x82\xAC!";  // "aé€!"
  EXPECT_EQ(length_at(text, 0), 1U);
  EXPECT_EQ(length_at(text, 1), 2U);
  EXPECT_EQ(length_at(text, 3), 3U);
  EXPECT_EQ(length_at(text, 6), 1U);
  EXPECT_EQ(error_at(text, 2).reason, "invalid UTF-8: continuation byte without a lead byte");
}

TEST(Utf8SequenceLength, EachRuleBrokenIsNamedAtTheSequenceStart) {
  struct Case {
    std::string_view text;
    std::size_t at;
    std::string_view reason;
  };
  for (const auto& [text, at, reason] : {
           Case{"\x80", 0, "invalid UTF-8: continuation byte without a lead byte"},
           Case{"ab\xBF", 2, "invalid UTF-8: continuation byte without a lead byte"},
           Case{"\xF8\x88\x80\x80\x80", 0, "invalid UTF-8: byte that starts no sequence"},
           Case{"\xFE", 0, "invalid UTF-8: byte that starts no sequence"},
           Case{"x\xFF", 1, "invalid UTF-8: byte that starts no sequence"},
           Case{"\xC3", 0, "invalid UTF-8: truncated sequence"},
           Case{"\xE2\x82", 0, "invalid UTF-8: truncated sequence"},
           Case{"\xE2\x82(", 0, "invalid UTF-8: truncated sequence"},
           Case{"\xF0\x9F\x98", 0, "invalid UTF-8: truncated sequence"},
           Case{"\xF0\x9F\x98\xC3\xA9", 0, "invalid UTF-8: truncated sequence"},
           Case{"ab", 2, "invalid UTF-8: truncated sequence"},       // nothing at all
           Case{"\xC0\x80", 0, "invalid UTF-8: overlong encoding"},  // U+0000 in two bytes
           Case{"\xC1\xBF", 0, "invalid UTF-8: overlong encoding"},
           Case{"\xE0\x80\xAF", 0, "invalid UTF-8: overlong encoding"},  // '/' in three
           Case{"\xE0\x9F\xBF", 0, "invalid UTF-8: overlong encoding"},
           Case{"\xF0\x8F\xBF\xBF", 0, "invalid UTF-8: overlong encoding"},
           Case{"\xED\xA0\x80", 0, "invalid UTF-8: encoded surrogate"},  // U+D800
           Case{"\xED\xBF\xBF", 0, "invalid UTF-8: encoded surrogate"},  // U+DFFF
           Case{"\xF4\x90\x80\x80", 0, "invalid UTF-8: past U+10FFFF"},  // U+110000
           Case{"\xF7\xBF\xBF\xBF", 0, "invalid UTF-8: past U+10FFFF"},
       }) {
    SCOPED_TRACE(testing::PrintToString(std::string(text)));
    EXPECT_EQ(error_at(text, at),
              (Error{Errc::kMalformed, reason, static_cast<std::uint32_t>(at)}));
  }
}

// RFC 3629 §7's examples, and the same texts cut or spoilt.
TEST(IsUtf8, Rfc3629ExamplesAreUtf8AndSpoiltOnesAreNot) {
  EXPECT_TRUE(is_utf8(""));
  EXPECT_TRUE(is_utf8("\x41\xE2\x89\xA2\xCE\x91\x2E"));          // "A≢Α."
  EXPECT_TRUE(is_utf8("\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4"));  // "한국어"
  EXPECT_TRUE(is_utf8("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E"));  // "日本語"
  EXPECT_TRUE(is_utf8("\xEF\xBB\xBF\xF0\xA3\x8E\xB4"));          // BOM, U+233B4
  EXPECT_TRUE(is_utf8("a\0b"sv));
  EXPECT_FALSE(is_utf8("\x41\xE2\x89\xA2\xCE"));                              // cut in the Alpha
  EXPECT_FALSE(is_utf8("\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA"));                  // cut at the end
  EXPECT_FALSE(is_utf8("\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4\xED\xA0\x80"));  // a surrogate after
  EXPECT_FALSE(is_utf8("caf\xE9"));                                           // Latin-1, not UTF-8
}

TEST(AppendUtf8, WritesRfc3629ExamplesFromTheirCodePoints) {
  std::string out;
  for (const char32_t code_point : {U'\x41', U'\x2262', U'\x391', U'\x2E'}) {
    append_utf8(out, code_point);
  }
  EXPECT_EQ(out, "\x41\xE2\x89\xA2\xCE\x91\x2E");
  out.clear();
  for (const char32_t code_point : {U'\xFEFF', U'\x233B4'}) {
    append_utf8(out, code_point);
  }
  EXPECT_EQ(out, "\xEF\xBB\xBF\xF0\xA3\x8E\xB4");
}

// Every scalar value: written in the fewest bytes its value needs (RFC 3629 §3's table), and
// read back as one sequence of that length.
TEST(AppendUtf8, EveryScalarValueIsOneSequenceOfItsLength) {
  std::string out;
  for (char32_t code_point = 0; code_point <= 0x10FFFF; ++code_point) {
    if (code_point == 0xD800) {
      code_point = 0xE000;
    }
    const std::size_t expected = code_point < 0x80      ? 1
                                 : code_point < 0x800   ? 2
                                 : code_point < 0x10000 ? 3
                                                        : 4;
    out.clear();
    append_utf8(out, code_point);
    const auto length = utf8_sequence_length(out, 0);
    ASSERT_TRUE(length.has_value() && *length == expected && out.size() == expected)
        << std::hex << "U+" << static_cast<std::uint32_t>(code_point);
  }
}

}  // namespace
}  // namespace sipline
