// JSON's tokens read from one line: strings decoded, numbers kept as written, the limits the
// caller sets, and where the cursor stands after each read. (The reasons and positions of a
// whole request's refusals are in control_request_test.)
#include "app/cli/json_lexer.hpp"

#include <string>
#include <string_view>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

constexpr JsonLimits kLimits{8, 6};

TEST(JsonLexer, AStringIsDecodedAndTheCursorStopsAfterItsQuote) {
  JsonLexer json(R"("a\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00",)", {64, 32});
  std::string out = "replaced";
  ASSERT_TRUE(json.string(out)) << json.error().reason;
  EXPECT_EQ(out, "a\"\\/\b\f\n\r\t\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_EQ(json.position(), 37U);
  EXPECT_TRUE(json.next_is(','));
}

TEST(JsonLexer, RawUtf8IsKeptAndInvalidUtf8IsRefusedWithBaseReason) {
  JsonLexer good("\"caf\xC3\xA9\"", kLimits);
  std::string out;
  ASSERT_TRUE(good.string(out));
  EXPECT_EQ(out, "caf\xC3\xA9");
  JsonLexer bad("\"ab\xED\xA0\x80\"", kLimits);
  EXPECT_FALSE(bad.string(out));
  EXPECT_EQ(bad.error().reason, "invalid UTF-8: encoded surrogate");
  EXPECT_EQ(bad.error().position, 3U);
}

TEST(JsonLexer, TheStringLimitCountsDecodedBytes) {
  std::string out;
  JsonLexer at_limit(R"("\u00e9\u00e9\u00e9\u00e9")", kLimits);  // 24 bytes written, 8 decoded
  EXPECT_TRUE(at_limit.string(out));
  EXPECT_EQ(out.size(), 8U);
  JsonLexer past_limit(R"("abcdefghi")", kLimits);
  EXPECT_FALSE(past_limit.string(out));
  EXPECT_EQ(past_limit.error().reason, "string longer than 8 bytes");
  EXPECT_EQ(past_limit.error().position, 9U);  // the ninth byte
}

TEST(JsonLexer, NumbersAreKeptAsWrittenUpToTheirLimit) {
  for (const std::string_view text : {"0", "-0", "12", "-1.5", "1e+3", "2E-7", "0.25"}) {
    SCOPED_TRACE(text);
    const std::string line = std::string(text) + "}";  // the lexer holds a view of it
    JsonLexer json(line, kLimits);
    std::string out;
    ASSERT_TRUE(json.number(out)) << json.error().reason;
    EXPECT_EQ(out, text);
    EXPECT_TRUE(json.next_is('}'));
  }
  JsonLexer leading_zero("01", kLimits);
  std::string out;
  EXPECT_TRUE(leading_zero.number(out));  // "0"; the grammar above refuses the "1" after it
  EXPECT_EQ(out, "0");
  JsonLexer too_long("1234567", kLimits);
  EXPECT_FALSE(too_long.number(out));
  EXPECT_EQ(too_long.error().reason, "number longer than 6 characters");
  EXPECT_EQ(too_long.error().position, 6U);
  JsonLexer no_exponent("1e", kLimits);
  EXPECT_FALSE(no_exponent.number(out));
  EXPECT_EQ(no_exponent.error().reason, "invalid number: expected a digit in the exponent");
}

TEST(JsonLexer, BlanksWordsAndPunctuation) {
  JsonLexer json(" \t\rtrue\n", kLimits);
  json.skip_blanks();
  EXPECT_EQ(json.position(), 3U);
  EXPECT_FALSE(json.skip_word("false"));
  EXPECT_FALSE(json.skip_word("truer"));
  EXPECT_TRUE(json.skip_word("true"));
  json.skip_blanks();  // a line feed is no blank: a request is one line
  EXPECT_EQ(json.position(), 7U);
  EXPECT_FALSE(json.at_end());
  EXPECT_FALSE(json.skip('x'));
  EXPECT_TRUE(json.skip('\n'));
  EXPECT_TRUE(json.at_end());
  EXPECT_FALSE(json.next_is('\0'));
  EXPECT_FALSE(json.next_is_digit());
}

TEST(JsonLexer, ARefusalKeepsItsReasonAndAPositionInsideTheLine) {
  JsonLexer json("abc", kLimits);
  EXPECT_FALSE(json.refuse("why", 99));
  EXPECT_EQ(json.error().reason, "why");
  EXPECT_EQ(json.error().position, 3U);
}

}  // namespace
}  // namespace sipline::app
