// The audio mode a phone starts with: "auto" takes the sound card when PortAudio opens one and
// otherwise falls back to silence, saying so in one line; "default" fails instead.
#include "app/core/media_engine.hpp"

#include <algorithm>

#include <gtest/gtest.h>

#include "media/audio/portaudio_device.hpp"

namespace sipline::app {
namespace {

TEST(MediaEngine, AutoTakesTheSoundCardOrFallsBackToNullAndSaysSo) {
  // What this machine has: the same open the engine does.
  const bool card = media::PortAudioDevice::open({"", "", {48000, 480}}).has_value();
  std::vector<std::string> lines;
  const SteadyClock clock;
  auto engine = MediaEngine::start({"auto", "127.0.0.1"}, clock,
                                   [&lines](std::string line) { lines.push_back(line); });
  ASSERT_TRUE(engine) << engine.error().reason;
  // The media thread may add a line of its own (no real-time priority here): look for ours.
  const auto fallback = std::ranges::find_if(
      lines, [](const std::string& line) { return line.starts_with("audio: no sound card ("); });
  if (card) {
    EXPECT_EQ(fallback, lines.end());
  } else {
    ASSERT_NE(fallback, lines.end());
    EXPECT_TRUE(fallback->ends_with("); calls run with null audio")) << *fallback;
    // Without a card "default" fails rather than fall back.
    EXPECT_FALSE(MediaEngine::start({"default", "127.0.0.1"}, clock, [](std::string) {}));
  }
  EXPECT_TRUE(parse_audio_mode("auto"));
  EXPECT_FALSE(parse_audio_mode("automatic"));
}

}  // namespace
}  // namespace sipline::app
