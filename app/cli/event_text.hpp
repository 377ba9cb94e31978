// The console's words for the phone's typed events: one line each ("call 1 confirmed
// PCMU/8000"), the same lines scripts have read since the first release. Hooks and a control
// socket take the events themselves, not these lines.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "app/core/phone_core.hpp"
#include "app/core/phone_events.hpp"

namespace sipline::app {

[[nodiscard]] std::string event_text(const PhoneEvent& event);
[[nodiscard]] std::string_view to_string(PhoneCallState state) noexcept;
// `calls`: "call 1 to sip:bob@… confirmed PCMU/8000", one line a call, or "no calls".
[[nodiscard]] std::string calls_text(const std::vector<CallInfo>& calls);
// `reg`: "1* sip:alice@…: registered (600 s)", one line an account (the default one marked).
[[nodiscard]] std::string accounts_text(const std::vector<AccountInfo>& accounts);

}  // namespace sipline::app
