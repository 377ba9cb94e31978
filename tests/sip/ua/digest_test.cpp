// Digest answers checked against the RFCs' own examples: RFC 2617 §3.5 (MD5, qop=auth) and
// RFC 7616 §3.9.1 (the same request with SHA-256 and MD5); challenge reading and choice.
#include "sip/ua/digest.hpp"

#include <array>
#include <string_view>

#include <gtest/gtest.h>

#include "sip/message/auth_headers.hpp"

namespace sipline::sip {
namespace {

constexpr std::string_view kRfc7616Sha256 =
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=SHA-256, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";
constexpr std::string_view kRfc7616Md5 =
    "Digest realm=\"http-auth@example.org\", qop=\"auth, auth-int\", algorithm=MD5, "
    "nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", "
    "opaque=\"FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS\"";

DigestAnswer rfc7616_answer() {
  return {"GET",
          "/dir/index.html",
          "Mufasa",
          "Circle of Life",
          "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
          1};
}

TEST(Digest, Rfc2617Example) {
  const auto challenge = parse_digest_challenge(
      "Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"");
  ASSERT_TRUE(challenge);
  EXPECT_EQ(challenge->algorithm, DigestAlgorithm::kMd5);
  EXPECT_TRUE(challenge->qop_auth);
  const DigestAnswer answer{"GET", "/dir/index.html", "Mufasa", "Circle Of Life", "0a4f113b", 1};
  EXPECT_EQ(digest_response(*challenge, answer), "6629fae49393a05397450978507c4ef1");
}

TEST(Digest, Rfc7616ExampleWithSha256AndMd5) {
  const auto sha = parse_digest_challenge(kRfc7616Sha256);
  const auto md5 = parse_digest_challenge(kRfc7616Md5);
  ASSERT_TRUE(sha && md5);
  EXPECT_EQ(digest_response(*sha, rfc7616_answer()),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
  EXPECT_EQ(digest_response(*md5, rfc7616_answer()), "8ca523f5e9506fed4657c9700eebdbec");
}

TEST(Digest, CredentialsCarryEveryParameterAndParseBack) {
  const auto sha = parse_digest_challenge(kRfc7616Sha256);
  ASSERT_TRUE(sha);
  const std::string value = digest_credentials(*sha, rfc7616_answer());
  const auto parsed = parse_auth_header(value);
  ASSERT_TRUE(parsed) << value;
  EXPECT_EQ(parsed->param("username"), "Mufasa");
  EXPECT_EQ(parsed->param("realm"), "http-auth@example.org");
  EXPECT_EQ(parsed->param("uri"), "/dir/index.html");
  EXPECT_EQ(parsed->param("algorithm"), "SHA-256");
  EXPECT_EQ(parsed->param("qop"), "auth");
  EXPECT_EQ(parsed->param("nc"), "00000001");
  EXPECT_EQ(parsed->param("cnonce"), "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
  EXPECT_EQ(parsed->param("opaque"), "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS");
  EXPECT_EQ(parsed->param("response"),
            "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
}

TEST(Digest, WithoutQopTheRfc2069FormIsUsed) {
  const auto challenge = parse_digest_challenge("Digest realm=\"sip.example.com\", nonce=\"abc\"");
  ASSERT_TRUE(challenge);
  EXPECT_FALSE(challenge->qop_auth);
  const DigestAnswer answer{"REGISTER", "sip:sip.example.com", "alice", "secret", "x", 1};
  // MD5(MD5("alice:sip.example.com:secret") ":abc:" MD5("REGISTER:sip:sip.example.com"))
  const std::string value = digest_credentials(*challenge, answer);
  EXPECT_EQ(value.find("qop"), std::string::npos);
  EXPECT_EQ(value.find("cnonce"), std::string::npos);
  EXPECT_EQ(digest_response(*challenge, answer).size(), 32U);
}

TEST(Digest, NonceCountIsEightHexDigits) {
  const auto challenge = parse_digest_challenge(kRfc7616Md5);
  ASSERT_TRUE(challenge);
  auto answer = rfc7616_answer();
  answer.nonce_count = 0x1F;
  const std::string value = digest_credentials(*challenge, answer);  // the header views it
  const auto parsed = parse_auth_header(value);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->param("nc"), "0000001f");
  // A different count is a different response.
  EXPECT_NE(digest_response(*challenge, answer), digest_response(*challenge, rfc7616_answer()));
}

TEST(Digest, StaleAndSessionVariants) {
  const auto stale = parse_digest_challenge(
      "Digest realm=\"r\", nonce=\"n2\", stale=TRUE, algorithm=SHA-256-sess, qop=\"auth\"");
  ASSERT_TRUE(stale);
  EXPECT_TRUE(stale->stale);
  EXPECT_EQ(stale->algorithm, DigestAlgorithm::kSha256Sess);
  EXPECT_EQ(digest_response(*stale, rfc7616_answer()).size(), 64U);
}

TEST(Digest, RefusesWhatItCannotAnswer) {
  EXPECT_FALSE(parse_digest_challenge("Basic realm=\"r\""));
  EXPECT_FALSE(parse_digest_challenge("Digest nonce=\"n\""));
  EXPECT_FALSE(parse_digest_challenge("Digest realm=\"r\""));
  EXPECT_FALSE(parse_digest_challenge("Digest realm=\"r\", nonce=\"n\", algorithm=SHA-512-256"));
  EXPECT_FALSE(parse_digest_challenge("Digest realm=\"r\", nonce=\"n\", qop=\"auth-int\""));
  EXPECT_FALSE(parse_digest_challenge("Digest realm=\"r, nonce=\"n\""));
}

TEST(Digest, TheStrongestChallengeIsChosen) {
  const std::array<std::string_view, 3> offered{"Basic realm=\"x\"", kRfc7616Md5, kRfc7616Sha256};
  const auto chosen = choose_digest_challenge(offered);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(chosen->algorithm, DigestAlgorithm::kSha256);
  const std::array<std::string_view, 1> none{"Basic realm=\"x\""};
  EXPECT_FALSE(choose_digest_challenge(none));
}

TEST(Digest, QuotesInValuesAreEscaped) {
  const auto challenge = parse_digest_challenge("Digest realm=\"a\\\"b\", nonce=\"n\"");
  ASSERT_TRUE(challenge);
  EXPECT_EQ(challenge->realm, "a\"b");
  const DigestAnswer answer{"INVITE", "sip:bob@example.com", "we\"ird", "pw", "c", 1};
  const std::string value = digest_credentials(*challenge, answer);
  const auto parsed = parse_auth_header(value);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->param("username"), "we\"ird");
  EXPECT_EQ(parsed->param("realm"), "a\"b");
}

}  // namespace
}  // namespace sipline::sip
