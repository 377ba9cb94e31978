#include "sip/message/auth_headers.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(AuthHeader, DigestChallenge) {
  // RFC 3665 §2.1 F2, folded onto one line.
  const auto challenge = parse_auth_header(
      "Digest realm=\"atlanta.example.com\", qop=\"auth\", "
      "nonce=\"ea9c8e88df84f1cec4341ae6cbe5a359\", opaque=\"\", stale=FALSE, algorithm=MD5");
  ASSERT_TRUE(challenge);
  EXPECT_TRUE(challenge->is_digest());
  EXPECT_EQ(challenge->param("realm"), "atlanta.example.com");
  EXPECT_EQ(challenge->param("opaque"), "");
  EXPECT_EQ(challenge->param("STALE"), "FALSE");
  EXPECT_EQ(challenge->param("algorithm"), "MD5");
  EXPECT_FALSE(challenge->param("domain"));
  EXPECT_TRUE(challenge->find("nonce")->quoted);
}

TEST(AuthHeader, DigestCredentials) {
  const auto credentials = parse_auth_header(
      "Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\","
      "uri=\"sip:bob@biloxi.com\", qop=auth, nc=00000001, cnonce=\"0a4f113b\","
      "response=\"6629fae49393a05397450978507c4ef1\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->params.size(), 9U);
  EXPECT_EQ(credentials->param("nc"), "00000001");
  EXPECT_EQ(credentials->param("uri"), "sip:bob@biloxi.com");
}

TEST(AuthHeader, UnknownSchemesParseGenerically) {
  // RFC 4475 §3.3.7 (regaut01).
  const auto other = parse_auth_header("NoOneKnowsThisScheme opaque-data=here");
  ASSERT_TRUE(other);
  EXPECT_FALSE(other->is_digest());
  EXPECT_EQ(other->param("opaque-data"), "here");
  EXPECT_TRUE(parse_auth_header("Basic")->params.empty());
}

TEST(AuthHeader, QopOptions) {
  EXPECT_EQ(split_qop_options("auth,auth-int"), (std::vector<std::string>{"auth", "auth-int"}));
  EXPECT_EQ(split_qop_options(" auth "), (std::vector<std::string>{"auth"}));
  EXPECT_TRUE(split_qop_options("").empty());
}

TEST(AuthHeader, HostileHeadersAreRefused) {
  for (const char* bad : {"", "Digest realm=\"unterminated", "Digest realm=\"a\", realm=\"b\"",
                          "Digest realm=", "Digest =x", "Digest realm=\"a\",", "Digestrealm=\"a\"",
                          "Digest realm=\"a\" nonce=\"b\"", "Digest realm=\"a\\\""}) {
    EXPECT_FALSE(parse_auth_header(bad)) << bad;
  }
  const std::string huge_nonce = "Digest nonce=\"" + std::string(64 * 1024, 'n') + "\"";
  const auto refused = parse_auth_header(huge_nonce);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, Errc::kTooLarge);
}

}  // namespace
}  // namespace sipline::sip
