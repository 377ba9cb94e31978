// Where a 3xx to our INVITE sends the call (RFC 3261 §8.1.3.4, §21.3): its Contact URIs, best
// first by their q (§20.10: 0 to 1, 1 when absent), in the order written among equals.
#pragma once

#include <string>
#include <vector>

#include "sip/message/message.hpp"

namespace sipline::sip {

// sip: and sips: Contacts only (a tel: or http: one is no place a call can go from here), at
// most ua::kMaxRedirectTargets of them; a Contact with an unreadable q counts as q=0.
[[nodiscard]] std::vector<std::string> redirect_targets(const Message& response);

}  // namespace sipline::sip
