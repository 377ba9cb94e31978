#include "base/clock.hpp"

#include <gtest/gtest.h>

namespace sipline {
namespace {

using namespace std::chrono_literals;

TEST(ManualClock, StartsAtTheGivenTimeAndMovesOnlyWhenTold) {
  ManualClock clock(TimePoint{5s});
  EXPECT_EQ(clock.now(), TimePoint{5s});
  EXPECT_EQ(clock.now(), TimePoint{5s});
  clock.advance(500ms);
  EXPECT_EQ(clock.now(), TimePoint{5500ms});
  clock.advance(1us);
  EXPECT_EQ(clock.now().time_since_epoch().count(), 5'500'001);
}

TEST(ManualClock, NeverGoesBackwards) {
  ManualClock clock(TimePoint{10s});
  clock.set(TimePoint{3s});
  EXPECT_EQ(clock.now(), TimePoint{10s});
  clock.advance(-1s);
  EXPECT_EQ(clock.now(), TimePoint{10s});
  clock.set(TimePoint{12s});
  EXPECT_EQ(clock.now(), TimePoint{12s});
}

TEST(ManualClock, WorksThroughTheClockSeam) {
  ManualClock manual;
  const Clock& clock = manual;
  manual.advance(64 * 500ms);  // RFC 3261 Timer B
  EXPECT_EQ(clock.now(), TimePoint{32s});
}

TEST(SteadyClock, IsMonotonic) {
  const SteadyClock clock;
  TimePoint previous = clock.now();
  for (int i = 0; i < 1000; ++i) {
    const TimePoint next = clock.now();
    EXPECT_GE(next, previous);
    previous = next;
  }
  EXPECT_GT(previous.time_since_epoch().count(), 0);
}

}  // namespace
}  // namespace sipline
