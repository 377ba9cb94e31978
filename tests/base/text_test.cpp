#include "base/text.hpp"

#include <gtest/gtest.h>

namespace sipline {
namespace {

TEST(ParseDecimal, ParsesDigitsWithLeadingZeros) {
  EXPECT_EQ(parse_decimal<std::uint32_t>("0").value(), 0U);
  EXPECT_EQ(parse_decimal<std::uint32_t>("007").value(), 7U);
  EXPECT_EQ(parse_decimal<std::uint32_t>("4294967295").value(), 4294967295U);
  EXPECT_EQ(parse_decimal<std::uint64_t>("18446744073709551615").value(), UINT64_MAX);
  EXPECT_EQ(parse_decimal<std::uint16_t>("65535").value(), 65535U);
}

TEST(ParseDecimal, OverflowIsAnErrorNeverAWrap) {
  // RFC 4475 §3.1.2.x: status 4294967301 and CSeq 2^65 must not wrap to small numbers.
  EXPECT_EQ(parse_decimal<std::uint32_t>("4294967296").error().code, Errc::kOverflow);
  EXPECT_EQ(parse_decimal<std::uint32_t>("4294967301").error().code, Errc::kOverflow);
  EXPECT_EQ(parse_decimal<std::uint64_t>("36893488147419103232").error().code, Errc::kOverflow);
  EXPECT_EQ(parse_decimal<std::uint16_t>("65536").error().code, Errc::kOverflow);
  EXPECT_EQ(parse_decimal<std::uint8_t>("99999999999999999999999999999999").error().code,
            Errc::kOverflow);
  // Leading zeros do not count towards overflow.
  EXPECT_EQ(parse_decimal<std::uint8_t>("0000000000000000000000255").value(), 255U);
}

TEST(ParseDecimal, RejectsEverythingButDigits) {
  EXPECT_EQ(parse_decimal<std::uint32_t>("").error().code, Errc::kMalformed);
  EXPECT_EQ(parse_decimal<std::uint32_t>("-1").error(),
            (Error{Errc::kMalformed, "not a decimal digit", 0}));
  EXPECT_EQ(parse_decimal<std::uint32_t>("+1").error().code, Errc::kMalformed);
  EXPECT_EQ(parse_decimal<std::uint32_t>("12a").error().offset, 2U);
  EXPECT_EQ(parse_decimal<std::uint32_t>(" 1").error().code, Errc::kMalformed);
  EXPECT_EQ(parse_decimal<std::uint32_t>("0x10").error().code, Errc::kMalformed);
}

TEST(ParseDecimal, WorksAtCompileTime) {
  static_assert(parse_decimal<std::uint32_t>("5060").value() == 5060U);
  static_assert(!parse_decimal<std::uint8_t>("256").has_value());
}

TEST(Text, CaseInsensitiveComparisonIsAsciiOnly) {
  EXPECT_TRUE(iequals("Content-Length", "content-LENGTH"));
  EXPECT_FALSE(iequals("Via", "Vias"));
  EXPECT_FALSE(iequals("[", "{"));  // '[' + 32 == '{': no naive |0x20 folding
  EXPECT_TRUE(iequals("", ""));
}

TEST(Text, CharacterClasses) {
  EXPECT_TRUE(is_hex_digit('f'));
  EXPECT_TRUE(is_hex_digit('F'));
  EXPECT_FALSE(is_hex_digit('g'));
  EXPECT_EQ(hex_value('a'), 10);
  EXPECT_EQ(hex_value('F'), 15);
  EXPECT_EQ(hex_value('7'), 7);
  EXPECT_TRUE(is_wsp('\t'));
  EXPECT_FALSE(is_wsp('\r'));
  EXPECT_TRUE(is_alnum('z'));
  EXPECT_FALSE(is_alnum('-'));
  EXPECT_EQ(to_lower('Q'), 'q');
  EXPECT_EQ(to_lower('@'), '@');
}

TEST(Text, TrimRemovesSpacesAndTabsOnly) {
  EXPECT_EQ(trim_wsp(" \t value \t"), "value");
  EXPECT_EQ(trim_wsp("\r\nvalue"), "\r\nvalue");
  EXPECT_EQ(trim_wsp("   "), "");
  EXPECT_EQ(trim_wsp(""), "");
}

}  // namespace
}  // namespace sipline
