// Which codec a payload format names (rtpmap, or RFC 3551's static table), and when two of them
// are the same codec (RFC 3264 §6.1: encoding name, clock rate and channels).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sdp/capabilities.hpp"
#include "sdp/session.hpp"

namespace sipline::sdp {

struct FormatCodec {
  std::uint8_t payload_type = 0;
  std::string name;
  std::uint32_t clock_rate = 0;
  std::uint8_t channels = 1;
  std::string fmtp;
};

// The codec behind format `format` of `media`: its rtpmap, else the static assignment of
// RFC 3551 §6 (0 PCMU, 3 GSM, 4 G723, 8 PCMA, 9 G722, 13 CN, 18 G729 …). nullopt when neither.
[[nodiscard]] std::optional<FormatCodec> codec_of(const Media& media, std::string_view format);

[[nodiscard]] bool same_codec(const FormatCodec& format, const CodecSpec& ours) noexcept;
[[nodiscard]] bool is_telephone_event(std::string_view name) noexcept;

}  // namespace sipline::sdp
