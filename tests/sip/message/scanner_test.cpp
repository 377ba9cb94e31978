#include "sip/message/scanner.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(Scanner, SeparatorsSwallowWhiteSpaceOnBothSides) {
  Scanner scanner("SIP  /   2.0 \t/UDP");
  EXPECT_EQ(scanner.token(), "SIP");
  EXPECT_TRUE(scanner.separator('/'));
  EXPECT_EQ(scanner.token(), "2.0");
  EXPECT_TRUE(scanner.separator('/'));
  EXPECT_EQ(scanner.token(), "UDP");
  EXPECT_TRUE(scanner.at_end());
}

TEST(Scanner, AMissedSeparatorConsumesNothing) {
  Scanner scanner("a  ;b");
  scanner.token();
  EXPECT_FALSE(scanner.separator(','));
  EXPECT_EQ(scanner.pos(), 1U);
  EXPECT_TRUE(scanner.separator(';'));
  EXPECT_EQ(scanner.rest(), "b");
}

TEST(Scanner, QuotedStringsKeepQuotesAndEscapes) {
  Scanner scanner(R"("J Rosenberg \\\"" <sip:x>)");
  const auto quoted = scanner.quoted_string();
  ASSERT_TRUE(quoted);
  EXPECT_EQ(*quoted, R"("J Rosenberg \\\"")");
  EXPECT_EQ(unquote(*quoted), R"(J Rosenberg \")");
  EXPECT_EQ(scanner.rest(), " <sip:x>");
}

TEST(Scanner, QuotedPairsMayEscapeNulButNotCrOrLf) {
  Scanner nul(std::string_view("\"a\\\0b\"", 6));
  EXPECT_TRUE(nul.quoted_string());
  Scanner cr("\"a\\\rb\"");
  EXPECT_FALSE(cr.quoted_string());
}

TEST(Scanner, BadQuotedStringsFailWithTheirPosition) {
  Scanner unterminated("\"no end");
  EXPECT_EQ(unterminated.quoted_string().error(),
            (Error{Errc::kMalformed, "unterminated quoted string", 0}));
  Scanner backslash("\"ends in \\");
  EXPECT_EQ(backslash.quoted_string().error().reason, "quoted string ends in a backslash");
  Scanner control(std::string_view("\"a\0b\"", 5));
  EXPECT_EQ(control.quoted_string().error().reason, "control character in a quoted string");
  Scanner not_quoted("abc");
  EXPECT_FALSE(not_quoted.quoted_string());
}

TEST(Scanner, PeekAtTheEndIsSafe) {
  Scanner scanner("");
  EXPECT_TRUE(scanner.at_end());
  EXPECT_EQ(scanner.peek(), '\0');
  EXPECT_FALSE(scanner.consume('\0'));
  scanner.advance(10);
  EXPECT_EQ(scanner.pos(), 0U);
}

}  // namespace
}  // namespace sipline::sip
