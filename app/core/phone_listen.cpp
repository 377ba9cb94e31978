// The phone driver's SIP sockets.
#include "app/core/phone.hpp"
#include "sip/message/stream_framer.hpp"

namespace sipline::app {

// UDP and TCP on the same port, so that one sent-by in our Via and one host:port in our Contact
// serve both (RFC 3261 §18: a UA must take requests over both). A port the kernel picked for
// UDP may be taken for TCP: then another pick, a few times. With a certificate of our own, TLS
// too: on tls_listen_port, else the SIP port + 1 (as 5061 is to 5060, RFC 3261 §19.1.2).
Result<std::uint16_t> Phone::listen() {
  constexpr int kAttempts = 8;
  Result<std::uint16_t> port = fail(Errc::kIo, "no port free for UDP and TCP together");
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    transport_ = std::make_unique<transport::AsioTransport>(
        io_, *this, [] { return std::make_unique<sip::StreamFramer>(); },
        transport::TransportLimits{},
        transport::TlsSettings{.ca_file = config_.tls_ca_file,
                               .certificate_file = config_.tls_certificate_file,
                               .private_key_file = config_.tls_private_key_file,
                               .verify_server = config_.tls_verify});
    port = transport_->listen(transport::TransportKind::kUdp, config_.listen_address,
                              config_.listen_port);
    if (!port) {
      return port;
    }
    Result<void> taken;
    if (auto tcp =
            transport_->listen(transport::TransportKind::kTcp, config_.listen_address, *port);
        !tcp) {
      taken = std::unexpected(tcp.error());
    }
    if (taken && !config_.tls_certificate_file.empty()) {
      taken = listen_tls(*port);
      if (!taken && taken.error().code != Errc::kIo) {
        return std::unexpected(taken.error());  // the certificate or key will not load
      }
    }
    if (taken) {
      return port;
    }
    if (config_.listen_port != 0) {
      return fail(Errc::kIo, config_.tls_certificate_file.empty()
                                 ? "the SIP port is taken for TCP"
                                 : "the SIP port is taken for TCP, or the TLS port");
    }
    port = std::unexpected(taken.error());
  }
  return port;
}

Result<void> Phone::listen_tls(std::uint16_t sip_port) {
  const std::uint32_t wanted =
      config_.tls_listen_port != 0 ? config_.tls_listen_port : std::uint32_t{sip_port} + 1;
  if (wanted > 65535) {
    return fail(Errc::kIo, "no TLS port after the SIP port 65535 (set --tls-port)");
  }
  auto tls = transport_->listen(transport::TransportKind::kTls, config_.listen_address,
                                static_cast<std::uint16_t>(wanted));
  if (!tls) {
    return std::unexpected(tls.error());
  }
  config_.tls_listen_port = *tls;  // what the core puts in our Via and Contact over TLS
  return {};
}

}  // namespace sipline::app
