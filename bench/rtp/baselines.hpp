// The baselines of bench/rtp, each in its own file so their C headers stay out of sipline's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

namespace sipline::bench {

// libre 1.1 (baresip's stack): what baresip does for each received RTP packet — rtp_hdr_decode()
// on the datagram, then rtcp_sess_rx_rtp() for the source's sequence, loss and jitter state
// (which reads its own clock, tmr_jiffies()).
class LibreReceiver {
 public:
  explicit LibreReceiver(std::uint32_t clock_rate);
  ~LibreReceiver();
  LibreReceiver(const LibreReceiver&) = delete;
  LibreReceiver& operator=(const LibreReceiver&) = delete;
  // false when libre rejects the packet.
  bool receive(std::span<std::byte> datagram);
  // Packets libre's statistics counted from `ssrc` (rtcp_stats), to check it did the work.
  [[nodiscard]] std::uint32_t counted(std::uint32_t ssrc) const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// libsrtp2 called directly, the way sipline's SrtpContext configures it.
enum class RawSrtpSuite { kAesCm128HmacSha1_80, kAeadAes128Gcm };
class RawSrtp {
 public:
  RawSrtp(RawSrtpSuite suite, bool outbound, std::span<const std::byte> key_salt);
  ~RawSrtp();
  RawSrtp(const RawSrtp&) = delete;
  RawSrtp& operator=(const RawSrtp&) = delete;
  // In place; returns the new length, or -1.
  int protect(std::byte* packet, int length);
  int unprotect(std::byte* packet, int length);

 private:
  void* session_ = nullptr;
};

}  // namespace sipline::bench
