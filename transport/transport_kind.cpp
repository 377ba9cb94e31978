// Transport names.
#include "transport/transport_kind.hpp"

#include "base/text.hpp"

namespace sipline::transport {

std::string_view via_name(TransportKind kind) noexcept {
  switch (kind) {
    case TransportKind::kUdp:
      return "UDP";
    case TransportKind::kTcp:
      return "TCP";
    case TransportKind::kTls:
      return "TLS";
  }
  return "UDP";
}

std::optional<TransportKind> transport_from_name(std::string_view name) noexcept {
  if (iequals(name, "udp")) {
    return TransportKind::kUdp;
  }
  if (iequals(name, "tcp")) {
    return TransportKind::kTcp;
  }
  if (iequals(name, "tls")) {
    return TransportKind::kTls;
  }
  return std::nullopt;
}

}  // namespace sipline::transport
