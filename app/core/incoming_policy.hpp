// The rules an incoming call meets before it rings, as pure functions of its INVITE's headers
// and addresses: MicroSIP's deny rules (denyIncoming), its auto-answer on request
// (autoAnswer=header) and number lists (autoAnswerNumber), forwarding's Diversion (RFC 5806),
// and who forwarded a call to us (Diversion, History-Info RFC 7044).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "sip/ua/ua_types.hpp"

namespace sipline::app {

// denyIncoming: which calls are refused with 486 (MicroSIP's values; "button" is DND, in
// PhoneConfig::do_not_disturb). user: the caller dialled another user than ours; domain:
// another domain than our account's; userdomain: either; remotedomain: the caller is from
// another domain than our account's; all: every call.
enum class DenyIncoming : std::uint8_t { kNone, kUser, kDomain, kUserDomain, kRemoteDomain, kAll };

// Who a call is for and from, and who we are (the default account, or the local user by IP).
struct CallParties {
  std::string_view to_user;  // the To URI's, as dialled
  std::string_view to_host;
  std::string_view from_host;
  std::string_view our_user;
  std::string_view our_domain;  // empty: no account (calls by IP)
};

// Why `rule` refuses the call; nullopt: it may ring. Users compare exactly (RFC 3261 §19.1.4),
// hosts case-insensitively.
[[nodiscard]] std::optional<std::string_view> deny_reason(DenyIncoming rule,
                                                          const CallParties& parties);

// autoAnswer=header: the delay the caller asks to be answered after, or nullopt when it does
// not ask. Read: X-AUTOANSWER: true|1 (answer at once); Call-Info: <…>;answer-after=N
// (RFC 5373 style, Snom, Yealink); Alert-Info: <…>;info=alert-autoanswer, "Auto Answer"
// (Polycom), or an answer-after=N parameter. Delays are capped at an hour.
[[nodiscard]] std::optional<Duration> requested_auto_answer(
    std::span<const sip::ua::CallHeader> headers);

// autoAnswerNumber: patterns separated by ';' or '|' (blanks around them dropped); '*' matches
// any run of characters, '?' one. At most kMaxNumberPatterns are kept, each capped.
inline constexpr std::size_t kMaxNumberPatterns = 64;
[[nodiscard]] std::vector<std::string> split_number_patterns(std::string_view list);
// Whether `number` (the caller's user part) matches one of `patterns`; an empty list matches
// every caller.
[[nodiscard]] bool number_matches(std::string_view number, std::span<const std::string> patterns);

// Who forwarded this call to us, for the user: the newest Diversion (RFC 5806 §4: listed
// first) with its reason, else the first History-Info entry (RFC 7044: the target first
// dialled); empty when neither is there.
[[nodiscard]] std::string forwarded_by(std::span<const sip::ua::CallHeader> headers);

// Our Diversion header value for a call we forward (RFC 5806 §4): we (`our_uri`) diverted it,
// at once ("unconditional") or after it rang unanswered ("no-answer").
[[nodiscard]] std::string diversion_value(std::string_view our_uri, bool after_ringing);

}  // namespace sipline::app
