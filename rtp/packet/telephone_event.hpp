// RFC 4733 telephone-events (DTMF): the 4-byte payload, the packet sequence a sender produces for
// one key press, and a receiver that reports each event once however often its end is repeated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "base/bytes.hpp"
#include "base/result.hpp"

namespace sipline::rtp {

struct TelephoneEvent {
  std::uint8_t event = 0;      // 0-9, 10 '*', 11 '#', 12-15 A-D (RFC 4733 §3.2)
  bool end = false;            // E bit
  std::uint8_t volume = 10;    // 0..63, in -dBm0
  std::uint16_t duration = 0;  // in RTP timestamp units since the event's timestamp
  friend bool operator==(const TelephoneEvent&, const TelephoneEvent&) = default;
};

inline constexpr std::size_t kTelephoneEventBytes = 4;

// The key a DTMF event stands for (RFC 4733 §3.2: 0-9, then * # A B C D); '\0' for the events
// above 15 (other tones, not keys).
inline constexpr std::string_view kDtmfKeys = "0123456789*#ABCD";  // by event number
[[nodiscard]] constexpr char dtmf_key(std::uint8_t event) noexcept {
  return event < kDtmfKeys.size() ? kDtmfKeys[event] : '\0';
}
// The event a key stands for, the other way; 0xFF for what is not a key.
[[nodiscard]] constexpr std::uint8_t dtmf_event(char key) noexcept {
  const std::size_t at = kDtmfKeys.find(key);
  return at == std::string_view::npos ? std::uint8_t{0xFF} : static_cast<std::uint8_t>(at);
}

// The first event of a payload (RFC 4733 §2.3; redundant blocks after it are ignored). Fails
// for payloads under 4 bytes and volumes above 63.
[[nodiscard]] Result<TelephoneEvent> parse_telephone_event(Bytes payload) noexcept;
void write_telephone_event(const TelephoneEvent& event,
                           std::span<std::byte, kTelephoneEventBytes> out) noexcept;

struct TelephoneEventPacket {
  bool marker = false;      // the first packet of an event (§2.5.1.1)
  std::uint32_t timestamp;  // the event's start, the same in every packet of one segment
  TelephoneEvent event;
};

// The packets for one key press of `duration_ms`, one every `packet_ms`: the first with the
// marker, durations growing, then the final duration with the E bit three times (§2.5.1.4).
// Events longer than 0xFFFF ticks continue in new segments with new timestamps (§2.5.1.3).
[[nodiscard]] std::vector<TelephoneEventPacket> telephone_event_packets(
    std::uint8_t event, std::uint32_t duration_ms, std::uint32_t start_timestamp,
    std::uint32_t clock_rate, std::uint32_t packet_ms = 20, std::uint8_t volume = 10);

// Receiver side: turns the packet stream into key presses.
class TelephoneEventReceiver {
 public:
  struct Report {
    std::uint8_t event;
    bool started;            // true for a new event; false for its end
    std::uint16_t duration;  // at the end
    // The first report of this event: its start, or a lone end whose start was lost. A key
    // press is reported once by taking only these.
    bool first = false;
  };
  // Feeds one telephone-event packet; returns what it means, if anything new.
  [[nodiscard]] std::optional<Report> on_packet(std::uint32_t timestamp,
                                                const TelephoneEvent& event);

 private:
  std::optional<std::uint32_t> current_;  // timestamp of the event in progress
  std::optional<std::uint32_t> ended_;    // timestamp of the last event that ended
};

}  // namespace sipline::rtp
