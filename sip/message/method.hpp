// SIP request methods (RFC 3261 §7.1 and the extensions the stack speaks). Method names are
// case-sensitive: "invite" is an unknown extension method, not INVITE.
#pragma once

#include <cstdint>
#include <string_view>

namespace sipline::sip {

enum class Method : std::uint8_t {
  kUnknown,  // an extension method: keep its text
  kInvite,
  kAck,
  kBye,
  kCancel,
  kOptions,
  kRegister,
  kPrack,      // RFC 3262
  kSubscribe,  // RFC 6665
  kNotify,     // RFC 6665
  kPublish,    // RFC 3903
  kInfo,       // RFC 6086
  kRefer,      // RFC 3515
  kMessage,    // RFC 3428
  kUpdate,     // RFC 3311
};

[[nodiscard]] Method method_from(std::string_view name) noexcept;
// The method's name; "" for kUnknown (whose text the message keeps).
[[nodiscard]] std::string_view to_string(Method method) noexcept;

}  // namespace sipline::sip
