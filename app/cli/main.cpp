// The sipline program: parses the command line and runs the phone.
#include <cstdio>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "app/cli/options.hpp"

int main(int argc, char** argv) {
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  const auto options = sipline::app::parse_options(args);
  if (!options) {
    fmt::print(stderr, "sipline: {} (try --help)\n", options.error().message);
    return 2;
  }
  switch (options->mode) {
    case sipline::app::Options::Mode::kHelp:
      fmt::print("{}", sipline::app::usage_text());
      return 0;
    case sipline::app::Options::Mode::kVersion:
    case sipline::app::Options::Mode::kRun:
      // TODO(#10): run the phone; until then the program only identifies itself.
      fmt::print("{}", sipline::app::version_text());
      return 0;
  }
  return 0;
}
