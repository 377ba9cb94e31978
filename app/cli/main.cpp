// The sipline program: parses the command line and runs the phone.
#include <cstdio>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "app/cli/options.hpp"
#include "media/audio/portaudio_device.hpp"

namespace {

// `sipline --list-audio`: one line per device, the defaults marked.
int list_audio() {
  const auto devices = sipline::media::list_audio_devices();
  if (!devices) {
    fmt::print(stderr, "sipline: cannot list audio devices: {}\n", devices.error().reason);
    return 1;
  }
  if (devices->empty()) {
    fmt::print("no audio devices (calls can still run with --audio null or a WAV file)\n");
    return 0;
  }
  fmt::print("audio devices (name, host API, inputs/outputs, default rate):\n");
  for (const auto& device : *devices) {
    fmt::print("  {}{}{}  [{}] {}/{} {:.0f} Hz\n", device.name,
               device.default_input ? " (default input)" : "",
               device.default_output ? " (default output)" : "", device.host_api,
               device.max_input_channels, device.max_output_channels, device.default_sample_rate);
  }
  return 0;
}

}  // namespace

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
    case sipline::app::Options::Mode::kListAudio:
      return list_audio();
    case sipline::app::Options::Mode::kVersion:
    case sipline::app::Options::Mode::kRun:
      // TODO(#10): run the phone; until then the program only identifies itself.
      fmt::print("{}", sipline::app::version_text());
      return 0;
  }
  return 0;
}
