// SDES a=crypto parsing and formatting.
#include "sdp/crypto.hpp"

#include <array>

#include "base/base64.hpp"
#include "base/text.hpp"

namespace sipline::sdp {
namespace {

struct SuiteInfo {
  SrtpSuite suite;
  std::string_view name;
  std::size_t key_salt_bytes;
};

constexpr std::array<SuiteInfo, 6> kSuites{{
    {SrtpSuite::kAesCm128HmacSha1_80, "AES_CM_128_HMAC_SHA1_80", 30},
    {SrtpSuite::kAesCm128HmacSha1_32, "AES_CM_128_HMAC_SHA1_32", 30},
    {SrtpSuite::kAes256CmHmacSha1_80, "AES_256_CM_HMAC_SHA1_80", 46},
    {SrtpSuite::kAes256CmHmacSha1_32, "AES_256_CM_HMAC_SHA1_32", 46},
    {SrtpSuite::kAeadAes128Gcm, "AEAD_AES_128_GCM", 28},
    {SrtpSuite::kAeadAes256Gcm, "AEAD_AES_256_GCM", 44},
}};

// "inline:" key-salt ["|" lifetime] ["|" MKI ":" MKI-length] (RFC 4568 §6.1).
Result<SrtpKey> parse_inline_key(std::string_view text, std::size_t key_salt_bytes) {
  if (!text.starts_with("inline:")) {
    return fail(Errc::kMalformed, "crypto key is not inline", 0);
  }
  text.remove_prefix(7);
  SrtpKey key;
  const std::size_t bar = text.find('|');
  auto decoded = decode_base64(text.substr(0, bar));
  if (!decoded || decoded->size() != key_salt_bytes) {
    return fail(Errc::kMalformed, "bad crypto key", 7);
  }
  key.key_salt = std::move(*decoded);
  std::string_view rest = bar == std::string_view::npos ? std::string_view{} : text.substr(bar + 1);
  while (!rest.empty()) {
    const std::size_t next = rest.find('|');
    const std::string_view part = rest.substr(0, next);
    rest = next == std::string_view::npos ? std::string_view{} : rest.substr(next + 1);
    if (const std::size_t colon = part.find(':'); colon != std::string_view::npos) {
      const auto mki = parse_decimal<std::uint32_t>(part.substr(0, colon));
      const auto length = parse_decimal<std::uint8_t>(part.substr(colon + 1));
      if (!mki || !length || *length == 0 || *length > 128 || key.mki) {
        return fail(Errc::kMalformed, "bad crypto MKI", 0);
      }
      key.mki = *mki;
      key.mki_length = *length;
    } else {
      // lifetime = ["2^"] 1*(DIGIT)
      const std::string_view digits = part.starts_with("2^") ? part.substr(2) : part;
      if (key.lifetime || key.mki || !parse_decimal<std::uint64_t>(digits)) {
        return fail(Errc::kMalformed, "bad crypto lifetime", 0);
      }
      key.lifetime = std::string(part);
    }
  }
  return key;
}

}  // namespace

SrtpSuite srtp_suite_from(std::string_view name) noexcept {
  for (const SuiteInfo& info : kSuites) {
    if (info.name == name) {
      return info.suite;
    }
  }
  return SrtpSuite::kUnknown;
}

std::string_view to_string(SrtpSuite suite) noexcept {
  for (const SuiteInfo& info : kSuites) {
    if (info.suite == suite) {
      return info.name;
    }
  }
  return "";
}

std::size_t srtp_key_salt_bytes(SrtpSuite suite) noexcept {
  for (const SuiteInfo& info : kSuites) {
    if (info.suite == suite) {
      return info.key_salt_bytes;
    }
  }
  return 0;
}

Result<CryptoAttribute> parse_crypto(std::string_view value) {
  CryptoAttribute out;
  // tag 1*WSP crypto-suite 1*WSP key-params *(1*WSP session-param)
  std::vector<std::string_view> fields;
  std::size_t pos = 0;
  while (pos < value.size() && fields.size() < 16) {
    while (pos < value.size() && is_wsp(value[pos])) {
      ++pos;
    }
    const std::size_t start = pos;
    while (pos < value.size() && !is_wsp(value[pos])) {
      ++pos;
    }
    if (pos > start) {
      fields.push_back(value.substr(start, pos - start));
    }
  }
  if (fields.size() < 3 || pos < value.size()) {
    return fail(Errc::kMalformed, "bad a=crypto", 0);
  }
  const auto tag = parse_decimal<std::uint32_t>(fields[0]);
  if (!tag || fields[0].size() > 9 || *tag == 0) {
    return fail(Errc::kMalformed, "bad crypto tag", 0);
  }
  out.tag = *tag;
  out.suite_name = fields[1];
  out.suite = srtp_suite_from(fields[1]);
  out.key_params = fields[2];
  for (std::size_t i = 3; i < fields.size(); ++i) {
    out.session_params.emplace_back(fields[i]);
  }
  if (out.suite == SrtpSuite::kUnknown) {
    return out;  // RFC 4568 §7.1.1: unknown suites are ignored, not errors
  }
  std::string_view keys = fields[2];
  while (!keys.empty()) {
    const std::size_t semicolon = keys.find(';');
    auto key = parse_inline_key(keys.substr(0, semicolon), srtp_key_salt_bytes(out.suite));
    if (!key) {
      return std::unexpected(key.error());
    }
    out.keys.push_back(std::move(*key));
    keys = semicolon == std::string_view::npos ? std::string_view{} : keys.substr(semicolon + 1);
    if (out.keys.size() > 4) {
      return fail(Errc::kTooLarge, "too many crypto keys", 0);
    }
  }
  if (out.keys.empty()) {
    return fail(Errc::kMalformed, "crypto without a key", 0);
  }
  return out;
}

CryptoAttribute make_crypto(std::uint32_t tag, SrtpSuite suite,
                            std::span<const std::byte> key_salt) {
  CryptoAttribute crypto;
  crypto.tag = tag;
  crypto.suite = suite;
  crypto.suite_name = std::string(to_string(suite));
  crypto.key_params = "inline:" + encode_base64(key_salt);
  crypto.keys.push_back(
      SrtpKey{std::vector<std::byte>(key_salt.begin(), key_salt.end()), {}, {}, {}});
  return crypto;
}

std::string format_crypto(std::uint32_t tag, SrtpSuite suite, std::span<const std::byte> key_salt) {
  return std::to_string(tag) + " " + std::string(to_string(suite)) +
         " inline:" + encode_base64(key_salt);
}

std::string redact_crypto_keys(std::string_view text) {
  constexpr std::string_view kInline = "inline:";
  constexpr std::string_view kRedacted = "[redacted]";
  std::string out;
  out.reserve(text.size());
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = text.find(kInline, from);
    if (at == std::string_view::npos) {
      out.append(text.substr(from));
      return out;
    }
    out.append(text.substr(from, at - from + kInline.size()));
    out.append(kRedacted);
    // The key-params run to the next space or line end (RFC 4568 §9.2: no WSP inside).
    from = text.find_first_of(" \t\r\n", at + kInline.size());
    if (from == std::string_view::npos) {
      return out;
    }
  }
}

}  // namespace sipline::sdp
