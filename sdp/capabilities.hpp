// What this endpoint can do with media, as offer/answer needs it: codecs in preference order,
// where we receive, the SRTP policy. The user agent fills it from the account and the media layer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sdp/crypto.hpp"
#include "sdp/session.hpp"

namespace sipline::sdp {

struct CodecSpec {
  std::string name;                 // "PCMU", "opus", "G722", "telephone-event"
  std::uint32_t clock_rate = 8000;  // RTP clock: opus 48000 (RFC 7587), G722 8000 (RFC 3551 §4.5.2)
  std::uint8_t channels = 1;        // opus is always written /2 (RFC 7587 §6.1)
  std::string fmtp;                 // the parameters we offer or answer with, "" for none
  std::optional<std::uint8_t> payload_type;  // static (PCMU 0 …) or the dynamic one we prefer
};

// One kind of stream we can take ("audio"), with the port we receive it on. A phone has one;
// several entries of a kind take several streams of that kind, in order.
struct LocalMedia {
  std::string media = "audio";
  std::uint16_t port = 0;
  std::vector<CodecSpec> codecs;  // preference order, telephone-event included
  std::uint32_t ptime = 20;       // milliseconds we send per packet unless asked otherwise
  bool rtcp_mux = true;           // offer it, and accept it when offered (RFC 5761)
};

enum class SrtpPolicy : std::uint8_t {
  kOff,        // RTP/AVP only; an RTP/SAVP stream is rejected
  kOptional,   // offer RTP/AVP with a=crypto (best effort); accept either
  kMandatory,  // offer and accept RTP/SAVP only
};

enum class CodecOrder : std::uint8_t {
  kOfferer,  // answer in the offerer's order (RFC 3264 §6.1's default)
  kOurs,     // answer in our preference order
};

struct LocalCapabilities {
  std::string username = "-";  // o= username
  AddressType address_type = AddressType::kIp4;
  std::string address = "127.0.0.1";  // where we receive media (c=, o=)
  std::vector<LocalMedia> media;
  SrtpPolicy srtp = SrtpPolicy::kOff;
  std::vector<SrtpSuite> srtp_suites{SrtpSuite::kAesCm128HmacSha1_80,
                                     SrtpSuite::kAesCm128HmacSha1_32};
  CodecOrder order = CodecOrder::kOfferer;
};

}  // namespace sipline::sdp
