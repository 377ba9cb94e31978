// Which audio device the phone runs (--audio, [Settings] audio=): the modes a user names, and
// opening the device one names.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "media/audio/audio_device.hpp"

namespace sipline::app {

// The audio device a user names: "auto" (the sound card if PortAudio finds one, else null),
// "null", "default" (the sound card, or fail) or "file:IN.wav:OUT.wav".
struct AudioMode {
  enum class Kind : std::uint8_t { kNull, kSoundCard, kFiles, kAuto };
  Kind kind = Kind::kNull;
  std::string input;   // kFiles
  std::string output;  // kFiles
};
[[nodiscard]] std::optional<AudioMode> parse_audio_mode(std::string_view text);

// Opens the device `audio` names, ticking in `format` (a sound card's buffer is two ticks).
// `card`: a sound card was opened; `note`: what the user should know (auto fell back to null).
[[nodiscard]] Result<std::unique_ptr<media::AudioDevice>> open_audio_device(
    const std::string& audio, media::AudioFormat format, bool& card, std::string& note);

}  // namespace sipline::app
