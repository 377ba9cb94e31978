// Our Contact over a given transport. A peer sends its requests inside the dialog, and a
// registrar its requests to our binding, over the transport our Contact names (RFC 3261 §19.1.4,
// the transport parameter).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "transport/transport_kind.hpp"

namespace sipline::sip {

// "sip:alice@192.0.2.1:5060" over TCP: "sip:alice@192.0.2.1:5060;transport=tcp". A sips: URI
// says TLS already (RFC 5630 §3.1.3), and UDP is the default: both stay as they are. Over TLS,
// with a TLS listener of ours (`tls_port`, 0: none), at its port: "…@192.0.2.1:5061;transport=tls".
[[nodiscard]] std::string contact_over(std::string_view contact, transport::TransportKind kind,
                                       std::uint16_t tls_port = 0);

// Our Via's sent-by ("192.0.2.1:5060", "[::1]:5060") over `kind`: over TLS, with a TLS listener
// of ours, at its port (RFC 3261 §18.2.2: where a response goes should the connection fail).
[[nodiscard]] std::string sent_by_over(std::string_view sent_by, transport::TransportKind kind,
                                       std::uint16_t tls_port = 0);

}  // namespace sipline::sip
