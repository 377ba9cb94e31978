// Compound RTCP building.
#include "rtp/rtcp/rtcp_writer.hpp"

#include <algorithm>

namespace sipline::rtp {
namespace {

Result<void> write_blocks(ByteWriter& out, std::span<const ReportBlock> blocks) {
  for (const ReportBlock& block : blocks) {
    const auto lost = static_cast<std::uint32_t>(block.data.cumulative_lost) & 0xFFFFFF;
    if (!out.u32(block.ssrc) || !out.u8(block.data.fraction_lost) || !out.u24(lost) ||
        !out.u32(block.data.extended_highest) || !out.u32(block.data.jitter) ||
        !out.u32(block.last_sr) || !out.u32(block.delay_since_sr)) {
      return fail(Errc::kTooLarge, "RTCP buffer full", out.size());
    }
  }
  return {};
}

}  // namespace

Result<std::size_t> RtcpWriter::begin(std::uint8_t count, RtcpType type) {
  const std::size_t start = out_.size();
  if (count > 31 || !out_.u8(static_cast<std::uint8_t>(0x80 | count)) ||
      !out_.u8(static_cast<std::uint8_t>(type)) || !out_.u16(0)) {
    return fail(Errc::kTooLarge, "RTCP buffer full or count over 31", start);
  }
  return start;
}

Result<void> RtcpWriter::end(std::size_t start) {
  while (out_.size() % 4 != 0) {
    if (!out_.u8(0)) {
      return fail(Errc::kTooLarge, "RTCP buffer full", out_.size());
    }
  }
  const std::size_t words = (out_.size() - start) / 4 - 1;
  return out_.patch_u16(start + 2, static_cast<std::uint16_t>(words));
}

Result<void> RtcpWriter::sender_report(std::uint32_t ssrc, const SenderInfo& info,
                                       std::span<const ReportBlock> blocks) {
  const auto start = begin(static_cast<std::uint8_t>(blocks.size()), RtcpType::kSenderReport);
  if (!start) {
    return std::unexpected(start.error());
  }
  if (!out_.u32(ssrc) || !out_.u64(info.ntp) || !out_.u32(info.rtp_timestamp) ||
      !out_.u32(info.packet_count) || !out_.u32(info.octet_count)) {
    return fail(Errc::kTooLarge, "RTCP buffer full", out_.size());
  }
  if (auto written = write_blocks(out_, blocks); !written) {
    return written;
  }
  return end(*start);
}

Result<void> RtcpWriter::receiver_report(std::uint32_t ssrc, std::span<const ReportBlock> blocks) {
  const auto start = begin(static_cast<std::uint8_t>(blocks.size()), RtcpType::kReceiverReport);
  if (!start) {
    return std::unexpected(start.error());
  }
  if (!out_.u32(ssrc)) {
    return fail(Errc::kTooLarge, "RTCP buffer full", out_.size());
  }
  if (auto written = write_blocks(out_, blocks); !written) {
    return written;
  }
  return end(*start);
}

Result<void> RtcpWriter::sdes_cname(std::uint32_t ssrc, std::string_view cname) {
  const auto start = begin(1, RtcpType::kSourceDescription);
  if (!start) {
    return std::unexpected(start.error());
  }
  const std::size_t length = std::min<std::size_t>(cname.size(), 255);
  if (!out_.u32(ssrc) || !out_.u8(static_cast<std::uint8_t>(SdesType::kCname)) ||
      !out_.u8(static_cast<std::uint8_t>(length)) ||
      !out_.bytes(as_bytes(cname.substr(0, length))) ||
      !out_.u8(0)) {  // the end item; end() pads the chunk to a word boundary with nulls
    return fail(Errc::kTooLarge, "RTCP buffer full", out_.size());
  }
  return end(*start);
}

Result<void> RtcpWriter::bye(std::span<const std::uint32_t> ssrcs, std::string_view reason) {
  const auto start = begin(static_cast<std::uint8_t>(ssrcs.size()), RtcpType::kBye);
  if (!start) {
    return std::unexpected(start.error());
  }
  for (const std::uint32_t ssrc : ssrcs) {
    if (!out_.u32(ssrc)) {
      return fail(Errc::kTooLarge, "RTCP buffer full", out_.size());
    }
  }
  if (!reason.empty()) {
    const std::size_t length = std::min<std::size_t>(reason.size(), 255);
    if (!out_.u8(static_cast<std::uint8_t>(length)) ||
        !out_.bytes(as_bytes(reason.substr(0, length)))) {
      return fail(Errc::kTooLarge, "RTCP buffer full", out_.size());
    }
  }
  return end(*start);
}

Result<void> RtcpWriter::app(std::uint8_t subtype, std::uint32_t ssrc, std::string_view name,
                             Bytes data) {
  if (name.size() != 4 || data.size() % 4 != 0) {
    return fail(Errc::kInvalidArgument, "APP name is 4 octets, data whole words", 0);
  }
  const auto start = begin(subtype, RtcpType::kApp);
  if (!start) {
    return std::unexpected(start.error());
  }
  if (!out_.u32(ssrc) || !out_.bytes(as_bytes(name)) || !out_.bytes(data)) {
    return fail(Errc::kTooLarge, "RTCP buffer full", out_.size());
  }
  return end(*start);
}

Result<void> RtcpWriter::xr_voip_metrics(std::uint32_t ssrc, const VoipMetrics& metrics) {
  const auto start = begin(0, RtcpType::kExtendedReport);
  if (!start) {
    return std::unexpected(start.error());
  }
  if (!out_.u32(ssrc)) {
    return fail(Errc::kTooLarge, "RTCP buffer full", out_.size());
  }
  if (auto written = write_voip_metrics(metrics, out_); !written) {
    return written;
  }
  return end(*start);
}

}  // namespace sipline::rtp
