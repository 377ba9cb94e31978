// Recording in the phone core (phone_core_recording.cpp): `record` on a call with media running
// asks the media for it with the file name's parts; off stops it; autoRecording records every
// call once confirmed.
#include <gtest/gtest.h>

#include "app/core/phone_core.hpp"
#include "tests/app/core/phone_core_support.hpp"

namespace sipline::app {
namespace {

using InACall = test::AliceTalksToBob;

TEST_F(InACall, RecordOnAndOffAskTheMediaWithTheNamesParts) {
  ASSERT_TRUE(alice.core->record(std::nullopt, true, net.now));
  net.settle();
  ASSERT_EQ(alice.recordings.size(), 1U);
  EXPECT_TRUE(alice.recordings[0].on);
  EXPECT_EQ(alice.recordings[0].name.remote, "bob");
  EXPECT_FALSE(alice.recordings[0].name.incoming);
  EXPECT_EQ(alice.recordings[0].name.label, "alice");
  EXPECT_FALSE(alice.core->record(std::nullopt, true, net.now));  // already
  ASSERT_TRUE(bob.core->record(std::nullopt, true, net.now));
  net.settle();
  ASSERT_EQ(bob.recordings.size(), 1U);
  EXPECT_EQ(bob.recordings[0].name.remote, "alice");
  EXPECT_TRUE(bob.recordings[0].name.incoming);
  ASSERT_TRUE(alice.core->record(alice.recordings[0].call, false, net.now));
  net.settle();
  ASSERT_EQ(alice.recordings.size(), 2U);
  EXPECT_FALSE(alice.recordings[1].on);
  EXPECT_FALSE(alice.core->record(99, true, net.now));  // no such call
}

TEST(Recording, AutoRecordingRecordsEachCallOnceConfirmedAndNotBefore) {
  test::Network net;
  test::Endpoint& alice = net.add(test::phone("alice"), 5061);
  PhoneConfig recording = test::phone("bob");
  recording.auto_recording = true;
  test::Endpoint& bob = net.add(recording, 5062);
  ASSERT_TRUE(alice.core->start(net.now));
  ASSERT_TRUE(bob.core->start(net.now));
  ASSERT_TRUE(alice.core->dial("sip:bob@127.0.0.1:5062", net.now));
  net.settle();
  EXPECT_TRUE(bob.recordings.empty());                          // ringing: nothing to record
  EXPECT_FALSE(bob.core->record(std::nullopt, true, net.now));  // no media yet
  ASSERT_TRUE(bob.core->answer(std::nullopt, net.now));
  net.settle();
  ASSERT_EQ(bob.recordings.size(), 1U);
  EXPECT_TRUE(bob.recordings[0].on);
  EXPECT_TRUE(alice.recordings.empty());
}

}  // namespace
}  // namespace sipline::app
