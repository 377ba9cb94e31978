#include "sip/message/escape.hpp"

#include <gtest/gtest.h>

#include "sip/message/char_class.hpp"

namespace sipline::sip {
namespace {

TEST(Escape, ValidatesEveryEscape) {
  EXPECT_TRUE(valid_escaped("I%20have%20spaces", chars::kUser));
  EXPECT_TRUE(valid_escaped("%00", chars::kUser));
  EXPECT_FALSE(valid_escaped("%ZZ", chars::kUser));
  EXPECT_FALSE(valid_escaped("abc%", chars::kUser));
  EXPECT_FALSE(valid_escaped("abc%4", chars::kUser));
  EXPECT_FALSE(valid_escaped("a@b", chars::kUser));
}

TEST(Escape, DecodesExactlyOnce) {
  EXPECT_EQ(unescape("v%61lue%25%34%31"), "value%41");  // RFC 4475 §3.1.1.3, not "valueA"
  EXPECT_EQ(unescape("value%25%41"), "value%A");
  EXPECT_EQ(unescape("%75se%72"), "user");
  EXPECT_EQ(unescape("null-%00-null"), std::string("null-\0-null", 11));
  EXPECT_EQ(unescape("no escapes"), "no escapes");
}

TEST(Escape, NormalisationDecodesOnlyUnreservedCharacters) {
  // RFC 3261 §19.1.4: characters outside the reserved set equal their escapes.
  EXPECT_EQ(normalize_escapes("%61lice"), "alice");
  EXPECT_EQ(normalize_escapes("sips%3auser%40example.com"), "sips%3Auser%40example.com");
  EXPECT_EQ(normalize_escapes("100%25"), "100%25");
  EXPECT_EQ(normalize_escapes("%2"), "%2");
}

}  // namespace
}  // namespace sipline::sip
