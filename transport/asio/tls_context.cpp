// TLS contexts.
#include "transport/asio/tls_context.hpp"

#include <string>

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "base/ip_text.hpp"

namespace sipline::transport {
namespace {

using boost::asio::ssl::context;

Result<std::unique_ptr<context>> base_context(context::method method) {
  auto ctx = std::make_unique<context>(method);
  SSL_CTX* native = ctx->native_handle();
  // TLS 1.2 minimum; SSLv2/3 and TLS 1.0/1.1 are refused in both directions.
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1) {
    return fail(Errc::kCrypto, "cannot require TLS 1.2", 0);
  }
  boost::system::error_code error;
  ctx->set_options(context::default_workarounds | context::no_sslv2 | context::no_sslv3 |
                       context::no_tlsv1 | context::no_tlsv1_1 | context::single_dh_use,
                   error);
  if (error) {
    return fail(Errc::kCrypto, "cannot set TLS options", 0);
  }
  return ctx;
}

Result<void> load_trust(context& ctx, const TlsSettings& settings) {
  boost::system::error_code error;
  if (!settings.ca_file.empty()) {
    ctx.load_verify_file(settings.ca_file, error);
  }
  if (!error && !settings.ca_path.empty()) {
    ctx.add_verify_path(settings.ca_path, error);
  }
  if (!error && settings.ca_file.empty() && settings.ca_path.empty()) {
    ctx.set_default_verify_paths(error);
  }
  if (error) {
    return fail(Errc::kCrypto, "cannot load the TLS trust anchors", 0);
  }
  return {};
}

Result<void> load_identity(context& ctx, const TlsSettings& settings) {
  if (settings.certificate_file.empty()) {
    return {};
  }
  boost::system::error_code error;
  ctx.use_certificate_chain_file(settings.certificate_file, error);
  if (!error) {
    ctx.use_private_key_file(settings.private_key_file, context::pem, error);
  }
  if (error || SSL_CTX_check_private_key(ctx.native_handle()) != 1) {
    return fail(Errc::kCrypto, "cannot load the TLS certificate and key", 0);
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<context>> make_tls_client_context(const TlsSettings& settings) {
  auto ctx = base_context(context::tls_client);
  if (!ctx) {
    return ctx;
  }
  if (auto trust = load_trust(**ctx, settings); !trust) {
    return std::unexpected(trust.error());
  }
  if (auto identity = load_identity(**ctx, settings); !identity) {
    return std::unexpected(identity.error());
  }
  boost::system::error_code error;
  (*ctx)->set_verify_mode(
      settings.verify_server ? boost::asio::ssl::verify_peer : boost::asio::ssl::verify_none,
      error);
  if (error) {
    return fail(Errc::kCrypto, "cannot set TLS verification", 0);
  }
  return ctx;
}

Result<std::unique_ptr<context>> make_tls_server_context(const TlsSettings& settings) {
  if (settings.certificate_file.empty()) {
    return fail(Errc::kInvalidArgument, "a TLS listener needs a certificate", 0);
  }
  auto ctx = base_context(context::tls_server);
  if (!ctx) {
    return ctx;
  }
  if (auto identity = load_identity(**ctx, settings); !identity) {
    return std::unexpected(identity.error());
  }
  boost::system::error_code error;
  if (settings.require_client_certificate) {
    if (auto trust = load_trust(**ctx, settings); !trust) {
      return std::unexpected(trust.error());
    }
    (*ctx)->set_verify_mode(
        boost::asio::ssl::verify_peer | boost::asio::ssl::verify_fail_if_no_peer_cert, error);
  } else {
    (*ctx)->set_verify_mode(boost::asio::ssl::verify_none, error);
  }
  if (error) {
    return fail(Errc::kCrypto, "cannot set TLS verification", 0);
  }
  return ctx;
}

Result<void> expect_server_name(SSL* ssl, std::string_view name) {
  const std::string host(name);
  if (is_ipv4_address(host) || is_ipv6_address(host)) {
    // RFC 6066 §3: no SNI for addresses; the certificate must name the address itself.
    X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
    if (X509_VERIFY_PARAM_set1_ip_asc(param, host.c_str()) != 1) {
      return fail(Errc::kCrypto, "cannot set the expected TLS address", 0);
    }
    return {};
  }
  if (SSL_set_tlsext_host_name(ssl, host.c_str()) != 1 || SSL_set1_host(ssl, host.c_str()) != 1) {
    return fail(Errc::kCrypto, "cannot set the expected TLS host name", 0);
  }
  // RFC 6125: no partial-label wildcards such as "f*.example.com".
  SSL_set_hostflags(ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
  return {};
}

std::string_view handshake_failure_reason(const SSL* ssl) {
  // OpenSSL's own texts are static too, but name no context; these say whose certificate.
  switch (SSL_get_verify_result(ssl)) {
    case X509_V_OK:
      return "TLS handshake failed";
    case X509_V_ERR_CERT_HAS_EXPIRED:
      return "TLS handshake failed: the peer's certificate has expired";
    case X509_V_ERR_CERT_NOT_YET_VALID:
      return "TLS handshake failed: the peer's certificate is not yet valid";
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
      return "TLS handshake failed: the peer's certificate is self-signed and not trusted";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
      return "TLS handshake failed: the peer's certificate is not from a trusted CA";
    case X509_V_ERR_HOSTNAME_MISMATCH:
      return "TLS handshake failed: the peer's certificate does not name the host";
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
      return "TLS handshake failed: the peer's certificate does not name the address";
    default:
      return "TLS handshake failed: the peer's certificate did not verify";
  }
}

}  // namespace sipline::transport
