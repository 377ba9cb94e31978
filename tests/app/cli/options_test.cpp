#include "app/cli/options.hpp"

#include <array>

#include <gtest/gtest.h>

namespace sipline::app {
namespace {

TEST(ParseOptions, NoArgumentsRunsThePhone) {
  const auto options = parse_options({});
  ASSERT_TRUE(options);
  EXPECT_EQ(options->mode, Options::Mode::kRun);
}

TEST(ParseOptions, HelpAndVersionInLongAndShortForm) {
  for (const std::string_view arg : {"--help", "-h"}) {
    const std::array args{arg};
    EXPECT_EQ(parse_options(args)->mode, Options::Mode::kHelp) << arg;
  }
  for (const std::string_view arg : {"--version", "-V"}) {
    const std::array args{arg};
    EXPECT_EQ(parse_options(args)->mode, Options::Mode::kVersion) << arg;
  }
}

TEST(ParseOptions, ListAudio) {
  const std::array<std::string_view, 1> args{"--list-audio"};
  EXPECT_EQ(parse_options(args)->mode, Options::Mode::kListAudio);
}

TEST(ParseOptions, AnUnknownOptionIsNamedInTheError) {
  const std::array<std::string_view, 2> args{"--help", "--frobnicate"};
  const auto options = parse_options(args);
  ASSERT_FALSE(options);
  EXPECT_EQ(options.error().message, "unknown option '--frobnicate'");
}

TEST(ParseOptions, AStrayArgumentIsNamedInTheError) {
  const std::array<std::string_view, 1> args{"sip:bob@example.com"};
  EXPECT_EQ(parse_options(args).error().message, "unexpected argument 'sip:bob@example.com'");
}

TEST(UsageText, ListsEveryOption) {
  EXPECT_NE(usage_text().find("--help"), std::string_view::npos);
  EXPECT_NE(usage_text().find("--version"), std::string_view::npos);
  EXPECT_TRUE(version_text().starts_with("sipline "));
}

}  // namespace
}  // namespace sipline::app
