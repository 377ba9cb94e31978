#include "sip/message/list_headers.hpp"

#include <string>

#include <gtest/gtest.h>

#include "sip/message/parser.hpp"

namespace sipline::sip {
namespace {

TEST(TokenList, OptionTagsAndMethods) {
  const auto allow = parse_token_list("INVITE, ACK,CANCEL ,  BYE, OPTIONS");
  ASSERT_TRUE(allow);
  EXPECT_EQ(*allow, (std::vector<std::string_view>{"INVITE", "ACK", "CANCEL", "BYE", "OPTIONS"}));
  EXPECT_TRUE(parse_token_list("")->empty());
  EXPECT_TRUE(parse_token_list("   ")->empty());
  EXPECT_TRUE(token_list_contains("replaces, Timer", "timer"));
  EXPECT_FALSE(token_list_contains("replaces, timer", "100rel"));
  for (const char* bad : {",", "a,", ",a", "a b", "a,,b", "a;b"}) {
    EXPECT_FALSE(parse_token_list(bad)) << bad;
  }
}

TEST(TokenList, HugeListsAreBounded) {
  std::string many;
  for (int i = 0; i < 1000; ++i) {
    many += "t,";
  }
  many += "t";
  const auto tokens = parse_token_list(many);
  ASSERT_FALSE(tokens);
  EXPECT_EQ(tokens.error().reason, "too many list elements");
}

TEST(AddressList, RecordRoutesInOrder) {
  const auto routes = parse_address_list(
      "<sip:p1.example.com;lr>, <sip:p2.example.com;lr>,\t<sip:p3.example.com;lr;transport=tcp>",
      AddressForm::kBracketedOnly);
  ASSERT_TRUE(routes);
  ASSERT_EQ(routes->size(), 3U);
  EXPECT_EQ((*routes)[2].uri.param("transport"), "tcp");
  EXPECT_TRUE((*routes)[0].uri.params.contains("lr"));
  EXPECT_FALSE(parse_address_list("sip:p1.example.com;lr", AddressForm::kBracketedOnly));
}

TEST(AddressList, CollectsAcrossFields) {
  const auto message = parse_message(
      "SIP/2.0 200 OK\r\n"
      "Record-Route: <sip:p3.example.com;lr>, <sip:p2.example.com;lr>\r\n"
      "CSeq: 1 INVITE\r\n"
      "Record-Route: <sip:p1.example.com;lr>\r\n\r\n");
  ASSERT_TRUE(message);
  const auto routes =
      collect_addresses(*message, HeaderId::kRecordRoute, AddressForm::kBracketedOnly);
  ASSERT_TRUE(routes);
  ASSERT_EQ(routes->size(), 3U);
  EXPECT_EQ((*routes)[2].uri.host.host, "p1.example.com");
  EXPECT_TRUE(collect_addresses(*message, HeaderId::kRoute, AddressForm::kBracketedOnly)->empty());
}

TEST(AddressList, DiversionAndAssertedIdentity) {
  const auto diversion = parse_address_list(
      "<sip:+15551234567@example.com>;reason=unconditional;counter=1;privacy=off",
      AddressForm::kAny);
  ASSERT_TRUE(diversion);
  EXPECT_EQ((*diversion)[0].params.find("reason"), "unconditional");
  const auto asserted = parse_address_list(
      "\"Cullen Jennings\" <sip:fluffy@cisco.com>, <tel:+14085264000>", AddressForm::kAny);
  ASSERT_TRUE(asserted);
  ASSERT_EQ(asserted->size(), 2U);
  EXPECT_EQ((*asserted)[1].uri.scheme, Scheme::kTel);
}

TEST(UriInfoList, CallInfoAndAlertInfo) {
  const auto info = parse_uri_info_list(
      "<http://wwww.example.com/alice/photo.jpg> ;purpose=icon, "
      "<http://www.example.com/alice/> ;purpose=info");
  ASSERT_TRUE(info);
  ASSERT_EQ(info->size(), 2U);
  EXPECT_EQ((*info)[0].params.find("purpose"), "icon");
  EXPECT_EQ((*info)[1].uri.text, "http://www.example.com/alice/");
  EXPECT_FALSE(parse_uri_info_list("http://x"));
  EXPECT_FALSE(parse_uri_info_list("<http://x"));
  EXPECT_FALSE(parse_uri_info_list("<>"));
}

TEST(Accept, MediaRanges) {
  const auto accept =
      parse_accept("application/sdp;level=1, application/x-private, text/*, */*;q=0.1");
  ASSERT_TRUE(accept);
  ASSERT_EQ(accept->size(), 4U);
  EXPECT_TRUE((*accept)[0].is("application", "sdp"));
  EXPECT_EQ((*accept)[2].subtype, "*");
  EXPECT_EQ((*accept)[3].params.find("q"), "0.1");
  EXPECT_TRUE(parse_accept("")->empty());
  EXPECT_FALSE(parse_accept("application"));
}

}  // namespace
}  // namespace sipline::sip
