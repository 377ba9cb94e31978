// PortAudio for real. On a machine without a sound card the default device is reported clearly
// as missing; with one it opens and calls back. ALSA's null PCM (set up through a private
// ~/.asoundrc) gives every machine a device to choose by name and stream from.
#include "media/audio/portaudio_device.hpp"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "media/audio/audio_bridge.hpp"

namespace sipline::media {
namespace {

// Points ALSA at a configuration with a null PCM named sipline_null (and as the default).
void use_alsa_null_device() {
  const auto home =
      std::filesystem::temp_directory_path() / ("sipline-alsa-" + std::to_string(::getpid()));
  std::filesystem::create_directories(home);
  std::ofstream(home / ".asoundrc")
      << "pcm.!default { type null }\n"
         "pcm.sipline_null { type null hint { show on description \"sipline test\" } }\n";
  ::setenv("HOME", home.c_str(), 1);
}

TEST(PortAudioDevice, DefaultDeviceOpensOrIsReportedMissing) {
  const auto devices = list_audio_devices();
  ASSERT_TRUE(devices) << fmt::format("{}", devices.error());
  const bool has_input =
      std::ranges::any_of(*devices, [](const auto& d) { return d.default_input; });
  const bool has_output =
      std::ranges::any_of(*devices, [](const auto& d) { return d.default_output; });
  auto device = PortAudioDevice::open({"", "", {48000, 480}});
  if (has_input && has_output) {
    // A sound card (or a sound server): it may still refuse 48 kHz mono, but with PortAudio's
    // reason, never silently.
    if (device) {
      AudioBridge bridge((*device)->format(), 480);
      ASSERT_TRUE((*device)->start(bridge));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      (*device)->stop();
      EXPECT_GT((*device)->callbacks(), 0U);
    } else {
      EXPECT_FALSE(device.error().reason.empty());
    }
  } else {
    ASSERT_FALSE(device);
    EXPECT_EQ(device.error().code, Errc::kNotFound);
    EXPECT_NE(device.error().reason.find("no audio"), std::string_view::npos);
    EXPECT_NE(device.error().reason.find("--audio null"), std::string_view::npos);
  }
}

TEST(PortAudioDevice, ChoosesADeviceByNameAndStreamsFromIt) {
  use_alsa_null_device();
  const auto devices = list_audio_devices();
  ASSERT_TRUE(devices);
  const auto null =
      std::ranges::find_if(*devices, [](const auto& d) { return d.name == "sipline_null"; });
  ASSERT_NE(null, devices->end()) << "ALSA did not offer the null PCM";
  EXPECT_EQ(null->host_api, "ALSA");
  EXPECT_GE(null->max_input_channels, 1);

  // By a part of its name, in another case.
  auto device = PortAudioDevice::open({"SIPLINE_N", "sipline_null", {16000, 160}});
  ASSERT_TRUE(device) << fmt::format("{}", device.error());
  EXPECT_EQ((*device)->name(), "sipline_null");
  AudioBridge bridge((*device)->format(), 320);
  ASSERT_TRUE((*device)->start(bridge));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  (*device)->stop();
  EXPECT_GT((*device)->callbacks(), 0U);
  EXPECT_GT(bridge.counters().callbacks, 0U);
  EXPECT_FALSE((*device)->failure());  // stopped by us: not a failure

  const auto missing = PortAudioDevice::open({"no such microphone", "", {16000, 160}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
  EXPECT_NE(missing.error().reason.find("by that name"), std::string_view::npos);
}

}  // namespace
}  // namespace sipline::media
