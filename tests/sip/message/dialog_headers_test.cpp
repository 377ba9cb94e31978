#include "sip/message/dialog_headers.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(Event, PackageAndId) {
  const auto event = parse_event("refer;id=93809824");
  ASSERT_TRUE(event);
  EXPECT_EQ(event->package, "refer");
  EXPECT_EQ(event->id, "93809824");
  EXPECT_EQ(parse_event("message-summary")->package, "message-summary");
  EXPECT_FALSE(parse_event(""));
  EXPECT_FALSE(parse_event("refer junk"));
}

TEST(SubscriptionState, StateExpiresReason) {
  const auto active = parse_subscription_state("active;expires=600");
  ASSERT_TRUE(active);
  EXPECT_EQ(active->state, "active");
  EXPECT_EQ(active->expires, 600U);
  const auto terminated = parse_subscription_state("terminated;reason=timeout;retry-after=30");
  ASSERT_TRUE(terminated);
  EXPECT_EQ(terminated->reason, "timeout");
  EXPECT_EQ(terminated->retry_after, 30U);
  EXPECT_FALSE(parse_subscription_state("active;expires=soon"));
  EXPECT_FALSE(parse_subscription_state("active;expires"));
}

TEST(Replaces, Rfc3891Example) {
  const auto replaces =
      parse_replaces("425928@bobster.example.org;to-tag=7743;from-tag=6472;early-only");
  ASSERT_TRUE(replaces);
  EXPECT_EQ(replaces->call_id, "425928@bobster.example.org");
  EXPECT_EQ(replaces->to_tag, "7743");
  EXPECT_EQ(replaces->from_tag, "6472");
  EXPECT_TRUE(replaces->early_only);
  EXPECT_FALSE(parse_replaces("425928@bobster.example.org;to-tag=7743"));
  EXPECT_FALSE(parse_replaces(";to-tag=1;from-tag=2"));
}

TEST(SessionTimer, SessionExpiresAndMinSe) {
  const auto expires = parse_session_expires("4000;refresher=uac");
  ASSERT_TRUE(expires);
  EXPECT_EQ(expires->seconds, 4000U);
  EXPECT_EQ(expires->refresher, Refresher::kUac);
  EXPECT_EQ(parse_session_expires("1800")->refresher, Refresher::kUnspecified);
  EXPECT_FALSE(parse_session_expires("1800;refresher=me"));
  EXPECT_FALSE(parse_session_expires("soon"));
  EXPECT_EQ(parse_min_se("90").value(), 90U);
  EXPECT_EQ(parse_min_se(std::string(30, '9')).value(), 4294967295U);
}

TEST(RAck, Rfc3262Example) {
  const auto rack = parse_rack("776656 1 INVITE");
  ASSERT_TRUE(rack);
  EXPECT_EQ(rack->rseq, 776656U);
  EXPECT_EQ(rack->cseq, 1U);
  EXPECT_EQ(rack->method, Method::kInvite);
  EXPECT_FALSE(parse_rack("0 1 INVITE"));
  EXPECT_FALSE(parse_rack("1 INVITE"));
  EXPECT_FALSE(parse_rack("4294967296 1 INVITE"));
}

}  // namespace
}  // namespace sipline::sip
