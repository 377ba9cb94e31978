#include "sip/message/method.hpp"

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(Method, NamesRoundTrip) {
  for (int i = 1; i <= static_cast<int>(Method::kUpdate); ++i) {
    const auto method = static_cast<Method>(i);
    EXPECT_EQ(method_from(to_string(method)), method) << to_string(method);
  }
}

TEST(Method, NamesAreCaseSensitive) {
  EXPECT_EQ(method_from("INVITE"), Method::kInvite);
  EXPECT_EQ(method_from("invite"), Method::kUnknown);
  EXPECT_EQ(method_from("RE%47IST%45R"), Method::kUnknown);
  EXPECT_EQ(method_from(""), Method::kUnknown);
  EXPECT_EQ(to_string(Method::kUnknown), "");
}

}  // namespace
}  // namespace sipline::sip
