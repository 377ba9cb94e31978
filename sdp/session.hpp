// The session description as a value (RFC 8866): what the parser produces, the printer writes,
// and offer/answer reads and builds. Owned strings: descriptions live as long as their call.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sdp/crypto.hpp"

namespace sipline::sdp {

enum class AddressType : std::uint8_t { kIp4, kIp6 };

// c= (RFC 8866 §5.7): "IN" only; the address may be a literal or a host name.
struct Connection {
  AddressType type = AddressType::kIp4;
  std::string address;
  std::optional<std::uint8_t> ttl;             // IPv4 multicast only
  std::optional<std::uint32_t> address_count;  // multicast ranges
  // RFC 3264 §8.4 / RFC 2543: c=IN IP4 0.0.0.0 puts the stream on hold.
  [[nodiscard]] bool is_null_hold() const noexcept {
    return type == AddressType::kIp4 && address == "0.0.0.0";
  }
  friend bool operator==(const Connection&, const Connection&) = default;
};

// o= (§5.2). The session id is kept as the digits written (any length up to 20 digits); the
// version is a number because answers and re-offers must increment it.
struct Origin {
  std::string username = "-";
  std::string session_id = "0";
  std::uint64_t session_version = 0;
  AddressType address_type = AddressType::kIp4;
  std::string address = "0.0.0.0";
  friend bool operator==(const Origin&, const Origin&) = default;
};

struct Bandwidth {  // b=<type>:<kbit/s> (§5.8)
  std::string type;
  std::uint32_t value = 0;
  friend bool operator==(const Bandwidth&, const Bandwidth&) = default;
};

struct Timing {  // t= and its r= lines (§5.9, §5.10)
  std::uint64_t start = 0;
  std::uint64_t stop = 0;
  std::vector<std::string> repeats;
  friend bool operator==(const Timing&, const Timing&) = default;
};

enum class Direction : std::uint8_t { kSendRecv, kSendOnly, kRecvOnly, kInactive };

struct RtpMap {  // a=rtpmap:<pt> <encoding>/<clock>[/<channels>] (§6.6)
  std::uint8_t payload_type = 0;
  std::string encoding;  // as written: "PCMU", "opus", "telephone-event"
  std::uint32_t clock_rate = 0;
  std::uint8_t channels = 1;  // printed only when not 1: "PCMU/8000/1" is "PCMU/8000"
  friend bool operator==(const RtpMap&, const RtpMap&) = default;
};

struct Fmtp {  // a=fmtp:<format> <parameters> (§6.15)
  std::string format;
  std::string parameters;
  friend bool operator==(const Fmtp&, const Fmtp&) = default;
};

struct RtcpAttribute {  // a=rtcp:<port> [IN IP4 <address>] (RFC 3605)
  std::uint16_t port = 0;
  std::optional<Connection> connection;
  friend bool operator==(const RtcpAttribute&, const RtcpAttribute&) = default;
};

enum class Setup : std::uint8_t { kActive, kPassive, kActPass, kHoldConn };  // RFC 4145

struct Fingerprint {  // a=fingerprint:<hash> <hex pairs> (RFC 8122)
  std::string hash_function;
  std::string value;
  friend bool operator==(const Fingerprint&, const Fingerprint&) = default;
};

struct Attribute {  // any attribute without a typed field, kept verbatim
  std::string name;
  std::optional<std::string> value;
  friend bool operator==(const Attribute&, const Attribute&) = default;
};

// Attributes allowed at both levels; media-level values override session-level ones.
struct CommonAttributes {
  std::optional<Direction> direction;
  std::optional<std::string> ice_ufrag;
  std::optional<std::string> ice_pwd;
  std::optional<Fingerprint> fingerprint;
  std::optional<Setup> setup;
  std::vector<Attribute> other;  // in the order written
  friend bool operator==(const CommonAttributes&, const CommonAttributes&) = default;
};

struct Media {
  std::string media;       // "audio", "video", "application" …
  std::uint16_t port = 0;  // 0: the stream is rejected or removed (RFC 3264 §6, §8.2)
  std::optional<std::uint16_t> port_count;
  std::string proto;                 // "RTP/AVP", "RTP/SAVP", "UDP/TLS/RTP/SAVP" …
  std::vector<std::string> formats;  // payload types for RTP profiles
  std::optional<std::string> title;  // i=
  std::optional<Connection> connection;
  std::vector<Bandwidth> bandwidths;
  std::optional<std::string> key;  // k= (obsolete, kept)
  std::vector<RtpMap> rtpmaps;
  std::vector<Fmtp> fmtps;
  std::optional<std::uint32_t> ptime;
  std::optional<std::uint32_t> maxptime;
  std::optional<RtcpAttribute> rtcp;
  bool rtcp_mux = false;  // RFC 5761
  std::optional<std::string> mid;
  std::vector<CryptoAttribute> cryptos;  // RFC 4568, in the order offered
  std::vector<std::string> candidates;   // RFC 8445 a=candidate values, raw
  CommonAttributes common;

  [[nodiscard]] bool is_rtp() const noexcept;
  [[nodiscard]] bool is_secure_rtp() const noexcept;  // RTP/SAVP, RTP/SAVPF
  [[nodiscard]] const RtpMap* rtpmap(std::uint8_t payload_type) const noexcept;
  [[nodiscard]] const Fmtp* fmtp(std::string_view format) const noexcept;
  friend bool operator==(const Media&, const Media&) = default;
};

struct Session {
  Origin origin;
  std::string name = "-";                  // s=
  std::optional<std::string> information;  // i=
  std::optional<std::string> uri;          // u=
  std::vector<std::string> emails;         // e=
  std::vector<std::string> phones;         // p=
  std::optional<Connection> connection;
  std::vector<Bandwidth> bandwidths;
  std::vector<Timing> timings{Timing{}};
  std::optional<std::string> zone;  // z=
  std::optional<std::string> key;   // k=
  CommonAttributes common;
  std::vector<Media> media;

  // The connection a stream uses: its own c=, else the session's (RFC 8866 §5.7).
  [[nodiscard]] const Connection* connection_for(const Media& stream) const noexcept;
  // The direction in force for a stream: media level, else session level, else sendrecv.
  [[nodiscard]] Direction direction_for(const Media& stream) const noexcept;
  friend bool operator==(const Session&, const Session&) = default;
};

}  // namespace sipline::sdp
