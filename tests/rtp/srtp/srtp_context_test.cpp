// SRTP with libsrtp2 through SrtpContext, checked against RFC 3711 itself: the key derivation of
// Appendix B.3 recomputed here with OpenSSL, and an SRTP packet built by hand from those keys
// (§4.1.1 AES-CM, §4.2.1 HMAC-SHA1) that libsrtp2 must produce byte for byte.
#include "rtp/srtp/srtp_context.hpp"

#include <array>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "rtp/packet/rtp_packet.hpp"
#include "tests/rtp/bytes_helper.hpp"

namespace sipline::rtp {
namespace {

using test::hex;
using ByteVector = std::vector<std::byte>;

const ByteVector kMasterKey = hex("E1F97A0D3E018BE0D64FA32C06DE4139");
const ByteVector kMasterSalt = hex("0EC675AD498AFEEBB6960B3AABE6");

// AES-128 in counter mode from a 16-byte IV: `length` bytes of keystream.
ByteVector aes_cm(const ByteVector& key, const ByteVector& iv, std::size_t length) {
  ByteVector out(length);
  const ByteVector zeros(length);
  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  EVP_EncryptInit_ex(ctx, EVP_aes_128_ctr(), nullptr,
                     reinterpret_cast<const unsigned char*>(key.data()),
                     reinterpret_cast<const unsigned char*>(iv.data()));
  int written = 0;
  EVP_EncryptUpdate(ctx, reinterpret_cast<unsigned char*>(out.data()), &written,
                    reinterpret_cast<const unsigned char*>(zeros.data()), static_cast<int>(length));
  EVP_CIPHER_CTX_free(ctx);
  return out;
}

// RFC 3711 §4.3.1 with kdr = 0: x = label·2^48 XOR master salt, IV = x·2^16.
ByteVector derive(std::uint8_t label, std::size_t length) {
  ByteVector iv(16);
  std::copy(kMasterSalt.begin(), kMasterSalt.end(), iv.begin());
  iv[7] ^= std::byte{label};
  return aes_cm(kMasterKey, iv, length);
}

TEST(Srtp, Rfc3711AppendixB3KeyDerivation) {
  EXPECT_EQ(derive(0x00, 16), hex("C61E7A93744F39EE10734AFE3FF7A087"));
  EXPECT_EQ(derive(0x02, 14), hex("30CBBC08863D8C85D49DB34A9AE1"));
  EXPECT_EQ(derive(0x01, 94),
            hex("CEBE321F6FF7716B6FD4AB49AF256A15 6D38BAA48F0A0ACF3C34E2359E6CDBCE"
                "E049646C43D9327AD175578EF7227098 6371C10C9A369AC2F94A8C5FBCDDDC25"
                "6D6E919A48B610EF17C2041E47403576 6B68642C59BBFC2F34DB60DBDFB2"));
}

ByteVector master() {
  ByteVector key_salt = kMasterKey;
  key_salt.insert(key_salt.end(), kMasterSalt.begin(), kMasterSalt.end());
  return key_salt;
}

ByteVector rtp_packet(std::uint16_t sequence, std::uint32_t ssrc, std::size_t payload_bytes) {
  ByteVector payload(payload_bytes);
  for (std::size_t i = 0; i < payload.size(); ++i) {
    payload[i] = static_cast<std::byte>(i * 3 + 1);
  }
  ByteVector packet(12 + payload_bytes + kSrtpMaxTrailer);
  const auto size = write_rtp({false, 0, sequence, 0x01020304, ssrc}, payload, packet);
  packet.resize(*size);
  return packet;
}

// The SRTP packet for `plain` (header + payload) under the B.3 master key, built by hand.
ByteVector protect_by_hand(const ByteVector& plain, std::uint32_t roc) {
  const ByteVector header(plain.begin(), plain.begin() + 12);
  const auto sequence = static_cast<std::uint16_t>((std::to_integer<unsigned>(plain[2]) << 8) |
                                                   std::to_integer<unsigned>(plain[3]));
  // §4.1.1: IV = (salt·2^16) XOR (SSRC·2^64) XOR (index·2^16), index = ROC·2^16 + SEQ.
  const ByteVector session_key = derive(0x00, 16);
  const ByteVector session_salt = derive(0x02, 14);
  ByteVector iv(16);
  std::copy(session_salt.begin(), session_salt.end(), iv.begin());
  for (std::size_t i = 0; i < 4; ++i) {
    iv[4 + i] ^= header[8 + i];  // the SSRC
    iv[8 + i] ^= static_cast<std::byte>(static_cast<std::uint8_t>(roc >> (24 - 8 * i)));
  }
  iv[12] ^= static_cast<std::byte>(static_cast<std::uint8_t>(sequence >> 8));
  iv[13] ^= static_cast<std::byte>(static_cast<std::uint8_t>(sequence));
  const std::size_t payload_bytes = plain.size() - 12;
  const ByteVector keystream = aes_cm(session_key, iv, payload_bytes);
  ByteVector expected = header;
  for (std::size_t i = 0; i < payload_bytes; ++i) {
    expected.push_back(plain[12 + i] ^ keystream[i]);
  }
  // §4.2.1: HMAC-SHA1 over the authenticated portion followed by the ROC, truncated to 80 bits.
  const ByteVector auth_key = derive(0x01, 20);
  ByteVector authenticated = expected;
  for (std::size_t i = 0; i < 4; ++i) {
    authenticated.push_back(static_cast<std::byte>(static_cast<std::uint8_t>(roc >> (24 - 8 * i))));
  }
  std::array<unsigned char, 20> mac{};
  unsigned int mac_length = 0;
  HMAC(EVP_sha1(), auth_key.data(), 20,
       reinterpret_cast<const unsigned char*>(authenticated.data()), authenticated.size(),
       mac.data(), &mac_length);
  for (std::size_t i = 0; i < 10; ++i) {
    expected.push_back(static_cast<std::byte>(mac[i]));
  }
  return expected;
}

ByteVector protect(SrtpContext& context, const ByteVector& plain) {
  ByteVector packet = plain;
  packet.resize(plain.size() + kSrtpMaxTrailer);
  const auto sealed = context.protect_rtp(packet, plain.size());
  EXPECT_TRUE(sealed);
  packet.resize(sealed ? *sealed : 0);
  return packet;
}

TEST(Srtp, ProtectMatchesTheRfcByHand) {
  auto context =
      SrtpContext::create(SrtpDirection::kOutbound, SrtpProfile::kAesCm128HmacSha1_80, master());
  ASSERT_TRUE(context);
  const ByteVector plain = rtp_packet(4660, 0xDECAFBAD, 160);
  const ByteVector sealed = protect(**context, plain);
  EXPECT_EQ(sealed.size(), plain.size() + 10);  // an 80-bit tag
  EXPECT_EQ(sealed, protect_by_hand(plain, 0));
}

class SrtpProfiles : public ::testing::TestWithParam<SrtpProfile> {};

TEST_P(SrtpProfiles, RoundTripRtpAndRtcp) {
  const SrtpProfile profile = GetParam();
  ByteVector key(srtp_key_salt_bytes(profile));
  for (std::size_t i = 0; i < key.size(); ++i) {
    key[i] = static_cast<std::byte>(i * 7 + 3);
  }
  auto sender = SrtpContext::create(SrtpDirection::kOutbound, profile, key);
  auto receiver = SrtpContext::create(SrtpDirection::kInbound, profile, key);
  ASSERT_TRUE(sender && receiver);
  ByteVector packet = rtp_packet(1, 0x1234, 160);
  const ByteVector plain = packet;
  packet.resize(plain.size() + kSrtpMaxTrailer);
  const auto sealed = (*sender)->protect_rtp(packet, plain.size());
  ASSERT_TRUE(sealed);
  EXPECT_GT(*sealed, plain.size());
  const auto opened = (*receiver)->unprotect_rtp(packet, *sealed);
  ASSERT_TRUE(opened) << fmt::format("{}", opened.error());
  packet.resize(*opened);
  EXPECT_EQ(packet, plain);

  // RTCP: an RR with one block.
  ByteVector rtcp = hex("81c9 0007 00001234 00005678 00000000 00000000 00000000 00000000 00000000");
  const ByteVector rtcp_plain = rtcp;
  rtcp.resize(rtcp.size() + kSrtpMaxTrailer);
  const auto rtcp_sealed = (*sender)->protect_rtcp(rtcp, rtcp_plain.size());
  ASSERT_TRUE(rtcp_sealed);
  const auto rtcp_opened = (*receiver)->unprotect_rtcp(rtcp, *rtcp_sealed);
  ASSERT_TRUE(rtcp_opened);
  rtcp.resize(*rtcp_opened);
  EXPECT_EQ(rtcp, rtcp_plain);
}

INSTANTIATE_TEST_SUITE_P(
    AllSuites, SrtpProfiles,
    ::testing::Values(SrtpProfile::kAesCm128HmacSha1_80, SrtpProfile::kAesCm128HmacSha1_32,
                      SrtpProfile::kAes256CmHmacSha1_80, SrtpProfile::kAes256CmHmacSha1_32,
                      SrtpProfile::kAeadAes128Gcm, SrtpProfile::kAeadAes256Gcm));

struct Pair {
  std::unique_ptr<SrtpContext> sender;
  std::unique_ptr<SrtpContext> receiver;
};

Pair pair() {
  return {
      *SrtpContext::create(SrtpDirection::kOutbound, SrtpProfile::kAesCm128HmacSha1_80, master()),
      *SrtpContext::create(SrtpDirection::kInbound, SrtpProfile::kAesCm128HmacSha1_80, master())};
}

ByteVector seal(SrtpContext& sender, std::uint16_t sequence) {
  ByteVector packet = rtp_packet(sequence, 0xABCD, 40);
  const std::size_t length = packet.size();
  packet.resize(length + kSrtpMaxTrailer);
  packet.resize(*sender.protect_rtp(packet, length));
  return packet;
}

TEST(Srtp, ReplaysAreRefused) {
  auto [sender, receiver] = pair();
  const ByteVector sealed = seal(*sender, 100);
  ByteVector first = sealed;
  ByteVector again = sealed;
  ASSERT_TRUE(receiver->unprotect_rtp(first, first.size()));
  const auto replay = receiver->unprotect_rtp(again, again.size());
  ASSERT_FALSE(replay);
  EXPECT_EQ(replay.error().reason, "SRTP replay");
}

TEST(Srtp, BadTagsAndShortPacketsAreRefused) {
  auto [sender, receiver] = pair();
  ByteVector tampered = seal(*sender, 7);
  tampered.back() ^= std::byte{1};
  EXPECT_EQ(receiver->unprotect_rtp(tampered, tampered.size()).error().reason,
            "SRTP authentication failed");
  ByteVector payload_flip = seal(*sender, 8);
  payload_flip[20] ^= std::byte{0x80};
  EXPECT_FALSE(receiver->unprotect_rtp(payload_flip, payload_flip.size()));
  ByteVector short_packet = seal(*sender, 9);
  EXPECT_FALSE(receiver->unprotect_rtp(short_packet, 15));  // shorter than header + tag
  EXPECT_FALSE(receiver->unprotect_rtp(short_packet, 5));
  ByteVector no_room(20);
  EXPECT_EQ(sender->protect_rtp(no_room, 20).error().code, Errc::kInvalidArgument);
  EXPECT_FALSE(SrtpContext::create(SrtpDirection::kInbound, SrtpProfile::kAeadAes128Gcm,
                                   master()));  // 30 ≠ 28
}

TEST(Srtp, RolloverCounterCarriesAcrossTheSequenceWrap) {
  auto [sender, receiver] = pair();
  for (std::uint32_t i = 0; i < 40; ++i) {
    const auto sequence = static_cast<std::uint16_t>(65520 + i);  // wraps after 16 packets
    const ByteVector plain = rtp_packet(sequence, 0xABCD, 40);
    ByteVector sealed = protect(*sender, plain);
    // §3.3.1: after 65535 the sender's ROC is 1, and the keystream and tag follow it.
    EXPECT_EQ(sealed, protect_by_hand(plain, i < 16 ? 0 : 1)) << sequence;
    const auto opened = receiver->unprotect_rtp(sealed, sealed.size());
    ASSERT_TRUE(opened) << sequence;
    sealed.resize(*opened);
    EXPECT_EQ(sealed, plain);
  }
}

TEST(Srtp, SrtcpWithTheEncryptionFlagClearedIsRefused) {
  auto [sender, receiver] = pair();
  ByteVector rtcp = hex("80c9 0001 00001234");
  const std::size_t length = rtcp.size();
  rtcp.resize(length + kSrtpMaxTrailer);
  const auto sealed = sender->protect_rtcp(rtcp, length);
  ASSERT_TRUE(sealed);
  rtcp.resize(*sealed);
  // The E bit is the top bit of the 32-bit word before the tag (RFC 3711 §3.4); it is
  // authenticated, so clearing it (libsrtp #20) must fail, not skip decryption.
  rtcp[*sealed - 10 - 4] &= std::byte{0x7F};
  EXPECT_FALSE(receiver->unprotect_rtcp(rtcp, rtcp.size()));
}

}  // namespace
}  // namespace sipline::rtp
