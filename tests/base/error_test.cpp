#include "base/error.hpp"

#include <gtest/gtest.h>

namespace sipline {
namespace {

TEST(Error, IsSmallAndTriviallyCopyable) {
  static_assert(std::is_trivially_copyable_v<Error>);
  EXPECT_LE(sizeof(Error), 32U);
}

TEST(Error, FormatsCodeReasonAndOffset) {
  const Error error{Errc::kMalformed, "bad Via", 112};
  EXPECT_EQ(fmt::format("{}", error), "malformed: bad Via at byte 112");
}

TEST(Error, EveryCodeHasAName) {
  for (int code = 0; code <= static_cast<int>(Errc::kCrypto); ++code) {
    EXPECT_NE(to_string(static_cast<Errc>(code)), "unknown") << code;
  }
}

TEST(Error, ComparesByValue) {
  EXPECT_EQ((Error{Errc::kTooLarge, "x", 1}), (Error{Errc::kTooLarge, "x", 1}));
  EXPECT_NE((Error{Errc::kTooLarge, "x", 1}), (Error{Errc::kTooLarge, "x", 2}));
  EXPECT_NE((Error{Errc::kTooLarge, "x", 1}), (Error{Errc::kOverflow, "x", 1}));
}

}  // namespace
}  // namespace sipline
