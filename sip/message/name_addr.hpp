// Addresses in From, To, Contact, Route, Record-Route, Refer-To, Diversion and
// P-Asserted-Identity: name-addr / addr-spec with header parameters (RFC 3261 §20.10, §25.1).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/params.hpp"
#include "sip/message/scanner.hpp"
#include "sip/message/uri.hpp"

namespace sipline::sip {

struct NameAddr {
  std::string_view text;          // the element as written
  std::string_view display_name;  // as written, quotes included; "" when absent
  Uri uri;
  ParamList params;                   // header parameters after the address (tag, q, expires …)
  bool bracketed = false;             // name-addr form "<…>"
  std::string_view tag;               // the tag parameter, "" when absent
  std::optional<std::string_view> q;  // Contact's q (RFC 3261 §20.10), as written
  std::optional<std::string_view> expires;  // Contact's expires, as written

  // The display name without quotes and quoted-pair escapes.
  [[nodiscard]] std::string display_name_decoded() const;
};

enum class AddressForm : std::uint8_t {
  kAny,           // name-addr or addr-spec (From, To, Contact, Refer-To …)
  kBracketedOnly  // name-addr only (Route, Record-Route, Path)
};

// One address with its parameters at the scanner's position. In addr-spec form the URI ends
// at the first ';', ',', '?' or white space: RFC 3261 §20.10 requires brackets for URIs
// holding those, so the parameters after it are header parameters.
[[nodiscard]] Result<NameAddr> parse_name_addr(Scanner& scanner,
                                               AddressForm form = AddressForm::kAny);

// The same, into an existing NameAddr (no copy of the result).
[[nodiscard]] Result<void> parse_name_addr_into(Scanner& scanner, NameAddr& out,
                                                AddressForm form = AddressForm::kAny);

// A whole header value holding exactly one address (From, To, Refer-To).
[[nodiscard]] Result<NameAddr> parse_single_address(std::string_view value);
[[nodiscard]] Result<void> parse_single_address_into(std::string_view value, NameAddr& out);

// Contact parameters (RFC 3261 §20.10): q = qvalue, expires = delta-seconds.
[[nodiscard]] bool is_qvalue(std::string_view text) noexcept;

}  // namespace sipline::sip
