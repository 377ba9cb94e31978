#include "sdp/crypto.hpp"

#include <string>

#include <gtest/gtest.h>

namespace sipline::sdp {
namespace {

// RFC 4568 §4's example key.
constexpr std::string_view kExample =
    "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:4";

TEST(Crypto, Rfc4568Example) {
  const auto crypto = parse_crypto(kExample);
  ASSERT_TRUE(crypto) << fmt::format("{}", crypto.error());
  EXPECT_EQ(crypto->tag, 1U);
  EXPECT_EQ(crypto->suite, SrtpSuite::kAesCm128HmacSha1_80);
  ASSERT_EQ(crypto->keys.size(), 1U);
  EXPECT_EQ(crypto->keys[0].key_salt.size(), 30U);
  EXPECT_EQ(crypto->keys[0].lifetime, "2^20");
  EXPECT_EQ(crypto->keys[0].mki, 1U);
  EXPECT_EQ(crypto->keys[0].mki_length, 4);
}

// Keys never reach a trace: every inline key, with its lifetime and MKI, is replaced.
TEST(Crypto, KeysAreRedactedFromTraces) {
  const std::string sdp =
      std::string("m=audio 4000 RTP/SAVP 0\r\na=crypto:") + std::string(kExample) +
      "\r\na=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj"
      "\r\na=sendrecv\r\n";
  const std::string redacted = redact_crypto_keys(sdp);
  EXPECT_EQ(redacted,
            "m=audio 4000 RTP/SAVP 0\r\n"
            "a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:[redacted]\r\n"
            "a=crypto:2 AES_CM_128_HMAC_SHA1_32 inline:[redacted]\r\na=sendrecv\r\n");
  EXPECT_EQ(redacted.find("PS1uQCVeeCFCanVmcjkp"), std::string::npos);
  EXPECT_EQ(redact_crypto_keys("a=crypto:1 X inline:abc"), "a=crypto:1 X inline:[redacted]");
  EXPECT_EQ(redact_crypto_keys("no keys here"), "no keys here");
}

TEST(Crypto, SuitesAndKeyLengths) {
  EXPECT_EQ(srtp_key_salt_bytes(SrtpSuite::kAesCm128HmacSha1_32), 30U);
  EXPECT_EQ(srtp_key_salt_bytes(SrtpSuite::kAes256CmHmacSha1_80), 46U);
  EXPECT_EQ(srtp_key_salt_bytes(SrtpSuite::kAeadAes128Gcm), 28U);
  EXPECT_EQ(srtp_key_salt_bytes(SrtpSuite::kAeadAes256Gcm), 44U);
  EXPECT_EQ(srtp_suite_from("AEAD_AES_256_GCM"), SrtpSuite::kAeadAes256Gcm);
  EXPECT_EQ(srtp_suite_from("aes_cm_128_hmac_sha1_80"), SrtpSuite::kUnknown);  // case matters
  EXPECT_EQ(to_string(SrtpSuite::kAesCm128HmacSha1_32), "AES_CM_128_HMAC_SHA1_32");
}

TEST(Crypto, FormatParsesBack) {
  std::vector<std::byte> key(30);
  for (std::size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<std::byte>(i * 7);
  }
  const std::string value = format_crypto(2, SrtpSuite::kAesCm128HmacSha1_32, key);
  const auto crypto = parse_crypto(value);
  ASSERT_TRUE(crypto);
  EXPECT_EQ(crypto->tag, 2U);
  EXPECT_EQ(crypto->keys[0].key_salt, key);
}

TEST(Crypto, HostileAttributesAreRefused) {
  for (const char* bad : {
           "x AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
           "0 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
           "1234567890 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
           "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaV",  // short key
           "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBRPS1u",  // long
           "1 AES_CM_128_HMAC_SHA1_80 inline:***uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",
           "1 AES_CM_128_HMAC_SHA1_80 PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR",  // no method
           "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^x",
           "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|1:0",
           "1 AES_CM_128_HMAC_SHA1_80",
           "1",
           "",
       }) {
    EXPECT_FALSE(parse_crypto(bad)) << bad;
  }
}

TEST(Crypto, UnknownSuitesAreKeptUnvalidated) {
  const auto crypto = parse_crypto("3 F8_128_HMAC_SHA1_80 inline:anything|goes UNENCRYPTED_SRTP");
  ASSERT_TRUE(crypto);
  EXPECT_EQ(crypto->suite, SrtpSuite::kUnknown);
  EXPECT_TRUE(crypto->keys.empty());
  EXPECT_EQ(crypto->session_params, (std::vector<std::string>{"UNENCRYPTED_SRTP"}));
}

}  // namespace
}  // namespace sipline::sdp
