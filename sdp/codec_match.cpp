// Codec identity for offer/answer.
#include "sdp/codec_match.hpp"

#include <array>

#include "base/text.hpp"
#include "sdp/fields.hpp"

namespace sipline::sdp {
namespace {

struct StaticType {
  std::uint8_t payload_type;
  std::string_view name;
  std::uint32_t clock_rate;
  std::uint8_t channels;
};

// RFC 3551 §6, Table 4 (audio) and Table 5 (video).
constexpr std::array<StaticType, 20> kStaticTypes{{
    {0, "PCMU", 8000, 1},  {3, "GSM", 8000, 1},    {4, "G723", 8000, 1},   {5, "DVI4", 8000, 1},
    {6, "DVI4", 16000, 1}, {7, "LPC", 8000, 1},    {8, "PCMA", 8000, 1},   {9, "G722", 8000, 1},
    {10, "L16", 44100, 2}, {11, "L16", 44100, 1},  {12, "QCELP", 8000, 1}, {13, "CN", 8000, 1},
    {14, "MPA", 90000, 1}, {15, "G728", 8000, 1},  {16, "DVI4", 11025, 1}, {17, "DVI4", 22050, 1},
    {18, "G729", 8000, 1}, {31, "H261", 90000, 1}, {32, "MPV", 90000, 1},  {34, "H263", 90000, 1},
}};

}  // namespace

std::optional<FormatCodec> codec_of(const Media& media, std::string_view format) {
  const auto payload_type = parse_payload_type(format);
  if (!payload_type) {
    return std::nullopt;
  }
  FormatCodec out;
  out.payload_type = *payload_type;
  if (const Fmtp* fmtp = media.fmtp(format)) {
    out.fmtp = fmtp->parameters;
  }
  if (const RtpMap* map = media.rtpmap(*payload_type)) {
    out.name = map->encoding;
    out.clock_rate = map->clock_rate;
    out.channels = map->channels;
    return out;
  }
  for (const StaticType& type : kStaticTypes) {
    if (type.payload_type == *payload_type) {
      out.name = std::string(type.name);
      out.clock_rate = type.clock_rate;
      out.channels = type.channels;
      return out;
    }
  }
  return std::nullopt;  // a dynamic type without rtpmap names nothing
}

bool same_codec(const FormatCodec& format, const CodecSpec& ours) noexcept {
  return iequals(format.name, ours.name) && format.clock_rate == ours.clock_rate &&
         format.channels == ours.channels;
}

bool is_telephone_event(std::string_view name) noexcept { return iequals(name, "telephone-event"); }

}  // namespace sipline::sdp
