// Capabilities and descriptions shared by the offer/answer tests: a softphone with Opus, G.722,
// PCMU, PCMA and telephone-event, like the one the user agent configures.
#pragma once

#include <string>

#include "sdp/capabilities.hpp"
#include "sdp/parser.hpp"

namespace sipline::sdp::test {

inline LocalCapabilities phone(std::uint16_t port = 40000) {
  LocalCapabilities local;
  local.username = "sipline";
  local.address = "192.0.2.10";
  LocalMedia audio;
  audio.port = port;
  audio.codecs = {
      CodecSpec{"opus", 48000, 2, "useinbandfec=1", 111},
      CodecSpec{"G722", 8000, 1, "", 9},
      CodecSpec{"PCMU", 8000, 1, "", 0},
      CodecSpec{"PCMA", 8000, 1, "", 8},
      CodecSpec{"telephone-event", 48000, 1, "0-16", 110},
      CodecSpec{"telephone-event", 8000, 1, "0-16", 101},
  };
  local.media.push_back(audio);
  return local;
}

inline Session sdp(const std::string& media_lines,
                   const std::string& connection = "c=IN IP4 198.51.100.7\r\n") {
  return parse_session("v=0\r\no=peer 1 1 IN IP4 198.51.100.7\r\ns=-\r\n" + connection +
                       "t=0 0\r\n" + media_lines)
      .value();
}

}  // namespace sipline::sdp::test
