// Header field names: the ones the stack knows, their compact forms (RFC 3261 §7.3.3 and the
// extensions' own), and a case-insensitive lookup fast enough for every header of every message.
#pragma once

#include <cstdint>
#include <string_view>

namespace sipline::sip {

enum class HeaderId : std::uint8_t {
  kUnknown,
  kAccept,
  kAcceptContact,
  kAcceptEncoding,
  kAcceptLanguage,
  kAlertInfo,
  kAllow,
  kAllowEvents,
  kAuthenticationInfo,
  kAuthorization,
  kCallId,
  kCallInfo,
  kContact,
  kContentDisposition,
  kContentEncoding,
  kContentLanguage,
  kContentLength,
  kContentType,
  kCSeq,
  kDate,
  kDiversion,
  kErrorInfo,
  kEvent,
  kExpires,
  kFrom,
  kIdentity,
  kInReplyTo,
  kMaxForwards,
  kMimeVersion,
  kMinExpires,
  kMinSE,
  kOrganization,
  kPAssertedIdentity,
  kPPreferredIdentity,
  kPath,
  kPriority,
  kPrivacy,
  kProxyAuthenticate,
  kProxyAuthorization,
  kProxyRequire,
  kRAck,
  kReason,
  kRecordRoute,
  kReferTo,
  kReferredBy,
  kRejectContact,
  kReplaces,
  kReplyTo,
  kRequestDisposition,
  kRequire,
  kRetryAfter,
  kRoute,
  kRSeq,
  kServer,
  kServiceRoute,
  kSessionExpires,
  kSubject,
  kSubscriptionState,
  kSupported,
  kTimestamp,
  kTo,
  kUnsupported,
  kUserAgent,
  kVia,
  kWarning,
  kWwwAuthenticate,
  kCount,
};

// Full name or compact form, any case; kUnknown for anything else.
[[nodiscard]] HeaderId header_id(std::string_view name) noexcept;
// The same for a name already known to be a token (the parser's case), without re-checking it.
[[nodiscard]] HeaderId header_id_of_token(std::string_view name) noexcept;

// The canonical full name ("Call-ID", "CSeq", "WWW-Authenticate"); "" for kUnknown.
[[nodiscard]] std::string_view canonical_name(HeaderId id) noexcept;

// The compact form ('i' for Call-ID …), or '\0' when the header has none.
[[nodiscard]] char compact_form(HeaderId id) noexcept;

}  // namespace sipline::sip
