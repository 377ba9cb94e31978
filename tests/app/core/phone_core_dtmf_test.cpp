// DTMF through the phone core on a virtual network and clock: a key the media heard (RFC 4733
// events, one report per key) becomes a typed event naming the call, and a report that
// outlived its call says nothing.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using InACall = test::AliceTalksToBob;

TEST_F(InACall, AKeyTheMediaHeardIsToldAsAnEventOfItsCall) {
  const sip::CallId call = bob.core->calls().at(0).call.id;
  bob.core->on_media_dtmf(call, '5');
  bob.core->on_media_dtmf(call, '#');
  net.settle();
  const auto keys = bob.events<event::CallDtmf>();
  ASSERT_EQ(keys.size(), 2U);
  EXPECT_EQ(keys[0].key, '5');
  EXPECT_EQ(keys[1].key, '#');
  EXPECT_EQ(keys[0].call.id, call);
  EXPECT_EQ(keys[0].call.direction, CallDirection::kIncoming);
  EXPECT_TRUE(alice.events<event::CallDtmf>().empty());
}

TEST_F(InACall, AKeyForACallThatIsGoneSaysNothing) {
  const sip::CallId call = bob.core->calls().at(0).call.id;
  bob.core->on_media_dtmf(call + 1, '1');  // no such call
  ASSERT_TRUE(alice.core->hangup(std::nullopt, net.now));
  net.settle();
  bob.core->on_media_dtmf(call, '2');  // its media's last tick, after the BYE
  net.settle();
  EXPECT_TRUE(bob.events<event::CallDtmf>().empty());
}

}  // namespace
}  // namespace sipline::app
