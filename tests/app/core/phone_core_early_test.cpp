// Early media from us through the phone core (PhoneCore::early_media), two cores on a virtual
// network and clock: the callee's 183 carries its answer reliably (the caller's INVITE says
// Supported: 100rel), both sides start their media at once, the caller PRACKs, and the 200 that
// answers the call later carries the same answer and restarts nothing.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using test::Network;

// The responses to INVITE with `status` the cores sent each other.
std::vector<sip::Message> invite_responses(const Network& net, int status) {
  std::vector<sip::Message> found;
  for (const sip::Message& message : net.between_endpoints) {
    if (message.is_response() && message.status_code() == status &&
        message.cseq()->method == sip::Method::kInvite) {
      found.push_back(message);
    }
  }
  return found;
}

using Ringing = test::AliceCallsBob;

TEST_F(Ringing, OurEarlyAnswerStartsBothMediaAndTheAnswerKeepsThem) {
  ASSERT_TRUE(bob.core->early_media(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(bob.media_started.size(), 1U);
  ASSERT_EQ(alice.media_started.size(), 1U);
  EXPECT_EQ(bob.media_started[0].stream.remote_rtp_port, 20000 + 61 * 100 + 2);
  EXPECT_EQ(alice.media_started[0].stream.remote_rtp_port, 20000 + 62 * 100 + 2);
  ASSERT_EQ(bob.events<event::CallEarlyMedia>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallEarlyMedia>()[0].codec, "PCMU/8000");
  EXPECT_EQ(alice.events<event::CallEarlyMedia>().size(), 1U);
  const auto early = invite_responses(net, 183);
  ASSERT_EQ(early.size(), 1U);
  EXPECT_EQ(early[0].header("Require"), "100rel");  // sipline's INVITE supports it
  EXPECT_EQ(net.requests(sip::Method::kPrack).size(), 1U);
  EXPECT_FALSE(bob.core->early_media(std::nullopt, net.now));  // running already

  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  EXPECT_EQ(alice.events<event::CallConfirmed>().size(), 1U);
  EXPECT_EQ(bob.events<event::CallConfirmed>().size(), 1U);
  EXPECT_EQ(bob.media_started.size(), 1U);  // the early media goes on as the call's
  EXPECT_EQ(alice.media_started.size(), 1U);
  const auto answered = invite_responses(net, 200);
  ASSERT_EQ(answered.size(), 1U);
  EXPECT_EQ(answered[0].body(), early[0].body());  // the same answer (RFC 3262 §5)
}

TEST_F(Ringing, EarlyMediaNeedsARingingCall) {
  EXPECT_EQ(bob.core->early_media(7, net.now).error().reason,
            "no ringing call to send early media in");
  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  EXPECT_FALSE(bob.core->early_media(std::nullopt, net.now));  // answered already
}

}  // namespace
}  // namespace sipline::app
