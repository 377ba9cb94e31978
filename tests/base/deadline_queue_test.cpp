// The deadline queue behind the phone's one OS timer: order, cancel, re-arm, and memory bounded
// by the armed keys however often they move; checked against a plain map on random operations.
#include "base/deadline_queue.hpp"

#include <map>
#include <random>

#include <gtest/gtest.h>

namespace sipline {
namespace {

TimePoint at_ms(int ms) { return TimePoint{} + std::chrono::milliseconds(ms); }

TEST(DeadlineQueue, PopsDueKeysEarliestFirstAndNothingEarly) {
  DeadlineQueue<int> queue;
  queue.set(3, at_ms(30));
  queue.set(1, at_ms(10));
  queue.set(2, at_ms(20));
  EXPECT_EQ(queue.next(), at_ms(10));
  EXPECT_EQ(queue.pop_due(at_ms(9)), std::nullopt);
  EXPECT_EQ(queue.pop_due(at_ms(25)), 1);
  EXPECT_EQ(queue.pop_due(at_ms(25)), 2);
  EXPECT_EQ(queue.pop_due(at_ms(25)), std::nullopt);
  EXPECT_EQ(queue.next(), at_ms(30));
  EXPECT_EQ(queue.pop_due(at_ms(30)), 3);
  EXPECT_TRUE(queue.empty());
  EXPECT_EQ(queue.next(), std::nullopt);
}

TEST(DeadlineQueue, CancelledKeysNeverFire) {
  DeadlineQueue<int> queue;
  queue.set(1, at_ms(10));
  queue.set(2, at_ms(20));
  queue.cancel(1);
  EXPECT_FALSE(queue.armed(1));
  EXPECT_EQ(queue.next(), at_ms(20));
  EXPECT_EQ(queue.pop_due(at_ms(100)), 2);
  EXPECT_EQ(queue.pop_due(at_ms(100)), std::nullopt);
}

TEST(DeadlineQueue, ReArmingMovesTheDeadlineEitherWay) {
  DeadlineQueue<int> queue;
  queue.set(1, at_ms(10));
  queue.set(1, at_ms(50));  // later: the old entry must not fire at 10
  EXPECT_EQ(queue.pop_due(at_ms(20)), std::nullopt);
  EXPECT_EQ(queue.next(), at_ms(50));
  queue.set(1, at_ms(5));  // earlier
  EXPECT_EQ(queue.pop_due(at_ms(5)), 1);
  EXPECT_EQ(queue.pop_due(at_ms(100)), std::nullopt);  // fired once, not again at 50
}

TEST(DeadlineQueue, TheSameDeadlineSetTwiceFiresOnce) {
  DeadlineQueue<int> queue;
  queue.set(7, at_ms(10));
  queue.set(7, at_ms(10));
  EXPECT_EQ(queue.pop_due(at_ms(10)), 7);
  EXPECT_EQ(queue.pop_due(at_ms(10)), std::nullopt);
}

TEST(DeadlineQueue, MemoryFollowsTheArmedKeysNotTheMoves) {
  DeadlineQueue<int> queue;
  for (int round = 0; round < 100000; ++round) {
    queue.set(round % 10, at_ms(round));  // ten keys moved again and again
  }
  EXPECT_EQ(queue.size(), 10U);
  EXPECT_LE(queue.entries(), 64U);
  for (int key = 0; key < 10; ++key) {
    queue.cancel(key);
  }
  for (int round = 0; round < 1000; ++round) {
    queue.set(100, at_ms(round));
    queue.cancel(100);
  }
  EXPECT_LE(queue.entries(), 64U);
  EXPECT_EQ(queue.next(), std::nullopt);
}

// Random sets, cancels and pops, against a map that says which key is due next.
TEST(DeadlineQueue, AgreesWithAPlainMapOnRandomOperations) {
  std::mt19937 random(11);
  DeadlineQueue<int> queue;
  std::map<int, TimePoint> model;
  int now_ms = 0;
  for (int step = 0; step < 200000; ++step) {
    const int key = static_cast<int>(random() % 200);
    switch (random() % 4) {
      case 0:
      case 1: {
        const TimePoint at = at_ms(now_ms + static_cast<int>(random() % 1000));
        queue.set(key, at);
        model[key] = at;
        break;
      }
      case 2:
        queue.cancel(key);
        model.erase(key);
        break;
      default: {
        now_ms += static_cast<int>(random() % 20);
        while (auto due = queue.pop_due(at_ms(now_ms))) {
          const auto expected = model.find(*due);
          ASSERT_NE(expected, model.end()) << "key " << *due << " fired unarmed";
          ASSERT_LE(expected->second, at_ms(now_ms));
          for (const auto& [other, at] : model) {  // nothing earlier was left behind
            ASSERT_GE(at, expected->second) << "key " << other << " skipped";
          }
          model.erase(expected);
        }
        for (const auto& [other, at] : model) {
          ASSERT_GT(at, at_ms(now_ms)) << "key " << other << " overdue";
        }
      }
    }
    ASSERT_EQ(queue.size(), model.size());
  }
}

}  // namespace
}  // namespace sipline
