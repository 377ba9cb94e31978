#include "app/core/recording.hpp"

#include <fmt/format.h>

#include "base/text.hpp"

namespace sipline::app {
namespace {

constexpr std::size_t kMaxPart = 64;

std::string file_safe(std::string_view text) {
  std::string out;
  for (const char c : text.substr(0, kMaxPart)) {
    const bool keep = is_alnum(c) || c == '.' || c == '+' || c == '@' || c == '-' || c == '_';
    out += keep ? c : '_';
  }
  if (out.empty() || out.find_first_not_of('.') == std::string::npos) {
    out = "_" + out;  // never "", "." or ".."
  }
  return out;
}

}  // namespace

std::expected<RecordingFormat, std::string> parse_recording_format(std::string_view text) {
  if (text.empty() || iequals(text, "wav")) {
    return RecordingFormat::kWav;
  }
  if (iequals(text, "mp3")) {
    return RecordingFormat::kMp3;
  }
  return std::unexpected(fmt::format("needs wav or mp3, got '{}'", text));
}

std::string recording_file_name(const std::tm& local, const RecordingName& name,
                                RecordingFormat format) {
  return fmt::format("{:04}{:02}{:02}-{:02}{:02}{:02}-{}-{}-{}.{}", local.tm_year + 1900,
                     local.tm_mon + 1, local.tm_mday, local.tm_hour, local.tm_min, local.tm_sec,
                     file_safe(name.remote), name.incoming ? "incoming" : "outgoing",
                     file_safe(name.label), format == RecordingFormat::kMp3 ? "mp3" : "wav");
}

}  // namespace sipline::app
