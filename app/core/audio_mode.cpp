// The audio modes, parsed, and the device each opens.
#include "app/core/audio_mode.hpp"

#include <fmt/format.h>

#include "media/audio/file_device.hpp"
#include "media/audio/paced_device.hpp"
#include "media/audio/portaudio_device.hpp"

namespace sipline::app {

std::optional<AudioMode> parse_audio_mode(std::string_view text) {
  if (text == "null") {
    return AudioMode{};
  }
  if (text == "default") {
    return AudioMode{AudioMode::Kind::kSoundCard, {}, {}};
  }
  if (text == "auto") {
    return AudioMode{AudioMode::Kind::kAuto, {}, {}};
  }
  if (!text.starts_with("file:")) {
    return std::nullopt;
  }
  const auto colon = text.find(':', 5);
  if (colon == std::string_view::npos) {
    return std::nullopt;
  }
  return AudioMode{AudioMode::Kind::kFiles, std::string(text.substr(5, colon - 5)),
                   std::string(text.substr(colon + 1))};
}

Result<std::unique_ptr<media::AudioDevice>> open_audio_device(const std::string& audio,
                                                              media::AudioFormat format, bool& card,
                                                              std::string& note) {
  const auto mode = parse_audio_mode(audio);
  if (!mode) {
    return fail(Errc::kInvalidArgument, "audio must be auto, null, default or file:IN.wav:OUT.wav",
                0);
  }
  switch (mode->kind) {
    case AudioMode::Kind::kNull:
      return std::unique_ptr<media::AudioDevice>(new media::NullDevice(format));
    case AudioMode::Kind::kFiles: {
      auto device = media::FileDevice::open({mode->input, mode->output, false, format});
      if (!device) {
        return std::unexpected(device.error());
      }
      return std::unique_ptr<media::AudioDevice>(std::move(*device));
    }
    case AudioMode::Kind::kSoundCard:
    case AudioMode::Kind::kAuto:
      break;
  }
  auto device =
      media::PortAudioDevice::open({"", "", {format.sample_rate, 2 * format.frames_per_buffer}});
  if (!device) {
    if (mode->kind == AudioMode::Kind::kAuto) {
      note = fmt::format("audio: no sound card ({}); calls run with null audio",
                         device.error().reason);
      return std::unique_ptr<media::AudioDevice>(new media::NullDevice(format));
    }
    return std::unexpected(device.error());
  }
  card = true;
  return std::unique_ptr<media::AudioDevice>(std::move(*device));
}

}  // namespace sipline::app
