// List-valued headers read on demand: option tags and methods (Require, Supported, Unsupported,
// Proxy-Require, Allow, Allow-Events), addresses (Route, Record-Route, Path, Service-Route,
// Diversion, P-Asserted-Identity), URIs with parameters (Call-Info, Alert-Info, Error-Info) and
// media ranges (Accept). Each returns at most kMaxListElements elements.
#pragma once

#include <string_view>
#include <vector>

#include "base/result.hpp"
#include "sip/message/header_name.hpp"
#include "sip/message/media_type.hpp"
#include "sip/message/message.hpp"
#include "sip/message/name_addr.hpp"

namespace sipline::sip {

// token *(COMMA token); an empty value is an empty list (Allow and Supported may be empty).
[[nodiscard]] Result<std::vector<std::string_view>> parse_token_list(std::string_view value);

// True when the token list `value` holds `token` (case-insensitive, as option tags compare).
[[nodiscard]] bool token_list_contains(std::string_view value, std::string_view token);

// (name-addr / addr-spec) *(SEMI param) *(COMMA ...). Route, Record-Route, Path and
// Service-Route take AddressForm::kBracketedOnly (RFC 3261 §20.30, §20.34).
[[nodiscard]] Result<std::vector<NameAddr>> parse_address_list(std::string_view value,
                                                               AddressForm form);

// Every address of every `id` field of a message, in order: the route set of Record-Route
// (RFC 3261 §12.1.1), or all Route entries. The bound holds across fields.
[[nodiscard]] Result<std::vector<NameAddr>> collect_addresses(const Message& message, HeaderId id,
                                                              AddressForm form);

// LAQUOT absoluteURI RAQUOT *(SEMI generic-param) *(COMMA ...) (RFC 3261 §20.9, §20.4, §20.18).
struct UriInfo {
  Uri uri;
  ParamList params;
};
[[nodiscard]] Result<std::vector<UriInfo>> parse_uri_info_list(std::string_view value);

// Accept (RFC 3261 §20.1): media ranges with parameters; "*/*" and "type/*" allowed. An empty
// value is an empty list.
[[nodiscard]] Result<std::vector<MediaType>> parse_accept(std::string_view value);

}  // namespace sipline::sip
