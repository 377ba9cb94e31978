// Account addresses.
#include "app/core/account.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "base/ip_text.hpp"
#include "base/text.hpp"
#include "sip/message/uri.hpp"

namespace sipline::app {
namespace {

// RFC 8141's characters, as far as a +sip.instance value in a quoted <…> can carry them.
bool is_urn(std::string_view text) {
  if (text.size() <= 4 || !iequals(text.substr(0, 4), "urn:")) {
    return false;
  }
  return std::ranges::all_of(text, [](char c) {
    return is_alnum(c) ||
           std::string_view("-._:%+=@!$&'()*,;/?~").find(c) != std::string_view::npos;
  });
}

}  // namespace

std::expected<AccountAddresses, std::string> resolve_account(const AccountConfig& account) {
  using transport::TransportKind;
  const auto aor = sip::parse_uri(account.aor);
  if (!aor || !aor->is_sip() || !aor->has_user || aor->user.empty()) {
    return std::unexpected(std::string("the account must be sip:user@domain"));
  }
  const bool sips = aor->scheme == sip::Scheme::kSips;
  if (sips && account.transport && *account.transport != TransportKind::kTls) {
    // RFC 3261 §26.2.2: sips asks for TLS on every hop.
    return std::unexpected(fmt::format("a sips: account goes over TLS, not {}",
                                       transport::via_name(*account.transport)));
  }
  const std::string_view scheme = sips ? "sips:" : "sip:";
  AccountAddresses out;
  out.user = std::string(aor->user);  // as written, escapes kept: it goes into our Contact
  out.domain = aor->host.port != 0 ? fmt::format("{}:{}", aor->host.host, aor->host.port)
                                   : std::string(aor->host.host);
  out.aor = fmt::format("{}{}@{}", scheme, aor->user, out.domain);
  // Requests go to the outbound proxy when there is one, else to the registrar.
  const bool proxied = !account.proxy.empty();
  const std::string registrar_text = proxied                     ? account.proxy
                                     : account.registrar.empty() ? out.domain
                                                                 : std::string(account.registrar);
  const std::string registrar_uri = "sip:" + registrar_text;
  const auto registrar = sip::parse_uri(registrar_uri);
  if (!registrar || !registrar->is_sip() || registrar->has_user || !registrar->params.empty() ||
      !registrar->headers.empty()) {
    return std::unexpected(fmt::format("the {} must be HOST[:PORT], got '{}'",
                                       proxied ? "proxy" : "registrar", registrar_text));
  }
  out.registrar_uri = fmt::format("{}{}", scheme, out.domain);  // §10.2: the location service's
  out.tls_name = std::string(registrar->host.address());
  const std::optional<TransportKind> transport =
      sips ? std::optional(TransportKind::kTls) : account.transport;
  if (registrar->host.kind == sip::HostKind::kName) {
    // RFC 3263: NAPTR, SRV and A records say where (a port given: A records only).
    out.registrar_to_locate = sip::LocateRequest{
        .host = std::string(registrar->host.host),
        .port = registrar->host.port != 0 ? std::optional<std::uint16_t>(registrar->host.port)
                                          : std::nullopt,
        .transport = transport,
        .sips = sips};
  } else {
    const TransportKind kind = transport.value_or(TransportKind::kUdp);
    // RFC 3261 §19.1.2: 5061 for TLS, 5060 otherwise.
    const std::uint16_t port = registrar->host.port != 0     ? registrar->host.port
                               : kind == TransportKind::kTls ? std::uint16_t{5061}
                                                             : std::uint16_t{5060};
    out.registrar = {kind, std::string(registrar->host.address()), port, 0};
  }
  if (proxied) {
    // §16.12: a loose Route naming the proxy; TCP or TLS said, so that the proxy keeps it.
    const TransportKind kind = transport.value_or(TransportKind::kUdp);
    out.route = fmt::format("<{}{};lr{}>", scheme, registrar_text,
                            kind == TransportKind::kTcp            ? ";transport=tcp"
                            : kind == TransportKind::kTls && !sips ? ";transport=tls"
                                                                   : "");
  }
  if (!account.public_address.empty() && !is_ipv4_address(account.public_address) &&
      !is_ipv6_address(account.public_address)) {
    return std::unexpected(
        fmt::format("the public address must be an IP address, got '{}'", account.public_address));
  }
  if (!account.instance_id.empty() && !is_urn(account.instance_id)) {
    return std::unexpected(
        fmt::format("the instance id must be a URN (urn:uuid:…), got '{}'", account.instance_id));
  }
  return out;
}

}  // namespace sipline::app
