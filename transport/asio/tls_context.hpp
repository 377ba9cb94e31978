// TLS contexts for SIP over TLS (RFC 3261 §26.2, RFC 5922): OpenSSL 3 through Asio, TLS 1.2 at
// least, the peer's chain and name verified by default.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "transport/asio/asio.hpp"

namespace sipline::transport {

struct TlsSettings {
  std::string ca_file{};           // PEM trust anchors; with ca_path empty too, the system's
  std::string ca_path{};           // a hashed certificate directory
  std::string certificate_file{};  // our certificate chain (PEM): required to listen on TLS
  std::string private_key_file{};
  bool verify_server = true;  // clients: refuse servers whose chain or name does not verify
  bool require_client_certificate = false;  // servers: mutual TLS
};

[[nodiscard]] Result<std::unique_ptr<boost::asio::ssl::context>> make_tls_client_context(
    const TlsSettings& settings);
[[nodiscard]] Result<std::unique_ptr<boost::asio::ssl::context>> make_tls_server_context(
    const TlsSettings& settings);

// Per connection, before the client handshake: SNI for host names (RFC 6066 §3) and the name
// the certificate must carry (SSL_set1_host; an IP address is matched as an address).
[[nodiscard]] Result<void> expect_server_name(SSL* ssl, std::string_view name);

// Why a handshake on `ssl` failed, for the flow's error: the certificate check that refused the
// peer (expired, self-signed, another name …) when there was one, else the handshake as a whole.
[[nodiscard]] std::string_view handshake_failure_reason(const SSL* ssl);

}  // namespace sipline::transport
