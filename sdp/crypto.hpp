// SDES key exchange in SDP (RFC 4568): a=crypto:<tag> <suite> <key-params> [<session-params>].
//
// Key material is secret: nothing here is ever formatted into a log line, and no fmt formatter
// exists for these types on purpose.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.hpp"

namespace sipline::sdp {

// The SRTP crypto suites sipline speaks (RFC 4568 §6.2, RFC 6188, RFC 7714); anything else parses
// as kUnknown and is ignored by negotiation, as RFC 4568 §7.1.1 asks.
enum class SrtpSuite : std::uint8_t {
  kAesCm128HmacSha1_80,
  kAesCm128HmacSha1_32,
  kAes256CmHmacSha1_80,
  kAes256CmHmacSha1_32,
  kAeadAes128Gcm,
  kAeadAes256Gcm,
  kUnknown,
};

[[nodiscard]] SrtpSuite srtp_suite_from(std::string_view name) noexcept;
[[nodiscard]] std::string_view to_string(SrtpSuite suite) noexcept;
// Master key + master salt length of the suite's inline key, in bytes (30, 46, 28, 44).
[[nodiscard]] std::size_t srtp_key_salt_bytes(SrtpSuite suite) noexcept;

struct SrtpKey {
  std::vector<std::byte> key_salt;      // master key followed by master salt
  std::optional<std::string> lifetime;  // "2^20" or a decimal, as written
  std::optional<std::uint32_t> mki;
  std::optional<std::uint8_t> mki_length;
  friend bool operator==(const SrtpKey&, const SrtpKey&) = default;
};

struct CryptoAttribute {
  std::uint32_t tag = 0;   // 1*9DIGIT
  std::string suite_name;  // as written
  SrtpSuite suite = SrtpSuite::kUnknown;
  std::string key_params;     // as written (printed back verbatim)
  std::vector<SrtpKey> keys;  // decoded, for known suites
  std::vector<std::string> session_params;
  friend bool operator==(const CryptoAttribute&, const CryptoAttribute&) = default;
};

// Parses the value of one a=crypto attribute. For known suites every key must be
// "inline:" base64 of exactly srtp_key_salt_bytes() bytes, with an optional lifetime and MKI.
[[nodiscard]] Result<CryptoAttribute> parse_crypto(std::string_view value);

// An a=crypto for `key_salt` (master key then salt, the suite's length), ready to print.
[[nodiscard]] CryptoAttribute make_crypto(std::uint32_t tag, SrtpSuite suite,
                                          std::span<const std::byte> key_salt);

// `text` (a SIP message, an SDP body) with every SDES key replaced: "inline:<key>|2^20|1:4"
// becomes "inline:[redacted]". For traces and logs: keys never leave the phone in them.
[[nodiscard]] std::string redact_crypto_keys(std::string_view text);

// The value text of make_crypto()'s attribute: "<tag> <suite> inline:<base64>".
[[nodiscard]] std::string format_crypto(std::uint32_t tag, SrtpSuite suite,
                                        std::span<const std::byte> key_salt);

}  // namespace sipline::sdp
