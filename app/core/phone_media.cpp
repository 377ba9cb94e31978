// The phone driver's media side: RTP port pairs reserved for the core's offers and answers,
// and what the media thread has to say (report lines, stopped calls' statistics).
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

}  // namespace sipline::app
