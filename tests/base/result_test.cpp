#include "base/result.hpp"

#include <gtest/gtest.h>

namespace sipline {
namespace {

Result<int> half(int value) {
  if (value % 2 != 0) {
    return fail(Errc::kInvalidArgument, "odd", static_cast<std::size_t>(value));
  }
  return value / 2;
}

TEST(Result, CarriesAValue) {
  const Result<int> result = half(8);
  ASSERT_TRUE(result);
  EXPECT_EQ(*result, 4);
}

TEST(Result, CarriesAnErrorWithReasonAndOffset) {
  const Result<int> result = half(7);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error(), (Error{Errc::kInvalidArgument, "odd", 7}));
}

TEST(Result, OffsetsBeyondFourGiBSaturate) {
  const Result<int> result = fail(Errc::kTooLarge, "huge", std::size_t{1} << 40);
  EXPECT_EQ(result.error().offset, 0xFFFFFFFFU);
}

TEST(Result, ShiftedMovesTheOffsetIntoTheCallersInput) {
  const Result<int> inner = fail(Errc::kMalformed, "bad digit", 3);
  const Result<int> outer = shifted(inner.error(), 100);
  EXPECT_EQ(outer.error(), (Error{Errc::kMalformed, "bad digit", 103}));
}

Result<int> quarter(int value) {
  const Result<int> once = half(value);
  if (!once) {
    return std::unexpected(once.error());
  }
  return half(*once);
}

TEST(Result, PropagatesTheFirstError) {
  EXPECT_EQ(quarter(16).value(), 4);
  EXPECT_EQ(quarter(6).error().offset, 3U);
  EXPECT_EQ(quarter(5).error().offset, 5U);
}

}  // namespace
}  // namespace sipline
