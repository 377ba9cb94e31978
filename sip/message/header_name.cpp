// The header name table and its hash lookup.
#include "sip/message/header_name.hpp"

#include <array>

#include "base/text.hpp"

namespace sipline::sip {
namespace {

struct NameEntry {
  HeaderId id;
  std::string_view name;
  char compact;
};

// Canonical spellings; compact forms from RFC 3261 §7.3.3, RFC 3265 (o, u), RFC 3515 (r),
// RFC 3892 (b), RFC 4028 (x), RFC 3841 (a, j, d), RFC 8224 (y).
constexpr std::array<NameEntry, static_cast<std::size_t>(HeaderId::kCount)> kNames{{
    {HeaderId::kUnknown, "", '\0'},
    {HeaderId::kAccept, "Accept", '\0'},
    {HeaderId::kAcceptContact, "Accept-Contact", 'a'},
    {HeaderId::kAcceptEncoding, "Accept-Encoding", '\0'},
    {HeaderId::kAcceptLanguage, "Accept-Language", '\0'},
    {HeaderId::kAlertInfo, "Alert-Info", '\0'},
    {HeaderId::kAllow, "Allow", '\0'},
    {HeaderId::kAllowEvents, "Allow-Events", 'u'},
    {HeaderId::kAuthenticationInfo, "Authentication-Info", '\0'},
    {HeaderId::kAuthorization, "Authorization", '\0'},
    {HeaderId::kCallId, "Call-ID", 'i'},
    {HeaderId::kCallInfo, "Call-Info", '\0'},
    {HeaderId::kContact, "Contact", 'm'},
    {HeaderId::kContentDisposition, "Content-Disposition", '\0'},
    {HeaderId::kContentEncoding, "Content-Encoding", 'e'},
    {HeaderId::kContentLanguage, "Content-Language", '\0'},
    {HeaderId::kContentLength, "Content-Length", 'l'},
    {HeaderId::kContentType, "Content-Type", 'c'},
    {HeaderId::kCSeq, "CSeq", '\0'},
    {HeaderId::kDate, "Date", '\0'},
    {HeaderId::kDiversion, "Diversion", '\0'},
    {HeaderId::kErrorInfo, "Error-Info", '\0'},
    {HeaderId::kEvent, "Event", 'o'},
    {HeaderId::kExpires, "Expires", '\0'},
    {HeaderId::kFrom, "From", 'f'},
    {HeaderId::kIdentity, "Identity", 'y'},
    {HeaderId::kInReplyTo, "In-Reply-To", '\0'},
    {HeaderId::kMaxForwards, "Max-Forwards", '\0'},
    {HeaderId::kMimeVersion, "MIME-Version", '\0'},
    {HeaderId::kMinExpires, "Min-Expires", '\0'},
    {HeaderId::kMinSE, "Min-SE", '\0'},
    {HeaderId::kOrganization, "Organization", '\0'},
    {HeaderId::kPAssertedIdentity, "P-Asserted-Identity", '\0'},
    {HeaderId::kPPreferredIdentity, "P-Preferred-Identity", '\0'},
    {HeaderId::kPath, "Path", '\0'},
    {HeaderId::kPriority, "Priority", '\0'},
    {HeaderId::kPrivacy, "Privacy", '\0'},
    {HeaderId::kProxyAuthenticate, "Proxy-Authenticate", '\0'},
    {HeaderId::kProxyAuthorization, "Proxy-Authorization", '\0'},
    {HeaderId::kProxyRequire, "Proxy-Require", '\0'},
    {HeaderId::kRAck, "RAck", '\0'},
    {HeaderId::kReason, "Reason", '\0'},
    {HeaderId::kRecordRoute, "Record-Route", '\0'},
    {HeaderId::kReferTo, "Refer-To", 'r'},
    {HeaderId::kReferredBy, "Referred-By", 'b'},
    {HeaderId::kRejectContact, "Reject-Contact", 'j'},
    {HeaderId::kReplaces, "Replaces", '\0'},
    {HeaderId::kReplyTo, "Reply-To", '\0'},
    {HeaderId::kRequestDisposition, "Request-Disposition", 'd'},
    {HeaderId::kRequire, "Require", '\0'},
    {HeaderId::kRetryAfter, "Retry-After", '\0'},
    {HeaderId::kRoute, "Route", '\0'},
    {HeaderId::kRSeq, "RSeq", '\0'},
    {HeaderId::kServer, "Server", '\0'},
    {HeaderId::kServiceRoute, "Service-Route", '\0'},
    {HeaderId::kSessionExpires, "Session-Expires", 'x'},
    {HeaderId::kSubject, "Subject", 's'},
    {HeaderId::kSubscriptionState, "Subscription-State", '\0'},
    {HeaderId::kSupported, "Supported", 'k'},
    {HeaderId::kTimestamp, "Timestamp", '\0'},
    {HeaderId::kTo, "To", 't'},
    {HeaderId::kUnsupported, "Unsupported", '\0'},
    {HeaderId::kUserAgent, "User-Agent", '\0'},
    {HeaderId::kVia, "Via", 'v'},
    {HeaderId::kWarning, "Warning", '\0'},
    {HeaderId::kWwwAuthenticate, "WWW-Authenticate", '\0'},
}};

constexpr bool ids_in_order() {
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (kNames[i].id != static_cast<HeaderId>(i)) {
      return false;
    }
  }
  return true;
}
static_assert(ids_in_order(), "kNames must list HeaderId values in order");

// Open addressing over a hash of (length, first, last) letters, folded to lower case; built at
// compile time. 256 slots for ~85 keys keeps probe chains to one or two.
constexpr std::size_t kSlots = 256;

constexpr std::size_t name_hash(std::string_view name) noexcept {
  const auto first = static_cast<unsigned char>(to_lower(name.front()));
  const auto last = static_cast<unsigned char>(to_lower(name.back()));
  return (name.size() * 37U + first * 7U + last * 3U) % kSlots;
}

struct Slot {
  std::string_view name;
  HeaderId id = HeaderId::kUnknown;
};

constexpr std::array<Slot, kSlots> build_index() {
  std::array<Slot, kSlots> slots{};
  auto insert = [&slots](std::string_view name, HeaderId id) {
    std::size_t i = name_hash(name);
    while (!slots[i].name.empty()) {
      i = (i + 1) % kSlots;
    }
    slots[i] = Slot{name, id};
  };
  for (const NameEntry& entry : kNames) {
    if (entry.id == HeaderId::kUnknown) {
      continue;
    }
    insert(entry.name, entry.id);
  }
  // Compact forms live in a table of their own (below); their one-letter keys would crowd here.
  return slots;
}

constexpr std::array<Slot, kSlots> kIndex = build_index();

constexpr std::array<HeaderId, 26> build_compact() {
  std::array<HeaderId, 26> compact{};
  for (const NameEntry& entry : kNames) {
    if (entry.compact != '\0') {
      compact[static_cast<std::size_t>(entry.compact - 'a')] = entry.id;
    }
  }
  return compact;
}

constexpr std::array<HeaderId, 26> kCompact = build_compact();

}  // namespace

HeaderId header_id(std::string_view name) noexcept {
  if (name.empty()) {
    return HeaderId::kUnknown;
  }
  if (name.size() == 1) {
    const char c = to_lower(name.front());
    return (c >= 'a' && c <= 'z') ? kCompact[static_cast<std::size_t>(c - 'a')]
                                  : HeaderId::kUnknown;
  }
  for (std::size_t i = name_hash(name); !kIndex[i].name.empty(); i = (i + 1) % kSlots) {
    if (iequals(kIndex[i].name, name)) {
      return kIndex[i].id;
    }
  }
  return HeaderId::kUnknown;
}

std::string_view canonical_name(HeaderId id) noexcept {
  const auto index = static_cast<std::size_t>(id);
  return index < kNames.size() ? kNames[index].name : std::string_view{};
}

char compact_form(HeaderId id) noexcept {
  const auto index = static_cast<std::size_t>(id);
  return index < kNames.size() ? kNames[index].compact : '\0';
}

}  // namespace sipline::sip
