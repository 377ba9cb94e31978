#include "rtp/packet/sequence.hpp"

#include <gtest/gtest.h>

namespace sipline::rtp {
namespace {

TEST(Sequence, WrapAroundCompare) {
  EXPECT_TRUE(sequence_newer(0, 65535));
  EXPECT_FALSE(sequence_newer(65535, 0));
  EXPECT_EQ(sequence_distance(2, 65534), 4);
  EXPECT_EQ(sequence_distance(65534, 2), -4);
  EXPECT_FALSE(sequence_newer(7, 7));
}

TEST(Sequence, TimestampJumpsOfTwoToTheThirtyOne) {
  EXPECT_TRUE(timestamp_newer(10, 0xFFFFFFF0U));
  EXPECT_EQ(timestamp_distance(0x80000000U, 0), std::numeric_limits<std::int32_t>::min());
  EXPECT_EQ(timestamp_distance(0x7FFFFFFFU, 0), std::numeric_limits<std::int32_t>::max());
  EXPECT_EQ(timestamp_distance(0, 160), -160);
}

}  // namespace
}  // namespace sipline::rtp
