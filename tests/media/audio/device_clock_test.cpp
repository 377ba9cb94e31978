// The device clock reads a sample's time off the earliest-running callback of the last window.
#include "media/audio/device_clock.hpp"

#include <gtest/gtest.h>

namespace sipline::media {
namespace {

constexpr std::uint32_t kRate = 48000;
constexpr std::uint64_t kBuffer = 240;  // 5 ms

TimePoint at_us(std::int64_t us) { return TimePoint{Duration{us}}; }

TEST(DeviceClock, KnowsNothingBeforeTheFirstStamp) {
  const DeviceClock clock(kRate);
  EXPECT_FALSE(clock.time_of(0));
}

TEST(DeviceClock, LateCallbacksDoNotMoveTheSchedule) {
  DeviceClock clock(kRate);
  // Callbacks due every 5 ms from t = 1 s; every third one runs up to 3 ms late.
  for (std::uint64_t n = 0; n < 100; ++n) {
    const std::int64_t late = n % 3 == 1 ? static_cast<std::int64_t>(n % 7) * 400 : 0;
    clock.on_stamp(n * kBuffer, at_us(1'000'000 + static_cast<std::int64_t>(n) * 5000 + late));
    // Every frame so far reads at its place on the schedule, whatever the last stamp said.
    EXPECT_EQ(clock.time_of(n * kBuffer), at_us(1'000'000 + static_cast<std::int64_t>(n) * 5000));
  }
  // Samples inside a buffer and in the future follow the nominal rate.
  EXPECT_EQ(clock.time_of(100 * kBuffer + 48), at_us(1'000'000 + 500'000 + 1000));
}

// A device on schedule for `buffers` callbacks of 5 ms from (sample, t); both move on past them.
void run_on_schedule(DeviceClock& clock, std::uint64_t& sample, std::int64_t& t, int buffers) {
  for (int n = 0; n < buffers; ++n, t += 5000, sample += kBuffer) {
    clock.on_stamp(sample, at_us(t));
  }
}

TEST(DeviceClock, FollowsADeviceThatLostTimeWithinOneWindow) {
  DeviceClock clock(kRate, Duration{1'000'000});
  std::int64_t t = 0;
  std::uint64_t sample = 0;
  run_on_schedule(clock, sample, t, 200);
  // The device stalls 30 ms and goes on from there (a pacing thread that resynchronised).
  t += 30'000;
  run_on_schedule(clock, sample, t, 200);
  EXPECT_EQ(clock.time_of(sample), at_us(t));
}

TEST(DeviceClock, FollowsARestartedScheduleAtOnce) {
  DeviceClock clock(kRate, Duration{1'000'000});
  std::int64_t t = 0;
  std::uint64_t sample = 0;
  run_on_schedule(clock, sample, t, 200);
  // The device starts over 150 ms late and says so: its very next stamp is the schedule.
  t += 150'000;
  clock.restart();
  EXPECT_FALSE(clock.time_of(sample));
  clock.on_stamp(sample, at_us(t));
  EXPECT_EQ(clock.time_of(sample), at_us(t));
  EXPECT_EQ(clock.time_of(sample + kBuffer), at_us(t + 5000));
}

TEST(DeviceClock, FollowsADeviceRunningFast) {
  DeviceClock clock(kRate);
  // 100 ppm fast against the steady clock: each 5 ms buffer comes 0.5 µs early.
  for (std::int64_t n = 0; n < 2000; ++n) {
    clock.on_stamp(static_cast<std::uint64_t>(n) * kBuffer, at_us(n * 5000 - n / 2));
  }
  const auto last = clock.time_of(1999 * kBuffer);
  ASSERT_TRUE(last);
  EXPECT_NEAR(static_cast<double>(last->time_since_epoch().count()), 1999.0 * 5000 - 999, 2.0);
}

}  // namespace
}  // namespace sipline::media
