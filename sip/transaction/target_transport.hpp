// Which transport a request to a URI may use (RFC 3261 §19.1.2, §26.2; RFC 3263 §4.1): a sips
// URI requires TLS, a transport= parameter names one, otherwise the configured default.
#pragma once

#include "base/result.hpp"
#include "sip/message/uri.hpp"
#include "transport/transport_kind.hpp"

namespace sipline::sip {

// Fails with kUnsupported for transports we do not speak (transport=sctp, ws …) and for a sips
// URI that names a transport other than TLS (§26.2.2: the whole path must be secure).
[[nodiscard]] Result<transport::TransportKind> transport_for_uri(
    const Uri& uri, transport::TransportKind configured);

}  // namespace sipline::sip
