// Authentication headers (RFC 3261 §20.27, §20.28, §20.44, §20.7; RFC 7616 digest): a scheme
// and its comma-separated auth-params, read on demand by the user agent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace sipline::sip {

struct AuthParam {
  std::string_view name;
  std::string_view value;  // as written: quoted values keep their quotes
  bool quoted = false;
};

// WWW-Authenticate / Proxy-Authenticate (a challenge) or Authorization / Proxy-Authorization
// (credentials): same shape, `scheme LWS auth-param *(COMMA auth-param)`.
struct AuthHeader {
  std::string_view scheme;  // "Digest", or any other token (RFC 4475 §3.3.7)
  std::vector<AuthParam> params;

  [[nodiscard]] bool is_digest() const noexcept;
  // The parameter's value with quotes and escapes removed, or nullopt when absent.
  [[nodiscard]] std::optional<std::string> param(std::string_view name) const;
  // The raw parameter, for callers that must see how it was written.
  [[nodiscard]] const AuthParam* find(std::string_view name) const noexcept;
};

// Longest value of one auth-param: a nonce of 64 KiB is refused, not carried around.
inline constexpr std::size_t kMaxAuthParamBytes = 1024;

// Fails on an unterminated quote, an empty or duplicated parameter name, a value over
// kMaxAuthParamBytes, or no scheme.
[[nodiscard]] Result<AuthHeader> parse_auth_header(std::string_view value);

// qop="auth,auth-int" → {"auth", "auth-int"} (RFC 7616 §3.3: a quoted, comma-separated list).
[[nodiscard]] std::vector<std::string> split_qop_options(std::string_view unquoted);

}  // namespace sipline::sip
