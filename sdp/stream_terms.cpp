// Direction, endpoint and packet time of a negotiated stream.
#include "sdp/stream_terms.hpp"

#include <algorithm>

namespace sipline::sdp {

Direction resulting_direction(Direction peer, bool peer_on_null_hold, Direction ours) noexcept {
  const bool we_want_to_send = ours == Direction::kSendRecv || ours == Direction::kSendOnly;
  const bool we_want_to_receive = ours == Direction::kSendRecv || ours == Direction::kRecvOnly;
  const bool peer_sends = peer == Direction::kSendRecv || peer == Direction::kSendOnly;
  const bool peer_receives =
      !peer_on_null_hold && (peer == Direction::kSendRecv || peer == Direction::kRecvOnly);
  const bool send = we_want_to_send && peer_receives;
  const bool receive = we_want_to_receive && peer_sends;
  if (send && receive) {
    return Direction::kSendRecv;
  }
  if (send) {
    return Direction::kSendOnly;
  }
  return receive ? Direction::kRecvOnly : Direction::kInactive;
}

Result<void> set_remote_endpoint(const Session& peer, const Media& peer_media,
                                 NegotiatedStream& stream) {
  const Connection* connection = peer.connection_for(peer_media);
  if (connection == nullptr) {
    return fail(Errc::kMalformed, "stream without a connection", 0);
  }
  stream.address_type = connection->type;
  stream.remote_address = connection->address;
  stream.remote_rtp_port = peer_media.port;
  stream.remote_rtcp_port = peer_media.rtcp ? peer_media.rtcp->port
                            : peer_media.port == 65535
                                ? peer_media.port
                                : static_cast<std::uint16_t>(peer_media.port + 1);
  return {};
}

std::uint32_t send_ptime(const Media& peer_media, std::uint32_t ours) noexcept {
  std::uint32_t ptime = peer_media.ptime.value_or(ours);
  if (peer_media.maxptime) {
    ptime = std::min(ptime, *peer_media.maxptime);
  }
  ptime = std::clamp<std::uint32_t>(ptime, 10, 60);
  return ptime - ptime % 10;
}

}  // namespace sipline::sdp
