#include "sip/message/char_class.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(CharClass, TokenCharactersAreExactlyRfc3261s) {
  const std::string_view token_extra = "-.!%*_+`'~";
  for (int c = 0; c < 256; ++c) {
    const char ch = static_cast<char>(c);
    const bool expected = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                          (ch >= '0' && ch <= '9') ||
                          token_extra.find(ch) != std::string_view::npos;
    EXPECT_EQ(is(ch, chars::kToken), expected) << c;
  }
}

TEST(CharClass, WordAddsTheCallIdSeparators) {
  for (const char c : std::string_view("()<>:\\\"/[]?{}")) {
    EXPECT_TRUE(is(c, chars::kWord)) << c;
    EXPECT_FALSE(is(c, chars::kToken)) << c;
  }
  EXPECT_FALSE(is(' ', chars::kWord));
  EXPECT_FALSE(is('@', chars::kWord));
}

TEST(CharClass, UserPartAllowsSemicolonAndQuestionMarkButNotAt) {
  EXPECT_TRUE(is(';', chars::kUser));
  EXPECT_TRUE(is('?', chars::kUser));
  EXPECT_FALSE(is('@', chars::kUser));
  EXPECT_FALSE(is(':', chars::kUser));
  EXPECT_TRUE(is(':', chars::kParam));
  EXPECT_FALSE(is(';', chars::kParam));
  EXPECT_FALSE(is('=', chars::kParam));
}

TEST(CharClass, HighAndControlBytesBelongToNoClass) {
  for (const int c : {0, 1, 9, 10, 13, 31, 127, 128, 200, 255}) {
    EXPECT_FALSE(is(static_cast<char>(c), 0xFFFF)) << c;
  }
}

TEST(CharClass, SpanAndAllOf) {
  EXPECT_EQ(span_of("abc;def", chars::kToken), 3U);
  EXPECT_TRUE(is_token("z9hG4bK.!%*_+`'~-"));
  EXPECT_FALSE(is_token(""));
  EXPECT_FALSE(is_token("a b"));
}

}  // namespace
}  // namespace sipline::sip
