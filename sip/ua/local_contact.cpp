// Our Contact and Via sent-by over a transport.
#include "sip/ua/local_contact.hpp"

#include <algorithm>

#include "base/text.hpp"

namespace sipline::sip {
namespace {

// "host:port" (or "[v6]:port", or a host alone) with `port` instead.
std::string with_port(std::string_view host_port, std::uint16_t port) {
  const std::size_t bracket = host_port.rfind(']');
  const std::size_t colon = host_port.rfind(':');
  const bool has_port =
      colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket);
  return std::string(has_port ? host_port.substr(0, colon) : host_port) + ":" +
         std::to_string(port);
}

}  // namespace

std::string contact_over(std::string_view contact, transport::TransportKind kind,
                         std::uint16_t tls_port) {
  std::string out(contact);
  if (kind == transport::TransportKind::kTls && tls_port != 0) {
    // The host:port after the user part (or the scheme), up to the parameters.
    const std::size_t at = contact.find('@');
    const std::size_t host = at != std::string_view::npos ? at + 1 : contact.find(':') + 1;
    const std::size_t end = std::min(contact.find_first_of(";?>", host), contact.size());
    out = std::string(contact.substr(0, host)) +
          with_port(contact.substr(host, end - host), tls_port) + std::string(contact.substr(end));
  }
  if (kind == transport::TransportKind::kUdp || iequals(contact.substr(0, 5), "sips:")) {
    return out;
  }
  out += kind == transport::TransportKind::kTcp ? ";transport=tcp" : ";transport=tls";
  return out;
}

std::string sent_by_over(std::string_view sent_by, transport::TransportKind kind,
                         std::uint16_t tls_port) {
  return kind == transport::TransportKind::kTls && tls_port != 0 ? with_port(sent_by, tls_port)
                                                                 : std::string(sent_by);
}

}  // namespace sipline::sip
