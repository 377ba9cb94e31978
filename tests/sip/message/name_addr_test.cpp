#include "sip/message/name_addr.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(NameAddr, QuotedDisplayNameWithEscapes) {
  const auto a =
      parse_single_address(R"("J Rosenberg \\\""       <sip:jdrosen@example.com> ; tag = 98asjd8)");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->display_name_decoded(), R"(J Rosenberg \")");
  EXPECT_EQ(a->uri.text, "sip:jdrosen@example.com");
  EXPECT_TRUE(a->bracketed);
  EXPECT_EQ(a->tag, "98asjd8");
}

TEST(NameAddr, TokenDisplayNames) {
  const auto a = parse_single_address("Bob Smith <sip:bob@biloxi.com>;tag=a6c85cf");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->display_name, "Bob Smith");
  EXPECT_EQ(a->tag, "a6c85cf");
  const auto touching = parse_single_address("caller<sip:caller@example.com>");
  ASSERT_TRUE(touching);
  EXPECT_EQ(touching->display_name, "caller");
}

TEST(NameAddr, AddrSpecParametersBelongToTheHeader) {
  const auto a = parse_single_address("sip:+19725552222@gw1.example.net;unknownparam;tag=1");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->bracketed);
  EXPECT_EQ(a->uri.text, "sip:+19725552222@gw1.example.net");
  EXPECT_TRUE(a->params.contains("unknownparam"));
  EXPECT_EQ(a->tag, "1");
}

TEST(NameAddr, OtherSchemesAreAccepted) {
  EXPECT_TRUE(parse_single_address("isbn:2983792873"));
  EXPECT_TRUE(parse_single_address("<http://www.example.com>;tag=1"));
  EXPECT_TRUE(parse_single_address("\"Watson, Thomas\" <tel:+1-201-555-0123>"));
}

TEST(NameAddr, HostileAddressesAreRefused) {
  for (const char* bad :
       {"</", "<", "<>", "\"unterminated <sip:a@b>", "\"ends in backslash\\",
        "Bell, Alexander <sip:a@b>", "< sip:t.watson@example.org >", "<sip:t.watson@example.org >",
        "sip:a@b?Route=x", "sip:a@b;tag=", "<sip:a@b>;;", "Bob \"x\" <sip:a@b>", "<sip:a@b> junk",
        "\"x\" sip:a@b", "<sip:a@b>;tag=a b", ""}) {
    EXPECT_FALSE(parse_single_address(bad)) << bad;
  }
}

TEST(NameAddr, BracketedOnlyFormForRoutes) {
  Scanner plain("sip:p1.example.com;lr");
  EXPECT_FALSE(parse_name_addr(plain, AddressForm::kBracketedOnly));
  Scanner bracketed("<sip:p1.example.com;lr>");
  EXPECT_TRUE(parse_name_addr(bracketed, AddressForm::kBracketedOnly));
}

TEST(NameAddr, Qvalues) {
  for (const char* good : {"0", "1", "0.5", "0.333", "1.000", "0."}) {
    EXPECT_TRUE(is_qvalue(good)) << good;
  }
  for (const char* bad : {"", "2", "1.5", "0.3333", "-0", ".5", "0,5", "1.001"}) {
    EXPECT_FALSE(is_qvalue(bad)) << bad;
  }
}

}  // namespace
}  // namespace sipline::sip
