// Responses the user agent core builds (RFC 3261 §8.2.6): Via, From, To (with our tag when it has
// none), Call-ID and CSeq copied from the request; Record-Route copied into the 1xx/2xx that set
// up a dialog (§12.1.1); then our Contact, any other header lines and the body.
#pragma once

#include <string>
#include <string_view>

#include "sip/message/message.hpp"

namespace sipline::sip {

struct ResponseParts {
  int status = 200;
  std::string_view reason{};         // "" → the RFC's phrase for the status
  std::string_view to_tag{};         // added to To when it carries none
  bool copy_record_route = false;    // a dialog-creating 101–299
  std::string_view contact{};        // "<sip:…>" or empty
  std::string_view extra_headers{};  // complete "Name: value\r\n" lines
  std::string_view content_type{};
  std::string_view body{};
};

[[nodiscard]] std::string build_response(const Message& request, const ResponseParts& parts);

// RFC 3261 §21's reason phrase for a status ("Ringing", "Busy Here" …); "" when unknown.
[[nodiscard]] std::string_view default_reason(int status) noexcept;

}  // namespace sipline::sip
