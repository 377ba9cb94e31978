#include "sip/message/uri.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(Uri, SipUriComponents) {
  const auto uri = parse_uri("sip:alice:secret@atlanta.com:5061;transport=tcp;lr?subject=x&a=b");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->scheme, Scheme::kSip);
  EXPECT_EQ(uri->user, "alice");
  EXPECT_EQ(uri->password, "secret");
  EXPECT_TRUE(uri->has_password);
  EXPECT_EQ(uri->host.host, "atlanta.com");
  EXPECT_EQ(uri->host.port, 5061);
  EXPECT_EQ(uri->param("transport"), "tcp");
  EXPECT_EQ(uri->param("lr"), "");
  EXPECT_FALSE(uri->param("maddr"));
  EXPECT_EQ(uri->headers, "subject=x&a=b");
}

TEST(Uri, SchemeIsCaseInsensitive) {
  EXPECT_EQ(parse_uri("SIPS:bob@biloxi.com")->scheme, Scheme::kSips);
  EXPECT_EQ(parse_uri("Tel:+1-201-555-0123")->scheme, Scheme::kTel);
}

TEST(Uri, UriWithoutUser) {
  const auto uri = parse_uri("sip:registrar.biloxi.com");
  ASSERT_TRUE(uri);
  EXPECT_FALSE(uri->has_user);
  EXPECT_EQ(uri->host.host, "registrar.biloxi.com");
}

TEST(Uri, TelUris) {
  const auto global = parse_uri("tel:+1-201-555-0123;ext=44");
  ASSERT_TRUE(global);
  EXPECT_EQ(global->user, "+1-201-555-0123");
  EXPECT_EQ(global->param("ext"), "44");
  const auto local = parse_uri("tel:7042;phone-context=example.com");
  ASSERT_TRUE(local);
  EXPECT_EQ(local->user, "7042");
  EXPECT_FALSE(parse_uri("tel:+12a4"));
  EXPECT_FALSE(parse_uri("tel:"));
  EXPECT_FALSE(parse_uri("tel:--"));
  EXPECT_FALSE(parse_uri("tel:+1+2"));
}

TEST(Uri, OtherSchemesParseAsGeneric) {
  for (const char* text :
       {"soap.beep://192.0.2.103:3002", "isbn:2983792873", "http://www.example.com",
        "name:John_Smith", "mailto:bob@biloxi.example.com", "urn:uuid:f81d4fae"}) {
    const auto uri = parse_uri(text);
    ASSERT_TRUE(uri) << text;
    EXPECT_EQ(uri->scheme, Scheme::kOther) << text;
  }
}

TEST(Uri, HostileUrisAreRefused) {
  for (const char* text : {"",
                           "sip:",
                           "sip:%00",
                           "sip:%ZZ@host",
                           "sip:user%@host",
                           "sip:user@host%",
                           "sip:[2001:db8::10",
                           "sip:::::",
                           "sip:noone@@@@",
                           "sip:user@host:0",
                           "sip:user@host:65536",
                           "sip:user@host;",
                           "sip:user@host;=x",
                           "sip:user@host;a=",
                           "sip:user@host?",
                           "sip:user@host?a",
                           "sip:us er@host",
                           "sip:user@ho st",
                           "</",
                           "/",
                           "sip:user@host>",
                           "1sip:x",
                           ":x",
                           "isbn:",
                           "http://a b",
                           "sip:@host",
                           "sip:user@-host.com"}) {
    EXPECT_FALSE(parse_uri(text)) << text;
  }
}

TEST(Uri, LongHostsAndLabelsAreRefused) {
  EXPECT_FALSE(parse_uri("sip:a@" + std::string(64, 'x') + ".com"));
  std::string host;
  while (host.size() < 300) {
    host += "label.";
  }
  EXPECT_FALSE(parse_uri("sip:a@" + host + "com"));
  const auto huge = parse_uri("sip:" + std::string(5000, 'a') + "@host");
  ASSERT_FALSE(huge);
  EXPECT_EQ(huge.error().code, Errc::kTooLarge);
}

TEST(Uri, EscapedNulIsKeptWhenDecoded) {
  const auto uri = parse_uri("sip:null-%00-null@example.com");
  ASSERT_TRUE(uri);
  EXPECT_EQ(uri->user_decoded(), std::string("null-\0-null", 11));
}

TEST(Uri, ErrorsCarryTheirOffset) {
  const auto uri = parse_uri("sip:user@host;tr%ZZ=1");
  ASSERT_FALSE(uri);
  EXPECT_EQ(uri.error().offset, 14U);
}

}  // namespace
}  // namespace sipline::sip
