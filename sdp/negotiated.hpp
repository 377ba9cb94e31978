// The result of offer/answer for each stream: everything the media layer needs to send and
// receive, and nothing SIP-specific. The user agent starts, updates or stops media from it.
//
// Example: we offered PCMU(0), opus(111), telephone-event(101) on 127.0.0.1:40000; baresip
// answered "m=audio 37200 RTP/AVP 111 101" with a=rtpmap:111 opus/48000/2 and c=IN IP4 127.0.0.1.
//
//   NegotiatedStream{
//     .index = 0, .media = "audio", .active = true,
//     .remote_address = "127.0.0.1", .remote_rtp_port = 37200, .remote_rtcp_port = 37201,
//     .local_port = 40000, .rtcp_mux = false,
//     .codecs = {{"opus", 48000, 2, .send_pt = 111, .receive_pt = 111, .send_fmtp = "…"}},
//     .telephone_event = CodecBinding{"telephone-event", 8000, 1, 101, 101, "0-16", "0-16"},
//     .ptime_ms = 20, .direction = Direction::kSendRecv, .srtp = std::nullopt,
//   }
//
// The first codec is the one to send; received packets are decoded by their payload type,
// which may be any of `codecs` (or the telephone-event one).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sdp/crypto.hpp"
#include "sdp/session.hpp"

namespace sipline::sdp {

struct CodecBinding {
  std::string name;  // as we call it in LocalCapabilities ("opus", "PCMU")
  std::uint32_t clock_rate = 8000;
  std::uint8_t channels = 1;
  std::uint8_t send_pt = 0;     // the payload type the peer asked for (its SDP)
  std::uint8_t receive_pt = 0;  // the payload type we asked for (our SDP)
  std::string send_fmtp;        // the peer's fmtp: what it can receive (e.g. opus stereo)
  std::string receive_fmtp;     // ours: what we asked to receive
  friend bool operator==(const CodecBinding&, const CodecBinding&) = default;
};

// SDES (RFC 4568): each side encrypts with the key it put in its own a=crypto.
struct SrtpParameters {
  SrtpSuite suite = SrtpSuite::kAesCm128HmacSha1_80;
  std::uint32_t tag = 1;
  std::vector<std::byte> local_key_salt;   // ours: protects what we send
  std::vector<std::byte> remote_key_salt;  // theirs: unprotects what we receive
  friend bool operator==(const SrtpParameters&, const SrtpParameters&) = default;
};

struct NegotiatedStream {
  std::size_t index = 0;  // position of the m= line
  std::string media;      // "audio" …
  bool active = false;    // false: rejected or removed (port 0 on either side)
  AddressType address_type = AddressType::kIp4;
  std::string remote_address;
  std::uint16_t remote_rtp_port = 0;
  std::uint16_t remote_rtcp_port = 0;
  std::uint16_t local_port = 0;
  bool rtcp_mux = false;
  std::vector<CodecBinding> codecs;  // send preference first; telephone-event apart
  std::optional<CodecBinding> telephone_event;
  std::uint32_t ptime_ms = 20;                 // packetisation to send with
  Direction direction = Direction::kSendRecv;  // ours: sendonly means we send and do not play
  std::optional<SrtpParameters> srtp;

  [[nodiscard]] bool sends() const noexcept {
    return active && (direction == Direction::kSendRecv || direction == Direction::kSendOnly);
  }
  [[nodiscard]] bool receives() const noexcept {
    return active && (direction == Direction::kSendRecv || direction == Direction::kRecvOnly);
  }
  friend bool operator==(const NegotiatedStream&, const NegotiatedStream&) = default;
};

struct NegotiatedSession {
  std::vector<NegotiatedStream> streams;  // one per m= line, in order
  friend bool operator==(const NegotiatedSession&, const NegotiatedSession&) = default;
};

}  // namespace sipline::sdp
