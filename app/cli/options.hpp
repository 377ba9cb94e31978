// The sipline command line: what the user asked for, parsed without side effects.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace sipline::app {

struct Options {
  enum class Mode { kRun, kHelp, kVersion, kListAudio };
  Mode mode = Mode::kRun;
};

// A parse failure names the offending argument, so main can print one clear line.
struct OptionsError {
  std::string message;  // "unknown option '--frobnicate'"
};

// `args` excludes the program name.
[[nodiscard]] std::expected<Options, OptionsError> parse_options(
    std::span<const std::string_view> args);

[[nodiscard]] std::string_view usage_text();
[[nodiscard]] std::string_view version_text();

}  // namespace sipline::app
