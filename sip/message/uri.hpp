// URIs: sip/sips (RFC 3261 §19.1), tel (RFC 3966) and any other absolute URI, which parses
// as generic and is judged by the user agent (416 Unsupported URI Scheme, §21.4.16).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/host.hpp"
#include "sip/message/params.hpp"

namespace sipline::sip {

enum class Scheme : std::uint8_t { kSip, kSips, kTel, kOther };

// A validated URI as views into the text it was parsed from. Components keep their
// %-escapes; the *_decoded() accessors decode them once.
struct Uri {
  Scheme scheme = Scheme::kOther;
  std::string_view text;         // the whole URI as written
  std::string_view scheme_name;  // as written, e.g. "SIP"
  std::string_view user;         // sip/sips: user or telephone-subscriber; tel: the number
  std::string_view password;
  bool has_user = false;
  bool has_password = false;
  HostPort host;             // sip/sips only
  ParamList params;          // sip/sips/tel: ";transport=tcp;lr"
  std::string_view headers;  // sip/sips: "Subject=x&Route=..." without the '?'

  [[nodiscard]] bool is_sip() const noexcept {
    return scheme == Scheme::kSip || scheme == Scheme::kSips;
  }
  [[nodiscard]] std::optional<std::string_view> param(std::string_view name) const {
    return params.find(name);
  }
  [[nodiscard]] std::string user_decoded() const;
  [[nodiscard]] std::string password_decoded() const;

  // Same text: what the message model compares. For RFC 3261 §19.1.4 equivalence use
  // uri_equivalent().
  friend bool operator==(const Uri& a, const Uri& b) noexcept { return a.text == b.text; }
};

inline constexpr std::string_view kReasonUriTooLong = "URI too long";

// Longest URI we accept; a Request-URI beyond it earns 414 Request-URI Too Long.
inline constexpr std::size_t kMaxUriBytes = 4096;

[[nodiscard]] Result<Uri> parse_uri(std::string_view text) noexcept;
// The same, into an existing Uri (the message parser's way: no copy of the result).
[[nodiscard]] Result<void> parse_uri_into(std::string_view text, Uri& uri) noexcept;

// RFC 3261 §19.1.4 comparison for sip/sips; tel per RFC 3966 §4 (visual separators ignored,
// parameters order-insensitive); other schemes compare as case-insensitive text.
[[nodiscard]] bool uri_equivalent(const Uri& a, const Uri& b);

}  // namespace sipline::sip
