// RFC 4733 telephone-events.
#include "rtp/packet/telephone_event.hpp"

#include <algorithm>

namespace sipline::rtp {

Result<TelephoneEvent> parse_telephone_event(Bytes payload) noexcept {
  if (payload.size() < kTelephoneEventBytes) {
    return fail(Errc::kTruncated, "telephone-event under 4 bytes", payload.size());
  }
  const auto flags = std::to_integer<std::uint8_t>(payload[1]);
  TelephoneEvent event;
  event.event = std::to_integer<std::uint8_t>(payload[0]);
  event.end = (flags & 0x80) != 0;
  event.volume = static_cast<std::uint8_t>(flags & 0x3F);
  event.duration = static_cast<std::uint16_t>((std::to_integer<unsigned>(payload[2]) << 8) |
                                              std::to_integer<unsigned>(payload[3]));
  return event;
}

void write_telephone_event(const TelephoneEvent& event,
                           std::span<std::byte, kTelephoneEventBytes> out) noexcept {
  out[0] = static_cast<std::byte>(event.event);
  out[1] = static_cast<std::byte>((event.end ? 0x80 : 0) | (event.volume & 0x3F));
  out[2] = static_cast<std::byte>(event.duration >> 8);
  out[3] = static_cast<std::byte>(event.duration);
}

std::vector<TelephoneEventPacket> telephone_event_packets(
    std::uint8_t event, std::uint32_t duration_ms, std::uint32_t start_timestamp,
    std::uint32_t clock_rate, std::uint32_t packet_ms, std::uint8_t volume) {
  std::vector<TelephoneEventPacket> packets;
  if (clock_rate == 0 || packet_ms == 0) {
    return packets;
  }
  const std::uint64_t total = std::uint64_t{duration_ms} * clock_rate / 1000;
  const std::uint64_t step = std::uint64_t{packet_ms} * clock_rate / 1000;
  std::uint64_t segment_start = 0;  // ticks since the key went down
  while (true) {
    const auto timestamp = static_cast<std::uint32_t>(start_timestamp + segment_start);
    const std::uint64_t remaining = total - segment_start;
    const std::uint64_t segment = std::min<std::uint64_t>(remaining, 0xFFFF);
    const bool last_segment = remaining <= 0xFFFF;
    for (std::uint64_t elapsed = step; elapsed < segment; elapsed += step) {
      packets.push_back(
          {packets.empty(), timestamp,
           TelephoneEvent{event, false, volume, static_cast<std::uint16_t>(elapsed)}});
    }
    if (last_segment) {
      for (int copy = 0; copy < 3; ++copy) {
        packets.push_back(
            {packets.empty(), timestamp,
             TelephoneEvent{event, true, volume, static_cast<std::uint16_t>(segment)}});
      }
      return packets;
    }
    // §2.5.1.3: a segment at 0xFFFF ends (without E) and the next starts at a new timestamp.
    packets.push_back({packets.empty(), timestamp, TelephoneEvent{event, false, volume, 0xFFFF}});
    segment_start += 0xFFFF;
  }
}

std::optional<TelephoneEventReceiver::Report> TelephoneEventReceiver::on_packet(
    std::uint32_t timestamp, const TelephoneEvent& event) {
  if (ended_ && *ended_ == timestamp) {
    return std::nullopt;  // a repeated end packet, or a late packet of an ended event
  }
  std::optional<Report> report;
  const bool first = !current_ || *current_ != timestamp;
  if (first) {
    current_ = timestamp;
    report = Report{event.event, true, 0, true};
  }
  if (event.end) {
    ended_ = timestamp;
    current_.reset();
    // A lone end packet (the start was lost) still reports the key, then its end: the end wins.
    return Report{event.event, false, event.duration, first};
  }
  return report;
}

}  // namespace sipline::rtp
