// What the user-agent tests share: an SDP offer and answer (their content does not matter to
// the user agent), a UDP flow on 127.0.0.1, and a user agent's configuration there.
#pragma once

#include <cstdint>
#include <string>

#include "sip/ua/user_agent.hpp"

namespace sipline::sip::test {

inline constexpr const char* kOffer =
    "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
    "t=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";
inline constexpr const char* kAnswer =
    "v=0\r\no=- 2 2 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\n"
    "t=0 0\r\nm=audio 5000 RTP/AVP 0\r\n";

inline transport::Flow flow(std::uint16_t port) {
  return {transport::TransportKind::kUdp, "127.0.0.1", port, 0};
}

inline UserAgentConfig config(const std::string& user, std::uint16_t port) {
  UserAgentConfig c;
  c.local_uri = "sip:" + user + "@127.0.0.1:" + std::to_string(port);
  c.contact = c.local_uri;
  c.via_sent_by = "127.0.0.1:" + std::to_string(port);
  return c;
}

}  // namespace sipline::sip::test
