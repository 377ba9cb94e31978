// Command-line parsing for the sipline program.
#include "app/cli/options.hpp"

#include <fmt/format.h>

namespace sipline::app {

std::expected<Options, OptionsError> parse_options(std::span<const std::string_view> args) {
  Options options;
  for (const std::string_view arg : args) {
    if (arg == "-h" || arg == "--help") {
      options.mode = Options::Mode::kHelp;
    } else if (arg == "-V" || arg == "--version") {
      options.mode = Options::Mode::kVersion;
    } else if (arg == "--list-audio") {
      options.mode = Options::Mode::kListAudio;
    } else if (arg.starts_with('-')) {
      return std::unexpected(OptionsError{fmt::format("unknown option '{}'", arg)});
    } else {
      return std::unexpected(OptionsError{fmt::format("unexpected argument '{}'", arg)});
    }
  }
  return options;
}

std::string_view usage_text() {
  return "usage: sipline [options]\n"
         "\n"
         "A softphone written from the protocol up.\n"
         "\n"
         "options:\n"
         "  -h, --help      show this help and exit\n"
         "  -V, --version   show the version and exit\n"
         "  --list-audio    list the sound devices PortAudio sees and exit\n";
}

std::string_view version_text() { return "sipline " SIPLINE_VERSION "\n"; }

}  // namespace sipline::app
