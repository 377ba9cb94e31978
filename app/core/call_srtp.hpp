// SRTP on one call's stream (RFC 3711, keys by SDES, RFC 4568): our key protects the RTP and
// RTCP we send, the peer's checks and decrypts what we receive. A packet that does not
// authenticate — a stranger's, a replay, plain RTP — is dropped and counted, never played.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

#include "base/bytes.hpp"
#include "base/result.hpp"
#include "rtp/srtp/srtp_context.hpp"
#include "sdp/negotiated.hpp"

namespace sipline::app {

class CallSrtp {
 public:
  // Fails for a suite libsrtp does not take, or a key of the wrong length.
  [[nodiscard]] static Result<std::unique_ptr<CallSrtp>> open(const sdp::SrtpParameters& keys);

  // The packet protected, in a buffer of this object valid until the next call; empty when
  // it could not be (too large): then it is not sent.
  [[nodiscard]] Bytes protect_rtp(Bytes packet);
  [[nodiscard]] Bytes protect_rtcp(Bytes compound);
  // In place: the plain packet's length, or nullopt when it does not authenticate.
  [[nodiscard]] std::optional<std::size_t> unprotect_rtp(MutableBytes datagram);
  [[nodiscard]] std::optional<std::size_t> unprotect_rtcp(MutableBytes datagram);

  [[nodiscard]] const sdp::SrtpParameters& keys() const noexcept { return keys_; }
  [[nodiscard]] std::uint64_t refused() const noexcept { return refused_; }

 private:
  static constexpr std::size_t kMaxPacket = 1500;

  CallSrtp() = default;
  using Protect = Result<std::size_t> (rtp::SrtpContext::*)(MutableBytes, std::size_t);
  [[nodiscard]] Bytes protect(Bytes packet, Protect how);
  [[nodiscard]] std::optional<std::size_t> unprotect(MutableBytes datagram, Protect how);

  sdp::SrtpParameters keys_;
  std::unique_ptr<rtp::SrtpContext> outbound_;
  std::unique_ptr<rtp::SrtpContext> inbound_;
  std::array<std::byte, kMaxPacket + rtp::kSrtpMaxTrailer> scratch_{};
  std::uint64_t refused_ = 0;
};

}  // namespace sipline::app
