// The bridge between the device callback and the media thread: rings both ways and the
// callbacks' stamps that the media thread's device clock reads.
#include "media/audio/audio_bridge.hpp"

#include <vector>

#include <gtest/gtest.h>

namespace sipline::media {
namespace {

constexpr AudioFormat kFormat{48000, 240};

TEST(AudioBridge, StampsEachCallbackWithTheSamplesCapturedBeforeIt) {
  AudioBridge bridge(kFormat, 480);
  EXPECT_FALSE(bridge.capture_stamp());
  std::vector<std::int16_t> capture(240, 7);
  std::vector<std::int16_t> playback(240);
  for (std::uint64_t n = 0; n < 3; ++n) {
    const TimePoint before = SteadyClock().now();
    bridge.process(capture, playback);
    const TimePoint after = SteadyClock().now();
    const auto stamp = bridge.capture_stamp();
    ASSERT_TRUE(stamp);
    EXPECT_EQ(stamp->sample, n * 240);
    EXPECT_LE(before, stamp->at);
    EXPECT_LE(stamp->at, after);
  }
}

TEST(AudioBridge, CountsTheCaptureSamplesReadSoTheirStampsLineUp) {
  AudioBridge bridge(kFormat, 0);
  std::vector<std::int16_t> capture(240, 1);
  std::vector<std::int16_t> playback(240);
  std::vector<std::int16_t> frame(120);
  EXPECT_FALSE(bridge.read_capture(frame));
  bridge.process(capture, playback);
  EXPECT_EQ(bridge.capture_read(), 0U);
  EXPECT_TRUE(bridge.read_capture(frame));
  EXPECT_TRUE(bridge.read_capture(frame));
  EXPECT_FALSE(bridge.read_capture(frame));
  EXPECT_EQ(bridge.capture_read(), 240U);
  // No prefill: the speaker got silence, counted.
  EXPECT_EQ(bridge.counters().playback_missing, 240U);
}

TEST(AudioBridge, StampsCountOnlyTheSamplesTheRingTook) {
  // Nobody reads: once the ring (a second and more) is full, capture is dropped, and the last
  // callback's stamp counts only what the ring took before it — its own samples were dropped too.
  AudioBridge bridge(kFormat, 0);
  std::vector<std::int16_t> capture(240);
  std::vector<std::int16_t> playback(240);
  for (int n = 0; n < 2 * 200 + 1; ++n) {
    bridge.process(capture, playback);
  }
  const auto stamp = bridge.capture_stamp();
  ASSERT_TRUE(stamp);
  EXPECT_GT(bridge.counters().capture_dropped, 0U);
  EXPECT_EQ(stamp->sample + bridge.counters().capture_dropped, 401U * 240);
}

}  // namespace
}  // namespace sipline::media
