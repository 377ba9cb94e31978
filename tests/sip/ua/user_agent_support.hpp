// What the user-agent tests share: an SDP offer and answer (their content does not matter to
// the user agent), a UDP flow on 127.0.0.1, and a user agent's configuration there.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

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

// A response to `request` as a proxy, callee or registrar writes it: its Via, From, Call-ID and
// CSeq, its To with `to_tag` added unless it had one, then the `extra` header lines.
inline std::string response_text(const Message& request, int status, const std::string& extra,
                                 std::string_view to_tag) {
  std::string text = fmt::format("SIP/2.0 {} X\r\n", status);
  for (const HeaderField& field : request.headers()) {
    if (field.id == HeaderId::kVia || field.id == HeaderId::kFrom ||
        field.id == HeaderId::kCallId || field.id == HeaderId::kCSeq) {
      text += fmt::format("{}: {}\r\n", field.name, field.value);
    } else if (field.id == HeaderId::kTo) {
      text += fmt::format("To: {}{}{}\r\n", field.value, request.to()->tag.empty() ? ";tag=" : "",
                          request.to()->tag.empty() ? to_tag : "");
    }
  }
  return text + extra + "Content-Length: 0\r\n\r\n";
}

}  // namespace sipline::sip::test
