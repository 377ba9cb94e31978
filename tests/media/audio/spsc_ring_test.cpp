// The SPSC ring: capacity, wrap-around, partial pushes and pops, and a producer and consumer on
// two threads passing a long counting sequence without loss, duplication or reordering.
#include "media/audio/spsc_ring.hpp"

#include <cstdint>
#include <numeric>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::media {
namespace {

TEST(SpscRing, CapacityRoundsUpToAPowerOfTwo) {
  EXPECT_EQ(SpscRing<int>(100).capacity(), 128U);
  EXPECT_EQ(SpscRing<int>(128).capacity(), 128U);
  EXPECT_EQ(SpscRing<int>(0).capacity(), 2U);
}

TEST(SpscRing, PushesWhatFitsAndPopsWhatIsThere) {
  SpscRing<int> ring(8);
  std::vector<int> in(10);
  std::iota(in.begin(), in.end(), 0);
  EXPECT_EQ(ring.push(in), 8U);
  EXPECT_EQ(ring.size(), 8U);
  std::vector<int> out(5);
  EXPECT_EQ(ring.pop(out), 5U);
  EXPECT_EQ(out, (std::vector<int>{0, 1, 2, 3, 4}));
  // Wraps around the end of the storage.
  EXPECT_EQ(ring.push(std::span(in).subspan(8)), 2U);
  std::vector<int> rest(10);
  EXPECT_EQ(ring.pop(rest), 5U);
  EXPECT_EQ(std::vector<int>(rest.begin(), rest.begin() + 5), (std::vector<int>{5, 6, 7, 8, 9}));
  EXPECT_EQ(ring.pop(rest), 0U);
}

TEST(SpscRing, TwoThreadsPassAMillionItemsInOrder) {
  SpscRing<std::uint32_t> ring(256);
  constexpr std::uint32_t kCount = 1'000'000;
  std::thread producer([&ring] {
    std::uint32_t next = 0;
    std::vector<std::uint32_t> chunk(37);
    while (next < kCount) {
      const std::uint32_t n = std::min<std::uint32_t>(37, kCount - next);
      for (std::uint32_t i = 0; i < n; ++i) {
        chunk[i] = next + i;
      }
      next += static_cast<std::uint32_t>(ring.push(std::span(chunk).first(n)));
    }
  });
  std::uint32_t expected = 0;
  bool in_order = true;
  std::vector<std::uint32_t> out(53);
  while (expected < kCount) {
    const std::size_t n = ring.pop(out);
    for (std::size_t i = 0; i < n; ++i) {
      in_order = in_order && out[i] == expected;
      ++expected;
    }
  }
  producer.join();
  EXPECT_TRUE(in_order);
  EXPECT_EQ(ring.size(), 0U);
}

}  // namespace
}  // namespace sipline::media
