// SDES keys (RFC 4568) as they arrive in SDP, through sdp::parse_crypto into SrtpContext: the
// RFC's own a=crypto examples, including their Master Key Identifiers ("|1:32").
#include <vector>

#include <gtest/gtest.h>

#include "rtp/packet/rtp_packet.hpp"
#include "rtp/srtp/srtp_context.hpp"
#include "sdp/crypto.hpp"

namespace sipline::rtp {
namespace {

using ByteVector = std::vector<std::byte>;

struct Keyed {
  std::unique_ptr<SrtpContext> outbound;
  std::unique_ptr<SrtpContext> inbound;
  std::size_t mki_length = 0;
};

Keyed from_sdp(std::string_view crypto_value) {
  const auto crypto = sdp::parse_crypto(crypto_value);
  EXPECT_TRUE(crypto) << crypto_value;
  const auto profile = srtp_profile_from_name(crypto->suite_name);
  EXPECT_TRUE(profile) << crypto->suite_name;
  const sdp::SrtpKey& key = crypto->keys.at(0);
  std::optional<SrtpMki> mki;
  if (key.mki) {
    mki = SrtpMki{*key.mki, key.mki_length.value_or(0)};
  }
  auto outbound = SrtpContext::create(SrtpDirection::kOutbound, *profile, key.key_salt, mki);
  auto inbound = SrtpContext::create(SrtpDirection::kInbound, *profile, key.key_salt, mki);
  EXPECT_TRUE(outbound && inbound);
  return {std::move(*outbound), std::move(*inbound), mki ? mki->length : 0U};
}

ByteVector rtp(std::uint16_t sequence) {
  const ByteVector payload(160, std::byte{0x55});
  ByteVector packet(12 + payload.size() + kSrtpMaxTrailer);
  packet.resize(*write_rtp({false, 0, sequence, 1000, 0x5EC2E7}, payload, packet));
  return packet;
}

class Rfc4568Examples : public ::testing::TestWithParam<const char*> {};

TEST_P(Rfc4568Examples, RoundTripWithTheMkiOnTheWire) {
  Keyed keyed = from_sdp(GetParam());
  ASSERT_EQ(keyed.mki_length, 32U);
  const ByteVector plain = rtp(1);
  ByteVector packet = plain;
  packet.resize(plain.size() + kSrtpMaxTrailer);
  const auto sealed = keyed.outbound->protect_rtp(packet, plain.size());
  ASSERT_TRUE(sealed);
  // RFC 3711 §3.1: the MKI (value 1 in 32 octets) sits between the payload and the tag.
  const std::size_t tag = *sealed - plain.size() - keyed.mki_length;
  EXPECT_TRUE(tag == 10 || tag == 4) << tag;
  ByteVector mki(packet.begin() + static_cast<std::ptrdiff_t>(plain.size()),
                 packet.begin() + static_cast<std::ptrdiff_t>(plain.size() + keyed.mki_length));
  ByteVector expected_mki(32);
  expected_mki.back() = std::byte{1};
  EXPECT_EQ(mki, expected_mki);
  const auto opened = keyed.inbound->unprotect_rtp(packet, *sealed);
  ASSERT_TRUE(opened) << fmt::format("{}", opened.error());
  packet.resize(*opened);
  EXPECT_EQ(packet, plain);
}

INSTANTIATE_TEST_SUITE_P(
    Section92And10, Rfc4568Examples,
    ::testing::Values(
        "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|1:32",
        "1 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^20|1:32",
        "1 AES_CM_128_HMAC_SHA1_32 inline:NzB4d1BINUAvLEw6UzF3WSJ+PSdFcGdUJShpX1Zj|2^20|1:32"));

TEST(SdesKeys, APacketWithAnotherMkiIsRefused) {
  Keyed ours = from_sdp(
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|2:4");
  Keyed theirs = from_sdp(
      "1 AES_CM_128_HMAC_SHA1_80 inline:PS1uQCVeeCFCanVmcjkpPywjNWhcYD0mXXtxaVBR|2^20|3:4");
  ByteVector packet = rtp(9);
  const std::size_t length = packet.size();
  packet.resize(length + kSrtpMaxTrailer);
  const auto sealed = theirs.outbound->protect_rtp(packet, length);
  ASSERT_TRUE(sealed);
  const auto opened = ours.inbound->unprotect_rtp(packet, *sealed);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, Errc::kCrypto);
}

TEST(SdesKeys, WithoutAnMkiNothingIsAdded) {
  Keyed keyed =
      from_sdp("1 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz");
  ByteVector packet = rtp(2);
  const std::size_t length = packet.size();
  packet.resize(length + kSrtpMaxTrailer);
  EXPECT_EQ(*keyed.outbound->protect_rtp(packet, length), length + 10);
}

TEST(SdesKeys, SuiteNames) {
  EXPECT_EQ(srtp_profile_from_name("AEAD_AES_256_GCM"), SrtpProfile::kAeadAes256Gcm);
  EXPECT_EQ(srtp_profile_from_name("AES_256_CM_HMAC_SHA1_32"), SrtpProfile::kAes256CmHmacSha1_32);
  EXPECT_FALSE(srtp_profile_from_name("aes_cm_128_hmac_sha1_80"));  // case-sensitive
  EXPECT_FALSE(srtp_profile_from_name("F8_128_HMAC_SHA1_80"));      // not in libsrtp2
  EXPECT_FALSE(SrtpContext::create(SrtpDirection::kOutbound, SrtpProfile::kAesCm128HmacSha1_80,
                                   ByteVector(30), SrtpMki{256, 1}));  // 256 does not fit one octet
  EXPECT_FALSE(SrtpContext::create(SrtpDirection::kOutbound, SrtpProfile::kAesCm128HmacSha1_80,
                                   ByteVector(30), SrtpMki{1, 0}));
}

}  // namespace
}  // namespace sipline::rtp
