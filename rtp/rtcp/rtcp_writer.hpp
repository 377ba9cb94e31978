// Building compound RTCP packets (RFC 3550 §6.1): SR or RR first, then SDES with the CNAME,
// optionally BYE, APP and XR, into a caller's buffer.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "base/bytes.hpp"
#include "base/result.hpp"
#include "rtp/rtcp/rtcp_packet.hpp"

namespace sipline::rtp {

class RtcpWriter {
 public:
  explicit RtcpWriter(MutableBytes buffer) noexcept : out_(buffer) {}

  [[nodiscard]] Result<void> sender_report(std::uint32_t ssrc, const SenderInfo& info,
                                           std::span<const ReportBlock> blocks);
  [[nodiscard]] Result<void> receiver_report(std::uint32_t ssrc,
                                             std::span<const ReportBlock> blocks);
  [[nodiscard]] Result<void> sdes_cname(std::uint32_t ssrc, std::string_view cname);
  [[nodiscard]] Result<void> bye(std::span<const std::uint32_t> ssrcs,
                                 std::string_view reason = {});
  [[nodiscard]] Result<void> app(std::uint8_t subtype, std::uint32_t ssrc, std::string_view name,
                                 Bytes data);
  [[nodiscard]] Result<void> xr_voip_metrics(std::uint32_t ssrc, const VoipMetrics& metrics);

  [[nodiscard]] Bytes written() const noexcept { return out_.written(); }

 private:
  // Writes the common header with a placeholder length; returns where the packet starts.
  [[nodiscard]] Result<std::size_t> begin(std::uint8_t count, RtcpType type);
  // Pads to a word boundary and fills in the length.
  [[nodiscard]] Result<void> end(std::size_t start);

  ByteWriter out_;
};

}  // namespace sipline::rtp
