// The jitter buffer's decisions on a manual clock. A small stand-in for the playout applies
// each decision to a count of buffered timestamp units, exactly as media::Playout does with
// audio (tests/media/playout covers the audio).
#include "rtp/jitter/jitter_buffer.hpp"

#include <array>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

constexpr std::uint32_t kSsrc = 0xABCD;

TimePoint at_us(std::int64_t us) { return TimePoint(Duration(us)); }

class Caller {
 public:
  explicit Caller(JitterBufferConfig config = {}) : buffer(config) {}

  InsertResult send(std::uint16_t sequence, std::uint32_t timestamp, std::int64_t arrival_us,
                    std::uint32_t ssrc = kSsrc) {
    return buffer.insert({ssrc, sequence, timestamp, 160, 0, false, payload}, at_us(arrival_us));
  }

  // One 20 ms pull: every decision it took.
  std::vector<Decision> pull(std::int64_t now_us) {
    std::vector<Decision> decisions;
    while (buffered < 160) {
      Decision d = buffer.next_decision(at_us(now_us), buffered);
      switch (d.operation) {
        case Operation::kNone:
          return decisions;
        case Operation::kSilence:
        case Operation::kExpand:
          buffered += d.amount;
          break;
        case Operation::kNormal:
        case Operation::kMerge:
          buffered += d.packet->span;
          played.push_back(d.packet->sequence);
          break;
        case Operation::kAccelerate:
          buffered += d.packet->span - d.amount;
          played.push_back(d.packet->sequence);
          break;
        case Operation::kPreemptiveExpand:
          buffered += d.packet->span + d.amount;
          played.push_back(d.packet->sequence);
          break;
      }
      decisions.push_back(d);
    }
    buffered -= 160;
    return decisions;
  }

  JitterBuffer buffer;
  std::array<std::byte, 160> payload{};
  std::int64_t buffered = 0;
  std::vector<std::uint16_t> played;
};

bool has(const std::vector<Decision>& decisions, Operation operation) {
  for (const Decision& d : decisions) {
    if (d.operation == operation) {
      return true;
    }
  }
  return false;
}

// Packet i sent at 20·i ms, arriving `delay(i)` later; pulls every 20 ms at phase 7 ms.
// Pulls go on `tail_us` past the last packet's send time.
template <class Delay>
void stream(Caller& caller, int first, int last, Delay delay, std::uint32_t timestamp0 = 0,
            std::uint16_t seq0 = 0, std::int64_t tail_us = 200'000) {
  std::vector<std::pair<std::int64_t, int>> arrivals;
  for (int i = first; i < last; ++i) {
    if (delay(i) >= 0) {
      arrivals.emplace_back(std::int64_t{i} * 20'000 + delay(i), i);
    }
  }
  std::sort(arrivals.begin(), arrivals.end());
  std::size_t next = 0;
  for (std::int64_t now = std::int64_t{first} * 20'000 + 7'000;
       now < std::int64_t{last} * 20'000 + tail_us; now += 20'000) {
    for (; next < arrivals.size() && arrivals[next].first <= now; ++next) {
      const int i = arrivals[next].second;
      caller.send(static_cast<std::uint16_t>(seq0 + i),
                  timestamp0 + static_cast<std::uint32_t>(i) * 160U, arrivals[next].first);
    }
    caller.pull(now);
  }
}

TEST(JitterBuffer, SilenceUntilTheFirstPacketThenEveryPacketInOrder) {
  Caller caller;
  EXPECT_EQ(caller.pull(7'000).front().operation, Operation::kSilence);
  stream(caller, 0, 500, [](int) { return 30'000; });
  ASSERT_EQ(caller.played.size(), 500U);
  for (std::size_t i = 0; i < 500; ++i) {
    ASSERT_EQ(caller.played[i], i);
  }
  const auto& stats = caller.buffer.statistics();
  EXPECT_EQ(stats.late, 0U);
  EXPECT_EQ(stats.lost, 0U);
  EXPECT_LT(stats.current_delay_us, 20'000);  // within one pull of the fastest possible
}

TEST(JitterBuffer, ReorderedPacketsPlayInTimestampOrder) {
  Caller caller;
  // Every fifth packet overtakes the one before it by 15 ms.
  stream(caller, 0, 300,
         [](int i) { return i % 5 == 3 ? 40'000 : (i % 5 == 4 ? 22'000 : 30'000); });
  ASSERT_EQ(caller.played.size(), 300U);
  for (std::size_t i = 1; i < caller.played.size(); ++i) {
    ASSERT_EQ(caller.played[i], caller.played[i - 1] + 1);
  }
  EXPECT_EQ(caller.buffer.statistics().late, 0U);
}

TEST(JitterBuffer, DuplicatesAreDroppedAndCounted) {
  Caller caller;
  EXPECT_EQ(caller.send(1, 160, 0), InsertResult::kStored);
  EXPECT_EQ(caller.send(1, 160, 1'000), InsertResult::kDuplicate);
  EXPECT_EQ(caller.buffer.statistics().duplicates, 1U);
}

TEST(JitterBuffer, ALossBurstIsConcealedThenPlayoutGoesOnWithoutAddingDelay) {
  Caller caller;
  stream(caller, 0, 100, [](int i) { return i >= 50 && i < 53 ? -1 : 30'000; });
  const auto& stats = caller.buffer.statistics();
  EXPECT_EQ(stats.lost, 3U);
  EXPECT_EQ(stats.late, 0U);
  EXPECT_EQ(caller.played.size(), 97U);
  EXPECT_LT(stats.current_delay_us, 20'000);  // the timeline was kept
}

TEST(JitterBuffer, APacketLateForItsTimeIsStillPlayedWhenNothingLaterWaits) {
  // Packet 60 comes 45 ms late and 61 after it: concealment, then 60 is played (merged).
  Caller caller;
  std::vector<Decision> all;
  const auto delay = [](int i) { return i == 60 ? 75'000 : (i == 61 ? 80'000 : 30'000); };
  int next = 0;
  for (std::int64_t now = 7'000; now < 1'500'000; now += 20'000) {
    for (; next < 62 && next * 20'000 + delay(next) <= now; ++next) {
      caller.send(static_cast<std::uint16_t>(next), static_cast<std::uint32_t>(next) * 160U,
                  next * 20'000 + delay(next));
    }
    const auto decisions = caller.pull(now);
    all.insert(all.end(), decisions.begin(), decisions.end());
  }
  EXPECT_TRUE(has(all, Operation::kExpand));
  const auto merged = std::find_if(all.begin(), all.end(), [](const Decision& d) {
    return d.operation == Operation::kMerge || (d.packet && d.packet->sequence == 60);
  });
  ASSERT_NE(merged, all.end());
  EXPECT_EQ(merged->packet->sequence, 60);
  EXPECT_EQ(merged->skipped, 0U);
  EXPECT_EQ(caller.buffer.statistics().late, 0U);
  EXPECT_EQ(caller.buffer.statistics().lost, 0U);
  EXPECT_EQ(caller.played.size(), 62U);
}

TEST(JitterBuffer, APacketOvertakenAfterItsTimeIsLateLoss) {
  Caller caller;
  stream(caller, 0, 200, [](int i) { return i == 100 ? 120'000 : 30'000; });
  const auto& stats = caller.buffer.statistics();
  EXPECT_EQ(stats.late, 1U);  // 101 and 102 were there: 100 was given up, then came
  EXPECT_EQ(caller.played.size(), 199U);
}

TEST(JitterBuffer, JitterRaisesTheTargetAndPreemptiveExpansionBuildsTheDelay) {
  Caller caller;
  stream(caller, 0, 250, [](int) { return 30'000; }, 0, 0, 0);
  const std::int64_t calm = caller.buffer.statistics().current_delay_us;
  // From packet 250 on, every other packet is 50 ms slower: one is lost to the change, then
  // the delay grows to cover them.
  stream(caller, 250, 1000, [](int i) { return i % 2 == 0 ? 30'000 : 80'000; });
  const auto& stats = caller.buffer.statistics();
  EXPECT_GE(stats.target_delay_us, 50'000);
  EXPECT_GE(stats.current_delay_us, calm + 40'000);
  EXPECT_LE(stats.current_delay_us, stats.target_delay_us + 25'000);
  EXPECT_LE(stats.late, 2U);
}

TEST(JitterBuffer, SenderClockDriftIsFollowed) {
  // The sender's 20 ms are 20.002 ms of ours (−100 ppm) for 10 minutes: 60 ms accumulate.
  Caller caller;
  std::vector<std::int64_t> delays;
  const auto drift = [](int i) { return 30'000 + i * 2; };
  stream(caller, 0, 30'000, drift);
  const auto& stats = caller.buffer.statistics();
  EXPECT_EQ(stats.late, 0U);
  EXPECT_EQ(stats.lost, 0U);
  EXPECT_LT(stats.current_delay_us, 30'000);  // not 60 ms behind
}

TEST(JitterBuffer, AStrayPacketFromAnotherSourceIsIgnoredARealSwitchIsFollowed) {
  Caller caller;
  stream(caller, 0, 50, [](int) { return 30'000; });
  EXPECT_EQ(caller.send(999, 777'000, 1'000'000, 0x1111), InsertResult::kForeign);
  EXPECT_EQ(caller.buffer.statistics().resets, 0U);
  EXPECT_EQ(caller.send(500, 900'000, 1'000'500, 0x2222), InsertResult::kForeign);
  EXPECT_EQ(caller.send(501, 900'160, 1'020'500, 0x2222), InsertResult::kFlushed);
  EXPECT_EQ(caller.buffer.statistics().resets, 1U);
  caller.played.clear();
  for (std::int64_t now = 1'027'000; now < 1'200'000; now += 20'000) {
    caller.pull(now);
  }
  ASSERT_FALSE(caller.played.empty());
  EXPECT_EQ(caller.played.front(), 501);
}

TEST(JitterBuffer, TimestampsAndSequenceNumbersWrap) {
  Caller caller;
  stream(caller, 0, 400, [](int) { return 30'000; }, 0xFFFFFFFFU - 160U * 200U, 65'400);
  EXPECT_EQ(caller.played.size(), 400U);
  EXPECT_EQ(caller.buffer.statistics().resets, 0U);
  EXPECT_EQ(caller.buffer.statistics().late, 0U);
}

TEST(JitterBuffer, ATimestampJumpRestartsPlayout) {
  Caller caller;
  stream(caller, 0, 50, [](int) { return 30'000; });
  EXPECT_EQ(caller.send(50, 50 * 160 + 8000 * 60, 50 * 20'000 + 30'000), InsertResult::kFlushed);
  EXPECT_EQ(caller.buffer.statistics().resets, 1U);
}

TEST(JitterBuffer, MemoryIsBoundedWhateverArrives) {
  JitterBufferConfig config;
  config.capacity = 16;
  Caller caller(config);
  for (int i = 0; i < 1000; ++i) {
    caller.send(static_cast<std::uint16_t>(i), static_cast<std::uint32_t>(i) * 160U, i);
  }
  EXPECT_GT(caller.buffer.statistics().flushed, 900U);
  std::array<std::byte, 2000> big{};
  EXPECT_EQ(caller.buffer.insert({kSsrc, 2000, 2000 * 160, 160, 0, false, big}, at_us(2000)),
            InsertResult::kTooLarge);
}

}  // namespace
}  // namespace sipline::rtp
