// libsrtp2 without sipline in between: the same policy SrtpContext sets, srtp_protect and
// srtp_unprotect called directly.
#include <cstring>
#include <vector>

#include <srtp2/srtp.h>

#include "bench/rtp/baselines.hpp"

namespace sipline::bench {

RawSrtp::RawSrtp(RawSrtpSuite suite, bool outbound, std::span<const std::byte> key_salt) {
  srtp_init();
  std::vector<unsigned char> key(key_salt.size());
  std::memcpy(key.data(), key_salt.data(), key.size());
  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof policy);
  if (suite == RawSrtpSuite::kAesCm128HmacSha1_80) {
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
  } else {
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
    srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
  }
  policy.ssrc.type = outbound ? ssrc_any_outbound : ssrc_any_inbound;
  policy.key = key.data();
  policy.window_size = 1024;
  srtp_t session = nullptr;
  if (srtp_create(&session, &policy) == srtp_err_status_ok) {
    session_ = session;
  }
}

RawSrtp::~RawSrtp() {
  if (session_ != nullptr) {
    srtp_dealloc(static_cast<srtp_t>(session_));
  }
}

int RawSrtp::protect(std::byte* packet, int length) {
  return srtp_protect(static_cast<srtp_t>(session_), packet, &length) == srtp_err_status_ok ? length
                                                                                            : -1;
}

int RawSrtp::unprotect(std::byte* packet, int length) {
  return srtp_unprotect(static_cast<srtp_t>(session_), packet, &length) == srtp_err_status_ok
             ? length
             : -1;
}

}  // namespace sipline::bench
