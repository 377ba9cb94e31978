// SRTP and SRTCP (RFC 3711, RFC 6188, RFC 7714) with libsrtp2, one direction per context: the
// outbound one protects what we send with our key, the inbound one checks and decrypts what we
// receive with the peer's. Key material is never logged, and is wiped when a context ends.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "base/bytes.hpp"
#include "base/result.hpp"

namespace sipline::rtp {

enum class SrtpProfile : std::uint8_t {
  kAesCm128HmacSha1_80,
  kAesCm128HmacSha1_32,
  kAes256CmHmacSha1_80,
  kAes256CmHmacSha1_32,
  kAeadAes128Gcm,
  kAeadAes256Gcm,
};

// Master key + master salt, in bytes: 30, 30, 46, 46, 28, 44.
[[nodiscard]] std::size_t srtp_key_salt_bytes(SrtpProfile profile) noexcept;

// The SRTP suite for its RFC 4568 / RFC 7714 name ("AES_CM_128_HMAC_SHA1_80" …), if supported.
[[nodiscard]] std::optional<SrtpProfile> srtp_profile_from_name(std::string_view name) noexcept;

// A Master Key Identifier (RFC 3711 §3.1, RFC 4568 §6.1 "|1:4"): `value` in `length` octets is
// carried in every packet between the payload and the tag.
struct SrtpMki {
  std::uint32_t value = 0;
  std::uint8_t length = 0;  // 1 … 128 octets (RFC 4568 §9.2); the value fills the low-order ones
};

// Room a caller leaves after a packet for the tag (and SRTCP index) that protection appends.
inline constexpr std::size_t kSrtpMaxTrailer = 148;  // 16-byte tag, 128-byte MKI, SRTCP index

enum class SrtpDirection : std::uint8_t { kOutbound, kInbound };

class SrtpContext {
 public:
  // Fails for a key of the wrong length, an MKI whose value does not fit its length, or when
  // libsrtp refuses the policy.
  [[nodiscard]] static Result<std::unique_ptr<SrtpContext>> create(
      SrtpDirection direction, SrtpProfile profile, Bytes key_salt,
      std::optional<SrtpMki> mki = std::nullopt);
  ~SrtpContext();
  SrtpContext(const SrtpContext&) = delete;
  SrtpContext& operator=(const SrtpContext&) = delete;

  // In place: `buffer` holds `length` bytes and has room for the trailer; returns the new length.
  [[nodiscard]] Result<std::size_t> protect_rtp(MutableBytes buffer, std::size_t length);
  [[nodiscard]] Result<std::size_t> protect_rtcp(MutableBytes buffer, std::size_t length);
  // Authentication failures, replays (RFC 3711 §3.3.2) and short packets fail with kCrypto or
  // kTruncated: the caller counts a drop.
  [[nodiscard]] Result<std::size_t> unprotect_rtp(MutableBytes buffer, std::size_t length);
  [[nodiscard]] Result<std::size_t> unprotect_rtcp(MutableBytes buffer, std::size_t length);

 private:
  struct Session;
  explicit SrtpContext(std::unique_ptr<Session> session);
  std::unique_ptr<Session> session_;
  bool use_mki_ = false;
};

}  // namespace sipline::rtp
