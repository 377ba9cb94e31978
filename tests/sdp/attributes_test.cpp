#include "sdp/attributes.hpp"

#include <gtest/gtest.h>

namespace sipline::sdp {
namespace {

TEST(Attributes, RtpMaps) {
  const auto opus = parse_rtpmap("111 opus/48000/2");
  ASSERT_TRUE(opus);
  EXPECT_EQ(opus->payload_type, 111);
  EXPECT_EQ(opus->channels, 2);
  const auto g722 = parse_rtpmap("9 G722/8000");  // RFC 3551: 8000 on the wire, 16 kHz audio
  ASSERT_TRUE(g722);
  EXPECT_EQ(g722->clock_rate, 8000U);
  EXPECT_EQ(g722->channels, 1);
  for (const char* bad : {"", "0", "0 PCMU", "0 PCMU/", "0 /8000", "128 PCMU/8000", "0 PCMU/8000/9",
                          "0 PCMU/8000 x", "x PCMU/8000", "0 PC MU/8000"}) {
    EXPECT_FALSE(parse_rtpmap(bad)) << bad;
  }
}

TEST(Attributes, Connections) {
  const auto multicast = parse_connection("IN IP4 224.2.36.42/127/3");
  ASSERT_TRUE(multicast);
  EXPECT_EQ(multicast->ttl, 127);
  EXPECT_EQ(multicast->address_count, 3U);
  const auto v6 = parse_connection("IN IP6 FF15::101/3");
  ASSERT_TRUE(v6);
  EXPECT_FALSE(v6->ttl);
  EXPECT_EQ(v6->address_count, 3U);
  EXPECT_TRUE(parse_connection("IN IP4 host.example.com"));
  EXPECT_EQ(parse_connection("IN IP5 1.2.3.4").error().code, Errc::kUnsupported);
  for (const char* bad :
       {"", "IN", "IN IP4", "ATM IP4 1.2.3.4", "IN IP4 1.2.3.4 extra", "IN IP4 1.2.3.4/",
        "IN IP4 1.2.3.4/1/0", "IN IP4 -bad-", "IN IP6 192.0.2.1"}) {
    EXPECT_FALSE(parse_connection(bad)) << bad;
  }
}

TEST(Attributes, UnknownAttributesAreKeptVerbatimInOrder) {
  Session session;
  session.media.emplace_back();
  ASSERT_TRUE(apply_attribute("x-b", "2", Level::kMedia, session));
  ASSERT_TRUE(apply_attribute("x-a", std::nullopt, Level::kMedia, session));
  ASSERT_TRUE(
      apply_attribute("rtpmap", "0 PCMU/8000", Level::kSession, session));  // not typed here
  EXPECT_EQ(session.media[0].common.other.size(), 2U);
  EXPECT_EQ(session.media[0].common.other[0].value, "2");
  EXPECT_EQ(session.common.other.at(0).name, "rtpmap");
}

TEST(Attributes, RepeatsOfTheSameValueAreHarmlessButConflictsFail) {
  Session session;
  session.media.emplace_back();
  ASSERT_TRUE(apply_attribute("sendonly", std::nullopt, Level::kMedia, session));
  EXPECT_TRUE(apply_attribute("sendonly", std::nullopt, Level::kMedia, session));
  EXPECT_FALSE(apply_attribute("inactive", std::nullopt, Level::kMedia, session));
  EXPECT_FALSE(apply_attribute("sendrecv", "value", Level::kMedia, session));
  EXPECT_FALSE(apply_attribute("setup", "sideways", Level::kMedia, session));
  EXPECT_FALSE(apply_attribute("fingerprint", "sha-256 XY:ZZ", Level::kMedia, session));
  EXPECT_FALSE(apply_attribute("rtcp", "0", Level::kMedia, session));
  EXPECT_FALSE(apply_attribute("rtcp", "5000 IN IP4", Level::kMedia, session));
  EXPECT_TRUE(apply_attribute("rtcp", "5001", Level::kMedia, session));
  EXPECT_FALSE(apply_attribute("fmtp", "", Level::kMedia, session));
  ASSERT_TRUE(apply_attribute("crypto", "1 X inline:a", Level::kMedia, session));
  EXPECT_FALSE(apply_attribute("crypto", "1 Y inline:b", Level::kMedia, session));  // same tag
}

}  // namespace
}  // namespace sipline::sdp
