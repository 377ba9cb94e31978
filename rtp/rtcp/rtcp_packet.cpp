// RTCP compound parsing.
#include "rtp/rtcp/rtcp_packet.hpp"

namespace sipline::rtp {
namespace {

constexpr std::size_t kMaxPacketsInCompound = 32;

Result<ReportBlock> read_report_block(ByteReader& in) {
  if (in.remaining() < 24) {
    return fail(Errc::kTruncated, "report block past the end", in.offset());
  }
  ReportBlock block;
  block.ssrc = *in.u32();
  block.data.fraction_lost = *in.u8();
  const std::uint32_t lost = *in.u24();
  // Sign-extend the 24-bit cumulative loss.
  block.data.cumulative_lost =
      static_cast<std::int32_t>((lost & 0x800000) != 0 ? lost | 0xFF000000 : lost);
  block.data.extended_highest = *in.u32();
  block.data.jitter = *in.u32();
  block.last_sr = *in.u32();
  block.delay_since_sr = *in.u32();
  return block;
}

Result<std::vector<ReportBlock>> read_report_blocks(ByteReader& in, unsigned count) {
  std::vector<ReportBlock> blocks;
  blocks.reserve(count);  // count is a 5-bit field: at most 31
  for (unsigned i = 0; i < count; ++i) {
    auto block = read_report_block(in);
    if (!block) {
      return std::unexpected(block.error());
    }
    blocks.push_back(*block);
  }
  return blocks;
}

Result<RtcpPacket> parse_sdes(Bytes body, unsigned count) {
  SourceDescription sdes;
  ByteReader in(body);
  for (unsigned chunk_index = 0; chunk_index < count; ++chunk_index) {
    const auto ssrc = in.u32();
    if (!ssrc) {
      return fail(Errc::kTruncated, "SDES chunk past the end", in.offset());
    }
    SdesChunk chunk{*ssrc, {}};
    while (true) {
      const auto type = in.u8();
      if (!type) {
        return fail(Errc::kTruncated, "SDES item past the end", in.offset());
      }
      if (*type == 0) {
        // The end of the chunk: padded with nulls to a 32-bit boundary.
        while (in.offset() % 4 != 0) {
          const auto pad = in.u8();
          if (!pad) {
            return fail(Errc::kTruncated, "SDES chunk padding past the end", in.offset());
          }
        }
        break;
      }
      const auto length = in.u8();
      if (!length) {
        return fail(Errc::kTruncated, "SDES item past the end", in.offset());
      }
      const auto text = in.take(*length);
      if (!text) {
        return fail(Errc::kTruncated, "SDES item overruns the packet", in.offset());
      }
      if (chunk.items.size() < 16) {
        chunk.items.push_back({*type, as_text(*text)});
      }
    }
    sdes.chunks.push_back(std::move(chunk));
  }
  return sdes;
}

Result<RtcpPacket> parse_bye(Bytes body, unsigned count) {
  Bye bye;
  ByteReader in(body);
  bye.ssrcs.reserve(count);
  for (unsigned i = 0; i < count; ++i) {
    const auto ssrc = in.u32();
    if (!ssrc) {
      return fail(Errc::kTruncated, "BYE SSRC past the end", in.offset());
    }
    bye.ssrcs.push_back(*ssrc);
  }
  if (!in.empty()) {
    const auto length = in.u8();
    const auto reason = in.take(*length);
    if (!reason) {
      return fail(Errc::kTruncated, "BYE reason runs past the end", in.offset());
    }
    bye.reason = as_text(*reason);
  }
  return bye;
}

Result<RtcpPacket> parse_xr(Bytes body) {
  ExtendedReport xr;
  ByteReader in(body);
  const auto ssrc = in.u32();
  if (!ssrc) {
    return fail(Errc::kTruncated, "XR without SSRC", 0);
  }
  xr.ssrc = *ssrc;
  while (!in.empty()) {
    if (in.remaining() < 4 || xr.blocks.size() >= kMaxPacketsInCompound) {
      return fail(Errc::kTruncated, "XR block header past the end", in.offset());
    }
    XrBlock block;
    block.type = *in.u8();
    block.type_specific = *in.u8();
    const std::size_t words = *in.u16();
    const auto contents = in.take(4 * words);
    if (!contents) {
      return fail(Errc::kTruncated, "XR block past the end", in.offset());
    }
    block.contents = *contents;
    if (block.type == kXrVoipMetricsType) {
      auto metrics = parse_voip_metrics(block.contents);
      if (!metrics) {
        return std::unexpected(metrics.error());
      }
      xr.voip_metrics.push_back(*metrics);
    }
    xr.blocks.push_back(block);
  }
  return xr;
}

Result<RtcpPacket> parse_one(std::uint8_t type, unsigned count, Bytes body) {
  ByteReader in(body);
  switch (static_cast<RtcpType>(type)) {
    case RtcpType::kSenderReport: {
      if (in.remaining() < 24) {
        return fail(Errc::kTruncated, "SR too short", 0);
      }
      SenderReport sr;
      sr.ssrc = *in.u32();
      sr.info.ntp = *in.u64();
      sr.info.rtp_timestamp = *in.u32();
      sr.info.packet_count = *in.u32();
      sr.info.octet_count = *in.u32();
      auto blocks = read_report_blocks(in, count);
      if (!blocks) {
        return std::unexpected(blocks.error());
      }
      sr.blocks = std::move(*blocks);
      return sr;
    }
    case RtcpType::kReceiverReport: {
      const auto ssrc = in.u32();
      if (!ssrc) {
        return fail(Errc::kTruncated, "RR too short", 0);
      }
      auto blocks = read_report_blocks(in, count);
      if (!blocks) {
        return std::unexpected(blocks.error());
      }
      return ReceiverReport{*ssrc, std::move(*blocks)};
    }
    case RtcpType::kSourceDescription:
      return parse_sdes(body, count);
    case RtcpType::kBye:
      return parse_bye(body, count);
    case RtcpType::kApp: {
      if (in.remaining() < 8) {
        return fail(Errc::kTruncated, "APP too short", 0);
      }
      App app;
      app.subtype = static_cast<std::uint8_t>(count);
      app.ssrc = *in.u32();
      const Bytes name = *in.take(4);
      for (std::size_t i = 0; i < 4; ++i) {
        app.name[i] = static_cast<char>(name[i]);
      }
      app.data = in.rest();
      return app;
    }
    case RtcpType::kTransportFeedback:
    case RtcpType::kPayloadFeedback: {
      if (in.remaining() < 8) {
        return fail(Errc::kTruncated, "feedback too short", 0);
      }
      Feedback feedback{static_cast<RtcpType>(type), static_cast<std::uint8_t>(count), *in.u32(),
                        *in.u32(), in.rest()};
      // RFC 4585 §6.2.1, §6.3: NACK and SLI carry whole 4-byte entries, RPSI at least 4 bytes.
      const bool nack = feedback.type == RtcpType::kTransportFeedback && feedback.format == 1;
      const bool sli = feedback.type == RtcpType::kPayloadFeedback && feedback.format == 2;
      const bool rpsi = feedback.type == RtcpType::kPayloadFeedback && feedback.format == 3;
      if (((nack || sli) && (feedback.fci.empty() || feedback.fci.size() % 4 != 0)) ||
          (rpsi && feedback.fci.size() < 4)) {
        return fail(Errc::kMalformed, "feedback FCI too short", 8);
      }
      return feedback;
    }
    case RtcpType::kExtendedReport:
      return parse_xr(body);
  }
  return UnknownRtcp{type, body};
}

}  // namespace

std::optional<std::string_view> SourceDescription::cname(std::uint32_t ssrc) const {
  for (const SdesChunk& chunk : chunks) {
    if (chunk.ssrc != ssrc) {
      continue;
    }
    for (const SdesItem& item : chunk.items) {
      if (item.type == static_cast<std::uint8_t>(SdesType::kCname)) {
        return item.text;
      }
    }
  }
  return std::nullopt;
}

Result<std::vector<RtcpPacket>> parse_rtcp_compound(Bytes datagram) {
  std::vector<RtcpPacket> packets;
  std::size_t offset = 0;
  while (offset < datagram.size()) {
    if (packets.size() >= kMaxPacketsInCompound) {
      return fail(Errc::kTooLarge, "too many packets in a compound", offset);
    }
    if (datagram.size() - offset < 4) {
      return fail(Errc::kTruncated, "RTCP header past the end", offset);
    }
    const auto first = std::to_integer<unsigned>(datagram[offset]);
    const auto type = std::to_integer<std::uint8_t>(datagram[offset + 1]);
    const std::size_t words = (std::to_integer<std::size_t>(datagram[offset + 2]) << 8) |
                              std::to_integer<std::size_t>(datagram[offset + 3]);
    const std::size_t length = 4 * (words + 1);
    if ((first >> 6) != 2) {
      return fail(Errc::kUnsupported, "RTCP version is not 2", offset);
    }
    if (length > datagram.size() - offset) {
      return fail(Errc::kTruncated, "RTCP length past the end", offset);
    }
    if (packets.empty() && type != static_cast<std::uint8_t>(RtcpType::kSenderReport) &&
        type != static_cast<std::uint8_t>(RtcpType::kReceiverReport)) {
      return fail(Errc::kMalformed, "compound does not start with SR or RR", offset);
    }
    std::size_t body_end = length;
    if ((first & 0x20) != 0) {
      // Padding only in the last packet, counted by its last octet (A.2).
      const auto padding = std::to_integer<std::size_t>(datagram[offset + length - 1]);
      if (offset + length != datagram.size() || padding == 0 || padding > length - 4) {
        return fail(Errc::kMalformed, "bad RTCP padding", offset);
      }
      body_end -= padding;
    }
    auto packet = parse_one(type, first & 0x1F, datagram.subspan(offset + 4, body_end - 4));
    if (!packet) {
      return shifted(packet.error(), offset + 4);
    }
    packets.push_back(std::move(*packet));
    offset += length;
  }
  if (packets.empty()) {
    return fail(Errc::kTruncated, "empty RTCP packet", 0);
  }
  return packets;
}

}  // namespace sipline::rtp
