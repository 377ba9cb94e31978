// PortAudio for real. On a machine without a sound card the default device is reported clearly
// as missing; with one it opens and calls back, or PortAudio's reason says why not. ALSA's null
// PCM (set up through a private ~/.asoundrc) gives every machine a device to choose by name,
// stream from, and ask for a rate it refuses.
#include "media/audio/portaudio_device.hpp"

#include <portaudio.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "media/audio/audio_bridge.hpp"
#include "tests/support/wait.hpp"

namespace sipline::media {
namespace {

using sipline::test::wait_for;

// A device refused the stream asked for: the reason is PortAudio's own, for one of the ways
// Pa_OpenStream turns a format or a device down, never our text or an empty one.
void expect_refused_by_portaudio(const Error& error) {
  EXPECT_EQ(error.code, Errc::kIo);
  const std::vector<std::string_view> refusals = {
      Pa_GetErrorText(paInvalidSampleRate),        Pa_GetErrorText(paInvalidChannelCount),
      Pa_GetErrorText(paSampleFormatNotSupported), Pa_GetErrorText(paDeviceUnavailable),
      Pa_GetErrorText(paBadIODeviceCombination),   Pa_GetErrorText(paUnanticipatedHostError)};
  EXPECT_THAT(refusals, ::testing::Contains(error.reason));
}

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
      EXPECT_TRUE(wait_for([&] { return (*device)->callbacks() >= 10; }));
      (*device)->stop();
      EXPECT_EQ(bridge.counters().callbacks, (*device)->callbacks());
    } else {
      expect_refused_by_portaudio(device.error());
    }
  } else {
    ASSERT_FALSE(device);
    EXPECT_EQ(device.error().code, Errc::kNotFound);
    EXPECT_EQ(device.error().reason,
              has_input ? "no audio output device: PortAudio found none (use --audio null or "
                          "--audio file:IN.wav:OUT.wav)"
                        : "no audio input device: PortAudio found none (use --audio null or "
                          "--audio file:IN.wav:OUT.wav)");
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
  EXPECT_TRUE(wait_for([&] { return (*device)->callbacks() >= 10; }));
  (*device)->stop();
  EXPECT_EQ(bridge.counters().callbacks, (*device)->callbacks());
  EXPECT_FALSE((*device)->failure());  // stopped by us: not a failure

  const auto missing = PortAudioDevice::open({"no such microphone", "", {16000, 160}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, Errc::kNotFound);
  EXPECT_EQ(missing.error().reason,
            "no audio input device by that name (list them with --list-audio)");
}

TEST(PortAudioDevice, AFormatTheDeviceRefusesFailsWithPortAudiosReason) {
  use_alsa_null_device();
  const auto device = PortAudioDevice::open({"sipline_null", "sipline_null", {1'000'000, 480}});
  ASSERT_FALSE(device);
  expect_refused_by_portaudio(device.error());
  EXPECT_EQ(device.error().reason, std::string_view(Pa_GetErrorText(paInvalidSampleRate)));
}

}  // namespace
}  // namespace sipline::media
