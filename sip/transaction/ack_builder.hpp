// RFC 3261 §17.1.1.3: the ACK an INVITE client transaction sends itself for a 300–699 response.
#pragma once

#include <string>

#include "sip/message/message.hpp"

namespace sipline::sip {

// Request-URI, Call-ID, From, CSeq number and Route of the INVITE; only its top Via; the To of
// the response (with its tag); CSeq method ACK; no body. Empty if those make no valid ACK.
[[nodiscard]] std::string build_non2xx_ack(const Message& invite, const Message& response);

}  // namespace sipline::sip
