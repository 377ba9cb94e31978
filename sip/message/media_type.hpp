// Media types in Content-Type and Accept (RFC 3261 §20.15, §20.1).
#pragma once

#include <string_view>

#include "base/result.hpp"
#include "sip/message/params.hpp"
#include "sip/message/scanner.hpp"

namespace sipline::sip {

struct MediaType {
  std::string_view type;     // "application"; "*" in an Accept range
  std::string_view subtype;  // "sdp"
  ParamList params;          // ";charset=utf-8", ";q=0.5" in Accept

  // Case-insensitive match of type and subtype, e.g. is("application", "sdp").
  [[nodiscard]] bool is(std::string_view type_name, std::string_view subtype_name) const noexcept;
};

// m-type SLASH m-subtype *( SEMI m-parameter ) at the scanner's position.
[[nodiscard]] Result<MediaType> parse_media_type(Scanner& scanner);

// A whole Content-Type value.
[[nodiscard]] Result<MediaType> parse_content_type(std::string_view value);

}  // namespace sipline::sip
