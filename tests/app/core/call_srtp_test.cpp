// One call's SRTP: what one side protects with its key the other side opens with the same key
// as the peer's; a packet that does not authenticate — plain RTP, another key's, a replay, one
// bit changed — is refused and counted, and nothing of it comes out.
#include "app/core/call_srtp.hpp"

#include <algorithm>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

std::vector<std::byte> filled(std::size_t size, int seed) {
  std::vector<std::byte> out(size);
  for (std::size_t i = 0; i < size; ++i) {
    out[i] = static_cast<std::byte>((i * 7 + static_cast<std::size_t>(seed)) & 0xFF);
  }
  return out;
}

// An RTP packet: version 2, PCMU, sequence `sequence`, SSRC 0x11223344, 160 payload bytes.
std::vector<std::byte> rtp_packet(std::uint16_t sequence) {
  std::vector<std::byte> packet(12 + 160, std::byte{0x55});
  packet[0] = std::byte{0x80};
  packet[2] = static_cast<std::byte>(sequence >> 8);
  packet[3] = static_cast<std::byte>(sequence & 0xFF);
  packet[8] = std::byte{0x11};
  packet[9] = std::byte{0x22};
  packet[10] = std::byte{0x33};
  packet[11] = std::byte{0x44};
  return packet;
}

sdp::SrtpParameters keys(int ours, int theirs) {
  sdp::SrtpParameters p;
  p.suite = sdp::SrtpSuite::kAesCm128HmacSha1_80;
  p.local_key_salt = filled(30, ours);
  p.remote_key_salt = filled(30, theirs);
  return p;
}

struct TwoEnds : ::testing::Test {
  std::unique_ptr<CallSrtp> alice = CallSrtp::open(keys(1, 2)).value();
  std::unique_ptr<CallSrtp> bob = CallSrtp::open(keys(2, 1)).value();

  // Alice's packet as it leaves her, into a buffer bob reads from.
  std::vector<std::byte> sent_by_alice(std::uint16_t sequence) {
    const auto plain = rtp_packet(sequence);
    const Bytes wire = alice->protect_rtp(plain);
    return {wire.begin(), wire.end()};
  }
};

TEST_F(TwoEnds, WhatOneProtectsTheOtherOpens) {
  const auto plain = rtp_packet(7);
  auto wire = sent_by_alice(7);
  ASSERT_EQ(wire.size(), plain.size() + 10);  // the 80-bit tag
  EXPECT_FALSE(std::equal(plain.begin() + 12, plain.end(), wire.begin() + 12))
      << "the payload is encrypted";
  const auto length = bob->unprotect_rtp(wire);
  ASSERT_TRUE(length);
  wire.resize(*length);
  EXPECT_EQ(wire, plain);
  EXPECT_EQ(bob->refused(), 0U);
}

TEST_F(TwoEnds, WhatDoesNotAuthenticateIsRefused) {
  auto plain = rtp_packet(8);  // a stranger's plain RTP
  EXPECT_FALSE(bob->unprotect_rtp(plain));
  auto stranger = CallSrtp::open(keys(9, 1)).value();  // the right SSRC, another key
  const Bytes forged = stranger->protect_rtp(rtp_packet(9));
  std::vector<std::byte> forged_copy(forged.begin(), forged.end());
  EXPECT_FALSE(bob->unprotect_rtp(forged_copy));
  auto flipped = sent_by_alice(10);
  flipped[20] ^= std::byte{0x01};
  EXPECT_FALSE(bob->unprotect_rtp(flipped));
  auto good = sent_by_alice(11);
  auto replay = good;
  ASSERT_TRUE(bob->unprotect_rtp(good));
  EXPECT_FALSE(bob->unprotect_rtp(replay));  // RFC 3711 §3.3.2
  EXPECT_EQ(bob->refused(), 4U);
}

TEST_F(TwoEnds, RtcpTooAndKeysOfTheWrongLengthFailToOpen) {
  std::vector<std::byte> report{std::byte{0x80}, std::byte{200}, std::byte{0}, std::byte{6}};
  report.resize(28, std::byte{0x11});
  const Bytes wire = alice->protect_rtcp(report);
  std::vector<std::byte> copy(wire.begin(), wire.end());
  const auto length = bob->unprotect_rtcp(copy);
  ASSERT_TRUE(length);
  EXPECT_EQ(*length, report.size());
  sdp::SrtpParameters short_key = keys(1, 2);
  short_key.remote_key_salt.resize(10);
  EXPECT_FALSE(CallSrtp::open(short_key));
  EXPECT_TRUE(alice->protect_rtp(std::vector<std::byte>(1600)).empty()) << "too large: unsent";
}

}  // namespace
}  // namespace sipline::app
