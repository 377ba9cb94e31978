// The header name table and its hash lookup.
#include "sip/message/header_name.hpp"

#include <array>

#include "base/text.hpp"
#include "sip/message/char_class.hpp"

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
// compile time. 256 slots for ~65 names keep probe chains to one or two.
constexpr std::size_t kSlots = 256;

// ASCII letters fold to lower case with | 0x20. Applied to a token, the fold cannot turn a
// non-letter into a letter or a '-', so comparing folded input with lower-case names is exact.
constexpr unsigned char fold(char c) noexcept { return static_cast<unsigned char>(c) | 0x20U; }

constexpr std::size_t name_hash(std::string_view name) noexcept {
  return (name.size() * 37U + fold(name.front()) * 7U + fold(name.back()) * 3U) % kSlots;
}

// A name folded to lower case and zero-padded, as three little-endian words.
struct Folded {
  std::array<std::uint64_t, 3> words{};
};

constexpr std::size_t kMaxName = sizeof(Folded::words);

constexpr Folded fold_words(std::string_view name) noexcept {
  Folded out;
  for (std::size_t i = 0; i < kMaxName; ++i) {
    const unsigned char c = i < name.size() ? fold(name[i]) : fold('\0');
    out.words[i / 8] |= std::uint64_t{c} << (8 * (i % 8));
  }
  return out;
}

struct Slot {
  Folded name;
  std::uint8_t size = 0;
  HeaderId id = HeaderId::kUnknown;
};

constexpr std::array<Slot, kSlots> build_index() {
  std::array<Slot, kSlots> slots{};
  for (const NameEntry& entry : kNames) {
    if (entry.id == HeaderId::kUnknown) {
      continue;
    }
    std::size_t i = name_hash(entry.name);
    while (slots[i].size != 0) {
      i = (i + 1) % kSlots;
    }
    slots[i] = Slot{fold_words(entry.name), static_cast<std::uint8_t>(entry.name.size()), entry.id};
  }
  // Compact forms live in a table of their own (below); their one-letter keys would crowd here.
  return slots;
}

constexpr std::array<Slot, kSlots> kIndex = build_index();

// Folds a token the fast way: every byte OR 0x20 into zero-padded words, no copy of the name.
Folded fold_token(std::string_view name) noexcept {
  Folded out;
  out.words = {0x2020202020202020ULL, 0x2020202020202020ULL, 0x2020202020202020ULL};
  for (std::size_t i = 0; i < name.size(); ++i) {
    out.words[i / 8] |= std::uint64_t{static_cast<unsigned char>(name[i])} << (8 * (i % 8));
  }
  return out;
}

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

HeaderId header_id_of_token(std::string_view name) noexcept {
  if (name.size() == 1) {
    const char c = to_lower(name.front());
    return (c >= 'a' && c <= 'z') ? kCompact[static_cast<std::size_t>(c - 'a')]
                                  : HeaderId::kUnknown;
  }
  if (name.empty() || name.size() > kMaxName) {
    return HeaderId::kUnknown;
  }
  const Folded folded = fold_token(name);
  for (std::size_t i = name_hash(name); kIndex[i].size != 0; i = (i + 1) % kSlots) {
    const Slot& slot = kIndex[i];
    if (slot.size == name.size() && slot.name.words == folded.words) {
      return slot.id;
    }
  }
  return HeaderId::kUnknown;
}

HeaderId header_id(std::string_view name) noexcept {
  // The fold is exact on tokens only (CR would fold to '-'); header names are tokens.
  return is_token(name) ? header_id_of_token(name) : HeaderId::kUnknown;
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
