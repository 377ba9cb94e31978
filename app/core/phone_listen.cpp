// The phone driver's SIP sockets.
#include "app/core/phone.hpp"
#include "sip/message/stream_framer.hpp"

namespace sipline::app {

// UDP and TCP on the same port, so that one sent-by in our Via and one host:port in our Contact
// serve both (RFC 3261 §18: a UA must take requests over both). A port the kernel picked for
// UDP may be taken for TCP: then another pick, a few times.
Result<std::uint16_t> Phone::listen() {
  constexpr int kAttempts = 8;
  Result<std::uint16_t> port = fail(Errc::kIo, "no port free for UDP and TCP together");
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    transport_ = std::make_unique<transport::AsioTransport>(
        io_, *this, [] { return std::make_unique<sip::StreamFramer>(); },
        transport::TransportLimits{},
        transport::TlsSettings{.ca_file = config_.tls_ca_file,
                               .verify_server = config_.tls_verify});
    port = transport_->listen(transport::TransportKind::kUdp, config_.listen_address,
                              config_.listen_port);
    if (!port) {
      return port;
    }
    auto tcp = transport_->listen(transport::TransportKind::kTcp, config_.listen_address, *port);
    if (tcp) {
      return port;
    }
    if (config_.listen_port != 0) {
      return fail(Errc::kIo, "the SIP port is taken for TCP");
    }
    port = std::unexpected(tcp.error());
  }
  return port;
}

}  // namespace sipline::app
