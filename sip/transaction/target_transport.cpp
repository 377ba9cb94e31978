// Transport for a target URI.
#include "sip/transaction/target_transport.hpp"

namespace sipline::sip {

Result<transport::TransportKind> transport_for_uri(const Uri& uri,
                                                   transport::TransportKind configured) {
  const auto named = uri.param("transport");
  std::optional<transport::TransportKind> kind;
  if (named) {
    kind = transport::transport_from_name(*named);
    if (!kind) {
      return fail(Errc::kUnsupported, "transport not supported", 0);
    }
  }
  if (uri.scheme == Scheme::kSips) {
    // RFC 5630 §3.1.3: transport=tcp on a sips URI means TLS over TCP; transport=udp cannot be.
    if (kind == transport::TransportKind::kUdp) {
      return fail(Errc::kUnsupported, "sips requires TLS", 0);
    }
    return transport::TransportKind::kTls;
  }
  return kind.value_or(configured);
}

}  // namespace sipline::sip
