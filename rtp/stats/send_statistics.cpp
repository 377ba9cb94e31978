// Sender statistics.
#include "rtp/stats/send_statistics.hpp"

namespace sipline::rtp {

void SendStatistics::on_sent(std::uint32_t rtp_timestamp, std::size_t payload_bytes,
                             TimePoint now) noexcept {
  ++packets_;
  octets_ += static_cast<std::uint32_t>(payload_bytes);
  last_ = Last{rtp_timestamp, now};
}

SenderInfo SendStatistics::sender_info(TimePoint now) const noexcept {
  SenderInfo info;
  info.ntp = to_ntp(now);
  info.packet_count = packets_;
  info.octet_count = octets_;
  if (last_) {
    const std::int64_t elapsed = (now - last_->at).count();
    info.rtp_timestamp =
        last_->rtp_timestamp +
        static_cast<std::uint32_t>(elapsed * static_cast<std::int64_t>(clock_rate_) / 1'000'000);
  }
  return info;
}

}  // namespace sipline::rtp
