// RTP parsing and writing.
#include "rtp/packet/rtp_packet.hpp"

#include <cstring>

namespace sipline::rtp {
namespace {

std::uint16_t load16(const std::byte* p) noexcept {
  return static_cast<std::uint16_t>((std::to_integer<unsigned>(p[0]) << 8) |
                                    std::to_integer<unsigned>(p[1]));
}

std::uint32_t load32(const std::byte* p) noexcept {
  return (std::to_integer<std::uint32_t>(p[0]) << 24) |
         (std::to_integer<std::uint32_t>(p[1]) << 16) |
         (std::to_integer<std::uint32_t>(p[2]) << 8) | std::to_integer<std::uint32_t>(p[3]);
}

void store32(std::byte* p, std::uint32_t value) noexcept {
  p[0] = static_cast<std::byte>(value >> 24);
  p[1] = static_cast<std::byte>(value >> 16);
  p[2] = static_cast<std::byte>(value >> 8);
  p[3] = static_cast<std::byte>(value);
}

}  // namespace

std::uint32_t RtpPacket::csrc(std::size_t index) const noexcept {
  return index < csrc_count ? load32(csrc_bytes.data() + 4 * index) : 0;
}

Result<void> parse_rtp_into(Bytes datagram, RtpPacket& packet) noexcept {
  if (datagram.size() < kRtpHeaderBytes) {
    return fail(Errc::kTruncated, "RTP packet under 12 bytes", datagram.size());
  }
  const std::byte* p = datagram.data();
  const auto first = std::to_integer<unsigned>(p[0]);
  if ((first >> 6) != 2) {
    return fail(Errc::kUnsupported, "RTP version is not 2", 0);
  }
  // Every field is assigned: `packet` may hold the previous datagram's.
  const bool has_padding = (first & 0x20) != 0;
  const bool has_extension = (first & 0x10) != 0;
  packet.csrc_count = static_cast<std::uint8_t>(first & 0x0F);
  const auto second = std::to_integer<unsigned>(p[1]);
  packet.marker = (second & 0x80) != 0;
  packet.payload_type = static_cast<std::uint8_t>(second & 0x7F);
  packet.sequence = load16(p + 2);
  packet.timestamp = load32(p + 4);
  packet.ssrc = load32(p + 8);
  std::size_t offset = kRtpHeaderBytes;
  const std::size_t csrc_bytes = 4U * packet.csrc_count;
  if (datagram.size() < offset + csrc_bytes) {
    return fail(Errc::kTruncated, "CSRC list past the end", offset);
  }
  packet.csrc_bytes = datagram.subspan(offset, csrc_bytes);
  offset += csrc_bytes;
  packet.extension.reset();
  if (has_extension) {
    if (datagram.size() < offset + 4) {
      return fail(Errc::kTruncated, "header extension past the end", offset);
    }
    const std::uint16_t profile = load16(p + offset);
    const std::size_t words = load16(p + offset + 2);
    offset += 4;
    if (datagram.size() - offset < 4 * words) {
      return fail(Errc::kTruncated, "header extension past the end", offset);
    }
    packet.extension = RtpHeaderExtension{profile, datagram.subspan(offset, 4 * words)};
    offset += 4 * words;
  }
  std::size_t end = datagram.size();
  packet.padding = 0;
  if (has_padding) {
    // RFC 3550 §5.1: the last octet counts the padding, itself included.
    const auto padding = std::to_integer<std::size_t>(datagram[end - 1]);
    if (padding == 0 || padding > end - offset) {
      return fail(Errc::kMalformed, "bad RTP padding", end - 1);
    }
    packet.padding = static_cast<std::uint8_t>(padding);
    end -= padding;
  }
  packet.payload = datagram.subspan(offset, end - offset);
  return {};
}

Result<RtpPacket> parse_rtp(Bytes datagram) noexcept {
  // One named result, returned on every path (NRVO): building a local RtpPacket and copying it
  // into the expected cost four times the parse itself.
  Result<RtpPacket> result(std::in_place);
  if (auto parsed = parse_rtp_into(datagram, *result); !parsed) {
    result = std::unexpected(parsed.error());
  }
  return result;
}

Result<std::size_t> write_rtp(const RtpHeaderFields& header, Bytes payload, MutableBytes out,
                              std::span<const std::uint32_t> csrcs) noexcept {
  if (header.payload_type > 127 || csrcs.size() > 15) {
    return fail(Errc::kInvalidArgument, "bad RTP header field", 0);
  }
  const std::size_t size = kRtpHeaderBytes + 4 * csrcs.size() + payload.size();
  if (out.size() < size) {
    return fail(Errc::kTooLarge, "RTP packet does not fit the buffer", 0);
  }
  std::byte* p = out.data();
  p[0] = static_cast<std::byte>(0x80 | csrcs.size());
  p[1] = static_cast<std::byte>((header.marker ? 0x80 : 0) | header.payload_type);
  p[2] = static_cast<std::byte>(header.sequence >> 8);
  p[3] = static_cast<std::byte>(header.sequence);
  store32(p + 4, header.timestamp);
  store32(p + 8, header.ssrc);
  std::size_t offset = kRtpHeaderBytes;
  for (const std::uint32_t csrc : csrcs) {
    store32(p + offset, csrc);
    offset += 4;
  }
  if (!payload.empty()) {
    std::memcpy(p + offset, payload.data(), payload.size());
  }
  return size;
}

}  // namespace sipline::rtp
