// Our Contact over a given transport. A peer sends its requests inside the dialog, and a
// registrar its requests to our binding, over the transport our Contact names (RFC 3261 §19.1.4,
// the transport parameter).
#pragma once

#include <string>
#include <string_view>

#include "transport/transport_kind.hpp"

namespace sipline::sip {

// "sip:alice@192.0.2.1:5060" over TCP: "sip:alice@192.0.2.1:5060;transport=tcp". A sips: URI
// says TLS already (RFC 5630 §3.1.3), and UDP is the default: both stay as they are.
[[nodiscard]] std::string contact_over(std::string_view contact, transport::TransportKind kind);

}  // namespace sipline::sip
