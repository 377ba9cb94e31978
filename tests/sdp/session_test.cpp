#include "sdp/session.hpp"

#include <gtest/gtest.h>

namespace sipline::sdp {
namespace {

TEST(Session, ConnectionAndDirectionFallBackToSessionLevel) {
  Session session;
  session.connection = Connection{AddressType::kIp4, "192.0.2.1", {}, {}};
  session.common.direction = Direction::kSendOnly;
  Media plain;
  Media own;
  own.connection = Connection{AddressType::kIp6, "2001:db8::1", {}, {}};
  own.common.direction = Direction::kInactive;
  EXPECT_EQ(session.connection_for(plain)->address, "192.0.2.1");
  EXPECT_EQ(session.connection_for(own)->address, "2001:db8::1");
  EXPECT_EQ(session.direction_for(plain), Direction::kSendOnly);
  EXPECT_EQ(session.direction_for(own), Direction::kInactive);
  EXPECT_EQ(Session{}.direction_for(plain), Direction::kSendRecv);
  EXPECT_EQ(Session{}.connection_for(plain), nullptr);
}

TEST(Session, ProfilesAndLookups) {
  Media media;
  media.proto = "RTP/SAVPF";
  EXPECT_TRUE(media.is_rtp());
  EXPECT_TRUE(media.is_secure_rtp());
  media.proto = "UDP/TLS/RTP/SAVP";
  EXPECT_TRUE(media.is_secure_rtp());
  media.proto = "udp";
  EXPECT_FALSE(media.is_rtp());
  media.rtpmaps.push_back(RtpMap{96, "opus", 48000, 2});
  media.fmtps.push_back(Fmtp{"96", "useinbandfec=1"});
  EXPECT_EQ(media.rtpmap(96)->encoding, "opus");
  EXPECT_EQ(media.rtpmap(97), nullptr);
  EXPECT_EQ(media.fmtp("96")->parameters, "useinbandfec=1");
}

TEST(Session, NullHoldIsOnlyIpv4AllZeros) {
  EXPECT_TRUE((Connection{AddressType::kIp4, "0.0.0.0", {}, {}}).is_null_hold());
  EXPECT_FALSE((Connection{AddressType::kIp6, "::", {}, {}}).is_null_hold());
  EXPECT_FALSE((Connection{AddressType::kIp4, "192.0.2.1", {}, {}}).is_null_hold());
}

}  // namespace
}  // namespace sipline::sdp
