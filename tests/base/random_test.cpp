#include "base/random.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include <gtest/gtest.h>

namespace sipline {
namespace {

TEST(SeededRandom, SameSeedSameSequence) {
  SeededRandom a(42);
  SeededRandom b(42);
  SeededRandom c(43);
  const std::uint64_t first = a.next_u64();
  EXPECT_EQ(first, b.next_u64());
  EXPECT_NE(first, c.next_u64());
}

TEST(SeededRandom, FollowsTheStandardMt19937_64Sequence) {
  // C++ [rand.predef]: the 10000th output of a default-constructed mt19937_64 (seed 5489).
  SeededRandom random(5489);
  std::uint64_t value = 0;
  for (int i = 0; i < 10000; ++i) {
    value = random.next_u64();
  }
  EXPECT_EQ(value, 9981545732273789042ULL);
}

TEST(Random, UniformStaysInRangeAndCoversIt) {
  SeededRandom random(7);
  std::array<int, 6> counts{};
  for (int i = 0; i < 60000; ++i) {
    const std::uint32_t value = random.uniform(6);
    ASSERT_LT(value, 6U);
    ++counts[value];
  }
  for (const int count : counts) {
    EXPECT_NEAR(count, 10000, 500);  // > 5 σ of a binomial(60000, 1/6)
  }
  EXPECT_EQ(random.uniform(0), 0U);
  EXPECT_EQ(random.uniform(1), 0U);
}

TEST(Random, UnitIsInTheHalfOpenInterval) {
  SeededRandom random(9);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double value = random.unit();
    ASSERT_GE(value, 0.0);
    ASSERT_LT(value, 1.0);
    sum += value;
  }
  EXPECT_NEAR(sum / 100000, 0.5, 0.005);
}

TEST(Random, TokensAreAlphanumericAndDistinct) {
  SeededRandom random(11);
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string token = random.token(10);
    ASSERT_EQ(token.size(), 10U);
    EXPECT_TRUE(std::all_of(token.begin(), token.end(), [](char ch) {
      return (ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    }));
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 1000U);
}

TEST(SystemRandom, ProducesDifferentBytesAcrossItsPoolBoundary) {
  SystemRandom random;
  std::array<std::byte, 1000> a{};
  std::array<std::byte, 1000> b{};
  random.fill(a);
  random.fill(b);
  EXPECT_NE(a, b);
  // Not all one value: a broken source that returns zeros would fail here.
  EXPECT_GT(std::count_if(a.begin(), a.end(), [](std::byte x) { return x != std::byte{0}; }), 900);
}

}  // namespace
}  // namespace sipline
