// Digest computations on OpenSSL's EVP hashes.
#include "sip/ua/digest.hpp"

#include <array>

#include <fmt/format.h>
#include <openssl/evp.h>

#include "base/text.hpp"
#include "sip/message/auth_headers.hpp"
#include "sip/message/escape.hpp"

namespace sipline::sip {
namespace {

std::string hex_hash(DigestAlgorithm algorithm, std::string_view data) {
  const bool sha =
      algorithm == DigestAlgorithm::kSha256 || algorithm == DigestAlgorithm::kSha256Sess;
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), digest.data(), &length, sha ? EVP_sha256() : EVP_md5(),
             nullptr);
  std::string out;
  out.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) {
    fmt::format_to(std::back_inserter(out), "{:02x}", digest[i]);
  }
  return out;
}

std::optional<DigestAlgorithm> algorithm_from(std::string_view name) {
  for (const auto a : {DigestAlgorithm::kMd5, DigestAlgorithm::kMd5Sess, DigestAlgorithm::kSha256,
                       DigestAlgorithm::kSha256Sess}) {
    if (iequals(name, to_string(a))) {
      return a;
    }
  }
  return std::nullopt;
}

bool is_session(DigestAlgorithm algorithm) {
  return algorithm == DigestAlgorithm::kMd5Sess || algorithm == DigestAlgorithm::kSha256Sess;
}

}  // namespace

std::string_view to_string(DigestAlgorithm algorithm) noexcept {
  switch (algorithm) {
    case DigestAlgorithm::kMd5:
      return "MD5";
    case DigestAlgorithm::kMd5Sess:
      return "MD5-sess";
    case DigestAlgorithm::kSha256:
      return "SHA-256";
    case DigestAlgorithm::kSha256Sess:
      return "SHA-256-sess";
  }
  return "MD5";
}

Result<DigestChallenge> parse_digest_challenge(std::string_view header_value) {
  const auto header = parse_auth_header(header_value);
  if (!header) {
    return std::unexpected(header.error());
  }
  if (!header->is_digest()) {
    return fail(Errc::kUnsupported, "authentication scheme other than Digest", 0);
  }
  DigestChallenge challenge;
  auto realm = header->param("realm");
  auto nonce = header->param("nonce");
  if (!realm || !nonce || nonce->empty()) {
    return fail(Errc::kMalformed, "Digest challenge without realm or nonce", 0);
  }
  challenge.realm = std::move(*realm);
  challenge.nonce = std::move(*nonce);
  challenge.opaque = header->param("opaque");
  if (const auto algorithm = header->param("algorithm")) {
    const auto known = algorithm_from(*algorithm);
    if (!known) {
      return fail(Errc::kUnsupported, "Digest algorithm not implemented", 0);
    }
    challenge.algorithm = *known;
  }
  if (const auto qop = header->param("qop")) {
    for (const std::string& option : split_qop_options(*qop)) {
      challenge.qop_auth = challenge.qop_auth || iequals(option, "auth");
    }
    if (!challenge.qop_auth) {
      return fail(Errc::kUnsupported, "Digest qop without auth (auth-int only)", 0);
    }
  }
  if (const auto stale = header->param("stale")) {
    challenge.stale = iequals(*stale, "true");
  }
  return challenge;
}

Result<DigestChallenge> choose_digest_challenge(std::span<const std::string_view> header_values) {
  std::optional<DigestChallenge> best;
  Error last = {Errc::kNotFound, "no Digest challenge", 0};
  const auto strength = [](DigestAlgorithm a) {
    return a == DigestAlgorithm::kSha256 || a == DigestAlgorithm::kSha256Sess ? 1 : 0;
  };
  for (const std::string_view value : header_values) {
    auto challenge = parse_digest_challenge(value);
    if (!challenge) {
      last = challenge.error();
      continue;
    }
    if (!best || strength(challenge->algorithm) > strength(best->algorithm)) {
      best = std::move(*challenge);
    }
  }
  if (!best) {
    return std::unexpected(last);
  }
  return std::move(*best);
}

std::string digest_response(const DigestChallenge& challenge, const DigestAnswer& answer) {
  const DigestAlgorithm algorithm = challenge.algorithm;
  std::string ha1 = hex_hash(
      algorithm, fmt::format("{}:{}:{}", answer.username, challenge.realm, answer.password));
  if (is_session(algorithm)) {
    ha1 = hex_hash(algorithm, fmt::format("{}:{}:{}", ha1, challenge.nonce, answer.cnonce));
  }
  const std::string ha2 = hex_hash(algorithm, fmt::format("{}:{}", answer.method, answer.uri));
  if (challenge.qop_auth) {
    return hex_hash(algorithm, fmt::format("{}:{}:{:08x}:{}:auth:{}", ha1, challenge.nonce,
                                           answer.nonce_count, answer.cnonce, ha2));
  }
  return hex_hash(algorithm, fmt::format("{}:{}:{}", ha1, challenge.nonce, ha2));
}

std::string digest_credentials(const DigestChallenge& challenge, const DigestAnswer& answer) {
  std::string out = fmt::format(
      "Digest username={}, realm={}, nonce={}, uri={}, response=\"{}\", algorithm={}",
      quote_string(answer.username), quote_string(challenge.realm), quote_string(challenge.nonce),
      quote_string(answer.uri), digest_response(challenge, answer), to_string(challenge.algorithm));
  if (challenge.qop_auth) {
    fmt::format_to(std::back_inserter(out), ", cnonce={}, qop=auth, nc={:08x}",
                   quote_string(answer.cnonce), answer.nonce_count);
  }
  if (challenge.opaque) {
    fmt::format_to(std::back_inserter(out), ", opaque={}", quote_string(*challenge.opaque));
  }
  return out;
}

}  // namespace sipline::sip
