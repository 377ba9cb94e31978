// HTTP Digest authentication for SIP, client side (RFC 3261 §22.4, RFC 2617, RFC 7616, RFC 8760):
// reading a WWW-Authenticate / Proxy-Authenticate challenge and answering it with an
// Authorization / Proxy-Authorization value. MD5 and SHA-256 (and their -sess variants), qop=auth
// or no qop (RFC 2069 style). auth-int is not offered: a server that insists on it is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "base/result.hpp"

namespace sipline::sip {

enum class DigestAlgorithm : std::uint8_t { kMd5, kMd5Sess, kSha256, kSha256Sess };

[[nodiscard]] std::string_view to_string(DigestAlgorithm algorithm) noexcept;

struct DigestChallenge {
  std::string realm;
  std::string nonce;
  std::optional<std::string> opaque;
  DigestAlgorithm algorithm = DigestAlgorithm::kMd5;
  bool qop_auth = false;  // qop offered and it includes "auth"
  bool stale = false;     // the nonce expired; the credentials were right (RFC 7616 §3.3)
};

// One challenge header value ("Digest realm=..., nonce=..."). Fails for another scheme, a
// missing realm or nonce, an algorithm we do not implement, or a qop list without "auth".
[[nodiscard]] Result<DigestChallenge> parse_digest_challenge(std::string_view header_value);

// The strongest challenge we can answer among several (RFC 8760 §2.4: SHA-256 over MD5).
[[nodiscard]] Result<DigestChallenge> choose_digest_challenge(
    std::span<const std::string_view> header_values);

struct DigestAnswer {
  std::string_view method;  // of the request being authorized ("REGISTER", "INVITE" …)
  std::string_view uri;     // its Request-URI as printed
  std::string_view username;
  std::string_view password;
  std::string_view cnonce;        // fresh per nonce (the caller draws it)
  std::uint32_t nonce_count = 1;  // how many times this nonce was used, this one included
};

// The response digest alone (lowercase hex), per RFC 7616 §3.4.1.
[[nodiscard]] std::string digest_response(const DigestChallenge& challenge,
                                          const DigestAnswer& answer);

// The whole credentials value: `Digest username="…", realm="…", nonce="…", uri="…",
// response="…", algorithm=…[, cnonce="…", qop=auth, nc=…][, opaque="…"]`.
[[nodiscard]] std::string digest_credentials(const DigestChallenge& challenge,
                                             const DigestAnswer& answer);

}  // namespace sipline::sip
