// RTCP packets (RFC 3550 §6.4–6.7, RFC 3611, RFC 4585) parsed from a compound packet with the
// validity checks of RFC 3550 A.2. Views point into the datagram; counts come from the packet's
// own 5-bit fields, so no length field decides an allocation.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>
#include <vector>

#include "base/bytes.hpp"
#include "base/result.hpp"
#include "rtp/rtcp/voip_metrics.hpp"
#include "rtp/stats/receive_statistics.hpp"
#include "rtp/stats/send_statistics.hpp"

namespace sipline::rtp {

enum class RtcpType : std::uint8_t {
  kSenderReport = 200,
  kReceiverReport = 201,
  kSourceDescription = 202,
  kBye = 203,
  kApp = 204,
  kTransportFeedback = 205,  // RFC 4585 RTPFB
  kPayloadFeedback = 206,    // RFC 4585 PSFB
  kExtendedReport = 207,     // RFC 3611
};

struct ReportBlock {
  std::uint32_t ssrc = 0;
  ReportBlockData data;
  std::uint32_t last_sr = 0;         // LSR: middle 32 bits of the last SR's NTP time
  std::uint32_t delay_since_sr = 0;  // DLSR, in 1/65536 s
  friend bool operator==(const ReportBlock&, const ReportBlock&) = default;
};

struct SenderReport {
  std::uint32_t ssrc = 0;
  SenderInfo info;
  std::vector<ReportBlock> blocks;
};

struct ReceiverReport {
  std::uint32_t ssrc = 0;
  std::vector<ReportBlock> blocks;
};

enum class SdesType : std::uint8_t {
  kEnd = 0,
  kCname = 1,
  kName = 2,
  kEmail = 3,
  kPhone = 4,
  kLoc = 5,
  kTool = 6,
  kNote = 7,
  kPriv = 8
};

struct SdesItem {
  std::uint8_t type = 0;
  std::string_view text;
};

struct SdesChunk {
  std::uint32_t ssrc = 0;
  std::vector<SdesItem> items;
};

struct SourceDescription {
  std::vector<SdesChunk> chunks;
  [[nodiscard]] std::optional<std::string_view> cname(std::uint32_t ssrc) const;
};

struct Bye {
  std::vector<std::uint32_t> ssrcs;
  std::string_view reason;
};

struct App {
  std::uint8_t subtype = 0;
  std::uint32_t ssrc = 0;
  std::array<char, 4> name{};
  Bytes data;
};

struct Feedback {  // RFC 4585 §6.1: common part; FCI by message type
  RtcpType type = RtcpType::kTransportFeedback;
  std::uint8_t format = 0;  // FMT: 1 generic NACK, 1 PLI, 2 SLI, 3 RPSI …
  std::uint32_t sender_ssrc = 0;
  std::uint32_t media_ssrc = 0;
  Bytes fci;
};

struct XrBlock {
  std::uint8_t type = 0;
  std::uint8_t type_specific = 0;
  Bytes contents;
};

struct ExtendedReport {
  std::uint32_t ssrc = 0;
  std::vector<XrBlock> blocks;
  std::vector<VoipMetrics> voip_metrics;  // the blocks of type 7, decoded
};

struct UnknownRtcp {
  std::uint8_t type = 0;
  Bytes body;
};

using RtcpPacket = std::variant<SenderReport, ReceiverReport, SourceDescription, Bye, App, Feedback,
                                ExtendedReport, UnknownRtcp>;

// A compound packet: every packet version 2, lengths adding up to the datagram, padding only in
// the last, the first an SR or RR (A.2). At most 32 packets.
[[nodiscard]] Result<std::vector<RtcpPacket>> parse_rtcp_compound(Bytes datagram);

// RFC 5761 §4: with rtcp-mux, a packet whose second octet is 192–223 is RTCP.
[[nodiscard]] constexpr bool looks_like_rtcp(Bytes datagram) noexcept {
  if (datagram.size() < 2) {
    return false;
  }
  const auto second = std::to_integer<unsigned>(datagram[1]);
  return second >= 192 && second <= 223;
}

}  // namespace sipline::rtp
