// What a sender reports in its SR (RFC 3550 §6.4.1): packets and octets sent, and the RTP
// timestamp that corresponds to the NTP time of the report.
#pragma once

#include <cstdint>
#include <optional>

#include "base/clock.hpp"
#include "rtp/stats/ntp_time.hpp"

namespace sipline::rtp {

struct SenderInfo {
  std::uint64_t ntp = 0;  // 32.32 fixed point
  std::uint32_t rtp_timestamp = 0;
  std::uint32_t packet_count = 0;  // wraps, as the field does
  std::uint32_t octet_count = 0;   // payload octets only
  friend bool operator==(const SenderInfo&, const SenderInfo&) = default;
};

class SendStatistics {
 public:
  explicit SendStatistics(std::uint32_t clock_rate) noexcept : clock_rate_(clock_rate) {}

  void on_sent(std::uint32_t rtp_timestamp, std::size_t payload_bytes, TimePoint now) noexcept;

  [[nodiscard]] bool has_sent() const noexcept { return last_.has_value(); }
  // The sender info for an SR at `now`: the RTP timestamp extrapolated from the last packet
  // sent at the media clock rate (RFC 3550 §6.4.1).
  [[nodiscard]] SenderInfo sender_info(TimePoint now) const noexcept;

 private:
  struct Last {
    std::uint32_t rtp_timestamp;
    TimePoint at;
  };
  std::uint32_t clock_rate_;
  std::uint32_t packets_ = 0;
  std::uint32_t octets_ = 0;
  std::optional<Last> last_;
};

}  // namespace sipline::rtp
