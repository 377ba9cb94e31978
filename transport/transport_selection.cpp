// RFC 3261 §18.1.1 transport selection.
#include "transport/transport.hpp"

namespace sipline::transport {

TransportKind transport_for_request(std::size_t request_bytes, TransportKind configured,
                                    bool tcp_allowed, std::size_t path_mtu) noexcept {
  if (configured != TransportKind::kUdp || !tcp_allowed) {
    return configured;
  }
  const std::size_t limit = path_mtu == 0 ? 1300 : (path_mtu > 200 ? path_mtu - 200 : 0);
  return request_bytes > limit ? TransportKind::kTcp : TransportKind::kUdp;
}

}  // namespace sipline::transport
