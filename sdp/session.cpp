// Session and Media lookups.
#include "sdp/session.hpp"

#include "base/text.hpp"

namespace sipline::sdp {

bool Media::is_rtp() const noexcept { return proto.find("RTP/") != std::string::npos; }

bool Media::is_secure_rtp() const noexcept { return proto.find("RTP/SAVP") != std::string::npos; }

const RtpMap* Media::rtpmap(std::uint8_t payload_type) const noexcept {
  for (const RtpMap& map : rtpmaps) {
    if (map.payload_type == payload_type) {
      return &map;
    }
  }
  return nullptr;
}

const Fmtp* Media::fmtp(std::string_view format) const noexcept {
  for (const Fmtp& entry : fmtps) {
    if (entry.format == format) {
      return &entry;
    }
  }
  return nullptr;
}

const Connection* Session::connection_for(const Media& stream) const noexcept {
  if (stream.connection) {
    return &*stream.connection;
  }
  return connection ? &*connection : nullptr;
}

Direction Session::direction_for(const Media& stream) const noexcept {
  return stream.common.direction.value_or(common.direction.value_or(Direction::kSendRecv));
}

}  // namespace sipline::sdp
