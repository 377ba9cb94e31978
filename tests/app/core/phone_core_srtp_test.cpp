// SRTP in calls (SDES, RFC 4568): a mandatory account offers RTP/SAVP with a=crypto, an optional
// one RTP/AVP with a=crypto; two phones that agree start media with each other's keys mirrored;
// an offer in the clear to a phone that requires SRTP is refused with 488 before it rings.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using test::Network;
using test::phone;

PhoneConfig with_srtp(const std::string& user, sdp::SrtpPolicy srtp) {
  PhoneConfig config = phone(user);
  config.srtp = srtp;
  return config;
}

struct SrtpCall : ::testing::Test {
  void call(sdp::SrtpPolicy a, sdp::SrtpPolicy b) {
    alice = &net.add(with_srtp("alice", a), 5061);
    bob = &net.add(with_srtp("bob", b), 5062);
    EXPECT_TRUE(alice->core->start(net.now));
    EXPECT_TRUE(bob->core->start(net.now));
    EXPECT_TRUE(alice->core->dial("sip:bob@127.0.0.1:5062", net.now));
    net.settle();
  }
  [[nodiscard]] std::string offer() const {
    const auto invites = net.requests(sip::Method::kInvite);
    return invites.empty() ? std::string() : std::string(invites.front().body());
  }
  Network net;
  test::Endpoint* alice = nullptr;
  test::Endpoint* bob = nullptr;
};

TEST_F(SrtpCall, MandatoryOnBothSidesRunsWithEachOthersKeys) {
  call(sdp::SrtpPolicy::kMandatory, sdp::SrtpPolicy::kMandatory);
  EXPECT_NE(offer().find("m=audio 26102 RTP/SAVP "), std::string::npos) << offer();
  EXPECT_NE(offer().find("a=crypto:1 AES_CM_128_HMAC_SHA1_80 inline:"), std::string::npos);
  ASSERT_TRUE(bob->core->answer(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(alice->media_started.size(), 1U);
  ASSERT_EQ(bob->media_started.size(), 1U);
  const auto& a = alice->media_started[0].stream.srtp;
  const auto& b = bob->media_started[0].stream.srtp;
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->local_key_salt, b->remote_key_salt);
  EXPECT_EQ(a->remote_key_salt, b->local_key_salt);
  EXPECT_NE(a->local_key_salt, a->remote_key_salt);
  EXPECT_EQ(a->local_key_salt.size(), 30U);
}

TEST_F(SrtpCall, OptionalOffersKeysOnPlainRtpAndAPlainPeerTakesItPlain) {
  call(sdp::SrtpPolicy::kOptional, sdp::SrtpPolicy::kOff);
  EXPECT_NE(offer().find("RTP/AVP "), std::string::npos);
  EXPECT_NE(offer().find("a=crypto:"), std::string::npos);
  ASSERT_TRUE(bob->core->answer(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(alice->media_started.size(), 1U);
  EXPECT_FALSE(alice->media_started[0].stream.srtp);
  EXPECT_FALSE(bob->media_started[0].stream.srtp);
}

TEST_F(SrtpCall, APlainOfferToAPhoneThatRequiresSrtpGets488AtOnce) {
  call(sdp::SrtpPolicy::kOff, sdp::SrtpPolicy::kMandatory);
  EXPECT_EQ(offer().find("a=crypto:"), std::string::npos);
  const auto rejected = bob->events<event::CallRejected>();
  ASSERT_EQ(rejected.size(), 1U);
  EXPECT_EQ(rejected[0].status, 488);
  EXPECT_TRUE(alice->events<event::CallProgress>().empty()) << "it never rang";
  const auto ended = alice->events<event::CallEnded>();
  ASSERT_EQ(ended.size(), 1U);
  EXPECT_EQ(ended[0].status, 488);
  EXPECT_TRUE(bob->ports.held.empty());
}

}  // namespace
}  // namespace sipline::app
