// Headers of the dialog extensions, read on demand: Event (RFC 6665 §8.2.1), Subscription-State
// (RFC 6665 §8.2.3), Replaces (RFC 3891 §6.1), Session-Expires and Min-SE (RFC 4028 §4, §5),
// RAck (RFC 3262 §7.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/method.hpp"
#include "sip/message/params.hpp"

namespace sipline::sip {

struct EventHeader {
  std::string_view package;  // "refer", "message-summary", "dialog" …
  std::string_view id;       // the id parameter, "" when absent
  ParamList params;
};
[[nodiscard]] Result<EventHeader> parse_event(std::string_view value);

struct SubscriptionState {
  std::string_view state;  // "active", "pending", "terminated", or an extension
  std::optional<std::uint32_t> expires;
  std::string_view reason;
  std::optional<std::uint32_t> retry_after;
  ParamList params;
};
[[nodiscard]] Result<SubscriptionState> parse_subscription_state(std::string_view value);

struct Replaces {
  std::string_view call_id;
  std::string_view to_tag;
  std::string_view from_tag;
  bool early_only = false;
};
// to-tag and from-tag are mandatory (RFC 3891 §6.1).
[[nodiscard]] Result<Replaces> parse_replaces(std::string_view value);

enum class Refresher : std::uint8_t { kUnspecified, kUac, kUas };
struct SessionExpires {
  std::uint32_t seconds = 0;
  Refresher refresher = Refresher::kUnspecified;
};
[[nodiscard]] Result<SessionExpires> parse_session_expires(std::string_view value);
// Min-SE = delta-seconds *(SEMI generic-param)
[[nodiscard]] Result<std::uint32_t> parse_min_se(std::string_view value);

struct RAck {
  std::uint32_t rseq = 0;
  std::uint32_t cseq = 0;
  Method method = Method::kUnknown;
  std::string_view method_text;
};
[[nodiscard]] Result<RAck> parse_rack(std::string_view value);

}  // namespace sipline::sip
