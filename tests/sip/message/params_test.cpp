#include "sip/message/params.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace sipline::sip {
namespace {

TEST(HeaderParams, ScansWhiteSpaceQuotedValuesAndFlags) {
  Scanner scanner(R"( ;   tag    = 1918181833n ; x="a;b\"c" ;lr, next)");
  const auto params = scan_header_params(scanner);
  ASSERT_TRUE(params);
  EXPECT_EQ(scanner.rest(), ", next");
  std::vector<Param> all(params->begin(), params->end());
  ASSERT_EQ(all.size(), 3U);
  EXPECT_EQ(all[0].name, "tag");
  EXPECT_EQ(all[0].value, "1918181833n");
  EXPECT_EQ(all[1].value, R"("a;b\"c")");
  EXPECT_EQ(all[2].name, "lr");
  EXPECT_FALSE(all[2].has_value);
  EXPECT_EQ(params->find("TAG"), "1918181833n");
  EXPECT_EQ(params->size(), 3U);
}

TEST(HeaderParams, EmptyNamesAndValuesAreRefused) {
  for (const char* bad : {";", ";;", ";a=", ";=b", "; a = ", ";a=\"unterminated"}) {
    Scanner scanner(bad);
    EXPECT_FALSE(scan_header_params(scanner)) << bad;
  }
}

TEST(HeaderParams, NoParametersIsAnEmptyList) {
  Scanner scanner("  , rest");
  const auto params = scan_header_params(scanner);
  ASSERT_TRUE(params);
  EXPECT_TRUE(params->empty());
  EXPECT_EQ(params->begin(), params->end());
  EXPECT_EQ(scanner.pos(), 0U);
}

TEST(HeaderParams, ValuesMayBeIpv6Addresses) {
  Scanner scanner(";received=2001:db8::9:255;maddr=[::1]");
  const auto params = scan_header_params(scanner);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->find("received"), "2001:db8::9:255");
  EXPECT_EQ(params->find("maddr"), "[::1]");
}

TEST(UriParams, NoWhiteSpaceAndEscapesChecked) {
  Scanner good(";transport=tcp;lr;n%61me=v%61lue");
  const auto params = scan_uri_params(good);
  ASSERT_TRUE(params);
  EXPECT_EQ(params->find("transport"), "tcp");
  EXPECT_TRUE(params->contains("lr"));
  EXPECT_EQ(params->find("n%61me"), "v%61lue");
  for (const char* bad : {";", ";a=", ";%zz", ";a=%4", ";a;A", ";lr;%6C%52", ";ext=1;ext=2"}) {
    Scanner scanner(bad);
    EXPECT_FALSE(scan_uri_params(scanner)) << bad;
  }
}

}  // namespace
}  // namespace sipline::sip

namespace sipline::sip {
namespace {

TEST(UriParams, ManyParametersAreRefused) {
  std::string many;
  for (int i = 0; i < 40; ++i) {
    many += ";p" + std::to_string(i);
  }
  Scanner scanner(many);
  const auto params = scan_uri_params(scanner);
  ASSERT_FALSE(params);
  EXPECT_EQ(params.error().code, Errc::kTooLarge);
}

}  // namespace
}  // namespace sipline::sip
