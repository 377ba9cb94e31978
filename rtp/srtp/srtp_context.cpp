// libsrtp2 behind SrtpContext.
#include "rtp/srtp/srtp_context.hpp"

#include <climits>
#include <cstring>
#include <utility>
#include <vector>

#include <openssl/crypto.h>
#include <srtp2/srtp.h>

namespace sipline::rtp {
namespace {

void set_policy(srtp_crypto_policy_t& rtp, srtp_crypto_policy_t& rtcp, SrtpProfile profile) {
  switch (profile) {
    case SrtpProfile::kAesCm128HmacSha1_80:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&rtcp);
      return;
    case SrtpProfile::kAesCm128HmacSha1_32:
      // RFC 4568 §6.2.2: the _32 suite shortens the SRTP tag only; SRTCP keeps 80 bits.
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_32(&rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&rtcp);
      return;
    case SrtpProfile::kAes256CmHmacSha1_80:
      srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&rtp);
      srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&rtcp);
      return;
    case SrtpProfile::kAes256CmHmacSha1_32:
      srtp_crypto_policy_set_aes_cm_256_hmac_sha1_32(&rtp);
      srtp_crypto_policy_set_aes_cm_256_hmac_sha1_80(&rtcp);
      return;
    case SrtpProfile::kAeadAes128Gcm:  // RFC 7714: 16-octet tags
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&rtcp);
      return;
    case SrtpProfile::kAeadAes256Gcm:
      srtp_crypto_policy_set_aes_gcm_256_16_auth(&rtp);
      srtp_crypto_policy_set_aes_gcm_256_16_auth(&rtcp);
      return;
  }
}

Result<std::size_t> map_status(srtp_err_status_t status, int length) {
  switch (status) {
    case srtp_err_status_ok:
      return static_cast<std::size_t>(length);
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old:
      return fail(Errc::kCrypto, "SRTP replay", 0);
    case srtp_err_status_auth_fail:
      return fail(Errc::kCrypto, "SRTP authentication failed", 0);
    case srtp_err_status_bad_mki:
      return fail(Errc::kCrypto, "SRTP packet with an unknown MKI", 0);
    case srtp_err_status_bad_param:
    case srtp_err_status_parse_err:
      return fail(Errc::kTruncated, "SRTP packet too short", 0);
    default:
      return fail(Errc::kCrypto, "SRTP failure", 0);
  }
}

static_assert(kSrtpMaxTrailer >= SRTP_MAX_TRAILER_LEN + 4);

inline constexpr std::uint8_t kMaxMkiBytes = 128;  // RFC 4568 §9.2; libsrtp's SRTP_MAX_MKI_LEN

bool library_ready() {
  static const bool ready = srtp_init() == srtp_err_status_ok;
  return ready;
}

}  // namespace

std::size_t srtp_key_salt_bytes(SrtpProfile profile) noexcept {
  switch (profile) {
    case SrtpProfile::kAesCm128HmacSha1_80:
    case SrtpProfile::kAesCm128HmacSha1_32:
      return 30;
    case SrtpProfile::kAes256CmHmacSha1_80:
    case SrtpProfile::kAes256CmHmacSha1_32:
      return 46;
    case SrtpProfile::kAeadAes128Gcm:
      return 28;
    case SrtpProfile::kAeadAes256Gcm:
      return 44;
  }
  return 0;
}

std::optional<SrtpProfile> srtp_profile_from_name(std::string_view name) noexcept {
  static constexpr std::pair<std::string_view, SrtpProfile> kNames[] = {
      {"AES_CM_128_HMAC_SHA1_80", SrtpProfile::kAesCm128HmacSha1_80},
      {"AES_CM_128_HMAC_SHA1_32", SrtpProfile::kAesCm128HmacSha1_32},
      {"AES_256_CM_HMAC_SHA1_80", SrtpProfile::kAes256CmHmacSha1_80},
      {"AES_256_CM_HMAC_SHA1_32", SrtpProfile::kAes256CmHmacSha1_32},
      {"AEAD_AES_128_GCM", SrtpProfile::kAeadAes128Gcm},
      {"AEAD_AES_256_GCM", SrtpProfile::kAeadAes256Gcm},
  };
  for (const auto& [text, profile] : kNames) {
    if (text == name) {  // suite names are case-sensitive (RFC 4568 §9.2)
      return profile;
    }
  }
  return std::nullopt;
}

struct SrtpContext::Session {
  srtp_t session = nullptr;
  // libsrtp copies the key during srtp_create; ours is wiped right after.
  std::vector<unsigned char> key;
  std::vector<unsigned char> mki;
  ~Session() {
    if (session != nullptr) {
      srtp_dealloc(session);
    }
    OPENSSL_cleanse(key.data(), key.size());
  }
};

SrtpContext::SrtpContext(std::unique_ptr<Session> session) : session_(std::move(session)) {}
SrtpContext::~SrtpContext() = default;

Result<std::unique_ptr<SrtpContext>> SrtpContext::create(SrtpDirection direction,
                                                         SrtpProfile profile, Bytes key_salt,
                                                         std::optional<SrtpMki> mki) {
  if (key_salt.size() != srtp_key_salt_bytes(profile)) {
    return fail(Errc::kInvalidArgument, "SRTP key of the wrong length", 0);
  }
  if (mki && (mki->length == 0 || mki->length > kMaxMkiBytes ||
              (mki->length < 4 && mki->value >> (8 * mki->length) != 0))) {
    return fail(Errc::kInvalidArgument, "SRTP MKI does not fit its length", 0);
  }
  if (!library_ready()) {
    return fail(Errc::kCrypto, "libsrtp2 failed to initialise", 0);
  }
  auto session = std::make_unique<Session>();
  session->key.resize(key_salt.size());
  std::memcpy(session->key.data(), key_salt.data(), key_salt.size());
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof policy);
  set_policy(policy.rtp, policy.rtcp, profile);
  policy.ssrc.type = direction == SrtpDirection::kOutbound ? ssrc_any_outbound : ssrc_any_inbound;
  srtp_master_key_t master{};
  srtp_master_key_t* masters[1] = {&master};
  if (mki) {
    // RFC 3711 §3.1: the MKI travels big-endian in its negotiated length.
    session->mki.assign(mki->length, 0);
    for (std::size_t i = 0; i < 4 && i < mki->length; ++i) {
      session->mki[mki->length - 1 - i] = static_cast<unsigned char>(mki->value >> (8 * i));
    }
    master.key = session->key.data();
    master.mki_id = session->mki.data();
    master.mki_size = mki->length;
    policy.keys = masters;
    policy.num_master_keys = 1;
  } else {
    policy.key = session->key.data();
  }
  policy.window_size = 1024;  // RFC 3711 §3.3.2: at least 64; reordering on the Internet needs more
  policy.allow_repeat_tx = 0;
  policy.next = nullptr;
  if (srtp_create(&session->session, &policy) != srtp_err_status_ok) {
    session->session = nullptr;
    return fail(Errc::kCrypto, "libsrtp2 refused the SRTP policy", 0);
  }
  OPENSSL_cleanse(session->key.data(), session->key.size());
  auto context = std::unique_ptr<SrtpContext>(new SrtpContext(std::move(session)));
  context->use_mki_ = mki.has_value();
  return context;
}

namespace {

// In place on `buffer`: `length` bytes in, the new length out. `operation` updates its size.
template <typename Operation>
Result<std::size_t> run(MutableBytes buffer, std::size_t length, bool protecting,
                        Operation operation) {
  if (length > buffer.size() || length > static_cast<std::size_t>(INT_MAX / 2) ||
      (protecting && buffer.size() - length < kSrtpMaxTrailer)) {
    return fail(Errc::kInvalidArgument, "no room for the SRTP trailer", length);
  }
  int size = static_cast<int>(length);
  const srtp_err_status_t status = operation(buffer.data(), &size);
  return map_status(status, size);
}

}  // namespace

Result<std::size_t> SrtpContext::protect_rtp(MutableBytes buffer, std::size_t length) {
  const unsigned use_mki = use_mki_ ? 1 : 0;
  return run(buffer, length, true, [&](void* data, int* size) {
    return srtp_protect_mki(session_->session, data, size, use_mki, 0);
  });
}
Result<std::size_t> SrtpContext::protect_rtcp(MutableBytes buffer, std::size_t length) {
  const unsigned use_mki = use_mki_ ? 1 : 0;
  return run(buffer, length, true, [&](void* data, int* size) {
    return srtp_protect_rtcp_mki(session_->session, data, size, use_mki, 0);
  });
}
Result<std::size_t> SrtpContext::unprotect_rtp(MutableBytes buffer, std::size_t length) {
  if (length < 12) {
    return fail(Errc::kTruncated, "SRTP packet too short", length);
  }
  const unsigned use_mki = use_mki_ ? 1 : 0;
  return run(buffer, length, false, [&](void* data, int* size) {
    return srtp_unprotect_mki(session_->session, data, size, use_mki);
  });
}
Result<std::size_t> SrtpContext::unprotect_rtcp(MutableBytes buffer, std::size_t length) {
  if (length < 8) {
    return fail(Errc::kTruncated, "SRTCP packet too short", length);
  }
  const unsigned use_mki = use_mki_ ? 1 : 0;
  return run(buffer, length, false, [&](void* data, int* size) {
    return srtp_unprotect_rtcp_mki(session_->session, data, size, use_mki);
  });
}

}  // namespace sipline::rtp
