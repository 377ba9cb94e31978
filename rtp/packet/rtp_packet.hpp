// RTP packets (RFC 3550 §5.1) with CSRCs, header extensions (RFC 8285) and padding: parsed as a
// view into the datagram, written into a caller's buffer. No allocation either way.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "base/bytes.hpp"
#include "base/result.hpp"

namespace sipline::rtp {

inline constexpr std::size_t kRtpHeaderBytes = 12;

struct RtpHeaderExtension {
  std::uint16_t profile = 0;  // 0xBEDE one-byte elements, 0x100X two-byte (RFC 8285 §4.2, §4.3)
  Bytes data;                 // the extension words after the 4-byte extension header

  [[nodiscard]] bool is_one_byte() const noexcept { return profile == 0xBEDE; }
  [[nodiscard]] bool is_two_byte() const noexcept { return (profile & 0xFFF0) == 0x1000; }
};

struct RtpPacket {
  bool marker = false;
  std::uint8_t payload_type = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
  std::uint8_t csrc_count = 0;
  Bytes csrc_bytes;  // 4·csrc_count bytes, big-endian
  std::optional<RtpHeaderExtension> extension;
  Bytes payload;
  std::uint8_t padding = 0;  // octets of padding after the payload (0: none)

  [[nodiscard]] std::uint32_t csrc(std::size_t index) const noexcept;
};

// Fails for packets under 12 bytes, a version other than 2, CSRCs or an extension running past
// the end, a padding count of 0 or larger than what follows the header.
[[nodiscard]] Result<RtpPacket> parse_rtp(Bytes datagram) noexcept;
// The same into a packet the caller keeps (the receive path reuses one per stream); on failure
// `packet` holds nothing meaningful.
[[nodiscard]] Result<void> parse_rtp_into(Bytes datagram, RtpPacket& packet) noexcept;

// One RFC 8285 element.
struct ExtensionElement {
  std::uint8_t id = 0;
  Bytes data;
};

// Calls `visit(element)` for every element of a one-byte or two-byte extension, skipping padding;
// fails when an element runs past the extension or the profile is neither form.
template <class Visit>
[[nodiscard]] Result<void> for_each_extension_element(const RtpHeaderExtension& extension,
                                                      Visit&& visit) {
  const Bytes data = extension.data;
  std::size_t i = 0;
  const bool one_byte = extension.is_one_byte();
  if (!one_byte && !extension.is_two_byte()) {
    return fail(Errc::kUnsupported, "not an RFC 8285 extension", 0);
  }
  while (i < data.size()) {
    const auto first = std::to_integer<std::uint8_t>(data[i]);
    if (first == 0) {
      ++i;  // padding
      continue;
    }
    std::uint8_t id = 0;
    std::size_t length = 0;
    if (one_byte) {
      id = static_cast<std::uint8_t>(first >> 4);
      if (id == 15) {
        break;  // RFC 8285 §4.2: stop processing
      }
      length = static_cast<std::size_t>(first & 0x0F) + 1;
      i += 1;
    } else {
      if (i + 1 >= data.size()) {
        return fail(Errc::kTruncated, "extension element past the end", i);
      }
      id = first;
      length = std::to_integer<std::size_t>(data[i + 1]);
      i += 2;
    }
    if (i + length > data.size()) {
      return fail(Errc::kTruncated, "extension element past the end", i);
    }
    visit(ExtensionElement{id, data.subspan(i, length)});
    i += length;
  }
  return {};
}

struct RtpHeaderFields {
  bool marker = false;
  std::uint8_t payload_type = 0;
  std::uint16_t sequence = 0;
  std::uint32_t timestamp = 0;
  std::uint32_t ssrc = 0;
};

// Writes header + payload into `out`; returns the packet size. Fails (kTooLarge) when it does
// not fit, or (kInvalidArgument) for a payload type above 127 or more than 15 CSRCs.
[[nodiscard]] Result<std::size_t> write_rtp(const RtpHeaderFields& header, Bytes payload,
                                            MutableBytes out,
                                            std::span<const std::uint32_t> csrcs = {}) noexcept;

}  // namespace sipline::rtp
