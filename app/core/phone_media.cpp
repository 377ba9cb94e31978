// The phone driver's media side: RTP port pairs reserved for the core's offers and answers,
// and what the media thread has to say (report lines, stopped calls' statistics).
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>

#include "app/core/phone.hpp"

namespace sipline::app {

Result<PortSource::Reserved> Phone::reserve() {
  auto port = media_->reserve_port();
  if (!port) {
    return std::unexpected(port.error());
  }
  const std::uint32_t ticket = next_ticket_++;
  const std::uint16_t number = port->port;
  ports_.emplace(ticket, std::move(*port));
  return Reserved{ticket, number};
}

void Phone::release(std::uint32_t ticket) {
  if (auto port = ports_.extract(ticket)) {
    media_->release_port(std::move(port.mapped()));
  }
}

void Phone::on_media_news(const std::vector<MediaNews>& news) {
  for (const MediaNews& item : news) {
    if (const auto* line = std::get_if<std::string>(&item)) {
      sink_(event::MediaReport{*line});
    } else if (const auto* dtmf = std::get_if<MediaDtmf>(&item)) {
      core_->on_media_dtmf(dtmf->call, dtmf->key, dtmf->via);
      carry_out();
    } else if (const auto& stopped = std::get<MediaStopped>(item);
               auto summary = records_.on_media_stopped(stopped.call, stopped.last)) {
      sink_(*summary);
    }
  }
  finish_shutdown_if_done();
}

namespace {

// MicroSIP keeps recordings in the user's documents; here $XDG_DATA_HOME/sipline/recordings
// (~/.local/share/…), or ./recordings without a home.
std::filesystem::path default_recordings() {
  if (const char* data = std::getenv("XDG_DATA_HOME"); data != nullptr && *data != '\0') {
    return std::filesystem::path(data) / "sipline" / "recordings";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".local" / "share" / "sipline" / "recordings";
  }
  return "recordings";
}

}  // namespace

void Phone::record(const media_command::Record& record) {
  if (media_ == nullptr) {
    return;
  }
  if (!record.on) {
    media_->stop_recording(record.call);
    emit(event::MediaReport{fmt::format("call {} recording stopped", record.call)});
    return;
  }
  const std::filesystem::path folder = config_.recording_path.empty()
                                           ? default_recordings()
                                           : std::filesystem::path(config_.recording_path);
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  const std::time_t wall = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm local{};
  localtime_r(&wall, &local);
  const std::string path =
      (folder / recording_file_name(local, record.name, config_.recording_format)).string();
  const auto format = config_.recording_format == RecordingFormat::kMp3
                          ? media::AudioFileFormat::kMp3
                          : media::AudioFileFormat::kWav;
  if (auto started = media_->start_recording(record.call, path, format); !started) {
    emit(event::MediaReport{
        fmt::format("call {} not recorded: {} ({})", record.call, started.error().reason, path)});
    return;
  }
  emit(event::MediaReport{fmt::format("call {} recording to {}", record.call, path)});
}

}  // namespace sipline::app
