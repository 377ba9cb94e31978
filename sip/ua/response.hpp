// Responses the user agent core builds (RFC 3261 §8.2.6): Via, From, To (with our tag when it has
// none), Call-ID and CSeq copied from the request; Record-Route copied into the 1xx/2xx that set
// up a dialog (§12.1.1); then our Contact, any other header lines and the body.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "base/result.hpp"
#include "sip/message/message.hpp"
#include "sip/message/message_builder.hpp"
#include "sip/message/reason_phrase.hpp"

namespace sipline::sip {

struct ResponseParts {
  int status = 200;
  std::string_view reason{};       // "" → the RFC's phrase for the status
  std::string_view to_tag{};       // added to To when it carries none
  bool copy_record_route = false;  // a dialog-creating 101–299
  std::string_view contact{};      // "<sip:…>" or empty
  std::span<const ExtraHeader> extra_headers{};
  std::string_view content_type{};
  std::string_view body{};
};

// Fails when a part would make an invalid message (a control character in a reason or value).
[[nodiscard]] Result<Message> build_response(const Message& request, const ResponseParts& parts);

}  // namespace sipline::sip
