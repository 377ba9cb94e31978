// SRTP on one call's stream.
#include "app/core/call_srtp.hpp"

#include <algorithm>

namespace sipline::app {
namespace {

// The same suites under two names: SDP's (sdp/crypto) and libsrtp's (rtp/srtp).
std::optional<rtp::SrtpProfile> profile_of(sdp::SrtpSuite suite) {
  return rtp::srtp_profile_from_name(sdp::to_string(suite));
}

}  // namespace

Result<std::unique_ptr<CallSrtp>> CallSrtp::open(const sdp::SrtpParameters& keys) {
  const auto profile = profile_of(keys.suite);
  if (!profile) {
    return fail(Errc::kUnsupported, "SRTP suite not supported");
  }
  auto outbound =
      rtp::SrtpContext::create(rtp::SrtpDirection::kOutbound, *profile, Bytes(keys.local_key_salt));
  auto inbound =
      rtp::SrtpContext::create(rtp::SrtpDirection::kInbound, *profile, Bytes(keys.remote_key_salt));
  if (!outbound || !inbound) {
    return fail(Errc::kInvalidArgument, "SRTP keys refused");
  }
  auto srtp = std::unique_ptr<CallSrtp>(new CallSrtp());
  srtp->keys_ = keys;
  srtp->outbound_ = std::move(*outbound);
  srtp->inbound_ = std::move(*inbound);
  return srtp;
}

Bytes CallSrtp::protect(Bytes packet, Protect how) {
  if (packet.size() > kMaxPacket) {
    return {};
  }
  std::ranges::copy(packet, scratch_.begin());
  const auto length = ((*outbound_).*how)(MutableBytes(scratch_), packet.size());
  return length ? Bytes(scratch_).first(*length) : Bytes();
}

Bytes CallSrtp::protect_rtp(Bytes packet) {
  return protect(packet, &rtp::SrtpContext::protect_rtp);
}

Bytes CallSrtp::protect_rtcp(Bytes compound) {
  return protect(compound, &rtp::SrtpContext::protect_rtcp);
}

std::optional<std::size_t> CallSrtp::unprotect(MutableBytes datagram, Protect how) {
  const auto length = ((*inbound_).*how)(datagram, datagram.size());
  if (!length) {
    ++refused_;
    return std::nullopt;
  }
  return *length;
}

std::optional<std::size_t> CallSrtp::unprotect_rtp(MutableBytes datagram) {
  return unprotect(datagram, &rtp::SrtpContext::unprotect_rtp);
}

std::optional<std::size_t> CallSrtp::unprotect_rtcp(MutableBytes datagram) {
  return unprotect(datagram, &rtp::SrtpContext::unprotect_rtcp);
}

}  // namespace sipline::app
