// Call recording's names and formats (MicroSIP's autoRecording, recordingPath,
// recordingFormat): what the phone core asks the media to record, and the file name, as pure
// functions. The driver (phone.cpp) reads the wall clock and creates the file.
#pragma once

#include <cstdint>
#include <ctime>
#include <expected>
#include <string>
#include <string_view>

namespace sipline::app {

enum class RecordingFormat : std::uint8_t { kWav, kMp3 };

// recordingFormat: "wav" (the default, also when empty) or "mp3".
[[nodiscard]] std::expected<RecordingFormat, std::string> parse_recording_format(
    std::string_view text);

// Who a recorded call is with, for its file name.
struct RecordingName {
  std::string remote;     // the peer's user part, or its host when it has none
  bool incoming = false;  // which way the call went
  std::string label;      // our account's label, or our user name
};

// MicroSIP's file name: YYYYMMDD-HHMMSS-<remote>-<outgoing|incoming>-<label>.<wav|mp3>, at the
// `local` time the recording starts. Characters a file name should not hold (path separators,
// control characters, shell and Windows specials) become '_', each part capped at 64 bytes:
// a caller's name cannot escape the recordings folder or hide the extension.
[[nodiscard]] std::string recording_file_name(const std::tm& local, const RecordingName& name,
                                              RecordingFormat format);

}  // namespace sipline::app
