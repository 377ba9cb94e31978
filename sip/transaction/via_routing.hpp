// The transport rules of RFC 3261 §18.2 for a UAS, with RFC 3581's rport: what a server writes
// into the top Via of a request it receives, and where the response to it goes.
#pragma once

#include "base/result.hpp"
#include "sip/message/message.hpp"
#include "transport/flow.hpp"

namespace sipline::sip {

// §18.2.1: received=<source address> when the sent-by host is not that address; RFC 3581 §4:
// rport=<source port> when the client asked with a bare rport. Returns the request unchanged
// (a copy) when nothing is to be added.
[[nodiscard]] Result<Message> stamp_received(const Message& request, const transport::Flow& from);

// §18.2.2 with RFC 3581 §4: where the response to `request` (already stamped) goes. Reliable
// transports: back on the connection it came on. UDP: the received address (else sent-by) and
// rport (else the sent-by port, else 5060); maddr sends to the multicast group.
[[nodiscard]] transport::Flow response_destination(const Message& request,
                                                   const transport::Flow& arrived_on);

}  // namespace sipline::sip
