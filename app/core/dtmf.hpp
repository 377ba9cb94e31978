// DTMF as the phone core sends and hears it, apart from the media: which way a key goes
// (MicroSIP's DTMFMethod), the keys a user typed, the bodies of SIP INFO (application/dtmf-relay,
// application/dtmf), and the post-dial digits of a dial string ("1002,1234#").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "base/result.hpp"

namespace sipline::app {

// [Settings] DTMFMethod, MicroSIP's values.
enum class DtmfMethod : std::uint8_t {
  kAuto = 0,      // RFC 4733 events when the call agreed on telephone-event, else in-band
  kInBand = 1,    // tones in the audio (ITU-T Q.23)
  kRtpEvent = 2,  // RFC 4733 events only
  kSipInfo = 3,   // SIP INFO with application/dtmf-relay
};

// How a key reached us, or went.
enum class DtmfVia : std::uint8_t { kRtpEvent, kInBand, kSipInfo };

inline constexpr char kDtmfPause = ',';  // in a key string: wait a second
inline constexpr std::size_t kMaxDtmfKeys = 64;

// The keys a user typed: 0-9 * # A-D (a-d taken as A-D) and ',' pauses, at most kMaxDtmfKeys.
// Fails naming the first character that is none of them.
[[nodiscard]] Result<std::string> parse_dtmf_keys(std::string_view typed);

// The key in an INFO body: application/dtmf-relay's "Signal=5" line (a key, or an event
// number 0-15), or application/dtmf's key alone. nullopt for other bodies and types.
[[nodiscard]] std::optional<char> dtmf_key_of_info(std::string_view content_type,
                                                   std::string_view body);

// application/dtmf-relay for `key`, as MicroSIP and most PBXes send it.
[[nodiscard]] std::string dtmf_relay_body(char key, std::uint32_t duration_ms);

// A dial string with post-dial digits, "1002,1234#" → {"1002", "1234#"}: split at the first ','
// when only keys and pauses follow it; else {target, ""}.
[[nodiscard]] std::pair<std::string_view, std::string_view> split_post_dial(
    std::string_view target);

}  // namespace sipline::app
