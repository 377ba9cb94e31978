#include "sip/message/scalar_headers.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(CSeq, NumberAndMethod) {
  const auto cseq = parse_cseq("314159 INVITE");
  ASSERT_TRUE(cseq);
  EXPECT_EQ(cseq->number, 314159U);
  EXPECT_EQ(cseq->method, Method::kInvite);
  EXPECT_EQ(parse_cseq("0009    INVITE")->number, 9U);
  EXPECT_EQ(parse_cseq("4294967295 BYE")->number, 4294967295U);
  const auto extension = parse_cseq("8 NEWMETHOD");
  EXPECT_EQ(extension->method, Method::kUnknown);
  EXPECT_EQ(extension->method_text, "NEWMETHOD");
}

TEST(CSeq, OverflowAndJunkAreRefused) {
  EXPECT_EQ(parse_cseq("4294967296 INVITE").error().code, Errc::kOverflow);
  EXPECT_EQ(parse_cseq("36893488147419103232 INVITE").error().code, Errc::kOverflow);
  for (const char* bad :
       {"-1 INVITE", "INVITE", "1", "1INVITE", "1 INV ITE", "", " 1 INVITE", "1 INVITE\x01"}) {
    EXPECT_FALSE(parse_cseq(bad)) << bad;
  }
}

TEST(MaxForwards, ZeroToTwoHundredFiftyFive) {
  EXPECT_EQ(parse_max_forwards("70").value(), 70);
  EXPECT_EQ(parse_max_forwards("0068").value(), 68);
  EXPECT_EQ(parse_max_forwards("0").value(), 0);
  EXPECT_EQ(parse_max_forwards("255").value(), 255);
  for (const char* bad :
       {"256", "300", "-1", "", "7 0",
        "115792089237316195423570985008687907853269984665640564039457584007913129639936"}) {
    EXPECT_FALSE(parse_max_forwards(bad)) << bad;
  }
}

TEST(CallId, WordAtWord) {
  EXPECT_TRUE(parse_call_id("a84b4c76e66710@pc33.atlanta.com"));
  EXPECT_TRUE(parse_call_id("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{"));
  for (const char* bad : {"", "@host", "local@", "a b", "a@b@c", "a;b"}) {
    EXPECT_FALSE(parse_call_id(bad)) << bad;
  }
}

TEST(DeltaSeconds, SaturatesInsteadOfWrapping) {
  EXPECT_EQ(parse_delta_seconds("3600").value(), 3600U);
  EXPECT_EQ(parse_delta_seconds(std::string(100, '9')).value(), 4294967295U);
  EXPECT_EQ(parse_delta_seconds("280297596632815").value(), 4294967295U);
  EXPECT_FALSE(parse_delta_seconds("-1"));
  EXPECT_FALSE(parse_delta_seconds(""));
}

TEST(SequenceNumber, OneToTwoToTheThirtyTwoMinusOne) {
  EXPECT_EQ(parse_sequence_number("988789").value(), 988789U);
  EXPECT_FALSE(parse_sequence_number("0"));
  EXPECT_EQ(parse_sequence_number("4294967296").error().code, Errc::kOverflow);
}

}  // namespace
}  // namespace sipline::sip
