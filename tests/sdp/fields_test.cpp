#include "sdp/fields.hpp"

#include <gtest/gtest.h>

namespace sipline::sdp {
namespace {

TEST(Fields, SplitOnRunsOfSpaces) {
  EXPECT_EQ(split_fields("a  b c", 5), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(split_fields("a b c d", 3), (std::vector<std::string_view>{"a", "b", "c d"}));
  EXPECT_TRUE(split_fields("   ", 3).empty());
}

TEST(Fields, Tokens) {
  EXPECT_TRUE(is_token_text("telephone-event"));
  EXPECT_TRUE(is_token_text("RTP"));
  EXPECT_FALSE(is_token_text(""));
  EXPECT_FALSE(is_token_text("a b"));
  EXPECT_FALSE(is_token_text("a/b"));
  EXPECT_FALSE(is_token_text("\x80"));
}

TEST(Fields, PayloadTypes) {
  EXPECT_EQ(parse_payload_type("0").value(), 0);
  EXPECT_EQ(parse_payload_type("127").value(), 127);
  EXPECT_FALSE(parse_payload_type("128"));
  EXPECT_FALSE(parse_payload_type("4294967296"));
  EXPECT_FALSE(parse_payload_type("-1"));
  EXPECT_FALSE(parse_payload_type(""));
}

}  // namespace
}  // namespace sipline::sdp
